package earshot.jobs.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import earshot.deploy.testing.ElasticsearchTestClient;
import earshot.deploy.testing.KafkaTestClient;
import earshot.deploy.testing.RealServicesExtension;
import earshot.deploy.testing.TestServices;
import earshot.jobs.config.EarshotConfig;
import earshot.jobs.config.Settings;
import earshot.jobs.io.CsvRecords;
import earshot.jobs.run.LocalRunner;
import earshot.schemas.Channel;
import earshot.schemas.DeadLetter;
import earshot.schemas.EnrichedInteraction;
import earshot.schemas.Interaction;
import earshot.schemas.SingleObjectCodec;
import earshot.schemas.TextStatus;
import earshot.schemas.Topic;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every record accounted for, on real customer text: the 3,080 customer-service queries of the
 * Banking77 test split (data/real/banking77, CC BY 4.0) become interactions on a 2-partition topic
 * (JSON and Avro, channels and directions written as producers write them, times in several
 * forms), some deliberately broken (bad JSON, an unknown channel, NPS 11), and some with a social
 * handle that cannot be normalised. The enrich job runs at parallelism 2 on a MiniCluster against
 * the real Kafka; its outputs are read with read_committed.
 *
 * <p>Asserted exactly: every input message is either one enriched record (by interaction id,
 * TEXT_TIMEOUT included) or one dead letter (by source partition and offset), never both, never
 * twice, never neither; each broken message is a dead letter with the expected reason.
 */
@ExtendWith(RealServicesExtension.class)
class RealCorpusITCase {

  static final Path CORPUS = Path.of("data/real/banking77/test.csv");

  /** What is deliberately wrong with a line, if anything. */
  enum Fault {
    NONE, BAD_JSON, UNKNOWN_CHANNEL, NPS_11, BAD_HANDLE
  }

  /** The channel as each producer writes it: symbols and synonyms, cycled through the lines. */
  private static final List<String> CHANNEL_WORDS = List.of("CHAT", "email", "phone", "Live Chat", "text message",
      "twitter", "app", "e-mail", "voice", "webchat", "SMS", "survey");
  private static final Map<String, Channel> CHANNEL_OF = Map.ofEntries(Map.entry("CHAT", Channel.CHAT),
      Map.entry("email", Channel.EMAIL), Map.entry("phone", Channel.CALL), Map.entry("Live Chat", Channel.CHAT),
      Map.entry("text message", Channel.SMS), Map.entry("twitter", Channel.SOCIAL), Map.entry("app", Channel.APP),
      Map.entry("e-mail", Channel.EMAIL), Map.entry("voice", Channel.CALL), Map.entry("webchat", Channel.CHAT),
      Map.entry("SMS", Channel.SMS), Map.entry("survey", Channel.SURVEY));

  private static String prefix;
  private static KafkaTestClient kafka;
  private static List<String> texts;
  private static List<Fault> faults;
  private static List<byte[]> values;
  private static List<EnrichedInteraction> enriched;
  private static List<ConsumerRecord<byte[], byte[]>> deadLetterRecords;

  static Fault faultOf(int line) {
    if (line % 97 == 13) {
      return Fault.BAD_JSON;
    }
    if (line % 89 == 7) {
      return Fault.UNKNOWN_CHANNEL;
    }
    if (line % 83 == 5) {
      return Fault.NPS_11;
    }
    if (line % 41 == 3) {
      return Fault.BAD_HANDLE;
    }
    return Fault.NONE;
  }

  static String id(int line) {
    return "b77-" + line;
  }

  @BeforeAll
  static void replayTheCorpus(TestServices services) throws Exception {
    texts = readTexts(RealServicesExtension.projectHome().resolve(CORPUS));
    assertThat(texts).as("the Banking77 test split").hasSize(3080);
    prefix = TestServices.uniquePrefix("corpus");
    kafka = new KafkaTestClient(services.kafkaBootstrap());
    kafka.createTopics(prefix, 2);
    new ElasticsearchTestClient(services.elasticsearchUrl()).installTemplates(prefix);
    EarshotConfig config = EarshotConfig.builder()
        .put(Settings.KAFKA_BOOTSTRAP.key(), services.kafkaBootstrap(), "test")
        .put(Settings.ES_URL.key(), services.elasticsearchUrl(), "test")
        .put(Settings.TOPIC_PREFIX.key(), prefix, "test")
        .put(Settings.ES_INDEX_PREFIX.key(), prefix, "test")
        .put(Settings.CONSUMER_GROUP_PREFIX.key(), prefix + "group", "test")
        .put(Settings.CHECKPOINT_INTERVAL.key(), "PT1S", "test")
        .put(Settings.PARALLELISM.key(), "2", "test")
        .build();

    SingleObjectCodec<Interaction> codec = SingleObjectCodec.of(Interaction.class);
    // Dated over the last days, so that every time is valid whenever the test runs.
    Instant base = Instant.now().minus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
    faults = new ArrayList<>();
    values = new ArrayList<>();
    List<byte[]> keys = new ArrayList<>();
    for (int line = 0; line < texts.size(); line++) {
      Fault fault = faultOf(line);
      faults.add(fault);
      keys.add(id(line).getBytes(StandardCharsets.UTF_8));
      values.add(message(line, fault, base.plusSeconds(60L * line), codec));
    }
    kafka.produce(Topic.INTERACTIONS.name(prefix), keys, values);

    LocalRunner.run(EnrichJob.NAME, config, 0, (env, c) -> EnrichJob.attach(env, c, true));

    SingleObjectCodec<EnrichedInteraction> enrichedCodec = SingleObjectCodec.of(EnrichedInteraction.class);
    enriched = kafka.readCommitted(Topic.ENRICHED.name(prefix)).stream()
        .map(r -> enrichedCodec.decode(r.value())).toList();
    deadLetterRecords = kafka.readCommitted(Topic.DEAD_LETTERS.name(prefix));
  }

