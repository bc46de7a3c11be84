package earshot.connectors.files;

import earshot.schemas.AvroTrust;
import earshot.schemas.JsonCodec;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.avro.generic.IndexedRecord;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Writes records as JSON lines ({@link JsonCodec}) into one local file, for bounded replays. Use
 * with parallelism 1: every writer truncates the file when it starts. Lines are flushed at each
 * checkpoint and at the end of input; this sink is meant for runs that either finish or are
 * started again from scratch, not for exactly-once streaming.
 */
public final class JsonLinesSink<T extends IndexedRecord> implements Sink<T> {

  // Task managers read Earshot's Avro records as soon as this function is deployed (state
  // restore comes before open()): trust the generated classes when this class loads.
  static {
    AvroTrust.install();
  }

  private static final long serialVersionUID = 1L;

  private final String file;

  public JsonLinesSink(Path file) {
    this.file = file.toAbsolutePath().toString();
  }

  @Override
  public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
    AvroTrust.install();
    Path path = Path.of(file);
    if (path.getParent() != null) {
      Files.createDirectories(path.getParent());
    }
    BufferedWriter writer = Files.newBufferedWriter(path, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
    return new SinkWriter<>() {
      @Override
      public void write(T element, Context context) throws IOException {
        writer.write(JsonCodec.toJson(element));
        writer.write('\n');
      }

      @Override
      public void flush(boolean endOfInput) throws IOException {
        writer.flush();
      }

      @Override
      public void close() throws IOException {
        writer.close();
      }
    };
  }
}
