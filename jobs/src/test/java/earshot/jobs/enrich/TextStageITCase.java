package earshot.jobs.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import earshot.deploy.testing.ElasticsearchTestClient;
import earshot.deploy.testing.KafkaTestClient;
import earshot.deploy.testing.RealServicesExtension;
import earshot.deploy.testing.TestServices;
import earshot.jobs.config.EarshotConfig;
import earshot.jobs.config.Settings;
import earshot.jobs.run.LocalRunner;
import earshot.schemas.Channel;
import earshot.schemas.EnrichedInteraction;
import earshot.schemas.Index;
import earshot.schemas.Interaction;
import earshot.schemas.SingleObjectCodec;
import earshot.schemas.Topic;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The text stage inside the enrich job, on a real Kafka and Elasticsearch: text without consent
 * reaches neither the index nor the enriched topic, personal data is redacted before either sees
 * it, and sentiment, intents, key phrases and language land in the documents.
 */
@ExtendWith(RealServicesExtension.class)
class TextStageITCase {

  /** Words that must never leave the enrich job: they only occur in texts without consent. */
  private static final String SECRET = "Zephyrine Quillfeather";
  private static final String SECRET_EMAIL = "zq.private@example.com";

  private static String prefix;
  private static ElasticsearchTestClient elasticsearch;
  private static KafkaTestClient kafka;

  @BeforeAll
  static void runEnrichJob(TestServices services) throws Exception {
    prefix = TestServices.uniquePrefix("text");
    kafka = new KafkaTestClient(services.kafkaBootstrap());
    elasticsearch = new ElasticsearchTestClient(services.elasticsearchUrl());
    kafka.createTopics(prefix, 2);
    elasticsearch.installTemplates(prefix);
    EarshotConfig config = EarshotConfig.builder()
        .put(Settings.KAFKA_BOOTSTRAP.key(), services.kafkaBootstrap(), "test")
        .put(Settings.ES_URL.key(), services.elasticsearchUrl(), "test")
        .put(Settings.TOPIC_PREFIX.key(), prefix, "test")
        .put(Settings.ES_INDEX_PREFIX.key(), prefix, "test")
        .put(Settings.CONSUMER_GROUP_PREFIX.key(), prefix + "group", "test")
        .put(Settings.CHECKPOINT_INTERVAL.key(), "PT1S", "test")
        .put(Settings.CONSENT_DEFAULT.key(), "false", "test")
        .build();
    assertThat(config.get(Settings.TEXT_MODE)).isEqualTo("fast");

    SingleObjectCodec<Interaction> codec = SingleObjectCodec.of(Interaction.class);
    List<byte[]> values = new ArrayList<>();
    String privateText = "This is " + SECRET + ", I want to cancel, write to " + SECRET_EMAIL;
    values.add(codec.encode(interaction("no-consent", privateText, false)));
    values.add(codec.encode(interaction("consent-not-stated", privateText, null)));
    values.add(codec.encode(interaction("complaint", "Still waiting for my refund after three weeks, call me on "
        + "07700 900461 or mail jo.bloggs@example.com. Card 4111 1111 1111 1111, order 4111 1111 1111 1112.", true)));
    values.add(codec.encode(interaction("praise", "The engineer was brilliant, thank you so much!", true)));
    values.add(codec.encode(interaction("french", "Mon colis n'est toujours pas arrivé, c'est inadmissible.", true)));
    kafka.produce(Topic.INTERACTIONS.name(prefix), null, values);

    LocalRunner.run(EnrichJob.NAME, config, 0, (env, c) -> EnrichJob.attach(env, c, true));
  }

  private static Interaction interaction(String id, String text, Boolean consent) {
    return Interaction.newBuilder()
        .setInteractionId(id)
        .setChannel(Channel.EMAIL)
        .setOccurredAt(Instant.parse("2026-11-02T09:00:00Z"))
        .setText(text)
        .setConsent(consent)
        .setNps(2)
        .build();
  }

  private static JsonNode document(String id) throws Exception {
    JsonNode document = elasticsearch.findById(Index.INTERACTIONS.pattern(prefix), id);
    assertThat(document).as("document %s", id).isNotNull();
    return document;
  }

