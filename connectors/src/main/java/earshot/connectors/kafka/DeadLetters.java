package earshot.connectors.kafka;

import earshot.schemas.DeadLetter;
import java.nio.ByteBuffer;
import java.time.Instant;

/** Builds dead letters with deterministic ids, so a replayed failure overwrites its first copy. */
public final class DeadLetters {

  private DeadLetters() {}

  /** A message read from Kafka that could not be processed. */
  public static DeadLetter fromKafka(String stage, String reason, String topic, int partition, long offset,
      long timestamp, byte[] key, byte[] value) {
    return DeadLetter.newBuilder()
        .setDeadLetterId(stage + "/" + topic + "/" + partition + "/" + offset)
        .setStage(stage)
        .setReason(reason)
        .setSourceTopic(topic)
        .setSourcePartition(partition)
        .setSourceOffset(offset)
        .setSourceTimestamp(timestamp >= 0 ? Instant.ofEpochMilli(timestamp) : null)
        .setKey(key == null ? null : ByteBuffer.wrap(key))
        .setPayload(ByteBuffer.wrap(value == null ? new byte[0] : value))
        .setFailedAt(Instant.now())
        .build();
  }

  /** A record from anywhere else (a file line, a document), identified by {@code sourceId}. */
  public static DeadLetter fromOther(String stage, String reason, String sourceId, byte[] payload) {
    return DeadLetter.newBuilder()
        .setDeadLetterId(stage + "/" + sourceId)
        .setStage(stage)
        .setReason(reason)
        .setPayload(ByteBuffer.wrap(payload == null ? new byte[0] : payload))
        .setFailedAt(Instant.now())
        .build();
  }

  /** A short reason from any failure, never empty. */
  public static String reasonOf(Throwable failure) {
    String message = failure.getMessage();
    return message == null || message.isBlank() ? failure.getClass().getSimpleName() : message;
  }
}