  /** One line as a producer would send it: every third valid line as Avro, the others as JSON in varied forms. */
  private static byte[] message(int line, Fault fault, Instant at, SingleObjectCodec<Interaction> codec) {
    String channelWord = CHANNEL_WORDS.get(line % CHANNEL_WORDS.size());
    String text = texts.get(line);
    if (fault == Fault.NONE && line % 3 == 0) {
      return codec.encode(Interaction.newBuilder().setInteractionId(id(line)).setChannel(CHANNEL_OF.get(channelWord))
          .setOccurredAt(at).setText(text).setNps(line % 11).setCustomerId("c-" + (line % 500)).build());
    }
    String time = switch (line % 4) {
      case 0 -> "\"" + at + "\"";
      case 1 -> "\"" + LocalDateTime.ofInstant(at, ZoneOffset.UTC) + "\""; // no zone: input.default-zone (UTC)
      case 2 -> Long.toString(at.getEpochSecond());
      default -> Long.toString(at.toEpochMilli());
    };
    StringBuilder json = new StringBuilder("{\"interactionId\":\"").append(id(line)).append("\",\"channel\":\"")
        .append(fault == Fault.UNKNOWN_CHANNEL ? "carrier pigeon" : channelWord)
        .append("\",\"direction\":\"").append(line % 10 == 0 ? "outgoing" : "incoming")
        .append("\",\"occurredAt\":").append(time)
        .append(",\"text\":").append(JsonStrings.quote(text));
    if (fault == Fault.NPS_11) {
      json.append(",\"nps\":11");
    } else if (line % 2 == 0) {
      json.append(",\"nps\":").append(line % 11);
    }
    if (fault == Fault.BAD_HANDLE) {
      json.append(",\"socialHandle\":\"Bank Customer ").append(line).append("\"");
    }
    json.append('}');
    String out = json.toString();
    if (fault == Fault.BAD_JSON) {
      out = out.substring(0, out.length() / 2);
    }
    return out.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void everyInputMessageIsEnrichedOrDeadLetteredExactlyOnce() {
    DeadLetters letters = deadLetters();
    Map<String, Long> byId = enriched.stream()
        .collect(Collectors.groupingBy(e -> e.getInteraction().getInteractionId(), TreeMap::new, Collectors.counting()));
    long timeouts = enriched.stream().filter(e -> e.getAnalysis().getStatus() == TextStatus.TEXT_TIMEOUT).count();
    Map<TextStatus, Long> statuses = enriched.stream()
        .collect(Collectors.groupingBy(e -> e.getAnalysis().getStatus(), TreeMap::new, Collectors.counting()));
    Map<Fault, Long> expectedFaults = faults.stream()
        .collect(Collectors.groupingBy(Function.identity(), TreeMap::new, Collectors.counting()));
    System.out.printf("Banking77 replay: input %d, enriched %d (statuses %s, timeouts %d), dead letters %d; faults %s%n",
        texts.size(), byId.size(), statuses, timeouts, letters.byLine.size(), expectedFaults);

    assertThat(byId.values()).as("no interaction enriched twice").allMatch(n -> n == 1);
    assertThat(letters.bySourceOffset).as("no dead letter twice for the same source message").allMatch(n -> n == 1);
    assertThat(byId.size() + letters.byLine.size()).as("enriched (timeouts included) + dead letters = input")
        .isEqualTo(texts.size());
    Set<String> expectedEnriched = new HashSet<>();
    Set<Integer> expectedDead = new HashSet<>();
    for (int line = 0; line < texts.size(); line++) {
      Fault fault = faults.get(line);
      if (fault == Fault.NONE || fault == Fault.BAD_HANDLE) {
        expectedEnriched.add(id(line));
      } else {
        expectedDead.add(line);
      }
    }
    assertThat(byId.keySet()).isEqualTo(expectedEnriched);
    assertThat(letters.byLine.keySet()).isEqualTo(expectedDead);
    assertThat(expectedDead).hasSizeGreaterThan(90);
    assertThat(deadLetterRecords.stream().map(r -> deadLetterPartition(r)).distinct())
        .as("broken messages were read from both input partitions").containsExactlyInAnyOrder(0, 1);
    // Real text reads: nearly all of it is analysed as English (the rest is marked, not lost).
    assertThat(statuses.getOrDefault(TextStatus.ANALYSED, 0L)).isGreaterThan(byId.size() * 9L / 10);
  }

  @Test
  void eachBrokenMessageIsADeadLetterWithItsReason() {
    DeadLetters letters = deadLetters();
    letters.byLine.forEach((line, letter) -> {
      String reason = letter.getReason();
      switch (faults.get(line)) {
        case BAD_JSON -> assertThat(reason).as("line %d", line).startsWith("not valid JSON");
        case UNKNOWN_CHANNEL -> assertThat(reason).as("line %d", line)
            .startsWith("unknown value 'carrier pigeon' for field 'channel'; accepted: CALL (phone, voice");
        case NPS_11 -> assertThat(reason).as("line %d", line).isEqualTo("nps is 11, must be 0 to 10");
        default -> throw new AssertionError("line " + line + " should not be a dead letter: " + reason);
      }
      assertThat(letter.getSourceTopic()).isEqualTo(Topic.INTERACTIONS.name(prefix));
    });
  }

  @Test
  void synonymsTimesAndMalformedHandlesAreReadAsDocumented() {
    Map<String, EnrichedInteraction> byId = enriched.stream()
        .collect(Collectors.toMap(e -> e.getInteraction().getInteractionId(), e -> e));
    Instant base = null;
    for (int line = 0; line < texts.size(); line++) {
      EnrichedInteraction e = byId.get(id(line));
      if (e == null) {
        continue;
      }
      Interaction interaction = e.getInteraction();
      assertThat(interaction.getChannel()).as("line %d", line)
          .isEqualTo(CHANNEL_OF.get(CHANNEL_WORDS.get(line % CHANNEL_WORDS.size())));
      // Every line is one minute after the previous one, whatever form its time was written in.
      if (base == null) {
        base = interaction.getOccurredAt().minusSeconds(60L * line);
      }
      assertThat(interaction.getOccurredAt()).as("line %d", line).isEqualTo(base.plusSeconds(60L * line));
      if (faults.get(line) == Fault.BAD_HANDLE) {
        assertThat(e.getDroppedIdentifiers()).as("line %d", line).containsExactly("socialHandle");
        assertThat(interaction.getSocialHandle()).isNull();
        assertThat(e.getAnalysis().getStatus()).isIn(TextStatus.ANALYSED, TextStatus.UNSUPPORTED_LANGUAGE,
            TextStatus.TEXT_TIMEOUT);
      } else {
        assertThat(e.getDroppedIdentifiers()).isEmpty();
      }
      if (line % 3 != 0 || faults.get(line) != Fault.NONE) {
        assertThat(interaction.getDirection()).as("line %d", line)
            .isEqualTo(line % 10 == 0 ? earshot.schemas.Direction.OUTBOUND : earshot.schemas.Direction.INBOUND);
      }
    }
  }

  private static int deadLetterPartition(ConsumerRecord<byte[], byte[]> record) {
    return SingleObjectCodec.of(DeadLetter.class).decode(record.value()).getSourcePartition();
  }

  /** The dead letters, by the corpus line whose bytes they carry, and how often each source offset occurs. */
  private record DeadLetters(Map<Integer, DeadLetter> byLine, List<Long> bySourceOffset) {}

  private static DeadLetters deadLetters() {
    SingleObjectCodec<DeadLetter> codec = SingleObjectCodec.of(DeadLetter.class);
    Map<ByteBuffer, Integer> lineOfBytes = new HashMap<>();
    for (int line = 0; line < values.size(); line++) {
      lineOfBytes.put(ByteBuffer.wrap(values.get(line)), line);
    }
    Map<Integer, DeadLetter> byLine = new TreeMap<>();
    Map<String, Long> offsets = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> record : deadLetterRecords) {
      DeadLetter letter = codec.decode(record.value());
      ByteBuffer payload = letter.getPayload().duplicate();
      byte[] bytes = new byte[payload.remaining()];
      payload.get(bytes);
      Integer line = lineOfBytes.get(ByteBuffer.wrap(bytes));
      assertThat(line).as("a dead letter carries the bytes of an input message: %s", letter.getReason()).isNotNull();
      byLine.put(line, letter);
      offsets.merge(letter.getSourcePartition() + "/" + letter.getSourceOffset(), 1L, Long::sum);
    }
    assertThat(byLine).as("one dead letter per broken line").hasSize(deadLetterRecords.size());
    return new DeadLetters(byLine, List.copyOf(offsets.values()));
  }

  /** The text column of the corpus (RFC 4180: a few quoted fields hold commas, quotes or newlines). */
  static List<String> readTexts(Path file) throws IOException {
    return CsvRecords.column(Files.readString(file, StandardCharsets.UTF_8), "text");
  }

  /** JSON string literals for the hand-written messages. */
  static final class JsonStrings {
    private JsonStrings() {}

    static String quote(String text) {
      try {
        return earshot.schemas.JsonCodec.mapper().writeValueAsString(text);
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
