package earshot.jobs.signals;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import earshot.deploy.testing.ElasticsearchTestClient;
import earshot.deploy.testing.KafkaTestClient;
import earshot.deploy.testing.RealServicesExtension;
import earshot.deploy.testing.TestServices;
import earshot.jobs.config.EarshotConfig;
import earshot.jobs.config.Settings;
import earshot.jobs.identity.IdentityHasher;
import earshot.jobs.io.Documents;
import earshot.jobs.io.EarshotSinks;
import earshot.jobs.run.LocalRunner;
import earshot.jobs.testing.SmallJobs;
import earshot.schemas.Channel;
import earshot.schemas.CustomerProfile;
import earshot.schemas.Direction;
import earshot.schemas.Index;
import earshot.schemas.Interaction;
import earshot.schemas.SingleObjectCodec;
import earshot.schemas.Topic;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The customers index (customer 360) on the real Kafka and Elasticsearch: both jobs run over a few
 * customers' interactions; the signals job fills {@code earshot-customers} with one document per
 * customer key, the newest profile of each, found by the customer id, and the compacted
 * {@code earshot.customers} topic with every profile it published. A stale profile written again
 * through the same sink does not replace the newer document; a replayed one rewrites it unchanged.
 */
@ExtendWith(RealServicesExtension.class)
class CustomersIndexITCase {

  private static final String SECRET = "integration-test-secret-0002";
  private static final IdentityHasher HASHER = new IdentityHasher(SECRET);
  private static final Instant T0 = Instant.parse("2026-11-02T09:00:00Z");

  private static String indexPrefix;
  private static String index;
  private static EarshotConfig config;
  private static ElasticsearchTestClient elasticsearch;
  /** Every profile the job published to the topic, per customer key, in the order published. */
  private static Map<String, List<CustomerProfile>> published;

  @BeforeAll
  static void runPipeline(TestServices services) throws Exception {
    indexPrefix = TestServices.uniquePrefix("customers");
    String topicPrefix = indexPrefix.replace('-', '.');
    KafkaTestClient kafka = new KafkaTestClient(services.kafkaBootstrap());
    kafka.createTopics(topicPrefix, 2);
    elasticsearch = new ElasticsearchTestClient(services.elasticsearchUrl());
    elasticsearch.installTemplates(indexPrefix);
    index = Index.CUSTOMERS.pattern(indexPrefix);
    config = SmallJobs.smallWindows(EarshotConfig.builder()
        .put(Settings.KAFKA_BOOTSTRAP.key(), services.kafkaBootstrap(), "test")
        .put(Settings.ES_URL.key(), services.elasticsearchUrl(), "test")
        .put(Settings.TOPIC_PREFIX.key(), topicPrefix, "test")
        .put(Settings.ES_INDEX_PREFIX.key(), indexPrefix, "test")
        .put(Settings.CONSUMER_GROUP_PREFIX.key(), topicPrefix + "group", "test")
, SECRET)
        .build();

    SingleObjectCodec<Interaction> codec = SingleObjectCodec.of(Interaction.class);
    List<byte[]> values = new ArrayList<>();
    for (Interaction interaction : interactions()) {
      values.add(codec.encode(interaction));
    }
    kafka.produce(Topic.INTERACTIONS.name(topicPrefix), null, values);
    LocalRunner.runBoundedPipeline(config, 0);

    SingleObjectCodec<CustomerProfile> profiles = SingleObjectCodec.of(CustomerProfile.class);
    published = kafka.readCommitted(Topic.CUSTOMERS.name(topicPrefix)).stream().map(r -> profiles.decode(r.value()))
        .collect(Collectors.groupingBy(CustomerProfile::getCustomerKey));
  }

  private static Interaction.Builder at(double hours, String id, String customerId, Channel channel) {
    return Interaction.newBuilder().setInteractionId(id).setCustomerId(customerId).setChannel(channel)
        .setOccurredAt(T0.plus(Duration.ofMinutes((long) (hours * 60)))).setDirection(Direction.INBOUND)
        .setTouchpoint("billing").setConsent(true).setLanguage("en");
  }

  /**
   * Alice (c-1, gold) is a promoter, then calls three times about her bill, unresolved, is transferred,
   * and asks angrily to cancel with a 2. Bob (c-2) answers a survey with a 9 and has a resolved chat.
   */
  private static List<Interaction> interactions() {
    return List.of(
        at(0, "alice-survey", "c-1", Channel.SURVEY).setNps(10).setAttributes(Map.of("valueTier", "gold")).build(),
        at(5, "alice-call-1", "c-1", Channel.CALL).setResolved(false).setTeam("billing-1")
            .setText("My bill is wrong again, this is the second time.").build(),
        at(9, "alice-call-2", "c-1", Channel.CALL).setResolved(false).setTransfers(2).setTeam("billing-2")
            .setText("Still not fixed, I was passed around for an hour.").build(),
        at(12, "alice-call-3", "c-1", Channel.CALL).setResolved(false).setNps(2).setTeam("retention")
            .setText("I want to cancel my contract now, I'm done with you. Unacceptable.").build(),
        at(1, "bob-survey", "c-2", Channel.SURVEY).setNps(9).build(),
        at(3, "bob-chat", "c-2", Channel.CHAT).setResolved(true).setText("Thanks, that solved it.").build());
  }

  private static JsonNode document(String customerId) throws Exception {
    return elasticsearch.findById(index, HASHER.customerKey(customerId));
  }

