package earshot.cli;

import com.fasterxml.jackson.databind.JsonNode;
import earshot.connectors.kafka.KafkaConnection;
import earshot.deploy.provision.IndexTemplates;
import earshot.jobs.config.EarshotConfig;
import earshot.jobs.config.Settings;
import earshot.jobs.identity.IdentityHasher;
import earshot.lab.generator.Incident;
import earshot.lab.generator.PlantedChurner;
import earshot.lab.report.ChurnReport;
import earshot.lab.report.DetectionReport;
import earshot.schemas.Alert;
import earshot.schemas.AlertReason;
import earshot.schemas.CustomerSignal;
import earshot.schemas.MetricSnapshot;
import earshot.schemas.SingleObjectCodec;
import earshot.schemas.Topic;
import java.io.PrintStream;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;

/**
 * What the batch demo's jobs wrote, read back and scored against the stream's planted truth:
 * consumes the documents in Elasticsearch and the records the jobs appended to the metrics, alert
 * and customer-signal topics after this object was made; prints the documents per index, the NPS
 * per channel, every alert with the sentence it opened with, and the planted churners' CHURN_RISK
 * alerts. An alert found the planted incident by the replay reports' one rule,
 * {@link DetectionReport#detects}; the churners are scored by {@link ChurnReport}, as
 * {@code replay} scores them.
 */
final class DemoReadBack {

  private final PrintStream out;
  private final EarshotConfig config;
  private final KafkaConnection kafka;
  private final String prefix;
  private final Map<TopicPartition, Long> alertsBefore;
  private final Map<TopicPartition, Long> metricsBefore;
  private final Map<TopicPartition, Long> signalsBefore;

  /** Remembers where the output topics end now: only what the jobs append afterwards is read back. */
  DemoReadBack(PrintStream out, EarshotConfig config, KafkaConnection kafka) {
    this.out = out;
    this.config = config;
    this.kafka = kafka;
    this.prefix = config.get(Settings.TOPIC_PREFIX);
    this.alertsBefore = KafkaTools.endOffsets(kafka, Topic.ALERTS.name(prefix));
    this.metricsBefore = KafkaTools.endOffsets(kafka, Topic.METRICS.name(prefix));
    this.signalsBefore = KafkaTools.endOffsets(kafka, Topic.CUSTOMER_SIGNALS.name(prefix));
  }

  /**
   * Prints what landed and how it scores.
   *
   * @param churners the planted churners (none when the stream is too short for them)
   * @param requests the customers who asked to cancel of their own, which the churn report tells apart
   * @return whether an alert found the planted incident
   */
  boolean report(Incident incident, List<PlantedChurner> churners, List<PlantedChurner> requests,
      IdentityHasher hasher) throws Exception {
    printIndices();
    printNpsPerChannel(Topic.METRICS.name(prefix), metricsBefore);
    SingleObjectCodec<Alert> alertCodec = SingleObjectCodec.of(Alert.class);
    List<Alert> alerts = KafkaTools.readFrom(kafka, Topic.ALERTS.name(prefix), alertsBefore).stream()
        .map(record -> alertCodec.decode(record.value())).toList();
    boolean found = printAlerts(Topic.ALERTS.name(prefix), alerts, incident);
    if (config.get(Settings.CHURN_ENABLED)) {
      printChurn(alerts, churners, requests, hasher);
    }
    return found;
  }

  private void printIndices() throws Exception {
    IndexTemplates.ElasticsearchHttp http = Provisioning.elasticsearchHttp(config);
    String pattern = config.get(Settings.ES_INDEX_PREFIX) + "*";
    http.request("POST", "/" + pattern + "/_refresh", null);
    JsonNode indices = http.request("GET", "/_cat/indices/" + pattern + "?format=json&h=index,docs.count&s=index", null);
    out.println("  Documents per Elasticsearch index:");
    for (JsonNode index : indices) {
      out.printf("    %-40s %,10d%n", index.path("index").asText(), index.path("docs.count").asLong());
    }
  }

  private void printNpsPerChannel(String topic, Map<TopicPartition, Long> from) {
    SingleObjectCodec<MetricSnapshot> codec = SingleObjectCodec.of(MetricSnapshot.class);
    Map<String, MetricSnapshot> latest = new LinkedHashMap<>();
    for (var record : KafkaTools.readFrom(kafka, topic, from)) {
      MetricSnapshot m = codec.decode(record.value());
      if (m.getWindowSeconds() == 3600 && m.getDimensions().size() == 1 && m.getDimensions().containsKey("channel")) {
        latest.merge(m.getMetricId(), m, (a, b) -> b.getRevision() >= a.getRevision() ? b : a);
      }
    }
    Map<String, long[]> perChannel = new TreeMap<>();
    for (MetricSnapshot m : latest.values()) {
      long[] totals = perChannel.computeIfAbsent(m.getDimensions().get("channel"), c -> new long[4]);
      totals[0] += m.getPromoters();
      totals[1] += m.getDetractors();
      totals[2] += m.getNpsAnswers();
      totals[3] += m.getInteractions();
    }
    out.println("  NPS per channel over the whole stream (from the hourly metrics on " + topic + "):");
    perChannel.forEach((channel, t) -> out.printf("    %-12s NPS %+6.1f   (%,d answers, %,d interactions)%n",
        channel, t[2] == 0 ? Double.NaN : 100.0 * (t[0] - t[1]) / t[2], t[2], t[3]));
  }

