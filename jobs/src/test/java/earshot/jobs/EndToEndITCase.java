package earshot.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import earshot.deploy.testing.ElasticsearchTestClient;
import earshot.deploy.testing.KafkaTestClient;
import earshot.deploy.testing.RealServicesExtension;
import earshot.deploy.testing.TestServices;
import earshot.jobs.config.EarshotConfig;
import earshot.jobs.config.Settings;
import earshot.jobs.run.LocalRunner;
import earshot.schemas.Alert;
import earshot.schemas.AlertState;
import earshot.schemas.Channel;
import earshot.schemas.DeadLetter;
import earshot.schemas.Index;
import earshot.schemas.Interaction;
import earshot.schemas.SingleObjectCodec;
import earshot.schemas.Topic;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The walking skeleton end to end: interactions written to a real Kafka, both jobs run on a Flink
 * MiniCluster, results read back from the real Elasticsearch and the alert topic.
 *
 * <p>Delivery and billing each get 20 NPS answers an hour for seven hours: 10 promoters, 6
 * passives, 4 detractors (NPS +30, 20% detractors). In the eighth hour 14 of delivery's 20 answers
 * are detractors; billing stays as it was.
 */
@ExtendWith(RealServicesExtension.class)
class EndToEndITCase {

  private static final Instant BASE = Instant.parse("2026-11-02T00:00:00Z");
  private static final int HOURS = 8;
  private static final int INCIDENT_HOUR = 7;

  private static String prefix;
  private static KafkaTestClient kafka;
  private static ElasticsearchTestClient elasticsearch;
  private static EarshotConfig config;
  private static int validInteractions;

  @BeforeAll
  static void runPipeline(TestServices services) throws Exception {
    prefix = TestServices.uniquePrefix("e2e");
    kafka = new KafkaTestClient(services.kafkaBootstrap());
    elasticsearch = new ElasticsearchTestClient(services.elasticsearchUrl());
    kafka.createTopics(prefix, 2);
    elasticsearch.installTemplates(prefix);
    config = EarshotConfig.builder()
        .put(Settings.KAFKA_BOOTSTRAP.key(), services.kafkaBootstrap(), "test")
        .put(Settings.ES_URL.key(), services.elasticsearchUrl(), "test")
        .put(Settings.TOPIC_PREFIX.key(), prefix, "test")
        .put(Settings.ES_INDEX_PREFIX.key(), prefix, "test")
        .put(Settings.CONSUMER_GROUP_PREFIX.key(), prefix + "group", "test")
        .put(Settings.WINDOWS.key(), "PT1H", "test")
        .put(Settings.MIN_SAMPLE.key(), "10", "test")
        .put(Settings.WARMUP_WINDOWS.key(), "3", "test")
        .put(Settings.CHECKPOINT_INTERVAL.key(), "PT1S", "test")
        .put(Settings.DIMENSIONS.key(), "channel,touchpoint", "test")
        .put(Settings.COMBINATIONS.key(), "", "test")
        .build();

    SingleObjectCodec<Interaction> codec = SingleObjectCodec.of(Interaction.class);
    List<byte[]> values = new ArrayList<>();
    List<Interaction> interactions = interactions();
    validInteractions = interactions.size();
    for (Interaction interaction : interactions) {
      values.add(codec.encode(interaction));
    }
    values.add(codec.encode(interactions.get(0))); // a re-delivery, dropped by deduplication
    values.add("{not json".getBytes(StandardCharsets.UTF_8));
    values.add(("{\"interactionId\":\"bad-nps\",\"channel\":\"CHAT\",\"occurredAt\":\"2026-11-02T01:00:00Z\",\"nps\":11}")
        .getBytes(StandardCharsets.UTF_8));
    values.add(("{\"interactionId\":\"bad-time\",\"channel\":\"CHAT\",\"occurredAt\":\"1970-01-01T00:00:00Z\"}")
        .getBytes(StandardCharsets.UTF_8));
    values.add(("{\"channel\":\"CHAT\",\"occurredAt\":\"2026-11-02T01:00:00Z\"}").getBytes(StandardCharsets.UTF_8));
    kafka.produce(Topic.INTERACTIONS.name(prefix), null, values);

    LocalRunner.runBoundedPipeline(config, 0);
  }

  private static List<Interaction> interactions() {
    List<Interaction> all = new ArrayList<>();
    for (int hour = 0; hour < HOURS; hour++) {
      for (String touchpoint : List.of("delivery", "billing")) {
        int detractors = hour == INCIDENT_HOUR && touchpoint.equals("delivery") ? 14 : 4;
        int passives = hour == INCIDENT_HOUR && touchpoint.equals("delivery") ? 3 : 6;
        for (int i = 0; i < 20; i++) {
          int nps = i < detractors ? 3 : i < detractors + passives ? 7 : 10;
          Instant at = BASE.plus(Duration.ofHours(hour)).plus(Duration.ofSeconds(60L * i + 7));
          Interaction.Builder b = Interaction.newBuilder()
              .setInteractionId(touchpoint + "-" + hour + "-" + i)
              .setChannel(Channel.CHAT)
              .setOccurredAt(at)
              .setTouchpoint(touchpoint)
              .setNps(nps);
          if (i == 0 && hour % 4 == 0) {
            b.setText(nps <= 6 ? "The courier never came and nobody answers." : "Thanks, all good.");
          }
          all.add(b.build());
        }
      }
    }
    return all;
  }

