package earshot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import earshot.deploy.cluster.FlinkRestClient;
import earshot.deploy.cluster.LocalFlinkCluster;
import earshot.deploy.services.LocalService;
import earshot.deploy.testing.ElasticsearchTestClient;
import earshot.deploy.testing.KafkaTestClient;
import earshot.deploy.testing.RealServicesExtension;
import earshot.deploy.testing.TestServices;
import earshot.jobs.churn.FollowUpCounts;
import earshot.jobs.config.EarshotConfig;
import earshot.jobs.config.Settings;
import earshot.jobs.enrich.EnrichJob;
import earshot.jobs.metrics.SeriesCatalog;
import earshot.jobs.metrics.WindowCounts;
import earshot.jobs.run.LocalRunner;
import earshot.jobs.signals.SignalsJob;
import earshot.lab.generator.Incident;
import earshot.lab.generator.InteractionGenerator;
import earshot.schemas.Alert;
import earshot.schemas.CustomerProfile;
import earshot.schemas.DeadLetter;
import earshot.schemas.EnrichedInteraction;
import earshot.schemas.Index;
import earshot.schemas.Interaction;
import earshot.schemas.MetricSnapshot;
import earshot.schemas.SingleObjectCodec;
import earshot.schemas.Topic;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Faults while live: both jobs run on a real standalone Flink cluster at parallelism 2 while a
 * producer thread sends generated interactions (20 a second, event time = now, a detractor spike
 * on delivery planted after the first minutes) without pause. One after another, each once the
 * stream has caught up with the previous one: the TaskManager is killed with SIGKILL and a new one
 * started; the Kafka broker is stopped and started again (same port, same data); Elasticsearch is
 * stopped for a minute and started again (same data). The jobs restart by themselves (the cluster's
 * default restart strategy) or wait (the Elasticsearch sink retries).
 *
 * <p>Afterwards a read_committed consumer and Elasticsearch must hold exactly what a run without
 * faults holds: every interaction enriched and indexed once; every closed window's counts equal to
 * those worked out from the interactions sent; no late interaction, the same dead letters; and the
 * metrics, alert versions and customer profiles equal to those of the same input run without faults
 * as a bounded pipeline on a MiniCluster (for the windows the live run closed). The recovery time of
 * each fault is printed.
 *
 * <p>Needs the test services this JVM starts itself: with external Kafka and Elasticsearch it is skipped.
 * It is the longest test by far (about ten minutes); {@code -Dearshot.fault-tests=false} leaves it out.
 */
@ExtendWith(RealServicesExtension.class)
@DisabledIfSystemProperty(named = "earshot.fault-tests", matches = "false",
    disabledReason = "left out with -Dearshot.fault-tests=false")
class FaultsWhileLiveITCase {

  private static final Duration WINDOW = Duration.ofMinutes(1);
  private static final double PER_MINUTE = 1200;
  /** How long after the last record sent the live run's windows are sure to have closed (out-of-orderness, ordering, commits). */
  private static final Duration CLOSING_MARGIN = Duration.ofSeconds(20);
  private static final Duration PATIENCE = Duration.ofMinutes(5);
  private static final Duration INCIDENT_START = Duration.ofMinutes(2);
  /** The shortest live traffic: the incident's windows after the detectors' warm-up. */
  private static final Duration MIN_TRAFFIC = Duration.ofMinutes(8);

  private static LocalFlinkCluster cluster;

