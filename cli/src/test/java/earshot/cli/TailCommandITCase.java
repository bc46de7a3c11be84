package earshot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import earshot.deploy.testing.KafkaTestClient;
import earshot.deploy.testing.RealServicesExtension;
import earshot.deploy.testing.TestServices;
import earshot.schemas.JsonCodec;
import earshot.schemas.MetricSnapshot;
import earshot.schemas.SingleObjectCodec;
import earshot.schemas.Topic;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code ./earshot tail} against the real Kafka: committed records as JSON lines, bad ones reported. */
@ExtendWith(RealServicesExtension.class)
class TailCommandITCase {

  @Test
  void printsCommittedMetricsAsJsonLinesAndReportsWhatCannotBeDecoded(TestServices services) throws Exception {
    String prefix = TestServices.uniquePrefix("tail").replace('-', '.');
    KafkaTestClient kafka = new KafkaTestClient(services.kafkaBootstrap());
    kafka.createTopics(prefix, 1);
    SingleObjectCodec<MetricSnapshot> codec = SingleObjectCodec.of(MetricSnapshot.class);
    List<byte[]> values = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      values.add(codec.encode(MetricSnapshot.newBuilder().setMetricId("global|3600s|" + i).setSeriesKey("global")
          .setWindowSeconds(3600).setWindowStart(Instant.parse("2026-11-02T00:00:00Z").plusSeconds(3600L * i))
          .setWindowEnd(Instant.parse("2026-11-02T01:00:00Z").plusSeconds(3600L * i)).setInteractions(10 + i)
          .build()));
    }
    values.add(1, "not avro".getBytes(StandardCharsets.UTF_8));
    kafka.produce(Topic.METRICS.name(prefix), null, values);

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Cli cli = new Cli(RealServicesExtension.projectHome(), Map.of("EARSHOT_KAFKA_BOOTSTRAP", services.kafkaBootstrap(),
        "EARSHOT_ES_URL", services.elasticsearchUrl()), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    int code = new Earshot().run(new String[] {"tail", "metrics", "--from-beginning", "--max", "4",
        "--set", "topics.prefix=" + prefix}, cli);

    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines).hasSize(3);
    for (int i = 0; i < 3; i++) {
      JsonNode metric = JsonCodec.mapper().readTree(lines.get(i));
      assertThat(metric.path("metricId").asText()).isEqualTo("global|3600s|" + i);
      assertThat(metric.path("interactions").asLong()).isEqualTo(10 + i);
      assertThat(metric.path("windowStart").asText()).isEqualTo(Instant.parse("2026-11-02T00:00:00Z").plusSeconds(3600L * i).toString());
    }
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("partition 0 offset 1").contains("not Avro single-object encoding");
  }
}
