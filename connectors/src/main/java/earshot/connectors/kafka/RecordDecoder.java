package earshot.connectors.kafka;

import earshot.schemas.RecordFormatException;
import java.io.Serializable;

/**
 * Turns the bytes of one message into a record, or fails with a {@link RecordFormatException}
 * whose message says why (it becomes the dead letter's reason).
 */
@FunctionalInterface
public interface RecordDecoder<T> extends Serializable {
  T decode(byte[] bytes) throws RecordFormatException;
}