  private boolean printAlerts(String topic, List<Alert> alerts, Incident incident) {
    Map<String, Alert> latest = new LinkedHashMap<>();
    Map<String, Alert> opened = new LinkedHashMap<>();
    int states = 0;
    for (Alert alert : alerts) {
      if (alert.getCustomerKey() != null) {
        continue; // customers' churn alerts are shown apart
      }
      latest.merge(alert.getAlertId(), alert, (a, b) -> b.getVersion() >= a.getVersion() ? b : a);
      opened.merge(alert.getAlertId(), alert, (a, b) -> b.getVersion() < a.getVersion() ? b : a);
      states++;
    }
    out.printf("  Alerts read back from %s: %d alerts (%d state changes), the explanation each opened with:%n",
        topic, latest.size(), states);
    boolean found = false;
    for (Alert alert : latest.values()) {
      boolean planted = DetectionReport.detects(alert, incident);
      found |= planted;
      String children = alert.getChildren().isEmpty() ? "" : "  (also: " + String.join("; ", alert.getChildren()) + ")";
      out.printf("    %s %-8s %-8s %-24s %s%s%s%n      %s%n", planted ? "*" : " ", alert.getState(), alert.getSeverity(),
          alert.getDetector(), alert.getSeriesKey(), children, planted ? "   <- the planted incident" : "",
          opened.get(alert.getAlertId()).getSummary());
    }
    return found;
  }

  /**
   * The CHURN_RISK alerts: how many customers were flagged, the customer signals published, and for
   * each planted churner whether and when it was flagged, with the reasons and evidence its alert
   * opened with.
   */
  private void printChurn(List<Alert> alerts, List<PlantedChurner> churners, List<PlantedChurner> requests,
      IdentityHasher hasher) {
    Map<String, Alert> opened = ChurnReport.firstOpen(alerts);
    SingleObjectCodec<CustomerSignal> signalCodec = SingleObjectCodec.of(CustomerSignal.class);
    Map<String, Integer> signals = new TreeMap<>();
    for (var record : KafkaTools.readFrom(kafka, Topic.CUSTOMER_SIGNALS.name(prefix), signalsBefore)) {
      signals.merge(signalCodec.decode(record.value()).getType().name(), 1, Integer::sum);
    }
    out.printf("  Churn: %,d customers flagged CHURN_RISK; customer signals on %s: %s%n", opened.size(),
        Topic.CUSTOMER_SIGNALS.name(prefix), signals.isEmpty() ? "none" : signals);
    if (churners.isEmpty()) {
      return;
    }
    // Most flagged customers are not planted churners: the generator's customers also write requests
    // to cancel of their own; the report tells them apart.
    ChurnReport report = ChurnReport.score(churners, requests, alerts, hasher);
    out.println("  The planted churners (by their hashed key; a flagged one also by the customer id its alert names):");
    for (ChurnReport.Outcome outcome : report.outcomes()) {
      PlantedChurner churner = outcome.churner();
      Alert alert = opened.get(hasher.customerKey(churner.customerId()));
      String when = alert == null ? "not flagged"
          : outcome.ahead() ? "flagged " + ChurnReport.describe(outcome.lead()) + " before asking to cancel"
          : "flagged when asking to cancel";
      out.printf("    %s customer %s…  %-6s %-10s %s (cancelled %s)%n", alert == null ? " " : "*",
          hasher.customerKey(churner.customerId()).substring(0, 12), churner.valueTier(), churner.problem(), when,
          churner.cancelledAt().truncatedTo(ChronoUnit.MINUTES));
      if (alert != null) {
        out.printf("      %s%n", alert.getSummary());
        out.printf("      Call %s: %s (last contact: %s, team %s)%n",
            alert.getCustomerId() == null ? "(no customer id known)" : alert.getCustomerId(), alert.getNextStep(),
            alert.getLastContactChannel(), alert.getLastContactTeam());
        for (AlertReason reason : alert.getReasons()) {
          out.printf("        %+6.1f %-28s contacts %s%n", reason.getContribution(), reason.getCode(),
              reason.getInteractionIds());
        }
      }
    }
    out.printf("  %d of %d planted churners flagged before they asked to cancel. Scored against the stream's truth:%n",
        report.flaggedAhead(), report.churners());
    report.lines(0).forEach(line -> out.println("    " + line));
  }
}
