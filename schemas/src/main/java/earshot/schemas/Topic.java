package earshot.schemas;

import org.apache.avro.specific.SpecificRecord;

/**
 * The Kafka topics Earshot reads and writes: the contract with the systems around it. Each topic
 * carries one record type, Avro single-object encoded, keyed by the UTF-8 bytes of the named id
 * field. Names are {@code <prefix><suffix>}; the default prefix is {@code earshot.}, tests and
 * side-by-side deployments choose their own.
 */
public enum Topic {
  /** Raw interactions from the channel adapters; input of the enrich job. */
  INTERACTIONS("interactions", Interaction.class, "interactionId"),
  /** Validated, deduplicated, redacted and analysed interactions; output of enrich, input of signals. */
  ENRICHED("interactions.enriched", EnrichedInteraction.class, "interaction.interactionId"),
  /** Windowed CX metrics per series. */
  METRICS("metrics", MetricSnapshot.class, "metricId"),
  /** Alert states (OPEN, UPDATED, RESOLVED); one record per change, keyed by alert id. */
  ALERTS("alerts", Alert.class, "alertId"),
  /** Records that could not be processed, with their bytes and the reason. */
  DEAD_LETTERS("dead-letters", DeadLetter.class, "deadLetterId"),
  /** Interactions that arrived after their windows closed for good: kept, counted, never dropped. */
  LATE_INTERACTIONS("interactions.late", EnrichedInteraction.class, "interaction.interactionId"),
  /**
   * The identity table: which customer each (hashed) identifier belongs to, loaded from the CRM
   * export and learned by the signals job. Compacted: the latest record per identifier is kept.
   */
  IDENTITIES("identities", IdentityLink.class, "identifierKey"),
  /** Journey transitions of single customers (promoter to detractor, churn risk raised, ...) for campaign and CRM systems. */
  CUSTOMER_SIGNALS("customer-signals", CustomerSignal.class, "customerKey"),
  /**
   * Each customer's current profile (risk, reasons, last contacts, value, alert, next step) for CRM
   * systems. Compacted: the latest record per customer is kept, a table of customers as the job sees them.
   */
  CUSTOMERS("customers", CustomerProfile.class, "customerKey");

  public static final String DEFAULT_PREFIX = "earshot.";

  private final String suffix;
  private final Class<? extends SpecificRecord> recordType;
  private final String keyField;

  Topic(String suffix, Class<? extends SpecificRecord> recordType, String keyField) {
    this.suffix = suffix;
    this.recordType = recordType;
    this.keyField = keyField;
  }

  public String suffix() {
    return suffix;
  }

  public String name(String prefix) {
    return prefix + suffix;
  }

  public String defaultName() {
    return name(DEFAULT_PREFIX);
  }

  public Class<? extends SpecificRecord> recordType() {
    return recordType;
  }

  /** The field whose value, as UTF-8, is the message key. */
  public String keyField() {
    return keyField;
  }
}
