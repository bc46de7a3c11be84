package earshot.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import earshot.deploy.cluster.LocalFlinkCluster;
import earshot.deploy.testing.ElasticsearchTestClient;
import earshot.deploy.testing.KafkaTestClient;
import earshot.deploy.testing.RealServicesExtension;
import earshot.deploy.testing.SecuredKafka;
import earshot.deploy.testing.TestServices;
import earshot.jobs.config.ConfigurationException;
import earshot.jobs.config.EarshotConfig;
import earshot.jobs.config.Settings;
import earshot.jobs.enrich.EnrichJob;
import earshot.jobs.identity.IdentityHasher;
import earshot.jobs.run.LocalRunner;
import earshot.jobs.signals.SignalsJob;
import earshot.jobs.testing.SmallJobs;
import earshot.lab.generator.InteractionGenerator;
import earshot.schemas.Alert;
import earshot.schemas.Channel;
import earshot.schemas.Direction;
import earshot.schemas.EnrichedInteraction;
import earshot.schemas.Index;
import earshot.schemas.Interaction;
import earshot.schemas.JsonCodec;
import earshot.schemas.SingleObjectCodec;
import earshot.schemas.Topic;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Earshot against a secured Kafka broker ({@link SecuredKafka}: TLS with its own CA, SASL/SCRAM-SHA-512,
 * the StandardAuthorizer, and ACLs for the jobs' user on the {@code earshot.} topics, {@code earshot}
 * groups and {@code earshot.} transactional ids only), configured with nothing but Earshot's settings:
 * {@code setup} creates the topics, {@code produce} sends a JSON-lines file, {@code identities load}
 * publishes a CRM export, both jobs read and write through the broker (exactly-once sinks included), and
 * {@code tail} prints the alerts; then both jobs run again on a real standalone cluster, deployed with
 * {@code deploy all}. A wrong password or an untrusted broker certificate stops commands
 * and jobs at start with a message naming the setting; a topic outside the prefix is refused.
 */
@ExtendWith(RealServicesExtension.class)
class SecuredKafkaITCase {

  private static final String SECRET = "secured-kafka-test-secret-01";
  private static final IdentityHasher HASHER = new IdentityHasher(SECRET);

  @TempDir
  static Path dir;

  private static SecuredKafka broker;
  private static KafkaTestClient superuser;
  private static TestServices services;
  private static String indexPrefix;
  private static Result setup;
  private static Result produce;
  private static Result identities;
  private static Result tail;
  private static List<Interaction> produced;
  private static List<Alert> alerts;

  /** A command's exit code and what it printed. */
  record Result(int code, String out, String err) {}

  @BeforeAll
  static void runEverythingThroughTheSecuredBroker(TestServices shared) throws Exception {
    services = shared;
    broker = SecuredKafka.forTests().start();
    broker.allowEarshot("earshot.", "earshot");
    superuser = new KafkaTestClient(broker.adminBootstrap());
    indexPrefix = TestServices.uniquePrefix("secured-kafka");

    setup = run(broker.settings(), "setup");

    Instant start = Instant.now().minus(Duration.ofDays(2)).truncatedTo(ChronoUnit.HOURS);
    produced = new ArrayList<>();
    new InteractionGenerator(start, Duration.ofHours(2), 2, 11, List.of()).generate(produced::add);
    produced.addAll(churners(start.plus(Duration.ofHours(3))));
    Path file = dir.resolve("interactions.jsonl");
    Files.write(file, produced.stream().map(JsonCodec::toJson).toList(), StandardCharsets.UTF_8);
    produce = run(broker.settings(), "produce", "--input", file.toString());

    Path crm = dir.resolve("crm.csv");
    Files.write(crm, List.of("customer_id,email,phone,social_handle", "c-1,alice@example.net,,",
        "c-3,carol@example.net,+44 20 7946 0003,"), StandardCharsets.UTF_8);
    identities = run(broker.settings(), "identities", "load", "--csv", crm.toString());

    LocalRunner.runBoundedPipeline(jobConfig(broker.settings()), 0);

    SingleObjectCodec<Alert> codec = SingleObjectCodec.of(Alert.class);
    alerts = superuser.readCommitted(Topic.ALERTS.name("earshot.")).stream().map(r -> codec.decode(r.value())).toList();
    tail = run(broker.settings(), "tail", "alerts", "--from-beginning", "--max", Integer.toString(alerts.size()));
  }

