package earshot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import earshot.deploy.testing.ElasticsearchTestClient;
import earshot.deploy.testing.KafkaTestClient;
import earshot.deploy.testing.RealServicesExtension;
import earshot.deploy.testing.TestServices;
import earshot.jobs.config.EarshotConfig;
import earshot.jobs.config.Settings;
import earshot.jobs.identity.IdentifierKind;
import earshot.jobs.identity.IdentityHasher;
import earshot.jobs.run.LocalRunner;
import earshot.jobs.testing.SmallJobs;
import earshot.schemas.Alert;
import earshot.schemas.Channel;
import earshot.schemas.CustomerSignal;
import earshot.schemas.CustomerSignalType;
import earshot.schemas.Direction;
import earshot.schemas.IdentityLink;
import earshot.schemas.IdentitySource;
import earshot.schemas.Index;
import earshot.schemas.Interaction;
import earshot.schemas.SingleObjectCodec;
import earshot.schemas.Topic;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./earshot identities load} and identity resolution in the signals job, on the real Kafka
 * (and Elasticsearch, where the jobs also write): a CRM export is loaded (a bad one loads nothing),
 * interactions that carry only an e-mail address or a phone number are resolved through it to the
 * right customer's journey, an identifier seen with its customer id is linked and published, an
 * identifier claimed by a second customer is reported, not merged, and a churn alert names the customer
 * id a contact gave (never an e-mail address or phone number) with the next step to take.
 */
@ExtendWith(RealServicesExtension.class)
class IdentityResolutionITCase {

  private static final String SECRET = "integration-test-secret-0001";
  private static final Instant T0 = Instant.parse("2026-11-02T09:00:00Z");
  private static final IdentityHasher HASHER = new IdentityHasher(SECRET);

  @TempDir
  static Path dir;

  private static String prefix;
  private static KafkaTestClient kafka;
  private static ElasticsearchTestClient elasticsearch;
  private static Map<String, String> environment;
  private static int badLoad;
  private static String badLoadErrors;
  private static int goodLoad;
  private static String goodLoadOutput;
  private static List<IdentityLink> crmRecords;

