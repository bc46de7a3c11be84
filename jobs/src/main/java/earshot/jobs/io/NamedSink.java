package earshot.jobs.io;

import java.util.List;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * A sink with the operator uid and name it is attached under. The jobs take their sinks as
 * parameters (Kafka and Elasticsearch in production, JSON-lines files in a replay, collections in
 * tests) and attach them all the same way; the uid keeps operator state addressable across upgrades.
 */
public record NamedSink<T>(String uid, String name, Sink<T> sink) {

  /** Writes a stream to this sink. */
  public void attach(DataStream<T> stream) {
    stream.sinkTo(sink).uid(uid).name(name);
  }

  /** Writes a stream to each of several sinks. */
  public static <T> void attachAll(DataStream<T> stream, List<NamedSink<T>> sinks) {
    sinks.forEach(sink -> sink.attach(stream));
  }
}
