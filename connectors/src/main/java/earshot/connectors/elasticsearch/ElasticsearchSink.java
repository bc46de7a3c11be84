package earshot.connectors.elasticsearch;

import earshot.schemas.AvroTrust;
import java.io.IOException;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * A Flink Sink V2 that indexes documents in Elasticsearch through the official Java client, with
 * bounded bulk requests, back-pressure, retries with backoff for transient failures, a dead-letter
 * path for documents the cluster rejects, and a flush before every checkpoint (see
 * {@link ElasticsearchWriter}). Documents carry deterministic ids, so the at-least-once delivery
 * leaves exactly one copy of each.
 *
 * @param <T> stream element type; the {@link DocumentEmitter} turns it into documents
 */
public final class ElasticsearchSink<T> implements Sink<T> {

  // Task managers read Earshot's Avro records as soon as this function is deployed (state
  // restore comes before open()): trust the generated classes when this class loads.
  static {
    AvroTrust.install();
  }

  private static final long serialVersionUID = 1L;

  private final String name;
  private final ElasticsearchOptions options;
  private final DocumentEmitter<T> emitter;
  private final RejectedDocuments.Factory rejected;

  public ElasticsearchSink(String name, ElasticsearchOptions options, DocumentEmitter<T> emitter,
      RejectedDocuments.Factory rejected) {
    this.name = name;
    this.options = options;
    this.emitter = emitter;
    this.rejected = rejected;
  }

  @Override
  public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
    return new ElasticsearchWriter<>(name, options, emitter, context.getMailboxExecutor(),
        context.getProcessingTimeService(), context.metricGroup(), rejected.create(name));
  }
}
