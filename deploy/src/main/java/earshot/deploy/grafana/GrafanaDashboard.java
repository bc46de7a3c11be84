package earshot.deploy.grafana;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Generates the Grafana dashboard for the people who run Earshot's jobs, over the metrics Flink's
 * Prometheus reporter serves (the manifests in {@code deploy/k8s} and {@code ./earshot cluster start}
 * switch it on): records read and written, Kafka lag, checkpoints and restarts, busy and
 * back-pressured time per task, dead letters, late records, the text stage (timeouts, abandoned
 * workers, latency), alerts opened and the Elasticsearch sink. It emits one dashboard model in
 * Grafana's JSON (schema 39, Grafana 10 and newer) with a fixed uid, so re-importing it updates the
 * dashboard in place; the Prometheus data source and the jobs are template variables chosen on
 * the dashboard.
 *
 * <p>{@code deploy/grafana/earshot-dashboard.json} is this class's output; {@code
 * GrafanaDashboardTest} fails when the committed file and the generator disagree, and checks that
 * every metric a query names is one the jobs register or one Flink itself reports.
 *
 * <p>Names follow the reporter's rules: scope, then group names, then the metric name, joined by
 * {@code _}, characters outside {@code [a-zA-Z0-9:_]} turned into {@code _} (in label values too:
 * the operator "Kafka: alerts: Writer" is {@code Kafka:_alerts:_Writer}).
 */
public final class GrafanaDashboard {

  /** The dashboard's uid: stable, so an import with overwrite replaces the previous version. */
  public static final String UID = "earshot-operations";
  /** Prometheus name prefix of metrics in Flink's JobManager job scope. */
  public static final String JOB_SCOPE = "flink_jobmanager_job_";
  /** ... in Flink's task scope (one per parallel subtask of a chain of operators). */
  public static final String TASK_SCOPE = "flink_taskmanager_job_task_";
  /** ... in Flink's operator scope, where Earshot's own metrics live. */
  public static final String OPERATOR_SCOPE = "flink_taskmanager_job_task_operator_";
  /**
   * The group the Kafka source gives its deserializer's metrics: Earshot's decoding counters
   * appear under it.
   */
  public static final String DESERIALIZER_GROUP = "deserializer_";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String JOBS = "job_name=~\"$job\"";
  private static final int WIDTH = 24;
  private static final int HEIGHT = 8;

  private final ArrayNode panels = JSON.createArrayNode();
  private int nextId = 1;
  private int y;
  private int x;

  /** The dashboard model, as Grafana's import reads it. */
  public ObjectNode dashboard() {
    panels.removeAll();
    nextId = 1;
    y = 0;
    x = 0;
    addPanels();
    ObjectNode dashboard = JSON.createObjectNode();
    dashboard.put("uid", UID);
    dashboard.put("title", "Earshot: jobs");
    dashboard.put("description", "Earshot's Flink jobs for their operators: throughput, Kafka lag, checkpoints, "
        + "back-pressure, dead letters, late records, text stage, alerts, Elasticsearch sink.");
    dashboard.putArray("tags").add("earshot").add("flink");
    dashboard.put("editable", true);
    dashboard.put("graphTooltip", 1);
    dashboard.put("timezone", "browser");
    dashboard.put("refresh", "30s");
    dashboard.put("schemaVersion", 39);
    dashboard.put("version", 1);
    dashboard.putObject("time").put("from", "now-6h").put("to", "now");
    dashboard.putObject("annotations").putArray("list");
    dashboard.set("templating", templating());
    dashboard.set("panels", panels);
    return dashboard;
  }

