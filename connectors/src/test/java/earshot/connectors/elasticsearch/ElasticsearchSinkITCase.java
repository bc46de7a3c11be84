package earshot.connectors.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import earshot.connectors.kafka.KafkaConnection;
import earshot.connectors.kafka.KafkaDeadLetterProducer;
import earshot.deploy.testing.ElasticsearchTestClient;
import earshot.deploy.testing.KafkaTestClient;
import earshot.deploy.testing.RealServicesExtension;
import earshot.deploy.testing.TestServices;
import earshot.schemas.DeadLetter;
import earshot.schemas.EnrichedInteraction;
import earshot.schemas.Index;
import earshot.schemas.JsonCodec;
import earshot.schemas.SingleObjectCodec;
import earshot.schemas.Topic;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The sink in a Flink job against the real Elasticsearch, with its dead letters on the real Kafka. */
@ExtendWith(RealServicesExtension.class)
class ElasticsearchSinkITCase {

  @Test
  void aDocumentWithAMappingConflictLandsOnTheDeadLetterTopicWithTheServersReasonAndTheRestIsIndexed(
      TestServices services) throws Exception {
    String prefix = TestServices.uniquePrefix("es-conflict");
    ElasticsearchTestClient elasticsearch = new ElasticsearchTestClient(services.elasticsearchUrl());
    KafkaTestClient kafka = new KafkaTestClient(services.kafkaBootstrap());
    elasticsearch.installTemplates(prefix);
    kafka.createTopics(prefix, 1);
    String conflicting = "conflict-7";
    // The template maps interaction.nps as an integer; this emitter writes words there for one document.
    DocumentEmitter<EnrichedInteraction> emitter = (enriched, out) -> SinkTestJobs.emitter(prefix).emit(enriched, request -> {
      if (request.id().equals(conflicting)) {
        com.fasterxml.jackson.databind.JsonNode document = request.document();
        ((ObjectNode) document.path("interaction")).put("nps", "very likely");
        out.accept(new DocumentRequest(request.index(), request.id(), document, request.version()));
        return;
      }
      out.accept(request);
    });
    ElasticsearchOptions options = ElasticsearchOptions.defaults(services.elasticsearchUrl())
        .withBulk(10, 1 << 20, java.time.Duration.ofMillis(200), 2);

    SinkTestJobs.runBounded("mapping conflict", SinkTestJobs.interactions("conflict-", 30), new ElasticsearchSink<>(
        "interactions", options, emitter, KafkaDeadLetterProducer.forElasticsearch(
            KafkaConnection.of(services.kafkaBootstrap()), Topic.DEAD_LETTERS.name(prefix))));

    String pattern = Index.INTERACTIONS.pattern(prefix);
    assertThat(elasticsearch.count(pattern)).isEqualTo(29);
    assertThat(elasticsearch.findById(pattern, conflicting)).isNull();
    assertThat(elasticsearch.findById(pattern, "conflict-8")).isNotNull();

    SingleObjectCodec<DeadLetter> codec = SingleObjectCodec.of(DeadLetter.class);
    List<DeadLetter> letters = kafka.readCommitted(Topic.DEAD_LETTERS.name(prefix)).stream()
        .map(record -> codec.decode(record.value())).toList();
    String index = Index.INTERACTIONS.indexFor(prefix, SinkTestJobs.BASE);
    assertThat(letters).singleElement().satisfies(letter -> {
      assertThat(letter.getStage()).isEqualTo("elasticsearch");
      assertThat(letter.getDeadLetterId()).isEqualTo("elasticsearch/" + index + "/" + conflicting);
      assertThat(letter.getReason()).startsWith("HTTP 400 from index " + index + ": ")
          .contains("failed to parse field [interaction.nps] of type [integer]");
      JsonNode payload = JsonCodec.mapper().readTree(
          new String(letter.getPayload().array(), StandardCharsets.UTF_8));
      assertThat(payload.path("interaction").path("interactionId").asText()).isEqualTo(conflicting);
      assertThat(payload.path("interaction").path("nps").asText()).isEqualTo("very likely");
    });
  }
}
