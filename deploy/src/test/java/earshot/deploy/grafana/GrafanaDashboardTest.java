package earshot.deploy.grafana;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import earshot.deploy.testing.RealServicesExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The committed Grafana dashboard (deploy/grafana/earshot-dashboard.json): it is what the generator
 * makes; it is a dashboard model Grafana imports (uid, unique panel ids, panels on the 24-column
 * grid without overlap, every query on the Prometheus data source variable); and every metric its
 * queries name is either one the jobs register (found in the registering calls of the jobs' and
 * connectors' sources, with the Prometheus name the reporter gives it) or one Flink and its Kafka
 * source report. Regenerate it with
 * {@code mvn -pl deploy -am test -Dtest=GrafanaDashboardTest -Dsurefire.failIfNoSpecifiedTests=false -Dearshot.grafana.regenerate=true}.
 */
class GrafanaDashboardTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path HOME = RealServicesExtension.projectHome();
  private static final Path FILE = HOME.resolve("deploy/grafana/earshot-dashboard.json");
  /** A metric name in a query: the reporter's names all start with flink_. */
  private static final Pattern METRIC = Pattern.compile("\\bflink_[A-Za-z0-9_]+");
  /** A metric registered by name on a metric group: counter("name"), gauge("name", ...), ... */
  private static final Pattern REGISTRATION =
      Pattern.compile("\\.(counter|gauge|histogram|meter)\\(\\s*\"([A-Za-z][A-Za-z0-9_]*)\"");

  /**
   * Flink's own metrics the dashboard may use, by Prometheus name, with where Flink defines them:
   * a changed name in a Flink upgrade is looked up there.
   */
  private static final Map<String, String> FLINK_METRICS = Map.ofEntries(
      Map.entry(GrafanaDashboard.OPERATOR_SCOPE + "numRecordsInPerSecond", "MetricNames.IO_NUM_RECORDS_IN_RATE"),
      Map.entry(GrafanaDashboard.OPERATOR_SCOPE + "numRecordsOutPerSecond", "MetricNames.IO_NUM_RECORDS_OUT_RATE"),
      Map.entry(GrafanaDashboard.OPERATOR_SCOPE + "pendingRecords", "MetricNames.PENDING_RECORDS (FLIP-33 source metric)"),
      Map.entry(GrafanaDashboard.OPERATOR_SCOPE + "KafkaSourceReader_KafkaConsumer_records_lag_max",
          "KafkaSourceReaderMetrics: the consumer's records-lag-max under KafkaSourceReader.KafkaConsumer"),
      Map.entry(GrafanaDashboard.TASK_SCOPE + "busyTimeMsPerSecond", "MetricNames.TASK_BUSY_TIME"),
      Map.entry(GrafanaDashboard.TASK_SCOPE + "backPressuredTimeMsPerSecond", "MetricNames.TASK_BACK_PRESSURED_TIME"),
      Map.entry(GrafanaDashboard.TASK_SCOPE + "idleTimeMsPerSecond", "MetricNames.TASK_IDLE_TIME"),
      Map.entry(GrafanaDashboard.JOB_SCOPE + "lastCheckpointDuration", "DefaultCheckpointStatsTracker"),
      Map.entry(GrafanaDashboard.JOB_SCOPE + "lastCheckpointSize", "DefaultCheckpointStatsTracker"),
      Map.entry(GrafanaDashboard.JOB_SCOPE + "numberOfFailedCheckpoints", "DefaultCheckpointStatsTracker"),
      Map.entry(GrafanaDashboard.JOB_SCOPE + "numberOfCompletedCheckpoints", "DefaultCheckpointStatsTracker"),
      Map.entry(GrafanaDashboard.JOB_SCOPE + "numRestarts", "MetricNames.NUM_RESTARTS"));

  private static String committed;
  private static JsonNode dashboard;
  private static List<JsonNode> panels;

  @BeforeAll
  static void read() throws IOException {
    String generated = new GrafanaDashboard().json();
    if (Boolean.getBoolean("earshot.grafana.regenerate")) {
      Files.createDirectories(FILE.getParent());
      Files.writeString(FILE, generated, StandardCharsets.UTF_8);
    }
    committed = Files.readString(FILE, StandardCharsets.UTF_8);
    dashboard = JSON.readTree(committed);
    panels = new ArrayList<>();
    dashboard.path("panels").forEach(panels::add);
  }

  @Test
  void theCommittedFileIsTheGeneratorsOutput() {
    assertThat(committed)
        .as("deploy/grafana/earshot-dashboard.json is stale: regenerate it (see this test's Javadoc)")
        .isEqualTo(new GrafanaDashboard().json());
  }

  @Test
  void isADashboardGrafanaImports() {
    assertThat(dashboard.path("uid").asText()).isEqualTo(GrafanaDashboard.UID);
    assertThat(dashboard.path("title").asText()).isNotBlank();
    assertThat(dashboard.path("schemaVersion").asInt()).isGreaterThanOrEqualTo(36);
    assertThat(panels).isNotEmpty();
    Set<Integer> ids = new HashSet<>();
    for (JsonNode panel : panels) {
      assertThat(ids.add(panel.path("id").asInt())).as("unique panel id " + panel.path("id")).isTrue();
      JsonNode grid = panel.path("gridPos");
      assertThat(grid.path("x").asInt() + grid.path("w").asInt()).as(title(panel) + " fits 24 columns")
          .isBetween(1, 24);
      if (panel.path("type").asText().equals("row")) {
        continue;
      }
      assertThat(panel.path("datasource").path("uid").asText()).as(title(panel)).isEqualTo("${datasource}");
      assertThat(panel.path("targets")).as(title(panel) + " queries").isNotEmpty();
      Set<String> refIds = new HashSet<>();
      for (JsonNode target : panel.path("targets")) {
        assertThat(refIds.add(target.path("refId").asText())).as(title(panel) + " refIds").isTrue();
        assertThat(target.path("datasource").path("uid").asText()).isEqualTo("${datasource}");
        assertThat(balanced(target.path("expr").asText())).as("brackets in " + target.path("expr")).isTrue();
        assertThat(target.path("expr").asText()).as("every query is limited to the chosen jobs")
            .contains("job_name=~\"$job\"");
      }
    }
    for (int i = 0; i < panels.size(); i++) {
      for (int j = i + 1; j < panels.size(); j++) {
        assertThat(overlap(panels.get(i).path("gridPos"), panels.get(j).path("gridPos")))
            .as(title(panels.get(i)) + " and " + title(panels.get(j)) + " overlap").isFalse();
      }
    }
    List<String> variables = new ArrayList<>();
    dashboard.path("templating").path("list").forEach(v -> variables.add(v.path("name").asText()));
    assertThat(variables).containsExactly("datasource", "job");
  }

  @Test
  void everyMetricItQueriesIsOneTheJobsRegisterOrOneFlinkReports() throws IOException {
    Set<String> registered = registeredPrometheusNames();
    // The scan itself must find the registrations it is meant to find.
    assertThat(registered).contains(
        GrafanaDashboard.OPERATOR_SCOPE + "earshotAlertsRaised",
        GrafanaDashboard.OPERATOR_SCOPE + GrafanaDashboard.DESERIALIZER_GROUP + "earshotDecodeFailures");
    Map<String, String> unknown = new TreeMap<>();
    for (String metric : queriedMetrics()) {
      if (!registered.contains(metric) && !FLINK_METRICS.containsKey(metric)) {
        unknown.put(metric, "neither registered by the jobs nor a known Flink metric");
      }
    }
    assertThat(unknown).as("metrics the dashboard queries that nothing reports").isEmpty();
  }

  @Test
  void itCoversWhatOperatorsWatch() {
    Set<String> queried = queriedMetrics();
    String op = GrafanaDashboard.OPERATOR_SCOPE;
    assertThat(queried).contains(
        op + "numRecordsOutPerSecond",                                // throughput
        op + "pendingRecords",                                        // Kafka lag
        GrafanaDashboard.JOB_SCOPE + "lastCheckpointDuration",        // checkpoints
        GrafanaDashboard.JOB_SCOPE + "numberOfFailedCheckpoints",
        GrafanaDashboard.TASK_SCOPE + "busyTimeMsPerSecond",          // busy and back-pressure
        GrafanaDashboard.TASK_SCOPE + "backPressuredTimeMsPerSecond",
        op + GrafanaDashboard.DESERIALIZER_GROUP + "earshotDecodeFailures", // dead letters
        op + "earshotTextTimeouts",                                   // text stage
        op + "earshotTextWorkersAbandoned",
        op + "earshotAlertsRaised",                                   // alerts
        op + "earshotLateRecords");                                   // late records
  }

  @Test
  void theRegistrationScanReadsTheReportersNaming() {
    assertThat(prometheusNames("class X implements KafkaRecordDeserializationSchema<Y> {"
        + " void open(DeserializationSchema.InitializationContext context) {"
        + " c = context.getMetricGroup().counter(\"earshotA\"); } }"))
        .containsExactly(GrafanaDashboard.OPERATOR_SCOPE + GrafanaDashboard.DESERIALIZER_GROUP + "earshotA");
    assertThat(prometheusNames("m.gauge(\"earshotB\", () -> 1); m.histogram( \"earshotC\", h); m.counter(name)"))
        .containsExactlyInAnyOrder(GrafanaDashboard.OPERATOR_SCOPE + "earshotB", GrafanaDashboard.OPERATOR_SCOPE + "earshotC");
  }

  // ------------------------------------------------------------------ helpers

  private static Set<String> queriedMetrics() {
    Set<String> metrics = new TreeSet<>();
    for (JsonNode panel : panels) {
      for (JsonNode target : panel.path("targets")) {
        Matcher m = METRIC.matcher(target.path("expr").asText());
        while (m.find()) {
          metrics.add(m.group());
        }
      }
    }
    dashboard.path("templating").path("list").forEach(v -> {
      Matcher m = METRIC.matcher(v.path("definition").asText());
      while (m.find()) {
        metrics.add(m.group());
      }
    });
    assertThat(metrics).isNotEmpty();
    return metrics;
  }

  /** Prometheus names of every metric the jobs' and connectors' main sources register by name. */
  private static Set<String> registeredPrometheusNames() throws IOException {
    Set<String> names = new TreeSet<>();
    for (String module : List.of("jobs", "connectors")) {
      Path sources = HOME.resolve(module).resolve("src/main/java");
      assertThat(sources).isDirectory();
      try (Stream<Path> files = Files.walk(sources)) {
        for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
          names.addAll(prometheusNames(Files.readString(file, StandardCharsets.UTF_8)));
        }
      }
    }
    return names;
  }

  /**
   * The names registered in one source file. All of Earshot's metrics are registered on operator
   * metric groups; a deserialization schema's group is the Kafka source reader's "deserializer"
   * subgroup.
   */
  private static Set<String> prometheusNames(String source) {
    String group = source.contains("DeserializationSchema.InitializationContext")
        ? GrafanaDashboard.DESERIALIZER_GROUP : "";
    Set<String> names = new TreeSet<>();
    Matcher m = REGISTRATION.matcher(source);
    while (m.find()) {
      names.add(GrafanaDashboard.OPERATOR_SCOPE + group + m.group(2));
    }
    return names;
  }

  private static boolean balanced(String expr) {
    StringBuilder open = new StringBuilder();
    boolean quoted = false;
    for (char c : expr.toCharArray()) {
      if (c == '"') {
        quoted = !quoted;
      } else if (quoted) {
        continue;
      } else if ("([{".indexOf(c) >= 0) {
        open.append(c);
      } else if (")]}".indexOf(c) >= 0) {
        if (open.isEmpty() || "([{".indexOf(open.charAt(open.length() - 1)) != ")]}".indexOf(c)) {
          return false;
        }
        open.setLength(open.length() - 1);
      }
    }
    return open.isEmpty() && !quoted;
  }

  private static boolean overlap(JsonNode a, JsonNode b) {
    return a.path("x").asInt() < b.path("x").asInt() + b.path("w").asInt()
        && b.path("x").asInt() < a.path("x").asInt() + a.path("w").asInt()
        && a.path("y").asInt() < b.path("y").asInt() + b.path("h").asInt()
        && b.path("y").asInt() < a.path("y").asInt() + a.path("h").asInt();
  }

  private static String title(JsonNode panel) {
    return "panel '" + panel.path("title").asText() + "'";
  }
}
