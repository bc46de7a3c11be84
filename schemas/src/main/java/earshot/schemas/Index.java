package earshot.schemas;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The Elasticsearch indices Earshot writes, watched in Kibana. Interactions and metrics go to
 * monthly indices named after the event time ({@code earshot-interactions-2026.11}), so old
 * months can be dropped whole while a replay still lands on the same index and overwrites its
 * own documents. Alerts and customers live in one index each and are updated in place. Documents are the JSON form
 * of the record ({@link JsonCodec}) with a deterministic {@code _id}.
 */
public enum Index {
  /** One document per enriched interaction, id = interactionId. */
  INTERACTIONS("interactions", true),
  /** One document per series and window, id = metricId, overwritten by late updates. */
  METRICS("metrics", true),
  /** One document per alert, id = alertId, updated in place with its history. */
  ALERTS("alerts", false),
  /**
   * One document per customer, id = customerKey: the customer's latest {@link CustomerProfile},
   * rewritten in place (its updatedAt is the document version, so an older profile never replaces a newer one).
   */
  CUSTOMERS("customers", false);

  public static final String DEFAULT_PREFIX = "earshot-";

  private static final DateTimeFormatter MONTH =
      DateTimeFormatter.ofPattern("yyyy.MM").withZone(ZoneOffset.UTC);

  private final String suffix;
  private final boolean monthly;

  Index(String suffix, boolean monthly) {
    this.suffix = suffix;
    this.monthly = monthly;
  }

  public String suffix() {
    return suffix;
  }

  public boolean monthly() {
    return monthly;
  }

  /** The concrete index for a document whose event time is {@code eventTime}. */
  public String indexFor(String prefix, Instant eventTime) {
    return monthly ? prefix + suffix + "-" + MONTH.format(eventTime) : prefix + suffix;
  }

  /** A pattern matching every index of this kind, for searches, templates and data views. */
  public String pattern(String prefix) {
    return monthly ? prefix + suffix + "-*" : prefix + suffix;
  }
}
