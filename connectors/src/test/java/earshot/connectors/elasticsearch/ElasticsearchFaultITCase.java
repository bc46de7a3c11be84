package earshot.connectors.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;

import earshot.connectors.kafka.DecodingDeserializer;
import earshot.connectors.kafka.EarshotKafka;
import earshot.connectors.kafka.KafkaConnection;
import earshot.connectors.kafka.KafkaDeadLetterProducer;
import earshot.connectors.kafka.RecordDecoder;
import earshot.deploy.services.LocalElasticsearch;
import earshot.deploy.testing.ElasticsearchTestClient;
import earshot.deploy.testing.KafkaTestClient;
import earshot.deploy.testing.RealServicesExtension;
import earshot.deploy.testing.TestServices;
import earshot.schemas.DeadLetter;
import earshot.schemas.EnrichedInteraction;
import earshot.schemas.Index;
import earshot.schemas.Interaction;
import earshot.schemas.SingleObjectCodec;
import earshot.schemas.Topic;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The fault test: a streaming job reads interactions from Kafka and indexes them through the sink
 * into a secured Elasticsearch node. In the middle of the run the node is stopped, interactions
 * keep arriving, then the node is started again. The job must recover by itself (it runs with
 * restarts switched off, so any failure would end it) and the index must end with exactly one
 * document per interaction, with nothing dead-lettered.
 */
@ExtendWith(RealServicesExtension.class)
class ElasticsearchFaultITCase {

  private static final int PER_PHASE = 1000;

