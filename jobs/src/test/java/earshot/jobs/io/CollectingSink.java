package earshot.jobs.io;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * A sink that keeps what it receives in memory, for jobs run on a MiniCluster in the test's own JVM.
 * The sink is serialised to its tasks, so its records live in a static registry under the sink's id;
 * writers of every subtask append to the same list, each in its own order.
 */
public final class CollectingSink<T> implements Sink<T> {

  private static final long serialVersionUID = 1L;
  private static final Map<String, List<Object>> RECEIVED = new ConcurrentHashMap<>();

  private final String id = UUID.randomUUID().toString();

  public CollectingSink() {
    RECEIVED.put(id, Collections.synchronizedList(new ArrayList<>()));
  }

  /** A sink named for a job's wiring. */
  public static <T> NamedSink<T> named(String uid, CollectingSink<T> sink) {
    return new NamedSink<>(uid, "Collect: " + uid, sink);
  }

  /** What the sink received so far, in arrival order. */
  @SuppressWarnings("unchecked")
  public List<T> received() {
    synchronized (RECEIVED.get(id)) {
      return new ArrayList<>((List<T>) (List<?>) RECEIVED.get(id));
    }
  }

  @Override
  public SinkWriter<T> createWriter(WriterInitContext context) {
    List<Object> target = RECEIVED.get(id);
    return new SinkWriter<>() {
      @Override
      public void write(T element, Context context) {
        target.add(element);
      }

      @Override
      public void flush(boolean endOfInput) {}

      @Override
      public void close() {}
    };
  }
}
