package earshot.jobs.io;

import earshot.schemas.AvroTrust;
import earshot.connectors.elasticsearch.DocumentEmitter;
import earshot.connectors.elasticsearch.DocumentRequest;
import earshot.schemas.Alert;
import earshot.schemas.CustomerProfile;
import earshot.schemas.EnrichedInteraction;
import earshot.schemas.Index;
import earshot.schemas.JsonCodec;
import earshot.schemas.MetricSnapshot;

/**
 * How each record becomes an Elasticsearch document: its JSON form under a deterministic id.
 * Records that are rewritten as they change (a metric's late revisions, an alert's versions) carry
 * their revision or version as the document version, so a retried or replayed older copy never
 * replaces a newer one.
 */
public final class Documents {

  // Task managers read Earshot's Avro records as soon as this function is deployed (state
  // restore comes before open()): trust the generated classes when this class loads.
  static {
    AvroTrust.install();
  }

  private Documents() {}

  /** Interactions: monthly index by event time, id = interactionId. */
  public static DocumentEmitter<EnrichedInteraction> interactions(String indexPrefix) {
    return (enriched, out) -> out.accept(new DocumentRequest(
        Index.INTERACTIONS.indexFor(indexPrefix, enriched.getInteraction().getOccurredAt()),
        enriched.getInteraction().getInteractionId(),
        JsonCodec.toJsonBytes(enriched), null));
  }

  /** Metrics: monthly index by window start, id = metricId (late revisions overwrite). */
  public static DocumentEmitter<MetricSnapshot> metrics(String indexPrefix) {
    return (metric, out) -> out.accept(new DocumentRequest(
        Index.METRICS.indexFor(indexPrefix, metric.getWindowStart()), metric.getMetricId(), JsonCodec.toJsonBytes(metric),
        (long) metric.getRevision()));
  }

  /** Alerts: one index, id = alertId; each version replaces the previous one and carries the history. */
  public static DocumentEmitter<Alert> alerts(String indexPrefix) {
    return (alert, out) -> out.accept(new DocumentRequest(
        Index.ALERTS.indexFor(indexPrefix, alert.getUpdatedAt()), alert.getAlertId(), JsonCodec.toJsonBytes(alert),
        (long) alert.getVersion()));
  }

  /**
   * Customers: one index, id = customerKey; each profile replaces the previous one. The version is the
   * profile's event time (updatedAt, milliseconds; sent as external_gte): a replayed profile rewrites
   * the same document, a stale one (older event time) is dropped, a newer one wins whatever the
   * order the writes reach the cluster in.
   */
  public static DocumentEmitter<CustomerProfile> customers(String indexPrefix) {
    return (profile, out) -> out.accept(new DocumentRequest(
        Index.CUSTOMERS.indexFor(indexPrefix, profile.getUpdatedAt()), profile.getCustomerKey(),
        JsonCodec.toJsonBytes(profile), Math.max(0L, profile.getUpdatedAt().toEpochMilli())));
  }
}
