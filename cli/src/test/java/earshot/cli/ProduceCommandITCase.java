package earshot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import earshot.deploy.testing.KafkaTestClient;
import earshot.deploy.testing.RealServicesExtension;
import earshot.deploy.testing.TestServices;
import earshot.lab.generator.InteractionGenerator;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./earshot produce} against the real Kafka, into a topic of two partitions: a generated
 * file with bad lines planted in it arrives as exactly its valid interactions (Avro, keyed by
 * interaction id, a re-sent interaction in the same partition as the first copy), the bad lines
 * are reported with their line numbers, and the exit code says some were rejected.
 */
@ExtendWith(RealServicesExtension.class)
class ProduceCommandITCase {

  @TempDir
  Path dir;

  @Test
  void sendsExactlyTheValidLinesKeyedByIdAndReportsTheBadOnes(TestServices services) throws Exception {
    String prefix = TestServices.uniquePrefix("produce").replace('-', '.');
    KafkaTestClient kafka = new KafkaTestClient(services.kafkaBootstrap());
    kafka.createTopics(prefix, 2);

    Instant start = Instant.now().minus(Duration.ofDays(1)).truncatedTo(ChronoUnit.MINUTES);
    List<Interaction> generated = new ArrayList<>();
    new InteractionGenerator(start, Duration.ofHours(12), 3, 7, List.of()).generate(generated::add);
    assertThat(generated).hasSizeGreaterThan(500);

    // the file: the generated lines, a re-sent copy of one of them, and bad lines at known places
    List<String> lines = new ArrayList<>();
    Map<Integer, String> bad = new TreeMap<>();
    List<Interaction> valid = new ArrayList<>();
    for (int i = 0; i < generated.size(); i++) {
      if (i == 10) {
        bad.put(lines.size() + 1, "not valid JSON");
        lines.add("{\"interactionId\": \"broken\", ");
      }
      if (i == 200) {
        bad.put(lines.size() + 1, "nps is 42");
        lines.add(JsonCodec.toJson(Interaction.newBuilder(generated.get(i)).setInteractionId("bad-nps").setNps(42)
            .build()));
      }
      if (i == 300) {
        bad.put(lines.size() + 1, "is in the future");
        lines.add(JsonCodec.toJson(Interaction.newBuilder(generated.get(i)).setInteractionId("bad-future")
            .setOccurredAt(Instant.now().plus(Duration.ofDays(2))).build()));
      }
      if (i == 400) {
        bad.put(lines.size() + 1, "interactionId must not be blank");
        lines.add(JsonCodec.toJson(Interaction.newBuilder(generated.get(i)).setInteractionId(" ").build()));
      }
      lines.add(JsonCodec.toJson(generated.get(i)));
      valid.add(generated.get(i));
    }
    lines.add(JsonCodec.toJson(generated.get(5)));
    valid.add(generated.get(5));
    Path file = dir.resolve("interactions.jsonl");
    Files.write(file, lines, StandardCharsets.UTF_8);

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Cli cli = new Cli(RealServicesExtension.projectHome(), Map.of("EARSHOT_KAFKA_BOOTSTRAP", services.kafkaBootstrap(),
        "EARSHOT_ES_URL", services.elasticsearchUrl()), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    Instant sentFrom = Instant.now();
    int code = new Earshot().run(new String[] {"produce", "--input", file.toString(), "--set",
        "topics.prefix=" + prefix}, cli);

    String errors = err.toString(StandardCharsets.UTF_8);
    assertThat(code).as(errors).isEqualTo(3);
    List<String> rejections = errors.lines().filter(line -> line.contains(" rejected: ")).toList();
    assertThat(rejections).hasSize(bad.size());
    int n = 0;
    for (Map.Entry<Integer, String> entry : bad.entrySet()) {
      assertThat(rejections.get(n++)).startsWith("earshot produce: line " + entry.getKey() + " rejected: ")
          .contains(entry.getValue());
    }
    assertThat(out.toString(StandardCharsets.UTF_8)).contains(String.format("read %,d lines, sent %,d, rejected %d",
        lines.size(), valid.size(), bad.size()));

    List<ConsumerRecord<byte[], byte[]>> records = kafka.readCommitted(Topic.INTERACTIONS.name(prefix));
    assertThat(records).hasSize(valid.size());
    SingleObjectCodec<Interaction> codec = SingleObjectCodec.of(Interaction.class);
    Map<String, Set<Integer>> partitionsPerId = new HashMap<>();
    List<Interaction> received = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> record : records) {
      Interaction interaction = codec.decode(record.value());
      assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo(interaction.getInteractionId());
      assertThat(Instant.ofEpochMilli(record.timestamp())).isAfterOrEqualTo(sentFrom.truncatedTo(ChronoUnit.SECONDS));
      partitionsPerId.computeIfAbsent(interaction.getInteractionId(), id -> new java.util.HashSet<>())
          .add(record.partition());
      received.add(interaction);
    }
    assertThat(received).containsExactlyInAnyOrderElementsOf(valid);
    assertThat(partitionsPerId.get(generated.get(5).getInteractionId())).hasSize(1);
    assertThat(records.stream().map(ConsumerRecord::partition).collect(Collectors.toSet())).containsExactlyInAnyOrder(0, 1);
    // within a partition, the file's order
    for (int partition = 0; partition < 2; partition++) {
      int p = partition;
      List<Interaction> inPartition = records.stream().filter(r -> r.partition() == p)
          .sorted(java.util.Comparator.comparingLong(ConsumerRecord::offset)).map(r -> codec.decode(r.value())).toList();
      List<Interaction> expected = valid.stream().filter(inPartition::contains).toList();
      assertThat(inPartition).containsExactlyElementsOf(expected);
    }
  }

  @Test
  void aMissingTopicStopsTheCommandWithoutCreatingIt(TestServices services) throws Exception {
    String topic = TestServices.uniquePrefix("produce-missing").replace('-', '.') + "nowhere";
    Path file = dir.resolve("one.jsonl");
    Files.writeString(file, JsonCodec.toJson(Interaction.newBuilder().setInteractionId("i-1")
        .setChannel(earshot.schemas.Channel.CHAT).setOccurredAt(Instant.now()).build()) + "\n");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Cli cli = new Cli(RealServicesExtension.projectHome(), Map.of("EARSHOT_KAFKA_BOOTSTRAP", services.kafkaBootstrap(),
        "EARSHOT_ES_URL", services.elasticsearchUrl()), new PrintStream(new ByteArrayOutputStream(), true,
        StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

    int code = new Earshot().run(new String[] {"produce", "--input", file.toString(), "--topic", topic}, cli);

    assertThat(code).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("topic " + topic + " does not exist; run './earshot setup'");
    java.util.Properties properties = new java.util.Properties();
    properties.put("bootstrap.servers", services.kafkaBootstrap());
    try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(properties)) {
      assertThat(admin.listTopics().names().get()).doesNotContain(topic);
    }
  }
}
