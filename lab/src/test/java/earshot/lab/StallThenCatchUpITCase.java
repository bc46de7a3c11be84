package earshot.lab;

import static org.assertj.core.api.Assertions.assertThat;

import earshot.deploy.testing.KafkaTestClient;
import earshot.deploy.testing.RealServicesExtension;
import earshot.deploy.testing.TestServices;
import earshot.jobs.config.EarshotConfig;
import earshot.jobs.config.Settings;
import earshot.jobs.enrich.EnrichJob;
import earshot.jobs.io.JobEnvironments;
import earshot.jobs.metrics.SeriesCatalog;
import earshot.jobs.metrics.WindowCounts;
import earshot.jobs.signals.SignalsJob;
import earshot.lab.generator.InteractionGenerator;
import earshot.schemas.AvroTrust;
import earshot.schemas.EnrichedInteraction;
import earshot.schemas.Interaction;
import earshot.schemas.MetricSnapshot;
import earshot.schemas.SingleObjectCodec;
import earshot.schemas.Topic;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An upstream stall, then a catch-up: both jobs run continuously on a 2-partition topic; traffic
 * stops for longer than the idleness settings (every partition goes idle, as when the enrich job or
 * Elasticsearch is down while producers keep sending elsewhere), then twenty minutes of interactions
 * arrive at once. No interaction may be late, no window may be published again (a revision means a
 * record came behind the watermark), and every closed window must count exactly the interactions in
 * it, and every enriched partition must be in event-time order (what the signals job relies on). Before
 * each job read its partitions with one reader that holds a partition back for a moment when it comes
 * back from idle, the first partition read after the pause carried event time past the others' records.
 */
@ExtendWith(RealServicesExtension.class)
class StallThenCatchUpITCase {

  private static final Duration WINDOW = Duration.ofMinutes(1);
  private static final Duration IDLENESS = Duration.ofSeconds(3);
  /** At most half the idleness (checked at start), and enough for two partitions in one fetch. */
  private static final Duration HOLD = Duration.ofMillis(1500);

  @ParameterizedTest(name = "parallelism {0}")
  @ValueSource(ints = {1, 2})
  void aBurstAfterEveryPartitionWentIdleIsNotLate(int parallelism, TestServices services) throws Exception {
    String prefix = TestServices.uniquePrefix("stall-p" + parallelism);
    KafkaTestClient kafka = new KafkaTestClient(services.kafkaBootstrap());
    kafka.createTopics(prefix, 2);
    EarshotConfig config = EarshotConfig.builder()
        .put(Settings.KAFKA_BOOTSTRAP.key(), services.kafkaBootstrap(), "test")
        .put(Settings.ES_URL.key(), services.elasticsearchUrl(), "test")
        .put(Settings.TOPIC_PREFIX.key(), prefix, "test")
        .put(Settings.ES_INDEX_PREFIX.key(), prefix, "test")
        .put(Settings.CONSUMER_GROUP_PREFIX.key(), prefix + "group", "test")
        .put(Settings.PARALLELISM.key(), Integer.toString(parallelism), "test")
        .put(Settings.CHECKPOINT_INTERVAL.key(), "PT1S", "test")
        .put(Settings.CHURN_ENABLED.key(), "false", "test")
        .put(Settings.RESUME_HOLD.key(), HOLD.toString(), "test")
        .put(Settings.TEXT_MODE.key(), "off", "test")
        .put(Settings.WINDOWS.key(), WINDOW.toString(), "test")
        .put(Settings.DIMENSIONS.key(), "channel,touchpoint", "test")
        .put(Settings.COMBINATIONS.key(), "", "test")
        .put(Settings.ENRICH_OUT_OF_ORDERNESS.key(), "PT1S", "test")
        .put(Settings.ENRICH_IDLENESS.key(), IDLENESS.toString(), "test")
        .put(Settings.OUT_OF_ORDERNESS.key(), "PT2S", "test")
        .put(Settings.IDLENESS.key(), IDLENESS.toString(), "test")
        .build();

    Instant start = Instant.now().minus(Duration.ofHours(6)).truncatedTo(ChronoUnit.HOURS);
    List<Interaction> before = generate(start, Duration.ofMinutes(5), 7);
    List<Interaction> burst = generate(start.plus(Duration.ofMinutes(5)), Duration.ofMinutes(20), 8);

    AvroTrust.install();
    Configuration flink = JobEnvironments.flinkConfiguration(config);
    flink.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY,
        Files.createTempDirectory("earshot-stall-").toUri().toString());
    StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(parallelism, flink);
    JobEnvironments.configure(env, config);
    EnrichJob.attach(env, config, false);
    SignalsJob.attach(env, config, false);
    JobClient job = env.executeAsync("earshot-stall-then-catch-up");
    try {
      produce(kafka, prefix, before);
      // Until both jobs have read it all and then nothing more for well over the idleness.
      awaitEnriched(kafka, prefix, before.size());
      Thread.sleep(IDLENESS.multipliedBy(2).plusSeconds(5).toMillis());
      produce(kafka, prefix, burst);
      awaitEnriched(kafka, prefix, before.size() + burst.size());
      Thread.sleep(15_000);
    } finally {
      job.cancel().get();
    }