  @Test
  void everyValidInteractionIsIndexedOnce() throws Exception {
    assertThat(elasticsearch.count(Index.INTERACTIONS.pattern(prefix))).isEqualTo(validInteractions);
  }

  @Test
  void windowNpsMatchesTheValueWorkedOutByHand() throws Exception {
    // Hour 0 of delivery: 10 promoters, 6 passives, 4 detractors of 20 answers: NPS = (10 - 4) / 20 * 100 = 30.
    JsonNode metric = elasticsearch.findById(Index.METRICS.pattern(prefix), "touchpoint=delivery|3600s|2026-11-02T00:00:00Z");
    assertThat(metric).isNotNull();
    assertThat(metric.path("npsAnswers").asLong()).isEqualTo(20);
    assertThat(metric.path("nps").asDouble()).isEqualTo(30.0);
    assertThat(metric.path("detractorShare").asDouble()).isEqualTo(0.2);

    // The incident hour: 3 promoters, 3 passives, 14 detractors: NPS = (3 - 14) / 20 * 100 = -55.
    JsonNode incident = elasticsearch.findById(Index.METRICS.pattern(prefix), "touchpoint=delivery|3600s|2026-11-02T07:00:00Z");
    assertThat(incident.path("nps").asDouble()).isEqualTo(-55.0);

    // Global series, hour 0: both touchpoints, 40 answers, 20 promoters and 8 detractors: NPS = 30.
    JsonNode global = elasticsearch.findById(Index.METRICS.pattern(prefix), "global|3600s|2026-11-02T00:00:00Z");
    assertThat(global.path("interactions").asLong()).isEqualTo(40);
    assertThat(global.path("nps").asDouble()).isEqualTo(30.0);
  }

  @Test
  void theIncidentRaisesADetractorSpikeAlertOnTheAlertTopic() {
    SingleObjectCodec<Alert> codec = SingleObjectCodec.of(Alert.class);
    List<Alert> alerts = kafka.readCommitted(Topic.ALERTS.name(prefix)).stream()
        .map(r -> codec.decode(r.value())).toList();
    assertThat(alerts)
        .filteredOn(a -> a.getSeriesKey().equals("touchpoint=delivery") && a.getDetector().equals("DETRACTOR_SPIKE"))
        .singleElement()
        .satisfies(alert -> {
          assertThat(alert.getDetector()).isEqualTo("DETRACTOR_SPIKE");
          assertThat(alert.getState()).isEqualTo(AlertState.OPEN);
          assertThat(alert.getWindowStart()).isEqualTo(BASE.plus(Duration.ofHours(INCIDENT_HOUR)));
          assertThat(alert.getObserved()).isEqualTo(0.7);
          assertThat(alert.getBaseline()).isBetween(0.15, 0.3);
          assertThat(alert.getSampleSize()).isEqualTo(20);
          assertThat(alert.getSummary()).contains("touchpoint=delivery").contains("70%");
        });
    // The same hour's NPS fell from +30 to -55 on 20 answers: the NPS detector sees it too.
    assertThat(alerts).anySatisfy(a -> {
      assertThat(a.getDetector()).isEqualTo("NPS_DROP");
      assertThat(a.getSeriesKey()).isEqualTo("touchpoint=delivery");
      assertThat(a.getObserved()).isEqualTo(-55.0);
    });
    assertThat(alerts).noneMatch(a -> a.getSeriesKey().equals("touchpoint=billing"));
  }

  @Test
  void theAlertIsIndexedUnderItsId() throws Exception {
    List<JsonNode> alerts = elasticsearch.search(Index.ALERTS.pattern(prefix),
        "{\"query\":{\"bool\":{\"filter\":[{\"term\":{\"seriesKey\":\"touchpoint=delivery\"}},"
            + "{\"term\":{\"detector\":\"DETRACTOR_SPIKE\"}}]}}}");
    assertThat(alerts).singleElement().satisfies(a -> {
      assertThat(a.path("detector").asText()).isEqualTo("DETRACTOR_SPIKE");
      assertThat(a.path("history")).hasSize(1);
    });
  }

  @Test
  void badMessagesBecomeDeadLettersWithTheirBytesAndReason() {
    SingleObjectCodec<DeadLetter> codec = SingleObjectCodec.of(DeadLetter.class);
    List<ConsumerRecord<byte[], byte[]>> records = kafka.readCommitted(Topic.DEAD_LETTERS.name(prefix));
    List<DeadLetter> letters = records.stream().map(r -> codec.decode(r.value())).toList();
    assertThat(letters).hasSize(4);
    assertThat(letters).extracting(DeadLetter::getReason).anySatisfy(r -> assertThat(r).startsWith("not valid JSON"))
        .anySatisfy(r -> assertThat(r).contains("nps is 11"))
        .anySatisfy(r -> assertThat(r).contains("is before 2000-01-01"))
        .anySatisfy(r -> assertThat(r).contains("missing required field 'interactionId'"));
    assertThat(letters).allSatisfy(l -> {
      assertThat(l.getSourceTopic()).isEqualTo(Topic.INTERACTIONS.name(prefix));
      assertThat(l.getSourceOffset()).isNotNull();
      assertThat(l.getPayload().remaining()).isPositive();
    });
  }
}