  /** The dashboard as pretty-printed JSON with {@code \n} line ends and a final newline. */
  public String json() {
    DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
        .withObjectIndenter(new DefaultIndenter("  ", "\n"))
        .withArrayIndenter(new DefaultIndenter("  ", "\n"));
    try {
      return JSON.writer(printer).writeValueAsString(dashboard()) + "\n";
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes the file: {@code GrafanaDashboard [file]}. */
  public static void main(String[] args) throws IOException {
    Path file = Path.of(args.length > 0 ? args[0] : "deploy/grafana/earshot-dashboard.json");
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, new GrafanaDashboard().json(), StandardCharsets.UTF_8);
  }

  // ------------------------------------------------------------------ panels

  private void addPanels() {
    row("Throughput");
    panel("Records read per second, per Kafka source", "rps",
        "What each job takes from its input topics.",
        query("sum by (job_name, operator_name) (" + OPERATOR_SCOPE + "numRecordsOutPerSecond{" + JOBS
            + ", operator_name=~\"(Source:_)?Kafka:_[A-Za-z_]+\"})", "{{job_name}} {{operator_name}}"));
    panel("Records written per second, per sink", "rps",
        "Records handed to each sink's writer (Kafka topics and Elasticsearch indices).",
        query("sum by (job_name, operator_name) (" + OPERATOR_SCOPE + "numRecordsInPerSecond{" + JOBS
            + ", operator_name=~\".*:_Writer\"})", "{{job_name}} {{operator_name}}"));

    row("Kafka lag");
    panel("Records waiting in Kafka, per source", "short",
        "Records in the input topics not yet read (the source's pendingRecords, summed over its readers). "
            + "Growing for minutes: the job does not keep up.",
        query("sum by (job_name, operator_name) (" + OPERATOR_SCOPE + "pendingRecords{" + JOBS + "})",
            "{{job_name}} {{operator_name}}"));
    panel("Largest partition lag", "short",
        "The Kafka consumer's records-lag-max: the partition furthest behind, per job.",
        query("max by (job_name) (" + OPERATOR_SCOPE + "KafkaSourceReader_KafkaConsumer_records_lag_max{" + JOBS + "})",
            "{{job_name}}"));

    row("Checkpoints and restarts");
    panel("Duration of the last checkpoint", "ms",
        "Exactly-once output is committed when a checkpoint completes: a long checkpoint delays what "
            + "downstream readers (read_committed) see.",
        query("max by (job_name) (" + JOB_SCOPE + "lastCheckpointDuration{" + JOBS + "})", "{{job_name}}"));
    panel("Failed checkpoints and restarts (per 10 min)", "short",
        "Any failed checkpoint or restart deserves a look at the JobManager's log.",
        query("sum by (job_name) (increase(" + JOB_SCOPE + "numberOfFailedCheckpoints{" + JOBS + "}[10m]))",
            "{{job_name}} failed checkpoints"),
        query("sum by (job_name) (increase(" + JOB_SCOPE + "numRestarts{" + JOBS + "}[10m]))",
            "{{job_name}} restarts"));

    row("Busy and back-pressured time");
    panel("Busy time per task (ms per second)", "ms",
        "Per task (a chain of operators), the busiest subtask. Near 1000: that task is the bottleneck.",
        query("max by (job_name, task_name) (" + TASK_SCOPE + "busyTimeMsPerSecond{" + JOBS + "})",
            "{{job_name}} {{task_name}}"));
    panel("Back-pressured time per task (ms per second)", "ms",
        "Per task, the most back-pressured subtask: it waits for the tasks after it.",
        query("max by (job_name, task_name) (" + TASK_SCOPE + "backPressuredTimeMsPerSecond{" + JOBS + "})",
            "{{job_name}} {{task_name}}"));

    row("Dead letters and late records");
    panel("Dead letters per second", "rps",
        "Messages that could not be decoded or validated, and documents Elasticsearch refused: both go "
            + "to the dead-letter topic with their reason.",
        query("sum by (job_name) (rate(" + OPERATOR_SCOPE + DESERIALIZER_GROUP + "earshotDecodeFailures{" + JOBS
            + "}[5m]))", "{{job_name}} undecodable or invalid"),
        query("sum by (job_name) (rate(" + OPERATOR_SCOPE + "earshotDocumentsDeadLettered{" + JOBS + "}[5m]))",
            "{{job_name}} refused by Elasticsearch"));
    panel("Late records per second", "rps",
        "Interactions later than the allowed lateness (kept in the late topic), and enriched interactions "
            + "that arrived behind the enrich job's watermark.",
        query("sum by (job_name) (rate(" + OPERATOR_SCOPE + "earshotLateRecords{" + JOBS + "}[5m]))",
            "{{job_name}} later than allowed"),
        query("sum by (job_name) (rate(" + OPERATOR_SCOPE + "earshotEnrichOutOfOrder{" + JOBS + "}[5m]))",
            "{{job_name}} out of event-time order"));

    row("Text stage");
    panel("Text timeouts per second", "rps",
        "Interactions whose text analysis overran text.max-millis (kept with status TEXT_TIMEOUT).",
        query("sum by (job_name) (rate(" + OPERATOR_SCOPE + "earshotTextTimeouts{" + JOBS + "}[5m]))",
            "{{job_name}}"));
    panel("Abandoned text workers per TaskManager", "short",
        "Workers that overran and still run; the task fails above text.max-abandoned-workers.",
        query("max by (job_name, tm_id) (" + OPERATOR_SCOPE + "earshotTextWorkersAbandoned{" + JOBS + "})",
            "{{tm_id}}"));
    panel("Text stage latency, 95th percentile", "µs",
        "Per interaction, the slowest subtask's 95th percentile.",
        query("max by (job_name) (" + OPERATOR_SCOPE + "earshotTextStageLatencyMicros{" + JOBS
            + ", quantile=\"0.95\"})", "{{job_name}}"));

    row("Alerts");
    panel("Alerts opened (per hour)", "short",
        "CX alerts and churn-risk alerts the signals job opened.",
        query("sum by (job_name) (increase(" + OPERATOR_SCOPE + "earshotAlertsRaised{" + JOBS + "}[1h]))",
            "{{job_name}} CX alerts"),
        query("sum by (job_name) (increase(" + OPERATOR_SCOPE + "earshotChurnAlertsRaised{" + JOBS + "}[1h]))",
            "{{job_name}} churn risk"));

    row("Elasticsearch sink");
    panel("Documents per second", "rps",
        "Documents indexed, retried (429, 5xx, no answer) and failed.",
        query("sum by (job_name) (rate(" + OPERATOR_SCOPE + "earshotDocumentsSent{" + JOBS + "}[5m]))",
            "{{job_name}} sent"),
        query("sum by (job_name) (rate(" + OPERATOR_SCOPE + "earshotDocumentsRetried{" + JOBS + "}[5m]))",
            "{{job_name}} retried"),
        query("sum by (job_name) (rate(" + OPERATOR_SCOPE + "earshotDocumentsFailed{" + JOBS + "}[5m]))",
            "{{job_name}} failed"));
    panel("Bulk requests", "short",
        "95th percentile of bulk latency (ms) and the requests in flight (the sink back-pressures the job "
            + "beyond elasticsearch.bulk.max-in-flight).",
        query("max by (job_name) (" + OPERATOR_SCOPE + "earshotBulkLatencyMs{" + JOBS + ", quantile=\"0.95\"})",
            "{{job_name}} latency p95 (ms)"),
        query("sum by (job_name) (" + OPERATOR_SCOPE + "earshotBulkRequestsInFlight{" + JOBS + "})",
            "{{job_name}} in flight"));
  }

  // ------------------------------------------------------------------ building blocks

  private record Query(String expr, String legend) {}

  private static Query query(String expr, String legend) {
    return new Query(expr, legend);
  }

  private void row(String title) {
    if (x > 0) {
      y += HEIGHT;
      x = 0;
    }
    ObjectNode row = panels.addObject();
    row.put("id", nextId++);
    row.put("type", "row");
    row.put("title", title);
    row.put("collapsed", false);
    row.putArray("panels");
    gridPos(row, 0, y, WIDTH, 1);
    y += 1;
  }

  /** A time series, half the width; two side by side. */
  private void panel(String title, String unit, String description, Query... queries) {
    ObjectNode panel = panels.addObject();
    panel.put("id", nextId++);
    panel.put("type", "timeseries");
    panel.put("title", title);
    panel.put("description", description);
    panel.set("datasource", datasource());
    ObjectNode fieldConfig = panel.putObject("fieldConfig");
    fieldConfig.putObject("defaults").put("unit", unit).put("min", 0);
    fieldConfig.putArray("overrides");
    ObjectNode options = panel.putObject("options");
    options.putObject("legend").put("displayMode", "list").put("placement", "bottom").put("showLegend", true);
    options.putObject("tooltip").put("mode", "multi").put("sort", "desc");
    ArrayNode targets = panel.putArray("targets");
    List<String> refIds = new ArrayList<>();
    for (Query query : queries) {
      String refId = String.valueOf((char) ('A' + refIds.size()));
      refIds.add(refId);
      ObjectNode target = targets.addObject();
      target.put("refId", refId);
      target.set("datasource", datasource());
      target.put("expr", query.expr());
      target.put("legendFormat", query.legend());
      target.put("range", true);
    }
    gridPos(panel, x, y, WIDTH / 2, HEIGHT);
    x += WIDTH / 2;
    if (x >= WIDTH) {
      x = 0;
      y += HEIGHT;
    }
  }

  private static void gridPos(ObjectNode panel, int x, int y, int w, int h) {
    panel.putObject("gridPos").put("h", h).put("w", w).put("x", x).put("y", y);
  }

  private static ObjectNode datasource() {
    ObjectNode datasource = JSON.createObjectNode();
    datasource.put("type", "prometheus");
    datasource.put("uid", "${datasource}");
    return datasource;
  }

  private static ObjectNode templating() {
    ObjectNode templating = JSON.createObjectNode();
    ArrayNode list = templating.putArray("list");
    ObjectNode datasource = list.addObject();
    datasource.put("name", "datasource");
    datasource.put("label", "Prometheus");
    datasource.put("type", "datasource");
    datasource.put("query", "prometheus");
    datasource.put("hide", 0);
    datasource.put("refresh", 1);
    ObjectNode job = list.addObject();
    job.put("name", "job");
    job.put("label", "Job");
    job.put("type", "query");
    job.set("datasource", datasource());
    // Every running job reports numRestarts, so its label values list the jobs.
    job.putObject("query").put("query", "label_values(" + JOB_SCOPE + "numRestarts, job_name)")
        .put("refId", "jobs");
    job.put("definition", "label_values(" + JOB_SCOPE + "numRestarts, job_name)");
    job.put("includeAll", true);
    job.put("multi", true);
    job.put("allValue", ".*");
    job.put("refresh", 2);
    job.put("sort", 1);
    job.put("hide", 0);
    job.putObject("current").put("text", "All").put("value", "$__all");
    return templating;
  }
}