  @Test
  void recoversByItselfWhenElasticsearchStopsAndStartsAgainWithExactCounts(TestServices services) throws Exception {
    LocalElasticsearch node = RealServicesExtension.securedElasticsearch();
    ElasticsearchTestClient admin = ElasticsearchTestClient.superuserOf(node);
    KafkaTestClient kafka = new KafkaTestClient(services.kafkaBootstrap());
    String prefix = TestServices.uniquePrefix("es-fault");
    admin.installTemplates(prefix);
    kafka.createTopics(prefix, 2);
    String pattern = Index.INTERACTIONS.pattern(prefix);

    LocalElasticsearch.Credentials writer = node.writer();
    ElasticsearchOptions options = ElasticsearchOptions.defaults(node.endpoint())
        .withBasicAuth(writer.username(), writer.password())
        .withCaCertificate(node.caCertificate().toString())
        .withBulk(200, 1 << 20, Duration.ofMillis(200), 2)
        .withRetries(Duration.ofMillis(100), Duration.ofSeconds(2), -1)
        .withRequestTimeout(Duration.ofSeconds(10));
    KafkaConnection connection = KafkaConnection.of(services.kafkaBootstrap());

    Configuration flink = new Configuration();
    flink.set(PipelineOptions.AUTO_GENERATE_UIDS, false);
    flink.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
    CollectingReporter.install(flink);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, flink);
    env.enableCheckpointing(1000);
    env.fromSource(EarshotKafka.source(connection, List.of(Topic.INTERACTIONS.name(prefix)), prefix + "group",
                Interaction.class, new InteractionDecoder(), false),
            WatermarkStrategy.noWatermarks(), "Kafka: interactions", DecodingDeserializer.decodedType(Interaction.class))
        .uid("source").name("Kafka: interactions")
        .flatMap(new ToEnriched(), new AvroTypeInfo<>(EnrichedInteraction.class)).uid("enrich").name("enrich")
        .sinkTo(new ElasticsearchSink<>("interactions", options, SinkTestJobs.emitter(prefix),
            KafkaDeadLetterProducer.forElasticsearch(connection, Topic.DEAD_LETTERS.name(prefix))))
        .uid("elasticsearch").name("Elasticsearch: interactions");
    JobClient job = env.executeAsync("elasticsearch fault test");
    try {
      produce(kafka, prefix, 0);
      awaitCount(admin, pattern, PER_PHASE, Duration.ofMinutes(2));

      long stopping = System.nanoTime();
      node.stop();
      System.out.printf("[fault test] Elasticsearch stopped in %.1f s%n", (System.nanoTime() - stopping) / 1e9);
      produce(kafka, prefix, 1);
      // Wait until the sink has run into the outage, so the restart below really is a recovery.
      long failedBefore = CollectingReporter.sum("earshotBulkRequestsFailed");
      awaitTrue(() -> CollectingReporter.sum("earshotBulkRequestsFailed") > failedBefore + 2, Duration.ofMinutes(1));

      long starting = System.nanoTime();
      RealServicesExtension.securedElasticsearch();
      long healthy = System.nanoTime();
      System.out.printf("[fault test] Elasticsearch started again in %.1f s%n", (healthy - starting) / 1e9);
      produce(kafka, prefix, 2);
      awaitCount(admin, pattern, 3L * PER_PHASE, Duration.ofMinutes(3));
      System.out.printf("[fault test] all %d documents indexed %.1f s after Elasticsearch was back%n",
          3 * PER_PHASE, (System.nanoTime() - healthy) / 1e9);

      assertThat(job.getJobStatus().get()).as("the job recovered without failing").isEqualTo(JobStatus.RUNNING);
    } finally {
      job.cancel().get();
    }
    assertThat(admin.count(pattern)).isEqualTo(3L * PER_PHASE);
    // Every id once: a search per phase boundary finds the documents written around the outage.
    for (int i : List.of(0, PER_PHASE - 1, PER_PHASE, 2 * PER_PHASE - 1, 2 * PER_PHASE, 3 * PER_PHASE - 1)) {
      assertThat(admin.findById(pattern, "fault-" + i)).as("fault-%d", i).isNotNull();
    }
    long npsSum = admin.request("POST", "/" + pattern + "/_search?size=0",
        "{\"aggs\":{\"nps\":{\"sum\":{\"field\":\"interaction.nps\"}}}}").path("aggregations").path("nps").path("value").asLong();
    assertThat(npsSum).isEqualTo(IntStream.range(0, 3 * PER_PHASE).map(i -> i % 11).sum());
    assertThat(CollectingReporter.sum("earshotDocumentsDeadLettered")).isZero();
    assertThat(CollectingReporter.sum("earshotDocumentsRetried")).isPositive();
    assertThat(kafka.readCommitted(Topic.DEAD_LETTERS.name(prefix), Duration.ofSeconds(5))).isEmpty();
  }

  private static void produce(KafkaTestClient kafka, String prefix, int phase) {
    SingleObjectCodec<Interaction> codec = SingleObjectCodec.of(Interaction.class);
    List<byte[]> keys = new java.util.ArrayList<>();
    List<byte[]> values = new java.util.ArrayList<>();
    for (int i = phase * PER_PHASE; i < (phase + 1) * PER_PHASE; i++) {
      Interaction interaction = SinkTestJobs.interaction("fault-" + i, i).getInteraction();
      keys.add(interaction.getInteractionId().getBytes(StandardCharsets.UTF_8));
      values.add(codec.encode(interaction));
    }
    kafka.produce(Topic.INTERACTIONS.name(prefix), keys, values);
  }

  private static void awaitCount(ElasticsearchTestClient client, String pattern, long expected, Duration patience)
      throws Exception {
    awaitTrue(() -> {
      try {
        return client.count(pattern) >= expected;
      } catch (java.io.IOException e) {
        return false;
      }
    }, patience);
  }

  private static void awaitTrue(java.util.function.BooleanSupplier condition, Duration patience) throws InterruptedException {
    long deadline = System.nanoTime() + patience.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not reached within " + patience);
      }
      Thread.sleep(200);
    }
  }

  /** Decodes interactions, the codec made once per task. */
  static final class InteractionDecoder implements RecordDecoder<Interaction> {
    private static final long serialVersionUID = 1L;
    private transient SingleObjectCodec<Interaction> codec;

    @Override
    public Interaction decode(byte[] bytes) {
      if (codec == null) {
        codec = SingleObjectCodec.of(Interaction.class);
      }
      return codec.decode(bytes);
    }
  }

  /** Decoded interactions become enriched ones without text; the test produces no undecodable message. */
  static final class ToEnriched implements FlatMapFunction<Either<DeadLetter, Interaction>, EnrichedInteraction> {
    private static final long serialVersionUID = 1L;

    @Override
    public void flatMap(Either<DeadLetter, Interaction> value, Collector<EnrichedInteraction> out) {
      if (value.isLeft()) {
        throw new IllegalStateException("undecodable test message: " + value.left().getReason());
      }
      Interaction interaction = value.right();
      int i = Integer.parseInt(interaction.getInteractionId().substring("fault-".length()));
      out.collect(SinkTestJobs.interaction(interaction.getInteractionId(), i));
    }
  }
}