  @BeforeAll
  static void loadAndRun(TestServices services) throws Exception {
    prefix = TestServices.uniquePrefix("identities").replace('-', '.');
    kafka = new KafkaTestClient(services.kafkaBootstrap());
    kafka.createTopics(prefix, 2);
    elasticsearch = new ElasticsearchTestClient(services.elasticsearchUrl());
    elasticsearch.installTemplates(prefix.replace('.', '-'));
    environment = Map.of("EARSHOT_KAFKA_BOOTSTRAP", services.kafkaBootstrap(), "EARSHOT_ES_URL",
        services.elasticsearchUrl(), "EARSHOT_IDENTITY_HASH_KEY", SECRET);

    Path bad = dir.resolve("bad.csv");
    Files.write(bad, List.of("customer_id,email,phone,social_handle", "c-1,alice@example.net,,", "c-2,not-an-address,,",
        ",bob@example.net,,"), StandardCharsets.UTF_8);
    ByteArrayOutputStream badErr = new ByteArrayOutputStream();
    badLoad = run(new ByteArrayOutputStream(), badErr, "identities", "load", "--csv", bad.toString());
    badLoadErrors = badErr.toString(StandardCharsets.UTF_8);

    Path crm = dir.resolve("crm.csv");
    Files.write(crm, List.of("customer_id,email,phone,social_handle",
        "c-1,Alice@Example.net,+44 20 7946 0001,",
        "c-2,,,@bob",
        "c-3,carol@example.net,,"), StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    goodLoad = run(out, err, "identities", "load", "--csv", crm.toString());
    goodLoadOutput = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
    SingleObjectCodec<IdentityLink> links = SingleObjectCodec.of(IdentityLink.class);
    crmRecords = kafka.readCommitted(Topic.IDENTITIES.name(prefix)).stream().map(r -> links.decode(r.value())).toList();

    SingleObjectCodec<Interaction> codec = SingleObjectCodec.of(Interaction.class);
    List<byte[]> values = new ArrayList<>();
    for (Interaction interaction : interactions()) {
      values.add(codec.encode(interaction));
    }
    kafka.produce(Topic.INTERACTIONS.name(prefix), null, values);
    EarshotConfig config = SmallJobs.smallWindows(EarshotConfig.builder()
        .put(Settings.KAFKA_BOOTSTRAP.key(), services.kafkaBootstrap(), "test")
        .put(Settings.ES_URL.key(), services.elasticsearchUrl(), "test")
        .put(Settings.TOPIC_PREFIX.key(), prefix, "test")
        .put(Settings.ES_INDEX_PREFIX.key(), prefix.replace('.', '-'), "test")
        .put(Settings.CONSUMER_GROUP_PREFIX.key(), prefix + "group", "test")
, SECRET)
        .build();
    LocalRunner.runBoundedPipeline(config, 0);
  }

  private static int run(ByteArrayOutputStream out, ByteArrayOutputStream err, String... args) {
    Cli cli = new Cli(RealServicesExtension.projectHome(), environment, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--set";
    all[args.length + 1] = "topics.prefix=" + prefix;
    return new Earshot().run(all, cli);
  }

  private static Interaction.Builder at(double hours, String id, Channel channel) {
    return Interaction.newBuilder().setInteractionId(id).setChannel(channel)
        .setOccurredAt(T0.plus(Duration.ofMinutes((long) (hours * 60)))).setDirection(Direction.INBOUND)
        .setTouchpoint("billing").setResolved(false).setConsent(true).setLanguage("en");
  }

  /**
   * Alice (c-1) never gives her customer id: an angry e-mail asking to cancel, an SMS and a call from
   * her phone about the same billing problem, with a detractor answer. Dave (c-4, not in the CRM)
   * calls with his customer id and e-mail address (a promoter), then writes from that address alone
   * (a detractor). Bob (c-2) calls with Alice's e-mail address. Erin (c-5) calls with her customer
   * id, transferred three times, asks angrily to cancel and answers 2.
   */
  private static List<Interaction> interactions() {
    return List.of(
        at(0, "alice-mail", Channel.EMAIL).setEmail("alice@example.net")
            .setText("I want to cancel my contract now, I'm done with you. Unacceptable.").build(),
        at(2, "alice-sms", Channel.SMS).setPhone("0044 20 7946 0001")
            .setText("Third time I contact you about my bill and still nothing is fixed.").build(),
        at(4, "alice-call", Channel.CALL).setPhone("+442079460001").setTransfers(3).setNps(2).build(),
        at(1, "dave-call", Channel.CALL).setCustomerId("c-4").setEmail("dave@example.net").setNps(10).build(),
        at(5, "dave-mail", Channel.EMAIL).setEmail("Dave@Example.net").setText("Any news about my bill?").setNps(3).build(),
        at(3, "bob-call", Channel.CALL).setCustomerId("c-2").setEmail("alice@example.net").build(),
        at(6, "stranger-mail", Channel.EMAIL).setEmail("nobody@example.org").setText("Hello?").build(),
        at(7, "erin-call", Channel.CALL).setCustomerId("c-5").setTeam("care-voice").setTransfers(3).setNps(2)
            .setText("I want to cancel my contract now, I'm done with you. Unacceptable.").build());
  }

  @Test
  void aBadExportLoadsNothingAndSaysWhichLines() {
    assertThat(badLoad).isEqualTo(1);
    assertThat(badLoadErrors).contains("2 bad rows, nothing loaded").contains("line 3: email is not an e-mail address")
        .contains("line 4: customer_id is empty").doesNotContain("not-an-address");
    assertThat(crmRecords).as("only the good export's records").hasSize(4);
  }

  @Test
  void theExportIsPublishedHashedToTheCompactedIdentityTopic() {
    assertThat(goodLoad).as(goodLoadOutput).isZero();
    assertThat(goodLoadOutput).contains("Loaded 4 identifiers of 3 rows");
    assertThat(crmRecords).allSatisfy(link -> {
      assertThat(link.getSource()).isEqualTo(IdentitySource.CRM);
      assertThat(link.getCustomerKey()).matches("[0-9a-f]{32}");
    });
    assertThat(crmRecords).extracting(IdentityLink::getIdentifierKey).containsExactlyInAnyOrder(
        HASHER.identifierKey(IdentifierKind.EMAIL, "alice@example.net"),
        HASHER.identifierKey(IdentifierKind.PHONE, "+442079460001"),
        HASHER.identifierKey(IdentifierKind.HANDLE, "bob"),
        HASHER.identifierKey(IdentifierKind.EMAIL, "carol@example.net"));
    String raw = kafka.readCommitted(Topic.IDENTITIES.name(prefix)).stream()
        .map(r -> new String(r.value(), StandardCharsets.ISO_8859_1)).reduce("", String::concat);
    assertThat(raw).doesNotContain("example.net").doesNotContain("7946").doesNotContain("c-1");
  }

  @Test
  void interactionsWithOnlyAnEmailOrAPhoneReachTheirCustomersJourney() {
    SingleObjectCodec<Alert> codec = SingleObjectCodec.of(Alert.class);
    List<Alert> alerts = kafka.readCommitted(Topic.ALERTS.name(prefix)).stream().map(r -> codec.decode(r.value()))
        .filter(a -> HASHER.customerKey("c-1").equals(a.getCustomerKey())).toList();
    assertThat(alerts).as("Alice's churn alert, from interactions without her customer id").singleElement()
        .satisfies(alert -> {
          assertThat(alert.getDetector()).isEqualTo("CHURN_RISK");
          assertThat(alert.getCustomerId()).as("no contact of hers gave it").isNull();
          assertThat(alert.getNextStep()).isNotBlank();
          assertThat(alert.getLastContactChannel()).isEqualTo(Channel.CALL);
          assertThat(alert.getReasons()).extracting(r -> r.getCode()).contains("CANCEL_INTENT", "REPEAT_CONTACT");
          assertThat(alert.getReasons().stream().flatMap(r -> r.getInteractionIds().stream()))
              .contains("alice-mail", "alice-sms", "alice-call");
        });
  }

  @Test
  void theAlertIsIndexedWithTheCustomerKeyOnly() throws Exception {
    elasticsearch.request("POST", "/" + Index.ALERTS.pattern(prefix.replace('.', '-')) + "/_refresh", null);
    List<JsonNode> alerts = elasticsearch.search(Index.ALERTS.pattern(prefix.replace('.', '-')),
        "{\"query\":{\"term\":{\"customerKey\":\"" + HASHER.customerKey("c-1") + "\"}}}");
    assertThat(alerts).singleElement().satisfies(a -> {
      assertThat(a.path("detector").asText()).isEqualTo("CHURN_RISK");
      assertThat(a.toString()).doesNotContain("example.net").doesNotContain("7946").doesNotContain("\"c-1\"");
    });
  }

  @Test
  void anAlertSaysWhomToCallAndWhatToDoOnTheTopicAndInTheIndex() throws Exception {
    SingleObjectCodec<Alert> codec = SingleObjectCodec.of(Alert.class);
    List<Alert> published = kafka.readCommitted(Topic.ALERTS.name(prefix)).stream().map(r -> codec.decode(r.value()))
        .filter(a -> HASHER.customerKey("c-5").equals(a.getCustomerKey())).toList();
    assertThat(published).as("Erin's churn alert").singleElement().satisfies(alert -> {
      assertThat(alert.getCustomerId()).isEqualTo("c-5");
      assertThat(alert.getReasons().get(0).getCode()).isEqualTo("CANCEL_INTENT");
      assertThat(alert.getNextStep())
          .isEqualTo("Hand over to retention today: the customer asked to cancel in the call of 2 Nov.");
      assertThat(alert.getLastContactChannel()).isEqualTo(Channel.CALL);
      assertThat(alert.getLastContactTeam()).isEqualTo("care-voice");
    });
    // In Elasticsearch (strict mapping) the same fields, found by the customer id as a keyword.
    elasticsearch.request("POST", "/" + Index.ALERTS.pattern(prefix.replace('.', '-')) + "/_refresh", null);
    List<JsonNode> indexed = elasticsearch.search(Index.ALERTS.pattern(prefix.replace('.', '-')),
        "{\"query\":{\"bool\":{\"filter\":[{\"term\":{\"customerId\":\"c-5\"}},"
            + "{\"term\":{\"lastContactTeam\":\"care-voice\"}},{\"term\":{\"lastContactChannel\":\"CALL\"}}]}}}");
    assertThat(indexed).singleElement().satisfies(a -> {
      assertThat(a.path("customerKey").asText()).isEqualTo(HASHER.customerKey("c-5"));
      assertThat(a.path("nextStep").asText()).startsWith("Hand over to retention today");
    });
  }

  @Test
  void anIdentifierSeenWithItsCustomerIsLinkedAndResolvesTheNextInteraction() {
    SingleObjectCodec<IdentityLink> codec = SingleObjectCodec.of(IdentityLink.class);
    List<IdentityLink> learned = kafka.readCommitted(Topic.IDENTITIES.name(prefix)).stream()
        .map(r -> codec.decode(r.value())).filter(l -> l.getSource() == IdentitySource.LINKED).toList();
    assertThat(learned).singleElement().satisfies(link -> {
      assertThat(link.getIdentifierKey()).isEqualTo(HASHER.identifierKey(IdentifierKind.EMAIL, "dave@example.net"));
      assertThat(link.getCustomerKey()).isEqualTo(HASHER.customerKey("c-4"));
      assertThat(link.getInteractionId()).isEqualTo("dave-call");
    });
    SingleObjectCodec<CustomerSignal> signals = SingleObjectCodec.of(CustomerSignal.class);
    assertThat(kafka.readCommitted(Topic.CUSTOMER_SIGNALS.name(prefix)).stream().map(r -> signals.decode(r.value())))
        .as("Dave's e-mail, without his customer id, reached his journey").anySatisfy(signal -> {
          assertThat(signal.getType()).isEqualTo(CustomerSignalType.PROMOTER_TO_DETRACTOR);
          assertThat(signal.getCustomerKey()).isEqualTo(HASHER.customerKey("c-4"));
          assertThat(signal.getInteractionIds()).containsExactly("dave-call", "dave-mail");
        });
  }

  @Test
  void anotherCustomersUseOfAnIdentifierIsReportedNotMerged() {
    SingleObjectCodec<CustomerSignal> codec = SingleObjectCodec.of(CustomerSignal.class);
    List<CustomerSignal> conflicts = kafka.readCommitted(Topic.CUSTOMER_SIGNALS.name(prefix)).stream()
        .map(r -> codec.decode(r.value())).filter(s -> s.getType() == CustomerSignalType.IDENTITY_CONFLICT).toList();
    assertThat(conflicts).singleElement().satisfies(conflict -> {
      assertThat(conflict.getCustomerKey()).isEqualTo(HASHER.customerKey("c-1"));
      assertThat(conflict.getDetails()).containsEntry("otherCustomerKey", HASHER.customerKey("c-2"))
          .containsEntry("identifierKey", HASHER.identifierKey(IdentifierKind.EMAIL, "alice@example.net"))
          .containsEntry("resolution", "KEPT_EXISTING");
      assertThat(conflict.getInteractionIds()).containsExactly("bob-call");
    });
  }
}
