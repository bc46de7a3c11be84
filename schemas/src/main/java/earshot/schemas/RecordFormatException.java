package earshot.schemas;

/**
 * A message or line that cannot be turned into a record: wrong encoding, a missing required
 * field, a value of the wrong type. The message names the problem and, where it applies, the
 * field, so it can be stored as the reason of a dead letter.
 */
public class RecordFormatException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public RecordFormatException(String message) {
    super(message);
  }

  public RecordFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