    List<Interaction> all = new ArrayList<>(before);
    all.addAll(burst);
    SingleObjectCodec<MetricSnapshot> codec = SingleObjectCodec.of(MetricSnapshot.class);
    List<MetricSnapshot> metrics = kafka.readCommitted(Topic.METRICS.name(prefix), Duration.ofSeconds(30)).stream()
        .map(r -> codec.decode(r.value())).toList();
    // The enrich job's guarantee, which the signals job relies on: each enriched partition in event-time order.
    SingleObjectCodec<EnrichedInteraction> enrichedCodec = SingleObjectCodec.of(EnrichedInteraction.class);
    Map<Integer, Long> latestPerPartition = new HashMap<>();
    long outOfOrder = 0;
    long worstMillis = 0;
    for (var record : kafka.readCommitted(Topic.ENRICHED.name(prefix), Duration.ofSeconds(30))) {
      long time = enrichedCodec.decode(record.value()).getInteraction().getOccurredAt().toEpochMilli();
      long latest = latestPerPartition.merge(record.partition(), time, Math::max);
      if (time < latest) {
        outOfOrder++;
        worstMillis = Math.max(worstMillis, latest - time);
      }
    }
    System.out.printf("[stall test] enriched records behind an earlier one of their partition: %d (at most %d ms)%n",
        outOfOrder, worstMillis);
    List<String> republished = metrics.stream().filter(m -> m.getRevision() > 0)
        .map(m -> m.getMetricId() + "#" + m.getRevision()).toList();
    System.out.printf("[stall test] parallelism %d: %d interactions, %d metric snapshots, %d published again, "
            + "%d late%n", parallelism, all.size(), metrics.size(), republished.size(),
        kafka.readCommitted(Topic.LATE_INTERACTIONS.name(prefix)).size());
    assertThat(outOfOrder).as("enriched records behind an earlier one of their partition").isZero();
    assertThat(kafka.readCommitted(Topic.LATE_INTERACTIONS.name(prefix))).as("late interactions").isEmpty();
    assertThat(republished).as("windows published again").isEmpty();
    // Every window that closed before the stream ended (the last ones wait for more traffic) is exact.
    Instant closedBy = burst.get(burst.size() - 1).getOccurredAt().minus(WINDOW.multipliedBy(2));
    Map<String, Long> expected = WindowCounts.expected(all,
        SeriesCatalog.of(config.get(Settings.DIMENSIONS), config.get(Settings.COMBINATIONS)),
        config.get(Settings.WINDOWS));
    expected.keySet().removeIf(key -> !startsBefore(key, closedBy));
    Map<String, Long> published = WindowCounts.published(metrics, closedBy);
    assertThat(published).as("windows published").isNotEmpty();
    assertThat(WindowCounts.differences(expected, published, 20)).as("windows whose count differs").isEmpty();
  }

  private static boolean startsBefore(String windowKey, Instant instant) {
    long start = Long.parseLong(windowKey.substring(windowKey.lastIndexOf('|') + 1));
    return start < instant.toEpochMilli();
  }

  private static List<Interaction> generate(Instant start, Duration length, long seed) {
    List<Interaction> all = new ArrayList<>();
    new InteractionGenerator(start, length, 600, seed, List.of()).withFlatTraffic().generate(all::add);
    return all;
  }

  private static void produce(KafkaTestClient kafka, String prefix, List<Interaction> interactions) {
    SingleObjectCodec<Interaction> codec = SingleObjectCodec.of(Interaction.class);
    kafka.produce(Topic.INTERACTIONS.name(prefix),
        interactions.stream().map(i -> i.getInteractionId().getBytes(StandardCharsets.UTF_8)).toList(),
        interactions.stream().map(codec::encode).toList());
  }

  private static void awaitEnriched(KafkaTestClient kafka, String prefix, int count) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (kafka.readCommitted(Topic.ENRICHED.name(prefix)).size() < count) {
      assertThat(System.nanoTime()).as("%d enriched interactions within 3 minutes", count).isLessThan(deadline);
      Thread.sleep(1_000);
    }
  }
}