  @AfterAll
  static void stopBroker() {
    if (broker != null) {
      broker.close();
    }
  }

  /**
   * Alice (c-1 in the CRM export) writes from her e-mail address only, asking angrily to cancel,
   * then calls twice about the same problem; Erin (c-5) calls with her customer id, transferred three
   * times, and asks to cancel.
   */
  private static List<Interaction> churners(Instant t) {
    return List.of(
        at(t, 0, "alice-mail", Channel.EMAIL).setEmail("alice@example.net")
            .setText("I want to cancel my contract now, I'm done with you. Unacceptable.").build(),
        at(t, 30, "alice-call-1", Channel.CALL).setEmail("alice@example.net").setTransfers(2).setNps(3)
            .setText("Third time I contact you about my bill and still nothing is fixed.").build(),
        at(t, 60, "alice-call-2", Channel.CALL).setEmail("alice@example.net").setTransfers(3).setNps(2).build(),
        at(t, 45, "erin-call", Channel.CALL).setCustomerId("c-5").setTransfers(3).setNps(2)
            .setText("I want to cancel my contract now, I'm done with you. Unacceptable.").build());
  }

  private static Interaction.Builder at(Instant t, int minutes, String id, Channel channel) {
    return Interaction.newBuilder().setInteractionId(id).setChannel(channel)
        .setOccurredAt(t.plus(Duration.ofMinutes(minutes))).setDirection(Direction.INBOUND)
        .setTouchpoint("billing").setResolved(false).setConsent(true).setLanguage("en");
  }

  /** Runs a command with the given Kafka settings (as EARSHOT_* variables) and the shared Elasticsearch. */
  private static Result run(Map<String, String> kafka, String... args) {
    return run(kafka, Map.of(), args);
  }

