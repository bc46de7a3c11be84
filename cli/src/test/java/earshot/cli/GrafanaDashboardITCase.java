package earshot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import earshot.deploy.cluster.LocalFlinkCluster;
import earshot.deploy.testing.ElasticsearchTestClient;
import earshot.deploy.testing.KafkaTestClient;
import earshot.deploy.testing.RealServicesExtension;
import earshot.deploy.testing.TestServices;
import earshot.schemas.Channel;
import earshot.schemas.Interaction;
import earshot.schemas.SingleObjectCodec;
import earshot.schemas.Topic;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Grafana dashboard against live metrics: both jobs deployed on a real standalone Flink cluster
 * with the Prometheus reporter (as {@code ./earshot cluster start} runs it), a little traffic sent,
 * then every metric selector of every query in deploy/grafana/earshot-dashboard.json (the metric
 * name and its label matchers, with {@code $job} standing for any job) must select at least one
 * series that the JobManager's or the TaskManager's endpoint serves. A misnamed metric, a wrong
 * group or an operator-name pattern that matches no operator fails it.
 */
@ExtendWith(RealServicesExtension.class)
class GrafanaDashboardITCase {

  private static final Path DASHBOARD = RealServicesExtension.projectHome().resolve("deploy/grafana/earshot-dashboard.json");
  /** A selector in PromQL: a metric name, optionally with label matchers. */
  private static final Pattern SELECTOR = Pattern.compile("\\b(flink_[A-Za-z0-9_]+)(\\{([^}]*)})?");
  private static final Pattern MATCHER = Pattern.compile("(\\w+)\\s*(=~|!~|!=|=)\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
  /** A sample in Prometheus' text format: name{labels} value. */
  private static final Pattern SAMPLE = Pattern.compile("^([A-Za-z_:][A-Za-z0-9_:]*)(\\{(.*)})?\\s+\\S+.*$");
  private static final Pattern LABEL = Pattern.compile("(\\w+)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  private static LocalFlinkCluster cluster;

  @BeforeAll
  static void startCluster() throws IOException {
    cluster = TestClusters.start("grafana-it");
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.stop();
    }
  }

  @Test
  void everySelectorOfTheDashboardSelectsLiveSeries(TestServices services) throws Exception {
    String prefix = TestServices.uniquePrefix("grafana");
    KafkaTestClient kafka = new KafkaTestClient(services.kafkaBootstrap());
    new ElasticsearchTestClient(services.elasticsearchUrl()).installTemplates(prefix);
    kafka.createTopics(prefix, 2);
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    Cli cli = TestClusters.cli(services, cluster, output);
    int deployed = new Earshot().run(new String[] {"deploy", "all",
        "--set", "topics.prefix=" + prefix,
        "--set", "elasticsearch.index-prefix=" + prefix,
        "--set", "kafka.group-prefix=" + prefix + "group",
        "--set", "job.checkpoint-interval=PT2S"}, cli);
    assertThat(deployed).as(output.toString()).isZero();

    // A little traffic, one message that is not an interaction among it.
    Instant base = Instant.now().minus(Duration.ofHours(3));
    SingleObjectCodec<Interaction> codec = SingleObjectCodec.of(Interaction.class);
    List<byte[]> keys = new ArrayList<>();
    List<byte[]> values = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      Interaction interaction = Interaction.newBuilder().setInteractionId("grafana-" + i).setChannel(Channel.CHAT)
          .setTouchpoint("delivery").setNps(i % 10).setOccurredAt(base.plus(Duration.ofMinutes(5L * i)))
          .setText(i % 2 == 0 ? "The parcel came late and nobody answered." : "Quick and friendly, thanks.")
          .build();
      keys.add(interaction.getInteractionId().getBytes(StandardCharsets.UTF_8));
      values.add(codec.encode(interaction));
    }
    keys.add("broken".getBytes(StandardCharsets.UTF_8));
    values.add("{not an interaction".getBytes(StandardCharsets.UTF_8));
    kafka.produce(Topic.INTERACTIONS.name(prefix), keys, values);

    List<Selector> selectors = selectors(Files.readString(DASHBOARD, StandardCharsets.UTF_8));
    assertThat(selectors).isNotEmpty();
    long waiting = System.nanoTime();
    // Operators register their metrics as the jobs start; sources and checkpoints follow the traffic.
    long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
    Set<String> unmatched;
    List<Sample> samples;
    do {
      Thread.sleep(3000);
      samples = new ArrayList<>();
      for (String endpoint : cluster.metricsEndpoints()) {
        samples.addAll(scrape(endpoint));
      }
      unmatched = new TreeSet<>();
      for (Selector selector : selectors) {
        List<Sample> current = samples;
        if (current.stream().noneMatch(selector::selects)) {
          unmatched.add(selector.text());
        }
      }
    } while (!unmatched.isEmpty() && System.nanoTime() < deadline);
    Set<String> names = new TreeSet<>();
    samples.forEach(s -> names.add(s.name()));
    assertThat(unmatched)
        .as("dashboard selectors that select no live series (%d metric names served, e.g. %s)", names.size(),
            names.stream().filter(n -> n.contains("earshot") || n.contains("Kafka")).toList())
        .isEmpty();
    System.out.printf("[grafana test] %d selectors of the dashboard each select live series among %d served "
        + "(%.0f s after the traffic was sent)%n", selectors.size(), samples.size(), (System.nanoTime() - waiting) / 1e9);

    // Controls: the names as they would be without the reporter's rules select nothing, so the
    // matching above is not vacuous. The decode counter lives in the Kafka source's deserializer
    // group, and operator names lose their spaces.
    List<Selector> wrong = selectors("{\"panels\": [{\"targets\": ["
        + "{\"expr\": \"flink_taskmanager_job_task_operator_earshotDecodeFailures\"},"
        + "{\"expr\": \"flink_taskmanager_job_task_operator_numRecordsOutPerSecond{operator_name=~\\\"Kafka: .*\\\"}\"}"
        + "]}]}");
    assertThat(wrong).hasSize(2);
    for (Selector selector : wrong) {
      assertThat(samples.stream().filter(selector::selects)).as(selector.text()).isEmpty();
    }
  }

