package earshot.connectors.kafka;

import earshot.connectors.elasticsearch.RejectedDocuments;
import earshot.schemas.DeadLetter;
import earshot.schemas.SingleObjectCodec;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes dead letters straight to the dead-letter topic from places that cannot emit a side
 * output, such as a sink writer. Idempotent producer, acknowledged by all replicas; {@link #flush}
 * waits for every record, so a checkpoint completes only after its dead letters are durable.
 */
public final class KafkaDeadLetterProducer implements RejectedDocuments {

  private final KafkaProducer<byte[], byte[]> producer;
  private final String topic;
  private final SingleObjectCodec<DeadLetter> codec = SingleObjectCodec.of(DeadLetter.class);
  private final AtomicReference<Exception> failure = new AtomicReference<>();

  public KafkaDeadLetterProducer(KafkaConnection connection, String topic) {
    Properties properties = connection.toProperties();
    properties.put("acks", "all");
    properties.put("enable.idempotence", "true");
    properties.put("key.serializer", ByteArraySerializer.class.getName());
    properties.put("value.serializer", ByteArraySerializer.class.getName());
    this.producer = new KafkaProducer<>(properties);
    this.topic = topic;
  }

  /** Rejected Elasticsearch documents become dead letters on {@code topic}. */
  public static RejectedDocuments.Factory forElasticsearch(KafkaConnection connection, String topic) {
    return sinkName -> new KafkaDeadLetterProducer(connection, topic);
  }

  public void send(DeadLetter deadLetter) {
    throwIfFailed();
    producer.send(new ProducerRecord<>(topic, deadLetter.getDeadLetterId().getBytes(StandardCharsets.UTF_8),
        codec.encode(deadLetter)), (metadata, error) -> {
          if (error != null) {
            failure.compareAndSet(null, error);
          }
        });
  }

  @Override
  public void reject(String index, String id, byte[] document, int status, String reason) {
    send(DeadLetters.fromOther("elasticsearch", "HTTP " + status + " from index " + index + ": " + reason,
        index + "/" + id, document));
  }

  @Override
  public void flush() {
    producer.flush();
    throwIfFailed();
  }

  @Override
  public void close() {
    producer.close();
  }

  private void throwIfFailed() {
    Exception error = failure.get();
    if (error != null) {
      throw new IllegalStateException("writing a dead letter to " + topic + " failed: " + error.getMessage(), error);
    }
  }
}