  @BeforeAll
  static void startCluster() throws IOException {
    Assumptions.assumeTrue(RealServicesExtension.localService("kafka").isPresent()
        && RealServicesExtension.localService("elasticsearch").isPresent(),
        "this test stops and starts Kafka and Elasticsearch: it runs only on the services it starts itself");
    cluster = TestClusters.start("faults-it");
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.stop();
    }
  }

  /** A fault and how the stream came back from it. */
  record Recovery(String fault, double outageSeconds, double movingSeconds, double caughtUpSeconds) {
    String line() {
      return String.format("[faults test] %-38s outage %5.1f s; output moving %5.1f s and caught up %5.1f s after it ended",
          fault, outageSeconds, movingSeconds, caughtUpSeconds);
    }
  }

  @Test
  void liveTrafficSurvivesATaskManagerCrashAKafkaRestartAndAnElasticsearchOutageWithExactOutputs(TestServices services)
      throws Exception {
    long testStart = System.nanoTime();
    String prefix = TestServices.uniquePrefix("faults");
    KafkaTestClient kafka = new KafkaTestClient(services.kafkaBootstrap());
    ElasticsearchTestClient elasticsearch = new ElasticsearchTestClient(services.elasticsearchUrl());
    kafka.createTopics(prefix, 2);
    elasticsearch.installTemplates(prefix);
    List<String> settings = List.of(
        "text.mode=off",
        "job.parallelism=2",
        "job.checkpoint-interval=PT2S",
        "signals.windows=" + WINDOW,
        "signals.dimensions=channel,touchpoint",
        "signals.combinations=",
        "detect.min-sample=10",
        "detect.warmup-windows=2",
        "enrich.out-of-orderness=PT1S",
        "signals.out-of-orderness=PT2S");
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    Cli cli = TestClusters.cli(services, cluster, output);
    FlinkRestClient flink = new FlinkRestClient(cluster.endpoint());
    assertThat(earshot(cli, "deploy", prefix, settings)).as(output.toString(StandardCharsets.UTF_8)).isZero();

    // Twenty minutes of traffic generated ahead (more than a loaded machine needs); the producer sends each record when the clock reaches it
    // and is stopped once the three faults are over.
    Instant start = Instant.now().plusSeconds(2);
    List<Interaction> planned = new ArrayList<>();
    new InteractionGenerator(start, Duration.ofMinutes(20), PER_MINUTE, 42,
        List.of(new Incident("DETRACTOR_SPIKE", Map.of("touchpoint", "delivery"), start.plus(INCIDENT_START),
            start.plus(Duration.ofMinutes(20)), 0.7, null)))
        .withFlatTraffic().generate(planned::add);
    LiveProducer producer = new LiveProducer(services.kafkaBootstrap(), Topic.INTERACTIONS.name(prefix), planned);
    CommittedCounter enriched = new CommittedCounter(services.kafkaBootstrap(), Topic.ENRICHED.name(prefix));
    LongSupplier indexed = () -> count(elasticsearch, Index.INTERACTIONS.pattern(prefix));
    List<Recovery> recoveries = new ArrayList<>();
    try (producer; enriched) {
      producer.start();
      enriched.start();
      await(() -> enriched.count() >= 400, PATIENCE, () -> progress(producer, enriched, indexed));

      // 1. The TaskManager dies (SIGKILL); a new one registers, the jobs restart from their last checkpoints.
      long faultStart = System.nanoTime();
      cluster.killTaskManager();
      cluster.startTaskManager();
      recoveries.add(recovery("TaskManager killed (kill -9), new one", faultStart, producer, enriched::count,
          () -> progress(producer, enriched, indexed)));

      // 2. The broker stops (clean shutdown) and starts again on the same port with the same log folder.
      LocalService broker = RealServicesExtension.localService("kafka").orElseThrow();
      faultStart = System.nanoTime();
      broker.stop();
      Thread.sleep(10_000);
      broker.start();
      recoveries.add(recovery("Kafka broker stopped and restarted", faultStart, producer, enriched::count,
          () -> progress(producer, enriched, indexed)));

      // 3. Elasticsearch is away for a minute: the sinks retry, back-pressure holds the jobs, nothing is dropped.
      LocalService node = RealServicesExtension.localService("elasticsearch").orElseThrow();
      faultStart = System.nanoTime();
      node.stop();
      Thread.sleep(60_000);
      node.start();
      recoveries.add(recovery("Elasticsearch stopped for a minute", faultStart, producer, indexed,
          () -> progress(producer, enriched, indexed)));

      Thread.sleep(20_000);
      // However fast the faults were over, the planted incident gets enough windows to be alerted.
      Instant enough = start.plus(MIN_TRAFFIC);
      while (Instant.now().isBefore(enough)) {
        Thread.sleep(1_000);
      }
      producer.finish();
    }
    assertThat(producer.failure()).as("the producer's sends").isNull();
    List<Interaction> sent = producer.sent();
    Set<String> sentIds = sent.stream().map(Interaction::getInteractionId).collect(Collectors.toCollection(TreeSet::new));
    Instant lastEvent = sent.get(sent.size() - 1).getOccurredAt();
    // Windows ending by then must have closed in the live run; later ones may still be open.
    Instant closedBy = lastEvent.minus(CLOSING_MARGIN).truncatedTo(ChronoUnit.MINUTES);
    System.out.printf("[faults test] %d interactions sent live from %s to %s; windows up to %s compared%n",
        sent.size(), start, lastEvent, closedBy);

    // Every closed window counts exactly the interactions sent in it.
    EarshotConfig live = config(services, prefix, settings);
    Map<String, Long> expectedCounts = before(WindowCounts.expected(sent,
        SeriesCatalog.of(live.get(Settings.DIMENSIONS), live.get(Settings.COMBINATIONS)), live.get(Settings.WINDOWS)),
        closedBy.minus(WINDOW));
    SingleObjectCodec<MetricSnapshot> metricCodec = SingleObjectCodec.of(MetricSnapshot.class);
    Supplier<List<MetricSnapshot>> liveMetrics = () -> committed(kafka, Topic.METRICS.name(prefix)).stream()
        .map(metricCodec::decode).toList();
    await(() -> interactionCounts(liveMetrics.get(), closedBy.minus(WINDOW)).equals(expectedCounts), PATIENCE,
        () -> WindowCounts.differences(expectedCounts, interactionCounts(liveMetrics.get(),
            closedBy.minus(WINDOW)), 10) + "; " + progress(producer, enriched, indexed));
    // The last records are released by the enrich job once its input has been quiet for enrich.idleness.
    // Counted by a fresh read_committed read: the follower's count only times the recoveries.
    AtomicInteger enrichedNow = new AtomicInteger();
    await(() -> {
      enrichedNow.set(committed(kafka, Topic.ENRICHED.name(prefix)).size());
      return enrichedNow.get() >= sentIds.size();
    }, PATIENCE, () -> enrichedNow.get() + " enriched (read again); " + progress(producer, enriched, indexed));
    assertThat(flink.runningJob(EnrichJob.NAME)).as("the enrich job still runs").isPresent();
    assertThat(flink.runningJob(SignalsJob.NAME)).as("the signals job still runs").isPresent();

    Outputs faulted = Outputs.read(kafka, prefix);
    assertThat(faulted.enrichedIds).as("enriched interactions").hasSize(sentIds.size()).doesNotHaveDuplicates();
    assertThat(new TreeSet<>(faulted.enrichedIds)).isEqualTo(sentIds);
    assertThat(faulted.late).as("late interactions").isEmpty();
    assertThat(faulted.metricVersions).as("metric snapshots").doesNotHaveDuplicates();
    assertThat(faulted.alertVersions).as("alert versions").doesNotHaveDuplicates();
    assertThat(faulted.deadLetterIds).as("dead letters").doesNotHaveDuplicates();
    for (String name : List.of(EnrichJob.NAME, SignalsJob.NAME)) {
      flink.cancel(flink.runningJob(name).orElseThrow().id());
    }

    // The same input without faults: a bounded run of both jobs on a MiniCluster, under another prefix.
    String referencePrefix = TestServices.uniquePrefix("faults-reference");
    kafka.createTopics(referencePrefix, 2);
    elasticsearch.installTemplates(referencePrefix);
    SingleObjectCodec<Interaction> codec = SingleObjectCodec.of(Interaction.class);
    kafka.produce(Topic.INTERACTIONS.name(referencePrefix),
        sent.stream().map(i -> i.getInteractionId().getBytes(StandardCharsets.UTF_8)).toList(),
        sent.stream().map(codec::encode).toList());
    long referenceStart = System.nanoTime();
    LocalRunner.runBoundedPipeline(config(services, referencePrefix, settings), 0);
    System.out.printf("[faults test] reference run without faults: %.1f s%n", (System.nanoTime() - referenceStart) / 1e9);
    Outputs reference = Outputs.read(kafka, referencePrefix);

    assertThat(new TreeSet<>(reference.enrichedIds)).isEqualTo(sentIds);
    // Windows published again (a revision) were judged by the detectors on their first publication only,
    // so a live revision explains an alert that differs from the reference's.
    System.out.printf("[faults test] windows published again: live %s, reference %s%n",
        faulted.revisedMetrics(), reference.revisedMetrics());
    assertThat(faulted.deadLetterIds).as("dead letters").containsExactlyInAnyOrderElementsOf(reference.deadLetterIds);
    // Metrics: every window the live run published is the reference's, with the same counts; every
    // reference window that had closed live was published live.
    assertThat(faulted.metrics).isNotEmpty();
    assertThat(reference.metrics).containsAllEntriesOf(faulted.metrics);
    assertThat(faulted.metrics).containsAllEntriesOf(reference.metricsBefore(closedBy));
    // Alerts: the planted spike opened at least one; every version the live run wrote is the
    // reference's; every reference version of a window closed live was written live.
    assertThat(reference.alertVersionsBefore(closedBy)).as("reference alerts").isNotEmpty();
    // On a difference, every version of both runs with its window and figures says where they parted.
    String bothRuns = "live: " + faulted.alertVersionDetails.values() + "; reference: "
        + reference.alertVersionDetails.values();
    // A series with a window published again live was judged on that window before its late records
    // came, and its baseline learned from it: its alerts may part from the reference's from then on, so
    // the alerts compared are those of the other series.
    Set<String> revised = faulted.revisedSeries();
    List<String> liveCompared = faulted.alertVersionsOutside(faulted.alertVersions, revised);
    List<String> referenceCompared = reference.alertVersionsOutside(reference.alertVersionsBefore(closedBy), revised);
    System.out.printf("[faults test] alert versions compared: live %d of %d, reference %d (series with windows "
        + "published again live: %s)%n", liveCompared.size(), faulted.alertVersions.size(), referenceCompared.size(),
        revised);
    assertThat(reference.alertVersions).as(bothRuns).containsAll(liveCompared);
    assertThat(faulted.alertVersions).as(bothRuns).containsAll(referenceCompared);
    if (revised.isEmpty()) {
      assertThat(liveCompared).as("without revisions every alert version is compared").isEqualTo(faulted.alertVersions);
    }
    // Customer profiles (several may share an event time, so as many of each as the reference has):
    // the same rule by the profile's event time.
    Map<String, Long> liveProfiles = frequencies(faulted.profileVersions);
    Map<String, Long> referenceProfiles = frequencies(reference.profileVersions);
    assertThat(liveProfiles).allSatisfy((version, times) ->
        assertThat(times).as(version).isLessThanOrEqualTo(referenceProfiles.getOrDefault(version, 0L)));
    assertThat(liveProfiles).containsAllEntriesOf(frequencies(reference.profileVersionsBefore(closedBy.minus(WINDOW))));

    // Elasticsearch: one document per interaction, metric, alert and customer, by their ids. Its sinks
    // flush when a checkpoint is taken, and the Kafka transactions commit when that checkpoint
    // completes; the jobs ran on until they were cancelled after the Kafka outputs were read. So the
    // indices may hold the documents of a checkpoint more than the topics: each document the topics
    // name must be there, and any other must be one that the run without faults wrote too.
    await(() -> indexed.getAsLong() == sentIds.size(), PATIENCE, () -> progress(producer, enriched, indexed));
    assertThat(ids(elasticsearch, Index.INTERACTIONS.pattern(prefix))).isEqualTo(sentIds);
    await(() -> idsOrEmpty(elasticsearch, Index.METRICS.pattern(prefix)).containsAll(faulted.metrics.keySet())
            && idsOrEmpty(elasticsearch, Index.ALERTS.pattern(prefix)).containsAll(faulted.alertIds()), PATIENCE,
        () -> count(elasticsearch, Index.METRICS.pattern(prefix)) + " metric documents for " + faulted.metrics.size()
            + " metrics published, " + count(elasticsearch, Index.ALERTS.pattern(prefix)) + " alert documents for "
            + faulted.alertIds().size() + " alerts published");
    Set<String> metricDocuments = ids(elasticsearch, Index.METRICS.pattern(prefix));
    Set<String> alertDocuments = ids(elasticsearch, Index.ALERTS.pattern(prefix));
    Set<String> customerDocuments = ids(elasticsearch, Index.CUSTOMERS.pattern(prefix));
    assertThat(metricDocuments).containsAll(faulted.metrics.keySet());
    assertThat(reference.metrics.keySet()).as("metric documents").containsAll(metricDocuments);
    assertThat(alertDocuments).containsAll(faulted.alertIds());
    Set<String> expectedAlertDocuments = new TreeSet<>(reference.alertIds());
    faulted.alertVersions.stream().filter(version -> !liveCompared.contains(version))
        .forEach(version -> expectedAlertDocuments.add(version.substring(0, version.indexOf('#'))));
    assertThat(expectedAlertDocuments).as("alert documents (the reference's, or live ones on series published again)")
        .containsAll(alertDocuments);
    assertThat(customerDocuments).containsAll(faulted.customerKeys());
    assertThat(reference.customerKeys()).as("customer documents").containsAll(customerDocuments);

    recoveries.forEach(recovery -> System.out.println(recovery.line()));
    System.out.printf("[faults test] exact after the faults: %d interactions, %d metrics, %d alert versions (%d alerts), "
            + "%d customer profiles, %d dead letters, 0 late; Elasticsearch %d metric, %d alert and %d customer documents"
            + " (%d, %d and %d beyond the topics read before the jobs were cancelled); test took %.0f s%n",
        sentIds.size(), faulted.metrics.size(), faulted.alertVersions.size(), faulted.alertIds().size(),
        faulted.profileVersions.size(), faulted.deadLetterIds.size(), metricDocuments.size(), alertDocuments.size(),
        customerDocuments.size(), metricDocuments.size() - faulted.metrics.size(),
        alertDocuments.size() - faulted.alertIds().size(), customerDocuments.size() - faulted.customerKeys().size(),
        (System.nanoTime() - testStart) / 1e9);
  }

  /**
   * Waits for the stream to come back after a fault that ended now: the output moves past what it
   * held when the fault ended, then reaches everything sent by then.
   */
  private static Recovery recovery(String fault, long faultStart, LiveProducer producer, LongSupplier output,
      Supplier<String> state) throws InterruptedException {
    long ended = System.nanoTime();
    long atEnd = output.getAsLong();
    long sentByEnd = producer.sentCount();
    long deadline = ended + PATIENCE.toNanos();
    long moving = -1;
    while (true) {
      long now = output.getAsLong();
      if (moving < 0 && now > atEnd) {
        moving = System.nanoTime();
      }
      if (now >= sentByEnd) {
        long caughtUp = System.nanoTime();
        Recovery recovery = new Recovery(fault, (ended - faultStart) / 1e9,
            ((moving < 0 ? caughtUp : moving) - ended) / 1e9, (caughtUp - ended) / 1e9);
        System.out.println(recovery.line());
        return recovery;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(fault + ": the output did not reach the " + sentByEnd + " interactions sent by the "
            + "fault's end within " + PATIENCE + " (" + state.get() + "); see the cluster's logs beside " + cluster.log());
      }
      Thread.sleep(250);
    }
  }

  /** What a run wrote to the Kafka topics under one prefix, as a read_committed consumer sees it. */
  private record Outputs(List<String> enrichedIds, List<String> late, List<String> deadLetterIds,
      List<String> metricVersions, Map<String, Long> metrics, Map<String, Instant> metricEnds,
      List<String> alertVersions, Map<String, Instant> alertVersionEnds, Map<String, String> alertVersionDetails,
      Map<String, String> alertVersionSeries, List<String> profileVersions, Map<String, Instant> profileTimes) {

    static Outputs read(KafkaTestClient kafka, String prefix) {
      SingleObjectCodec<EnrichedInteraction> enrichedCodec = SingleObjectCodec.of(EnrichedInteraction.class);
      SingleObjectCodec<MetricSnapshot> metricCodec = SingleObjectCodec.of(MetricSnapshot.class);
      SingleObjectCodec<Alert> alertCodec = SingleObjectCodec.of(Alert.class);
      SingleObjectCodec<CustomerProfile> profileCodec = SingleObjectCodec.of(CustomerProfile.class);
      SingleObjectCodec<DeadLetter> deadLetterCodec = SingleObjectCodec.of(DeadLetter.class);
      List<String> enriched = committed(kafka, Topic.ENRICHED.name(prefix)).stream()
          .map(value -> enrichedCodec.decode(value).getInteraction().getInteractionId()).toList();
      List<String> late = committed(kafka, Topic.LATE_INTERACTIONS.name(prefix)).stream()
          .map(value -> enrichedCodec.decode(value).getInteraction().getInteractionId()).toList();
      List<String> deadLetters = committed(kafka, Topic.DEAD_LETTERS.name(prefix)).stream()
          .map(value -> deadLetterCodec.decode(value).getDeadLetterId()).toList();
      List<String> metricVersions = new ArrayList<>();
      Map<String, Long> metrics = new TreeMap<>();
      Map<String, Instant> metricEnds = new TreeMap<>();
      for (byte[] value : committed(kafka, Topic.METRICS.name(prefix))) {
        MetricSnapshot metric = metricCodec.decode(value);
        metricVersions.add(metric.getMetricId() + "#" + metric.getRevision());
        metrics.put(metric.getMetricId(), metric.getInteractions());
        metricEnds.put(metric.getMetricId(), metric.getWindowStart().plusSeconds(metric.getWindowSeconds()));
      }
      List<String> alertVersions = new ArrayList<>();
      Map<String, Instant> alertEnds = new TreeMap<>();
      Map<String, String> alertDetails = new TreeMap<>();
      Map<String, String> alertSeries = new TreeMap<>();
      for (byte[] value : committed(kafka, Topic.ALERTS.name(prefix))) {
        Alert alert = alertCodec.decode(value);
        String version = alert.getAlertId() + "#" + alert.getVersion() + "#" + alert.getState();
        alertVersions.add(version);
        Instant at = alert.getWindowEnd().isAfter(alert.getUpdatedAt()) ? alert.getWindowEnd() : alert.getUpdatedAt();
        alertEnds.put(version, at);
        alertSeries.put(version, alert.getSeriesKey() + "|" + alert.getWindowSeconds() + "s");
        alertDetails.put(version, String.format("%s %s window to %s: %s %.4f against %.4f, %s %.2f", version,
            alert.getSeverity(), alert.getWindowEnd(), alert.getMetric(), alert.getObserved(), alert.getBaseline(),
            alert.getStatisticName(), alert.getStatistic()));
      }
      List<String> profileVersions = new ArrayList<>();
      Map<String, Instant> profileTimes = new TreeMap<>();
      for (byte[] value : committed(kafka, Topic.CUSTOMERS.name(prefix))) {
        CustomerProfile profile = profileCodec.decode(value);
        String version = profile.getCustomerKey() + "#" + profile.getUpdatedAt().toEpochMilli();
        profileVersions.add(version);
        profileTimes.put(version, profile.getUpdatedAt());
      }
      return new Outputs(enriched, late, deadLetters, metricVersions, metrics, metricEnds, alertVersions, alertEnds,
          alertDetails, alertSeries, profileVersions, profileTimes);
    }

    Map<String, Long> metricsBefore(Instant end) {
      Map<String, Long> closed = new TreeMap<>();
      metrics.forEach((id, count) -> {
        if (!metricEnds.get(id).isAfter(end)) {
          closed.put(id, count);
        }
      });
      return closed;
    }

    List<String> alertVersionsBefore(Instant end) {
      return alertVersions.stream().filter(version -> !alertVersionEnds.get(version).isAfter(end)).toList();
    }

    List<String> profileVersionsBefore(Instant end) {
      return profileVersions.stream().filter(version -> profileTimes.get(version).isBefore(end)).toList();
    }

    List<String> revisedMetrics() {
      return metricVersions.stream().filter(version -> !version.endsWith("#0")).toList();
    }

    /** The series and window lengths ({@code channel=CALL|60s}) with a window published again. */
    Set<String> revisedSeries() {
      return revisedMetrics().stream().map(version -> version.substring(0, version.lastIndexOf('|')))
          .collect(Collectors.toCollection(TreeSet::new));
    }

    /** The alert versions on none of the given series. */
    List<String> alertVersionsOutside(List<String> versions, Set<String> series) {
      return versions.stream().filter(version -> !series.contains(alertVersionSeries.get(version))).toList();
    }

    Set<String> alertIds() {
      return alertVersions.stream().map(version -> version.substring(0, version.indexOf('#')))
          .collect(Collectors.toCollection(TreeSet::new));
    }

    Set<String> customerKeys() {
      return profileVersions.stream().map(version -> version.substring(0, version.indexOf('#')))
          .collect(Collectors.toCollection(TreeSet::new));
    }
  }

  /**
   * Sends planned interactions to Kafka as the wall clock reaches their event time, from its own
   * thread, until {@link #finish}. Sends survive a broker restart: the idempotent producer buffers
   * and retries for minutes without reordering or duplicating.
   */
  private static final class LiveProducer implements AutoCloseable {
    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final List<Interaction> planned;
    private final AtomicInteger sent = new AtomicInteger();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final Thread thread;

    LiveProducer(String bootstrap, String topic, List<Interaction> planned) {
      Properties properties = new Properties();
      properties.put("bootstrap.servers", bootstrap);
      properties.put("acks", "all");
      properties.put("enable.idempotence", "true");
      properties.put("linger.ms", "5");
      properties.put("delivery.timeout.ms", "600000");
      properties.put("max.block.ms", "600000");
      properties.put("key.serializer", ByteArraySerializer.class.getName());
      properties.put("value.serializer", ByteArraySerializer.class.getName());
      this.producer = new KafkaProducer<>(properties);
      this.topic = topic;
      this.planned = planned;
      this.thread = new Thread(this::run, "faults-test-producer");
    }

    void start() {
      thread.start();
    }

    private void run() {
      SingleObjectCodec<Interaction> codec = SingleObjectCodec.of(Interaction.class);
      try {
        for (Interaction interaction : planned) {
          long wait = interaction.getOccurredAt().toEpochMilli() - System.currentTimeMillis();
          if (wait > 0) {
            Thread.sleep(wait);
          }
          if (!running.get()) {
            return;
          }
          producer.send(new ProducerRecord<>(topic, null, interaction.getOccurredAt().toEpochMilli(),
              interaction.getInteractionId().getBytes(StandardCharsets.UTF_8), codec.encode(interaction)),
              (metadata, e) -> {
                if (e != null) {
                  failure.compareAndSet(null, e);
                }
              });
          sent.incrementAndGet();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException e) {
        failure.compareAndSet(null, e);
      }
    }

    long sentCount() {
      return sent.get();
    }

    /** Stops sending and waits until everything sent is acknowledged. */
    void finish() throws InterruptedException {
      running.set(false);
      thread.join();
      producer.flush();
    }

    List<Interaction> sent() {
      return planned.subList(0, sent.get());
    }

    Exception failure() {
      return failure.get();
    }

    @Override
    public void close() throws InterruptedException {
      finish();
      producer.close();
    }
  }

  /** Counts a topic's committed records as they arrive (read_committed), from its own thread. */
  private static final class CommittedCounter implements AutoCloseable {
    private final String bootstrap;
    private final String topic;
    private final AtomicLong count = new AtomicLong();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    CommittedCounter(String bootstrap, String topic) {
      this.bootstrap = bootstrap;
      this.topic = topic;
      this.thread = new Thread(this::run, "faults-test-follower");
      thread.setDaemon(true);
    }

    void start() {
      thread.start();
    }

    long count() {
      return count.get();
    }

    private void run() {
      try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(KafkaTestClient.readCommittedConsumer(bootstrap))) {
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
            .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        while (running.get()) {
          try {
            count.addAndGet(consumer.poll(Duration.ofMillis(250)).count());
          } catch (org.apache.kafka.common.errors.RetriableException e) {
            // the broker is away: the consumer carries on from its position when it is back
          }
        }
      }
    }

    @Override
    public void close() throws InterruptedException {
      running.set(false);
      thread.join(10_000);
    }
  }

  private static EarshotConfig config(TestServices services, String prefix, List<String> settings) {
    EarshotConfig.Builder builder = EarshotConfig.builder()
        .override("kafka.bootstrap-servers=" + services.kafkaBootstrap())
        .override("elasticsearch.url=" + services.elasticsearchUrl())
        .override("topics.prefix=" + prefix)
        .override("elasticsearch.index-prefix=" + prefix)
        .override("kafka.group-prefix=" + prefix + "group");
    settings.forEach(builder::override);
    return builder.build();
  }

  private static int earshot(Cli cli, String command, String prefix, List<String> settings) {
    List<String> args = new ArrayList<>(List.of(command, "all",
        "--set", "topics.prefix=" + prefix,
        "--set", "elasticsearch.index-prefix=" + prefix,
        "--set", "kafka.group-prefix=" + prefix + "group"));
    settings.forEach(setting -> {
      args.add("--set");
      args.add(setting);
    });
    return new Earshot().run(args.toArray(String[]::new), cli);
  }

  private static Map<String, Long> frequencies(List<String> values) {
    return values.stream().collect(Collectors.groupingBy(value -> value, TreeMap::new, Collectors.counting()));
  }

  /** The windows that start before {@code before}. */
  /**
   * The published counts of the interaction series: the follow-up series count follow-up events, and a
   * day's are published when the day closes (a run that crosses midnight UTC), whatever was sent.
   */
  private static Map<String, Long> interactionCounts(List<MetricSnapshot> snapshots, Instant before) {
    Map<String, Long> counts = WindowCounts.published(snapshots, before);
    counts.keySet().removeIf(key -> key.equals(FollowUpCounts.GLOBAL) || key.startsWith(FollowUpCounts.GLOBAL + "|"));
    return counts;
  }

  private static Map<String, Long> before(Map<String, Long> counts, Instant before) {
    Map<String, Long> kept = new TreeMap<>();
    counts.forEach((key, count) -> {
      if (Long.parseLong(key.substring(key.lastIndexOf('|') + 1)) < before.toEpochMilli()) {
        kept.put(key, count);
      }
    });
    return kept;
  }

  /** The ids of every document under an index pattern, read page by page with a scroll. */
  private static Set<String> ids(ElasticsearchTestClient elasticsearch, String pattern) throws IOException {
    elasticsearch.request("POST", "/" + pattern + "/_refresh?ignore_unavailable=true&allow_no_indices=true", null);
    JsonNode page = elasticsearch.request("POST", "/" + pattern
        + "/_search?scroll=1m&size=5000&ignore_unavailable=true&allow_no_indices=true", "{\"_source\":false}");
    Set<String> ids = new TreeSet<>();
    while (page.path("hits").path("hits").size() > 0) {
      page.path("hits").path("hits").forEach(hit -> ids.add(hit.path("_id").asText()));
      page = elasticsearch.request("POST", "/_search/scroll",
          "{\"scroll\":\"1m\",\"scroll_id\":\"" + page.path("_scroll_id").asText() + "\"}");
    }
    return ids;
  }

  /** {@link #ids}, or none while they cannot be read (for waiting). */
  private static Set<String> idsOrEmpty(ElasticsearchTestClient elasticsearch, String pattern) {
    try {
      return ids(elasticsearch, pattern);
    } catch (IOException | RuntimeException e) {
      return Set.of();
    }
  }

  private static List<byte[]> committed(KafkaTestClient kafka, String topic) {
    return kafka.readCommitted(topic, Duration.ofSeconds(30)).stream().map(r -> r.value()).toList();
  }

  private static long count(ElasticsearchTestClient elasticsearch, String pattern) {
    try {
      return elasticsearch.count(pattern);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  private static String progress(LiveProducer producer, CommittedCounter enriched, LongSupplier indexed) {
    return producer.sentCount() + " sent, " + enriched.count() + " enriched (committed), " + indexed.getAsLong()
        + " indexed";
  }

  private static void await(BooleanSupplier condition, Duration patience, Supplier<String> state)
      throws InterruptedException {
    TestClusters.await(cluster, condition, patience, state);
  }
}