  // ------------------------------------------------------------------ PromQL selectors and samples

  record Sample(String name, Map<String, String> labels) {}

  record Selector(String text, String name, List<String[]> matchers) {
    boolean selects(Sample sample) {
      if (!sample.name().equals(name)) {
        return false;
      }
      for (String[] m : matchers) {
        String value = sample.labels().getOrDefault(m[0], "");
        String wanted = m[2].replace("$job", ".*");
        boolean ok = switch (m[1]) {
          case "=" -> value.equals(wanted);
          case "!=" -> !value.equals(wanted);
          case "=~" -> value.matches(unescape(wanted));
          case "!~" -> !value.matches(unescape(wanted));
          default -> throw new IllegalArgumentException(m[1]);
        };
        if (!ok) {
          return false;
        }
      }
      return true;
    }
  }

  private static String unescape(String quoted) {
    return quoted.replace("\\\\", "\\");
  }

  /** Every selector in the dashboard's queries (exprs), by their text. */
  static List<Selector> selectors(String dashboardJson) throws IOException {
    var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(dashboardJson);
    Set<String> exprs = new LinkedHashSet<>();
    json.path("panels").forEach(panel -> panel.path("targets").forEach(t -> exprs.add(t.path("expr").asText())));
    Map<String, Selector> selectors = new java.util.LinkedHashMap<>();
    for (String expr : exprs) {
      Matcher m = SELECTOR.matcher(expr);
      while (m.find()) {
        List<String[]> matchers = new ArrayList<>();
        if (m.group(3) != null) {
          Matcher l = MATCHER.matcher(m.group(3));
          while (l.find()) {
            matchers.add(new String[] {l.group(1), l.group(2), l.group(3)});
          }
        }
        selectors.putIfAbsent(m.group(), new Selector(m.group(), m.group(1), matchers));
      }
    }
    return new ArrayList<>(selectors.values());
  }

  private static List<Sample> scrape(String endpoint) throws IOException, InterruptedException {
    String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(endpoint))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
    List<Sample> samples = new ArrayList<>();
    for (String line : body.split("\n")) {
      if (line.startsWith("#") || line.isBlank()) {
        continue;
      }
      Matcher m = SAMPLE.matcher(line);
      if (!m.matches()) {
        continue;
      }
      Map<String, String> labels = new HashMap<>();
      if (m.group(3) != null) {
        Matcher l = LABEL.matcher(m.group(3));
        while (l.find()) {
          labels.put(l.group(1), l.group(2));
        }
      }
      samples.add(new Sample(m.group(1), labels));
    }
    return samples;
  }
}