  private static Result run(Map<String, String> kafka, Map<String, String> more, String... args) {
    Map<String, String> environment = new HashMap<>();
    kafka.forEach((key, value) -> environment.put(Settings.all().get(key).environmentVariable(), value));
    environment.put("EARSHOT_ES_URL", services.elasticsearchUrl());
    environment.put("EARSHOT_IDENTITY_HASH_KEY", SECRET);
    environment.put(Settings.ES_INDEX_PREFIX.environmentVariable(), indexPrefix);
    environment.putAll(more);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Cli cli = new Cli(RealServicesExtension.projectHome(), environment, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    int code = new Earshot().run(args, cli);
    return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static EarshotConfig jobConfig(Map<String, String> kafka) {
    EarshotConfig.Builder builder = EarshotConfig.builder();
    kafka.forEach((key, value) -> builder.put(key, value, "test"));
    return SmallJobs.smallWindows(builder
        .put(Settings.ES_URL.key(), services.elasticsearchUrl(), "test")
        .put(Settings.ES_INDEX_PREFIX.key(), indexPrefix, "test")
, SECRET)
        .build();
  }

  @Test
  void setupCreatesTheTopicsAsTheJobsUser() throws Exception {
    assertThat(setup.code()).as(setup.err()).isZero();
    try (Admin admin = broker.admin()) {
      Set<String> topics = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      assertThat(topics).contains(Arrays.stream(Topic.values()).map(t -> t.name("earshot.")).toArray(String[]::new));
    }
  }

  @Test
  void produceSendsTheFileAndTheEnrichJobReadsAndWritesIt() throws Exception {
    assertThat(produce.code()).as(produce.err()).isZero();
    assertThat(superuser.readCommitted(Topic.INTERACTIONS.name("earshot."))).hasSize(produced.size());
    SingleObjectCodec<EnrichedInteraction> codec = SingleObjectCodec.of(EnrichedInteraction.class);
    List<String> enriched = superuser.readCommitted(Topic.ENRICHED.name("earshot.")).stream()
        .map(r -> codec.decode(r.value()).getInteraction().getInteractionId()).toList();
    assertThat(enriched).containsExactlyInAnyOrderElementsOf(produced.stream().map(Interaction::getInteractionId).toList());
    ElasticsearchTestClient elasticsearch = new ElasticsearchTestClient(services.elasticsearchUrl());
    elasticsearch.request("POST", "/" + Index.INTERACTIONS.pattern(indexPrefix) + "/_refresh", null);
    assertThat(elasticsearch.count(Index.INTERACTIONS.pattern(indexPrefix))).isEqualTo(produced.size());
  }

  @Test
  void theSignalsJobWritesMetricsAndChurnAlertsIncludingOneResolvedThroughTheLoadedIdentities() {
    assertThat(identities.code()).as(identities.err()).isZero();
    assertThat(identities.out()).contains("Loaded 3 identifiers of 2 rows");
    assertThat(superuser.readCommitted(Topic.METRICS.name("earshot."))).isNotEmpty();
    assertThat(alerts).filteredOn(a -> "CHURN_RISK".equals(a.getDetector())).extracting(Alert::getCustomerKey)
        .contains(HASHER.customerKey("c-1"), HASHER.customerKey("c-5"));
  }

  @Test
  void tailPrintsTheCommittedAlerts() throws Exception {
    assertThat(tail.code()).as(tail.err()).isZero();
    List<String> ids = new ArrayList<>();
    for (String line : tail.out().lines().toList()) {
      JsonNode alert = JsonCodec.mapper().readTree(line);
      ids.add(alert.path("alertId").asText());
    }
    assertThat(ids).isNotEmpty().containsExactlyInAnyOrderElementsOf(alerts.stream().map(Alert::getAlertId).toList());
  }

  /**
   * The same broker from a real standalone cluster: {@code deploy all} submits both jobs with the
   * secured settings (the truststore file is read on the TaskManager), {@code produce} feeds them under
   * a prefix of their own, and everything sent comes out enriched exactly once, indexed, and counted
   * in closed windows.
   */
  @Test
  void bothJobsRunOnAClusterAgainstTheSecuredBroker() throws Exception {
    LocalFlinkCluster cluster = TestClusters.start("secured-kafka-it");
    try {
      String topics = "earshot.cluster.";
      String index = TestServices.uniquePrefix("secured-cluster");
      Map<String, String> flink = Map.of("EARSHOT_FLINK_URL", cluster.endpoint(),
          Settings.ES_INDEX_PREFIX.environmentVariable(), index);
      String[] prefixes = {"--set", "topics.prefix=" + topics, "--set", "kafka.group-prefix=earshot-cluster-"};
      Result clusterSetup = run(broker.settings(), flink, concat(new String[] {"setup"}, prefixes));
      assertThat(clusterSetup.code()).as(clusterSetup.err()).isZero();
      Result deployed = run(broker.settings(), flink, concat(new String[] {"deploy", "all",
          "--set", "job.checkpoint-interval=PT2S", "--set", "job.parallelism=2"}, prefixes));
      assertThat(deployed.code()).as(deployed.out() + deployed.err()).isZero();
      assertThat(deployed.out() + deployed.err()).doesNotContain(broker.password());
      Result sent = run(broker.settings(), flink, concat(new String[] {"produce", "--input",
          dir.resolve("interactions.jsonl").toString()}, prefixes));
      assertThat(sent.code()).as(sent.err()).isZero();

      SingleObjectCodec<EnrichedInteraction> codec = SingleObjectCodec.of(EnrichedInteraction.class);
      List<String> expected = produced.stream().map(Interaction::getInteractionId).toList();
      TestClusters.await(cluster, () -> superuser.readCommitted(Topic.ENRICHED.name(topics)).size() >= expected.size()
          && !superuser.readCommitted(Topic.METRICS.name(topics)).isEmpty(), Duration.ofMinutes(4),
          () -> superuser.readCommitted(Topic.ENRICHED.name(topics)).size() + " of " + expected.size()
              + " enriched, " + superuser.readCommitted(Topic.METRICS.name(topics)).size() + " metrics");
      List<String> enriched = superuser.readCommitted(Topic.ENRICHED.name(topics)).stream()
          .map(r -> codec.decode(r.value()).getInteraction().getInteractionId()).toList();
      assertThat(enriched).containsExactlyInAnyOrderElementsOf(expected);
      ElasticsearchTestClient elasticsearch = new ElasticsearchTestClient(services.elasticsearchUrl());
      TestClusters.await(cluster, () -> {
        try {
          elasticsearch.request("POST", "/" + Index.INTERACTIONS.pattern(index) + "/_refresh", null);
          return elasticsearch.count(Index.INTERACTIONS.pattern(index)) == expected.size();
        } catch (java.io.IOException e) {
          return false;
        }
      }, Duration.ofMinutes(2), () -> "interactions index of " + index);
      // The password travels in the jobs' arguments; neither process may write it to its log.
      for (Path log : List.of(cluster.log(), cluster.taskManagerLog())) {
        assertThat(Files.readString(log, StandardCharsets.UTF_8)).as(log.toString()).doesNotContain(broker.password());
      }
    } finally {
      cluster.stop();
    }
  }

  private static String[] concat(String[] first, String[] second) {
    return Stream.concat(Arrays.stream(first), Arrays.stream(second)).toArray(String[]::new);
  }

  @Test
  void aWrongPasswordStopsCommandsAndJobsNamingTheSetting() {
    Map<String, String> wrong = broker.settings("not-the-password", broker.caCertificate());
    for (String[] command : List.of(new String[] {"setup"}, new String[] {"tail", "alerts", "--max", "1"},
        new String[] {"produce", "--input", dir.resolve("interactions.jsonl").toString()},
        new String[] {"identities", "load", "--csv", dir.resolve("crm.csv").toString()})) {
      Result result = run(wrong, command);
      assertThat(result.code()).as(String.join(" ", command) + ": " + result.err()).isEqualTo(2);
      assertThat(result.err()).contains("'kafka.sasl-jaas-config'").contains("refused the login")
          .doesNotContain("not-the-password");
    }
    assertThatThrownBy(() -> LocalRunner.run(EnrichJob.NAME, jobConfig(wrong), 0, (env, c) -> EnrichJob.attach(env, c, true)))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("'kafka.sasl-jaas-config'");
  }

  @Test
  void anUntrustedBrokerCertificateStopsCommandsAndJobsNamingTheSetting() {
    Map<String, String> untrusted = broker.settings(broker.password(), broker.otherCaCertificate());
    for (String[] command : List.of(new String[] {"setup"}, new String[] {"tail", "alerts", "--max", "1"},
        new String[] {"produce", "--input", dir.resolve("interactions.jsonl").toString()})) {
      Result result = run(untrusted, command);
      assertThat(result.code()).as(String.join(" ", command) + ": " + result.err()).isEqualTo(2);
      assertThat(result.err()).contains("'kafka.ssl-truststore'").contains("not signed by a CA in")
          .contains(broker.otherCaCertificate().toString());
    }
    assertThatThrownBy(() -> LocalRunner.run(SignalsJob.NAME, jobConfig(untrusted), 0,
        (env, c) -> SignalsJob.attach(env, c, true)))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("'kafka.ssl-truststore'");
  }

  @Test
  void topicsOutsideThePrefixAreRefusedToTheJobsUser() throws Exception {
    try (Admin admin = broker.admin()) {
      admin.createTopics(List.of(new NewTopic("other.interactions", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
    }
    Result produceElsewhere = run(broker.settings(), "produce", "--input", dir.resolve("interactions.jsonl").toString(),
        "--topic", "other.interactions");
    assertThat(produceElsewhere.code()).isEqualTo(1);
    assertThat(produceElsewhere.err()).contains("may not use topic other.interactions")
        .contains("Topic authorization failed");
    assertThat(superuser.readCommitted("other.interactions")).isEmpty();

    Result setupElsewhere = run(broker.settings(), "setup", "--set", "topics.prefix=elsewhere.");
    assertThat(setupElsewhere.code()).as(setupElsewhere.err()).isEqualTo(1);
    assertThat(setupElsewhere.err()).contains("may not create or change the topics named 'elsewhere....'")
        .containsIgnoringCase("authorization failed");
    try (Admin admin = broker.admin()) {
      Set<String> topics = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      assertThat(topics.stream().filter(t -> t.startsWith("elsewhere."))).isEmpty();
    }
    assertThat(Stream.of(setupElsewhere.err(), produceElsewhere.err()).collect(Collectors.joining()))
        .doesNotContain(broker.password());
  }
}
