package earshot.jobs.enrich;

import earshot.jobs.config.EarshotConfig;
import earshot.jobs.config.Settings;
import earshot.schemas.Interaction;
import earshot.schemas.RecordFormatException;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;

/**
 * Rejects interactions that are well-formed but impossible: scores out of their scale, negative
 * durations, a time before Earshot could have seen it (often a zero timestamp) or in the future
 * beyond clock skew. The reason names the field and the allowed range.
 *
 * <p>Identifiers (customer id, e-mail, phone, handle) are optional: one that cannot be normalised does
 * not make the interaction impossible, so it is not refused here; the enrich job removes it and counts
 * it ({@link earshot.jobs.identity.Pseudonymiser}).
 */
public final class InteractionValidator implements Serializable {

  private static final long serialVersionUID = 1L;
  static final int MAX_ID_LENGTH = 256;

  private final long earliestMillis;
  private final long maxFutureSkewMillis;

  public InteractionValidator(Instant earliest, Duration maxFutureSkew) {
    this.earliestMillis = earliest.toEpochMilli();
    this.maxFutureSkewMillis = maxFutureSkew.toMillis();
  }

  /** The validator the configuration asks for: the enrich job's, and anyone's who checks interactions before sending them. */
  public static InteractionValidator from(EarshotConfig config) {
    return new InteractionValidator(config.get(Settings.EARLIEST_EVENT_TIME), config.get(Settings.MAX_FUTURE_SKEW));
  }

  /**
   * @param nowMillis the processing clock, for the future check
   * @throws RecordFormatException naming the first problem found
   */
  public void validate(Interaction interaction, long nowMillis) {
    String id = interaction.getInteractionId();
    if (id == null || id.isBlank()) {
      throw new RecordFormatException("interactionId must not be blank");
    }
    if (id.length() > MAX_ID_LENGTH) {
      throw new RecordFormatException("interactionId is longer than " + MAX_ID_LENGTH + " characters");
    }
    long occurred = interaction.getOccurredAt().toEpochMilli();
    if (occurred < earliestMillis) {
      throw new RecordFormatException("occurredAt " + interaction.getOccurredAt() + " is before "
          + Instant.ofEpochMilli(earliestMillis) + " (enrich.earliest-event-time)");
    }
    if (occurred > nowMillis + maxFutureSkewMillis) {
      throw new RecordFormatException("occurredAt " + interaction.getOccurredAt() + " is in the future (now "
          + Instant.ofEpochMilli(nowMillis) + ", allowed skew " + Duration.ofMillis(maxFutureSkewMillis) + ")");
    }
    range("nps", interaction.getNps(), 0, 10);
    range("csat", interaction.getCsat(), 1, 5);
    range("ces", interaction.getCes(), 1, 7);
    range("waitSeconds", interaction.getWaitSeconds(), 0, Integer.MAX_VALUE);
    range("handleSeconds", interaction.getHandleSeconds(), 0, Integer.MAX_VALUE);
    range("transfers", interaction.getTransfers(), 0, 1000);
  }

  private static void range(String field, Integer value, int min, int max) {
    if (value != null && (value < min || value > max)) {
      throw new RecordFormatException(field + " is " + value + ", must be " + min + " to "
          + (max == Integer.MAX_VALUE ? "any positive number" : Integer.toString(max)));
    }
  }
}
