package earshot.lab;

import static org.assertj.core.api.Assertions.assertThat;

import earshot.deploy.testing.ElasticsearchTestClient;
import earshot.deploy.testing.KafkaTestClient;
import earshot.deploy.testing.RealServicesExtension;
import earshot.deploy.testing.TestServices;
import earshot.jobs.config.EarshotConfig;
import earshot.jobs.config.Settings;
import earshot.jobs.metrics.SeriesCatalog;
import earshot.jobs.metrics.WindowCounts;
import earshot.jobs.run.LocalRunner;
import earshot.lab.generator.InteractionGenerator;
import earshot.schemas.Index;
import earshot.schemas.Interaction;
import earshot.schemas.MetricSnapshot;
import earshot.schemas.SingleObjectCodec;
import earshot.schemas.Topic;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * History loaded faster than real time gives the same metrics as the history itself: a backfill of
 * two days, all of it in a 2-partition input topic before the jobs start (the jobs read it as fast as
 * they can, one partition ahead of the other whenever the reader favours it), and input partitions
 * whose event times are hours apart. Every window's interaction count must equal the count worked out
 * from the input, per series and window, with no record late and the interactions index exact.
 */
@ExtendWith(RealServicesExtension.class)
class BackfillITCase {

  private static final Instant START = Instant.now().minus(Duration.ofDays(3)).truncatedTo(ChronoUnit.DAYS);

  @ParameterizedTest(name = "parallelism {0}")
  @ValueSource(ints = {1, 2})
  void aTwoDayBackfillGivesExactMetrics(int parallelism, TestServices services) throws Exception {
    List<Interaction> history = generate(START, Duration.ofDays(2), 4.0, 11);
    Run run = new Run(services, "backfill-p" + parallelism, parallelism);
    run.produceByKey(history);
    run.assertExact(history);
  }

  @Test
  void inputPartitionsHoursApartGiveExactMetrics(TestServices services) throws Exception {
    // Partition 0 starts six hours after partition 1: read from their starts at the same pace, the
    // reader of partition 0 is six hours ahead of the other.
    List<Interaction> early = generate(START, Duration.ofHours(30), 6.0, 21);
    List<Interaction> partition0 = new ArrayList<>();
    List<Interaction> partition1 = new ArrayList<>();
    Instant split = START.plus(Duration.ofHours(6));
    for (int i = 0; i < early.size(); i++) {
      Interaction interaction = early.get(i);
      boolean first = interaction.getOccurredAt().isBefore(split) || i % 2 == 1;
      (first ? partition1 : partition0).add(interaction);
    }
    Run run = new Run(services, "apart", 2);
    run.produceToPartition(0, partition0);
    run.produceToPartition(1, partition1);
    run.assertExact(early);
  }

  private static List<Interaction> generate(Instant start, Duration length, double perMinute, long seed) {
    List<Interaction> all = new ArrayList<>();
    new InteractionGenerator(start, length, perMinute, seed, List.of()).generate(all::add);
    return all;
  }

  /** One pipeline run under its own topic and index prefix. */
  private static final class Run {
    final String prefix;
    final KafkaTestClient kafka;
    final ElasticsearchTestClient elasticsearch;
    final EarshotConfig config;

    Run(TestServices services, String name, int parallelism) throws Exception {
      prefix = TestServices.uniquePrefix(name);
      String bootstrap = services.kafkaBootstrap();
      kafka = new KafkaTestClient(bootstrap);
      elasticsearch = new ElasticsearchTestClient(services.elasticsearchUrl());
      kafka.createTopics(prefix, 2);
      elasticsearch.installTemplates(prefix);
      config = EarshotConfig.builder()
          .put(Settings.KAFKA_BOOTSTRAP.key(), bootstrap, "test")
          .put(Settings.ES_URL.key(), services.elasticsearchUrl(), "test")
          .put(Settings.TOPIC_PREFIX.key(), prefix, "test")
          .put(Settings.ES_INDEX_PREFIX.key(), prefix, "test")
          .put(Settings.CONSUMER_GROUP_PREFIX.key(), prefix + "group", "test")
          .put(Settings.PARALLELISM.key(), Integer.toString(parallelism), "test")
          .put(Settings.CHECKPOINT_INTERVAL.key(), "PT2S", "test")
          .put(Settings.CHURN_ENABLED.key(), "false", "test")
          .build();
    }

    void produceByKey(List<Interaction> interactions) {
      produce(null, interactions);
    }

    void produceToPartition(int partition, List<Interaction> interactions) {
      produce(partition, interactions);
    }

    private void produce(Integer partition, List<Interaction> interactions) {
      SingleObjectCodec<Interaction> codec = SingleObjectCodec.of(Interaction.class);
      kafka.produce(Topic.INTERACTIONS.name(prefix), partition,
          interactions.stream().map(i -> i.getInteractionId().getBytes(StandardCharsets.UTF_8)).toList(),
          interactions.stream().map(codec::encode).toList());
    }

    void assertExact(List<Interaction> input) throws Exception {
      LocalRunner.runBoundedPipeline(config, 0);

      assertThat(kafka.readCommitted(Topic.LATE_INTERACTIONS.name(prefix))).as("late interactions").isEmpty();
      assertThat(elasticsearch.count(Index.INTERACTIONS.pattern(prefix))).as("interactions indexed")
          .isEqualTo(input.size());

      Map<String, Long> expected = WindowCounts.expected(input,
          SeriesCatalog.of(config.get(Settings.DIMENSIONS), config.get(Settings.COMBINATIONS)),
          config.get(Settings.WINDOWS));
      SingleObjectCodec<MetricSnapshot> codec = SingleObjectCodec.of(MetricSnapshot.class);
      Map<String, Long> published = WindowCounts.published(kafka.readCommitted(Topic.METRICS.name(prefix),
          Duration.ofSeconds(120)).stream().map(r -> codec.decode(r.value())).toList(), null);
      assertThat(WindowCounts.differences(expected, published, 20))
          .as("windows whose interaction count differs from the input's (of %d)", expected.size()).isEmpty();
    }
  }
}