  @Test
  void textWithoutConsentReachesNoDocument() throws Exception {
    assertThat(elasticsearch.count(Index.INTERACTIONS.pattern(prefix))).isEqualTo(5);
    for (String id : List.of("no-consent", "consent-not-stated")) {
      JsonNode document = document(id);
      assertThat(document.path("interaction").path("text").isMissingNode()
          || document.path("interaction").path("text").isNull()).isTrue();
      assertThat(document.path("interaction").path("nps").asInt()).isEqualTo(2); // still counted in metrics
      JsonNode analysis = document.path("analysis");
      assertThat(analysis.path("status").asText()).isEqualTo("NO_CONSENT");
      assertThat(analysis.path("sentiment").isNull() || analysis.path("sentiment").isMissingNode()).isTrue();
      assertThat(analysis.path("intents")).isEmpty();
      assertThat(analysis.path("keyPhrases")).isEmpty();
    }
    for (JsonNode source : elasticsearch.search(Index.INTERACTIONS.pattern(prefix), "{\"query\":{\"match_all\":{}}}")) {
      assertThat(source.toString()).doesNotContain(SECRET, "Zephyrine", SECRET_EMAIL, "cancel");
    }
    for (String word : List.of("Zephyrine", "Quillfeather", "cancel")) {
      assertThat(elasticsearch.search(Index.INTERACTIONS.pattern(prefix),
          "{\"query\":{\"multi_match\":{\"query\":\"" + word + "\",\"fields\":[\"*\"]}}}")).as(word).isEmpty();
    }
  }

  @Test
  void textWithoutConsentIsNotOnTheEnrichedTopicEither() {
    List<ConsumerRecord<byte[], byte[]>> records = kafka.readCommitted(Topic.ENRICHED.name(prefix));
    assertThat(records).hasSize(5);
    SingleObjectCodec<EnrichedInteraction> codec = SingleObjectCodec.of(EnrichedInteraction.class);
    for (ConsumerRecord<byte[], byte[]> record : records) {
      assertThat(new String(record.value(), StandardCharsets.ISO_8859_1)).doesNotContain("Zephyrine", SECRET_EMAIL);
      EnrichedInteraction enriched = codec.decode(record.value());
      if (enriched.getInteraction().getConsent() != Boolean.TRUE) {
        assertThat(enriched.getInteraction().getText()).isNull();
      }
    }
  }

  @Test
  void personalDataIsRedactedAndTheTextAnalysed() throws Exception {
    JsonNode document = document("complaint");
    assertThat(document.path("interaction").path("text").asText()).isEqualTo("Still waiting for my refund after three "
        + "weeks, call me on [PHONE] or mail [EMAIL]. Card [CARD], order 4111 1111 1111 1112.");
    JsonNode analysis = document.path("analysis");
    assertThat(analysis.path("status").asText()).isEqualTo("ANALYSED");
    assertThat(analysis.path("language").asText()).isEqualTo("en");
    assertThat(analysis.path("sentiment").asText()).isEqualTo("NEGATIVE");
    assertThat(analysis.path("sentimentScore").asDouble()).isBetween(-1.0, 0.0);
    assertThat(analysis.path("confidence").asDouble()).isBetween(0.0, 1.0);
    assertThat(analysis.path("intents").toString()).contains("refund", "callback_request", "long_wait");
    assertThat(analysis.path("redactions").path("PHONE").asInt()).isEqualTo(1);
    assertThat(analysis.path("redactions").path("EMAIL").asInt()).isEqualTo(1);
    assertThat(analysis.path("redactions").path("CARD").asInt()).isEqualTo(1);
    assertThat(analysis.path("model").asText()).startsWith("earshot-fast-");

    JsonNode praise = document("praise").path("analysis");
    assertThat(praise.path("sentiment").asText()).isEqualTo("POSITIVE");
    assertThat(praise.path("intents").toString()).contains("praise");
    assertThat(praise.path("keyPhrases").toString()).contains("engineer");
  }

  @Test
  void otherLanguagesAreStoredWithTheirLanguageAndNoSentiment() throws Exception {
    JsonNode analysis = document("french").path("analysis");
    assertThat(analysis.path("status").asText()).isEqualTo("UNSUPPORTED_LANGUAGE");
    assertThat(analysis.path("language").asText()).isEqualTo("fr");
    assertThat(analysis.path("sentiment").isNull() || analysis.path("sentiment").isMissingNode()).isTrue();
  }

  @Test
  void theTextCanBeSearchedByIntent() throws Exception {
    List<JsonNode> refunds = elasticsearch.search(Index.INTERACTIONS.pattern(prefix),
        "{\"query\":{\"term\":{\"analysis.intents\":\"refund\"}}}");
    assertThat(refunds).extracting(d -> d.path("interaction").path("interactionId").asText()).containsExactly("complaint");
  }
}