  private static CustomerProfile newest(String customerId) {
    return published.get(HASHER.customerKey(customerId)).stream()
        .max(Comparator.comparing(CustomerProfile::getUpdatedAt)).orElseThrow();
  }

  @Test
  void theJobWritesOneDocumentPerCustomerKeyHoldingItsNewestProfile() throws Exception {
    assertThat(published).containsOnlyKeys(HASHER.customerKey("c-1"), HASHER.customerKey("c-2"));
    assertThat(published.get(HASHER.customerKey("c-1"))).as("a profile per contact of Alice's").hasSizeGreaterThanOrEqualTo(4);
    assertThat(elasticsearch.count(index)).isEqualTo(2);

    JsonNode alice = document("c-1");
    CustomerProfile newest = newest("c-1");
    assertThat(alice.path("customerKey").asText()).isEqualTo(HASHER.customerKey("c-1"));
    assertThat(Instant.parse(alice.path("updatedAt").asText())).isEqualTo(newest.getUpdatedAt())
        .isAfterOrEqualTo(T0.plus(Duration.ofHours(12)));
    assertThat(alice.path("riskScore").asDouble()).isEqualTo(newest.getRiskScore()).isGreaterThanOrEqualTo(60);
    assertThat(alice.path("alertOpen").asBoolean()).isTrue();
    assertThat(alice.path("alertState").asText()).isIn("OPEN", "UPDATED");
    assertThat(alice.path("alertId").asText()).isEqualTo(newest.getAlertId()).isNotBlank();
    assertThat(alice.path("severity").asText()).isIn("WARNING", "CRITICAL");
    assertThat(alice.path("nextStep").asText()).isNotBlank();
    assertThat(alice.path("valueTier").asText()).isEqualTo("gold");
    List<String> codes = new ArrayList<>();
    alice.path("reasons").forEach(r -> codes.add(r.path("code").asText()));
    assertThat(codes).contains("PROMOTER_TO_DETRACTOR", "REPEAT_CONTACT", "HIGH_VALUE");
    List<String> contacts = new ArrayList<>();
    alice.path("lastContacts").forEach(c -> contacts.add(c.path("interactionId").asText()));
    assertThat(contacts).containsExactly("alice-call-3", "alice-call-2", "alice-call-1", "alice-survey");
    assertThat(alice.path("lastContacts").get(0).path("team").asText()).isEqualTo("retention");
    // Facts only: nothing Alice wrote reaches the index.
    assertThat(alice.toString()).doesNotContain("Unacceptable").doesNotContain("passed around");

    JsonNode bob = document("c-2");
    assertThat(bob.path("alertOpen").asBoolean()).isFalse();
    assertThat(bob.path("alertId").isNull() || bob.path("alertId").isMissingNode()).isTrue();
    assertThat(bob.path("riskScore").asDouble()).isLessThan(alice.path("riskScore").asDouble());
  }

  @Test
  void aCustomerIsFoundByCustomerIdAndTheRiskiestComeFirst() throws Exception {
    List<JsonNode> found = elasticsearch.search(index, "{\"query\":{\"term\":{\"customerId\":\"c-1\"}}}");
    assertThat(found).singleElement().satisfies(d -> assertThat(d.path("customerKey").asText())
        .isEqualTo(HASHER.customerKey("c-1")));
    // What the Kibana search "Customers at risk" asks: any risk, riskiest first.
    List<JsonNode> ranked = elasticsearch.search(index,
        "{\"query\":{\"range\":{\"riskScore\":{\"gt\":0}}},\"sort\":[{\"riskScore\":\"desc\"}]}");
    assertThat(ranked).isNotEmpty();
    assertThat(ranked.get(0).path("customerId").asText()).isEqualTo("c-1");
    List<JsonNode> byReason = elasticsearch.search(index,
        "{\"query\":{\"term\":{\"reasons.code\":\"REPEAT_CONTACT\"}}}");
    assertThat(byReason).extracting(d -> d.path("customerId").asText()).containsExactly("c-1");
  }

  @Test
  void aStaleProfileDoesNotReplaceTheNewerDocumentAndAReplayedOneRewritesItUnchanged() throws Exception {
    List<CustomerProfile> alices = published.get(HASHER.customerKey("c-1"));
    CustomerProfile oldest = alices.stream().min(Comparator.comparing(CustomerProfile::getUpdatedAt)).orElseThrow();
    CustomerProfile newest = newest("c-1");
    assertThat(oldest.getUpdatedAt()).isBefore(newest.getUpdatedAt());
    JsonNode before = document("c-1");

    // Through the job's own sink: the newest again (a replay), then the oldest (a stale retry).
    LocalRunner.run("stale-profiles", config, 0, (env, c) -> env
        .fromData(List.of(newest, oldest), new AvroTypeInfo<>(CustomerProfile.class)).uid("test-profiles").name("Profiles")
        .sinkTo(EarshotSinks.elasticsearch(c, "customers index", Documents.customers(indexPrefix)))
        .uid("test-customers-sink").name("Elasticsearch: customers"));

    assertThat(elasticsearch.count(index)).isEqualTo(2);
    JsonNode after = document("c-1");
    assertThat(after).isEqualTo(before);
    assertThat(Instant.parse(after.path("updatedAt").asText())).isEqualTo(newest.getUpdatedAt());
    JsonNode version = elasticsearch.request("GET",
        "/" + index + "/_doc/" + HASHER.customerKey("c-1"), null);
    assertThat(version.path("_version").asLong()).as("the external version is the profile's event time")
        .isEqualTo(newest.getUpdatedAt().toEpochMilli());
  }
}
