package earshot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import earshot.deploy.cluster.FlinkRestClient;
import earshot.deploy.cluster.LocalFlinkCluster;
import earshot.deploy.testing.ElasticsearchTestClient;
import earshot.deploy.testing.KafkaTestClient;
import earshot.deploy.testing.RealServicesExtension;
import earshot.deploy.testing.TestServices;
import earshot.jobs.config.Settings;
import earshot.jobs.enrich.EnrichJob;
import earshot.jobs.metrics.SeriesCatalog;
import earshot.jobs.metrics.WindowCounts;
import earshot.jobs.signals.SignalsJob;
import earshot.schemas.Alert;
import earshot.schemas.AlertState;
import earshot.schemas.Channel;
import earshot.schemas.EnrichedInteraction;
import earshot.schemas.Index;
import earshot.schemas.Interaction;
import earshot.schemas.MetricSnapshot;
import earshot.schemas.SingleObjectCodec;
import earshot.schemas.Topic;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Both jobs on a real standalone Flink cluster (separate JobManager and TaskManager processes
 * started from Flink's Maven artifacts), deployed with {@code ./earshot deploy} as a shaded jar
 * through the REST API. Mid-stream, {@code ./earshot upgrade} stops them with savepoints and starts
 * them again from those; afterwards a read_committed consumer must see every output exactly once.
 * The same run scrapes the TaskManager's Prometheus endpoint for Earshot's own metrics.
 *
 * <p>Delivery and billing get 20 NPS answers an hour (20% detractors); in hour 7 delivery's
 * detractors jump to 70%, which opens alerts on delivery and on the series that include it.
 */
@ExtendWith(RealServicesExtension.class)
class ClusterSavepointITCase {

  private static final Instant BASE = Instant.parse("2026-11-09T00:00:00Z");
  private static final List<String> TOUCHPOINTS = List.of("delivery", "billing");
  /** Series per hour: global, channel=CHAT, touchpoint=delivery, touchpoint=billing. */
  private static final int SERIES = 4;

  private static LocalFlinkCluster cluster;

  @BeforeAll
  static void startCluster() throws IOException {
    cluster = TestClusters.start("cluster-it");
  }

  /** Whatever a test leaves running, even when it fails, is cancelled, so the next one deploys on a clean cluster. */
  @AfterEach
  void cancelJobs() throws IOException {
    FlinkRestClient flink = new FlinkRestClient(cluster.endpoint());
    for (String name : List.of(EnrichJob.NAME, SignalsJob.NAME)) {
      var job = flink.runningJob(name);
      if (job.isPresent()) {
        flink.cancel(job.get().id());
      }
    }
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.stop();
    }
  }

  @Test
  void jobsResumeFromSavepointsWithEveryOutputExactlyOnce(TestServices services) throws Exception {
    String prefix = TestServices.uniquePrefix("cluster");
    KafkaTestClient kafka = new KafkaTestClient(services.kafkaBootstrap());
    ElasticsearchTestClient elasticsearch = new ElasticsearchTestClient(services.elasticsearchUrl());
    // Two partitions, the default: the hours are produced in bursts, far faster than real time, and
    // the two partitions are read at different speeds; the enrich job must still write each enriched
    // partition in event-time order, or the signals job would find records late.
    kafka.createTopics(prefix, 2);
    elasticsearch.installTemplates(prefix);
    Cli cli = cli(services);
    List<String> settings = List.of(
        "--set", "topics.prefix=" + prefix,
        "--set", "elasticsearch.index-prefix=" + prefix,
        "--set", "kafka.group-prefix=" + prefix + "group",
        "--set", "job.checkpoint-interval=PT2S",
        "--set", "signals.windows=PT1H",
        "--set", "signals.dimensions=channel,touchpoint",
        "--set", "signals.combinations=",
        "--set", "detect.min-sample=10",
        "--set", "detect.warmup-windows=3");
    FlinkRestClient flink = new FlinkRestClient(cluster.endpoint());

    assertThat(earshot(cli, "deploy", "all", settings)).as(output.toString()).isZero();
    String firstEnrich = flink.runningJob(EnrichJob.NAME).orElseThrow().id();

    // Hours 0 to 3: the windows of hours 0 to 2 close (hour 3's records move the watermark past them).
    int produced = produce(kafka, prefix, 0, 4);
    await(() -> committed(kafka, Topic.METRICS.name(prefix)).size() >= 3 * SERIES, Duration.ofMinutes(4),
        () -> progress(kafka, prefix));

    long upgrading = System.nanoTime();
    assertThat(earshot(cli, "upgrade", "all", settings)).as(output.toString()).isZero();
    System.out.printf("[cluster test] both jobs stopped with savepoints and restarted in %.1f s%n",
        (System.nanoTime() - upgrading) / 1e9);
    assertThat(output.toString()).contains("savepoint: file:");
    String secondEnrich = flink.runningJob(EnrichJob.NAME).orElseThrow().id();
    assertThat(secondEnrich).isNotEqualTo(firstEnrich);
    assertThat(flink.runningJob(SignalsJob.NAME)).isPresent();

    // Hours 4 to 7, then records in hour 8 so that hour 7's window closes.
    produced += produce(kafka, prefix, 4, 8);
    produced += closers(kafka, prefix);
    // A re-delivery of an interaction from before the savepoint: the restored deduplication state drops it.
    send(kafka, prefix, List.of(Interaction.newBuilder().setInteractionId("delivery-1-5").setChannel(Channel.CHAT)
        .setTouchpoint("delivery").setNps(10).setOccurredAt(BASE.plus(Duration.ofHours(1))).build()));
    int expectedMetrics = 8 * SERIES;
    await(() -> committed(kafka, Topic.METRICS.name(prefix)).size() >= expectedMetrics
        && !committed(kafka, Topic.ALERTS.name(prefix)).isEmpty(), Duration.ofMinutes(4),
        () -> progress(kafka, prefix));
    int total = produced; // without the re-delivery
    await(() -> committed(kafka, Topic.ENRICHED.name(prefix)).size() >= total, Duration.ofMinutes(2),
        () -> progress(kafka, prefix));

    // Nothing lost, nothing twice, as a read_committed consumer sees it.
    SingleObjectCodec<MetricSnapshot> metricCodec = SingleObjectCodec.of(MetricSnapshot.class);
    List<MetricSnapshot> metrics = committed(kafka, Topic.METRICS.name(prefix)).stream().map(metricCodec::decode).toList();
    List<String> metricIds = metrics.stream().map(MetricSnapshot::getMetricId).toList();
    assertThat(metricIds).hasSize(expectedMetrics).doesNotHaveDuplicates();
    // Every window counted every answer once, before and after the savepoint.
    assertThat(metrics).allSatisfy(metric -> {
      assertThat(metric.getRevision()).isZero();
      assertThat(metric.getNpsAnswers()).as(metric.getMetricId())
          .isEqualTo(metric.getSeriesKey().startsWith("touchpoint=") ? 20 : 40);
    });
    assertThat(metricIds).contains("touchpoint=delivery|3600s|2026-11-09T02:00:00Z",
        "touchpoint=delivery|3600s|2026-11-09T03:00:00Z", "global|3600s|2026-11-09T07:00:00Z");

    SingleObjectCodec<Alert> alertCodec = SingleObjectCodec.of(Alert.class);
    List<Alert> alerts = committed(kafka, Topic.ALERTS.name(prefix)).stream().map(alertCodec::decode).toList();
    // Hour 7 opens the delivery detractor-spike alert exactly once (other detectors and the global
    // and channel series, at 45% detractors, may add their own; they are not asserted); none on
    // billing; no alert twice.
    assertThat(alerts).extracting(Alert::getAlertId).doesNotHaveDuplicates();
    assertThat(alerts).extracting(Alert::getSeriesKey).doesNotContain("touchpoint=billing");
    assertThat(alerts).filteredOn(alert -> alert.getSeriesKey().equals("touchpoint=delivery")
            && alert.getDetector().equals("DETRACTOR_SPIKE")).singleElement()
        .satisfies(alert -> {
          assertThat(alert.getState()).isEqualTo(AlertState.OPEN);
          assertThat(alert.getWindowStart()).isEqualTo(BASE.plus(Duration.ofHours(7)));
          assertThat(alert.getObserved()).isEqualTo(0.7);
          assertThat(alert.getSampleSize()).isEqualTo(20);
        });

    SingleObjectCodec<EnrichedInteraction> enrichedCodec = SingleObjectCodec.of(EnrichedInteraction.class);
    List<String> enrichedIds = committed(kafka, Topic.ENRICHED.name(prefix)).stream()
        .map(value -> enrichedCodec.decode(value).getInteraction().getInteractionId()).toList();
    assertThat(enrichedIds).hasSize(total).doesNotHaveDuplicates();
    assertThat(committed(kafka, Topic.DEAD_LETTERS.name(prefix))).isEmpty();

    await(() -> count(elasticsearch, Index.INTERACTIONS.pattern(prefix)) == total
        && count(elasticsearch, Index.METRICS.pattern(prefix)) == expectedMetrics
        && count(elasticsearch, Index.ALERTS.pattern(prefix)) == alerts.size(), Duration.ofMinutes(1),
        () -> "documents: " + count(elasticsearch, Index.INTERACTIONS.pattern(prefix)) + " interactions, "
            + count(elasticsearch, Index.METRICS.pattern(prefix)) + " metrics, "
            + count(elasticsearch, Index.ALERTS.pattern(prefix)) + " alerts");
    System.out.printf("[cluster test] %d interactions, %d metrics, %d alerts: each exactly once in Kafka and Elasticsearch%n",
        total, expectedMetrics, alerts.size());

    scrapePrometheus((int) alerts.stream().filter(alert -> alert.getState() == AlertState.OPEN).count());

  }

  /**
   * A backfill of two days, all of it sent before the jobs catch up, with the TaskManager killed
   * (SIGKILL) while the jobs are working through it and started again: every closed window of every
   * series holds exactly the interactions counted from the input, nothing is late, every interaction
   * is enriched and indexed once. Both jobs run at parallelism 2 over 2 partitions.
   */
  @Test
  void aBackfillWithTheTaskManagerKilledMidwayGivesExactMetrics(TestServices services) throws Exception {
    String prefix = TestServices.uniquePrefix("crash");
    KafkaTestClient kafka = new KafkaTestClient(services.kafkaBootstrap());
    ElasticsearchTestClient elasticsearch = new ElasticsearchTestClient(services.elasticsearchUrl());
    kafka.createTopics(prefix, 2);
    elasticsearch.installTemplates(prefix);
    Cli cli = cli(services);
    List<String> settings = List.of(
        "--set", "topics.prefix=" + prefix,
        "--set", "elasticsearch.index-prefix=" + prefix,
        "--set", "kafka.group-prefix=" + prefix + "group",
        "--set", "job.checkpoint-interval=PT2S",
        "--set", "job.parallelism=2",
        "--set", "churn.enabled=false");
    FlinkRestClient flink = new FlinkRestClient(cluster.endpoint());

    Instant start = Instant.now().minus(Duration.ofDays(4)).truncatedTo(java.time.temporal.ChronoUnit.DAYS);
    Instant end = start.plus(Duration.ofDays(2));
    List<Interaction> history = new ArrayList<>();
    new earshot.lab.generator.InteractionGenerator(start, Duration.ofDays(2), 3.0, 31, List.of()).generate(history::add);
    // Contacts two hours after the history, on both partitions, close every window of the history.
    List<Interaction> closers = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      closers.add(Interaction.newBuilder().setInteractionId("closer-" + i).setChannel(Channel.CHAT)
          .setOccurredAt(end.plus(Duration.ofHours(2)).plus(Duration.ofMinutes(i))).setNps(9).build());
    }
    int total = history.size() + closers.size();

    assertThat(earshot(cli, "deploy", "all", settings)).as(output.toString()).isZero();
    send(kafka, prefix, history);
    send(kafka, prefix, closers);

    await(() -> committed(kafka, Topic.ENRICHED.name(prefix)).size() >= total / 4, Duration.ofMinutes(4),
        () -> progress(kafka, prefix));
    long killedAt = System.nanoTime();
    cluster.killTaskManager();
    int enrichedAtCrash = committed(kafka, Topic.ENRICHED.name(prefix)).size();
    cluster.startTaskManager();
    await(() -> committed(kafka, Topic.ENRICHED.name(prefix)).size() > enrichedAtCrash, Duration.ofMinutes(4),
        () -> progress(kafka, prefix));
    System.out.printf("[cluster test] TaskManager killed at %d of %d enriched; output moving again %.1f s later%n",
        enrichedAtCrash, total, (System.nanoTime() - killedAt) / 1e9);

    earshot.jobs.config.EarshotConfig defaults = earshot.jobs.config.EarshotConfig.builder().build();
    Map<String, Long> expected = WindowCounts.expected(history, SeriesCatalog.of(defaults.get(Settings.DIMENSIONS),
        defaults.get(Settings.COMBINATIONS)), defaults.get(Settings.WINDOWS));
    SingleObjectCodec<MetricSnapshot> metricCodec = SingleObjectCodec.of(MetricSnapshot.class);
    Supplier<Map<String, Long>> published = () -> WindowCounts.published(committed(kafka, Topic.METRICS.name(prefix))
        .stream().map(metricCodec::decode).toList(), end);
    await(() -> published.get().equals(expected), Duration.ofMinutes(6),
        () -> WindowCounts.differences(expected, published.get(), 10) + "; " + progress(kafka, prefix));
    assertThat(committed(kafka, Topic.LATE_INTERACTIONS.name(prefix))).as("late interactions").isEmpty();
    // The last records of the input are released by the enrich job once the input has been quiet for
    // enrich.idleness (nothing comes after them to move event time past them).
    await(() -> committed(kafka, Topic.ENRICHED.name(prefix)).size() >= total, Duration.ofMinutes(2),
        () -> progress(kafka, prefix));
    SingleObjectCodec<EnrichedInteraction> enrichedCodec = SingleObjectCodec.of(EnrichedInteraction.class);
    assertThat(committed(kafka, Topic.ENRICHED.name(prefix)).stream()
        .map(value -> enrichedCodec.decode(value).getInteraction().getInteractionId()).toList())
        .hasSize(total).doesNotHaveDuplicates();
    await(() -> count(elasticsearch, Index.INTERACTIONS.pattern(prefix)) == total, Duration.ofMinutes(1),
        () -> count(elasticsearch, Index.INTERACTIONS.pattern(prefix)) + " interactions indexed of " + total);
    System.out.printf("[cluster test] backfill of %d interactions with a TaskManager crash: %d windows exact, none late%n",
        history.size(), expected.size());

  }

  /** The TaskManager's Prometheus endpoint carries Earshot's own metrics under their documented names. */
  private static void scrapePrometheus(int alertsRaised) throws Exception {
    String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(cluster.metricsEndpoints().get(1)))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
    for (String name : List.of("earshotDecodeFailures", "earshotLateRecords", "earshotAlertsRaised",
        "earshotTextStageLatencyMicros", "earshotDocumentsSent", "earshotDocumentsFailed", "earshotDocumentsRetried",
        "earshotDocumentsDeadLettered", "earshotBulkLatencyMs", "earshotBulkRequestsInFlight")) {
      assertThat(body.lines().filter(line -> line.startsWith("flink_taskmanager_job_task_operator_")
          && metricName(line).endsWith("_" + name)))
          .as("Prometheus metric %s", name).isNotEmpty();
    }
    assertThat(sum(body, "earshotAlertsRaised")).isEqualTo(alertsRaised);
    assertThat(sum(body, "earshotDocumentsSent")).isPositive();
    assertThat(sum(body, "earshotDecodeFailures")).isZero();
  }

  /** The sum over every series of a TaskManager metric whose name ends with {@code _<name>}. */
  private static double sum(String prometheus, String name) {
    return prometheus.lines().filter(line -> !line.startsWith("#") && metricName(line).endsWith("_" + name))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
  }

  private static String metricName(String line) {
    int end = line.indexOf('{');
    return end < 0 ? line.split(" ")[0] : line.substring(0, end);
  }

  private static int produce(KafkaTestClient kafka, String prefix, int fromHour, int toHour) {
    List<Interaction> interactions = new ArrayList<>();
    for (int hour = fromHour; hour < toHour; hour++) {
      for (String touchpoint : TOUCHPOINTS) {
        boolean incident = hour == 7 && touchpoint.equals("delivery");
        int detractors = incident ? 14 : 4;
        int passives = incident ? 3 : 6;
        for (int i = 0; i < 20; i++) {
          int nps = i < detractors ? 3 : i < detractors + passives ? 7 : 10;
          Interaction.Builder builder = Interaction.newBuilder()
              .setInteractionId(touchpoint + "-" + hour + "-" + i)
              .setChannel(Channel.CHAT)
              .setOccurredAt(BASE.plus(Duration.ofHours(hour)).plus(Duration.ofSeconds(60L * i + 7)))
              .setTouchpoint(touchpoint)
              .setNps(nps);
          if (i == 0 && hour % 4 == 0) {
            builder.setText(nps <= 6 ? "The courier never came and nobody answers." : "Thanks, all good.");
          }
          interactions.add(builder.build());
        }
      }
    }
    send(kafka, prefix, interactions);
    return interactions.size();
  }

  private static int closers(KafkaTestClient kafka, String prefix) {
    // A few per touchpoint, past the out-of-orderness bound, so the watermark passes 08:00.
    List<Interaction> interactions = new ArrayList<>();
    for (String touchpoint : TOUCHPOINTS) {
      for (int i = 0; i < 10; i++) {
        interactions.add(Interaction.newBuilder().setInteractionId(touchpoint + "-closer-" + i).setChannel(Channel.CHAT)
            .setTouchpoint(touchpoint).setNps(9).setOccurredAt(BASE.plus(Duration.ofHours(8)).plus(Duration.ofMinutes(5 + i)))
            .build());
      }
    }
    send(kafka, prefix, interactions);
    return interactions.size();
  }

  private static void send(KafkaTestClient kafka, String prefix, List<Interaction> interactions) {
    SingleObjectCodec<Interaction> codec = SingleObjectCodec.of(Interaction.class);
    kafka.produce(Topic.INTERACTIONS.name(prefix),
        interactions.stream().map(i -> i.getInteractionId().getBytes(StandardCharsets.UTF_8)).toList(),
        interactions.stream().map(codec::encode).toList());
  }

  private static List<byte[]> committed(KafkaTestClient kafka, String topic) {
    return kafka.readCommitted(topic, Duration.ofSeconds(20)).stream().map(r -> r.value()).toList();
  }

  private static long count(ElasticsearchTestClient elasticsearch, String pattern) {
    try {
      return elasticsearch.count(pattern);
    } catch (IOException e) {
      return -1;
    }
  }

  private final ByteArrayOutputStream output = new ByteArrayOutputStream();

  private Cli cli(TestServices services) {
    return TestClusters.cli(services, cluster, output);
  }

  private static int earshot(Cli cli, String command, String job, List<String> settings) {
    List<String> args = new ArrayList<>(List.of(command, job));
    args.addAll(settings);
    return new Earshot().run(args.toArray(String[]::new), cli);
  }

  /** What the committed output topics hold so far, for a failure message. */
  private static String progress(KafkaTestClient kafka, String prefix) {
    SingleObjectCodec<MetricSnapshot> metricCodec = SingleObjectCodec.of(MetricSnapshot.class);
    SingleObjectCodec<Alert> alertCodec = SingleObjectCodec.of(Alert.class);
    return "committed: " + committed(kafka, Topic.ENRICHED.name(prefix)).size() + " enriched, "
        + committed(kafka, Topic.METRICS.name(prefix)).stream().map(metricCodec::decode)
            .map(MetricSnapshot::getMetricId).sorted().toList() + " metrics, "
        + committed(kafka, Topic.ALERTS.name(prefix)).stream().map(alertCodec::decode)
            .map(alert -> alert.getDetector() + "@" + alert.getSeriesKey()).toList() + " alerts, "
        + committed(kafka, Topic.DEAD_LETTERS.name(prefix)).size() + " dead letters, "
        + committed(kafka, Topic.LATE_INTERACTIONS.name(prefix)).size() + " late";
  }

  private static void await(BooleanSupplier condition, Duration patience, Supplier<String> state)
      throws InterruptedException {
    TestClusters.await(cluster, condition, patience, state);
  }
}
