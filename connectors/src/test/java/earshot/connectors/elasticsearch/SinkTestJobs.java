package earshot.connectors.elasticsearch;

import earshot.schemas.Channel;
import earshot.schemas.EnrichedInteraction;
import earshot.schemas.Index;
import earshot.schemas.Interaction;
import earshot.schemas.JsonCodec;
import earshot.schemas.TextAnalysis;
import earshot.schemas.TextStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** Records, an emitter and a job runner shared by the sink's integration tests. */
final class SinkTestJobs {

  static final Instant BASE = Instant.parse("2026-11-02T08:00:00Z");

  private SinkTestJobs() {}

  /** Enriched interactions {@code <prefix>0..count-1}, one a minute from {@link #BASE}, NPS cycling 0..10. */
  static List<EnrichedInteraction> interactions(String idPrefix, int count) {
    return IntStream.range(0, count).mapToObj(i -> interaction(idPrefix + i, i)).toList();
  }

  static EnrichedInteraction interaction(String id, int i) {
    Instant at = BASE.plus(Duration.ofMinutes(i));
    return EnrichedInteraction.newBuilder()
        .setInteraction(Interaction.newBuilder().setInteractionId(id).setChannel(Channel.values()[i % Channel.values().length])
            .setOccurredAt(at).setTouchpoint("delivery").setNps(i % 11).build())
        .setAnalysis(TextAnalysis.newBuilder().setStatus(TextStatus.NO_TEXT).setModel("none").build())
        .setEnrichedAt(at.plusSeconds(1))
        .build();
  }

  /** Interactions into the monthly interactions index of a prefix, id = interaction id. */
  static DocumentEmitter<EnrichedInteraction> emitter(String indexPrefix) {
    return (enriched, out) -> out.accept(new DocumentRequest(
        Index.INTERACTIONS.indexFor(indexPrefix, enriched.getInteraction().getOccurredAt()),
        enriched.getInteraction().getInteractionId(), JsonCodec.toNode(enriched)));
  }

  /** A local environment that fails the job on the first error instead of restarting it. */
  static StreamExecutionEnvironment environment() {
    Configuration flink = new Configuration();
    flink.set(PipelineOptions.AUTO_GENERATE_UIDS, false);
    flink.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
    StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, flink);
    return env;
  }

  /** Writes the records through the sink in a bounded job and waits for it to finish. */
  static void runBounded(String jobName, List<EnrichedInteraction> records, ElasticsearchSink<EnrichedInteraction> sink)
      throws Exception {
    StreamExecutionEnvironment env = environment();
    env.fromData(records, new AvroTypeInfo<>(EnrichedInteraction.class)).uid("records").name("records")
        .sinkTo(sink).uid("elasticsearch").name("Elasticsearch");
    env.execute(jobName);
  }
}
