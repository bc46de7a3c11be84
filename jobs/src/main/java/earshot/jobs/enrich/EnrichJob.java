package earshot.jobs.enrich;

import earshot.connectors.kafka.DecodingDeserializer;
import earshot.connectors.kafka.EarshotKafka;
import earshot.jobs.config.Connections;
import earshot.jobs.config.EarshotConfig;
import earshot.jobs.config.KafkaAccessCheck;
import earshot.jobs.config.JobArguments;
import earshot.jobs.config.Settings;
import earshot.jobs.io.Documents;
import earshot.jobs.io.EarshotSinks;
import earshot.jobs.io.JobEnvironments;
import earshot.jobs.io.NamedSink;
import earshot.jobs.io.PartitionWatermarks;
import earshot.jobs.io.SplitDeadLetters;
import earshot.schemas.DeadLetter;
import earshot.schemas.EnrichedInteraction;
import earshot.schemas.Interaction;
import earshot.schemas.Topic;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Either;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The enrich job.
 *
 * <p><b>Consumes</b> {@code earshot.interactions}: {@link Interaction} records, Avro single-object
 * encoded or JSON.
 *
 * <p><b>Emits</b> {@link EnrichedInteraction} records to {@code earshot.interactions.enriched}
 * (exactly-once, Kafka transactions) and to the {@code earshot-interactions-*} indices (document id =
 * interaction id); messages that cannot be decoded or are impossible (NPS 11, a 1970 time) go to
 * {@code earshot.dead-letters} with their bytes, source coordinates and the reason.
 *
 * <p><b>Event-time order.</b> Each enriched partition is written in {@code occurredAt} order, however
 * many input partitions there are, however far apart in event time they are read (a backfill, a
 * catch-up after an outage) and whatever the job's parallelism: event time is tracked per input
 * partition by one reader for all of them ({@code job.source-parallelism}; bounded out-of-orderness
 * {@code enrich.out-of-orderness}, idle partitions ignored after {@code enrich.idleness} and held back
 * for {@code job.resume-hold} when they come back, see {@link earshot.jobs.io.PartitionWatermarks};
 * reading ahead optionally bounded by {@code enrich.max-drift}), and each enriched record is held until
 * every input partition has passed its time ({@link ReleaseInEventTimeOrder}). The only records written
 * out of order are those that arrive already behind that point: out of order by more than
 * {@code enrich.out-of-orderness} within their own input partition, or arriving on a partition that had
 * been idle while the others went on. The Elasticsearch index is written without waiting.
 *
 * <p><b>Guarantees</b> nothing is lost: every input message ends as an enriched record or a
 * dead letter. A re-delivered interaction id is dropped for {@code enrich.dedup-ttl}. Text is read
 * only with consent. E-mail addresses, phone numbers and social handles leave the job only as keyed
 * hashes ({@code identifierKeys}); the customer id (an internal id) stays, with its keyed hash in
 * {@code customerKey}.
 */
public final class EnrichJob {

  public static final String NAME = "earshot-enrich";

  private static final Logger LOG = LoggerFactory.getLogger(EnrichJob.class);

  private EnrichJob() {}

  /**
   * Event time of the input: when the interaction happened, tracked per input partition, with idle
   * partitions ignored and, when {@code enrich.max-drift} is set, no partition of an unbounded run
   * read further ahead than that; dead letters do not move it.
   */
  public static WatermarkStrategy<Either<DeadLetter, Interaction>> watermarks(EarshotConfig config, boolean bounded) {
    WatermarkStrategy<Either<DeadLetter, Interaction>> strategy = PartitionWatermarks.strategy(
        config.get(Settings.ENRICH_OUT_OF_ORDERNESS), config.get(Settings.ENRICH_IDLENESS),
        config.get(Settings.RESUME_HOLD),
        (value, previous) -> value.isRight() ? value.right().getOccurredAt().toEpochMilli() : Long.MIN_VALUE);
    Duration drift = config.get(Settings.ENRICH_MAX_DRIFT);
    if (bounded || drift == null) {
      return strategy; // ordering does not depend on alignment; alignment only bounds what is held
    }
    return strategy.withWatermarkAlignment("earshot-enrich-input", drift, Duration.ofSeconds(1));
  }

  /**
   * Enriched records in event-time order per enriched partition ({@link ReleaseInEventTimeOrder});
   * the stream must go to a sink that writes each record to {@link EnrichedPartitions#of} with the
   * same partition count.
   */
  public static DataStream<EnrichedInteraction> inEventTimeOrder(DataStream<EnrichedInteraction> enriched,
      int partitions, Duration quiet) {
    return enriched
        .keyBy(e -> EnrichedPartitions.of(e.getInteraction().getInteractionId(), partitions), Types.INT)
        .process(new ReleaseInEventTimeOrder(quiet), new AvroTypeInfo<>(EnrichedInteraction.class))
        .uid("enrich-event-time-order").name("Release in event-time order per enriched partition");
  }

  /**
   * The enriched topic's partition count, read from the cluster when the job is built; the topic's
   * configured count ({@code topics.partitions}) when it does not exist yet. A job built for fewer
   * partitions than the topic later has leaves the extra ones empty (restart it to use them).
   */
  static int enrichedPartitions(EarshotConfig config) {
    String topic = Topic.ENRICHED.name(config.get(Settings.TOPIC_PREFIX));
    OptionalInt existing = EarshotKafka.partitionCount(Connections.kafka(config), topic);
    if (existing.isPresent()) {
      return existing.getAsInt();
    }
    int configured = config.get(Settings.TOPIC_PARTITIONS);
    LOG.warn("Kafka topic {} does not exist yet; writing it as if it had {} partitions (topics.partitions)",
        topic, configured);
    return configured;
  }

  /** What the pipeline produces, before sinks are attached. */
  public record Outputs(DataStream<EnrichedInteraction> enriched, DataStream<DeadLetter> deadLetters) {}

  /** The pipeline from decoded input to enriched records and dead letters; sources and sinks are the caller's. */
  public static Outputs build(DataStream<Either<DeadLetter, Interaction>> decoded, EnrichSettings settings) {
    SingleOutputStreamOperator<Interaction> valid = decoded
        .process(new SplitDeadLetters<Interaction>(), new AvroTypeInfo<>(Interaction.class))
        .uid("enrich-split-dead-letters").name("Split off dead letters");
    DataStream<EnrichedInteraction> enriched = valid
        .keyBy(Interaction::getInteractionId)
        .process(new DeduplicateById(settings.dedupTtl()), new AvroTypeInfo<>(Interaction.class))
        .uid("enrich-deduplicate").name("Drop re-delivered interactions")
        .map(new AnalyzeText(settings), new AvroTypeInfo<>(EnrichedInteraction.class))
        .uid("enrich-text").name("Redact and analyse text")
        .map(new PseudonymiseIdentifiers(settings.identityHasher()), new AvroTypeInfo<>(EnrichedInteraction.class))
        .uid("enrich-pseudonymise").name("Hash customer identifiers");
    return new Outputs(enriched, valid.getSideOutput(SplitDeadLetters.DEAD_LETTERS));
  }

  /**
   * Where the enrich job writes.
   *
   * @param topic enriched records, written in event-time order per partition: the sink must place
   *     each record in partition {@link EnrichedPartitions#of}{@code (id, partitions)}
   * @param partitions the partition count {@code topic} writes to
   * @param index enriched records written as they come, without waiting for event-time order
   * @param deadLetters messages that could not be decoded or are impossible
   */
  public record Sinks(NamedSink<EnrichedInteraction> topic, int partitions, List<NamedSink<EnrichedInteraction>> index,
      NamedSink<DeadLetter> deadLetters) {

    /** The production sinks: the enriched topic, the interactions index and the dead-letter topic. */
    public static Sinks kafkaAndElasticsearch(EarshotConfig config) {
      int partitions = enrichedPartitions(config);
      return new Sinks(
          new NamedSink<>("enrich-sink-kafka", "Kafka: enriched interactions",
              EarshotSinks.kafka(config, Topic.ENRICHED, EnrichedInteraction.class,
                  e -> e.getInteraction().getInteractionId(),
                  e -> EnrichedPartitions.of(e.getInteraction().getInteractionId(), partitions), "enrich-enriched")),
          partitions,
          List.of(new NamedSink<>("enrich-sink-elasticsearch", "Elasticsearch: interactions",
              EarshotSinks.elasticsearch(config, "interactions index",
                  Documents.interactions(config.get(Settings.ES_INDEX_PREFIX))))),
          new NamedSink<>("enrich-sink-dead-letters", "Kafka: dead letters",
              EarshotSinks.kafka(config, Topic.DEAD_LETTERS, DeadLetter.class, DeadLetter::getDeadLetterId,
                  "enrich-dead-letters")));
    }
  }

  /**
   * The whole job from decoded input (with event time, see {@link #watermarks}) to its sinks: the
   * one wiring that the Kafka job, the benchmarks and the tests use.
   *
   * @param quiet how long the whole input may be quiet before records held for ordering are released
   */
  public static Outputs run(DataStream<Either<DeadLetter, Interaction>> decoded, EnrichSettings settings,
      Duration quiet, Sinks sinks) {
    Outputs outputs = build(decoded, settings);
    sinks.topic().attach(inEventTimeOrder(outputs.enriched(), sinks.partitions(), quiet));
    NamedSink.attachAll(outputs.enriched(), sinks.index());
    sinks.deadLetters().attach(outputs.deadLetters());
    return outputs;
  }

  /** Adds the job, with its Kafka source and Kafka and Elasticsearch sinks, to an environment. */
  public static void attach(StreamExecutionEnvironment env, EarshotConfig config, boolean bounded) {
    // Wrong credentials or trust stop the job here, naming the setting, not in a restart loop.
    KafkaAccessCheck.verify(config);
    EnrichSettings settings = EnrichSettings.from(config);
    String prefix = config.get(Settings.TOPIC_PREFIX);
    DataStream<Either<DeadLetter, Interaction>> decoded = env.fromSource(
        EarshotKafka.source(Connections.kafka(config), List.of(Topic.INTERACTIONS.name(prefix)),
            config.get(Settings.CONSUMER_GROUP_PREFIX) + "-enrich", Interaction.class,
            new InteractionDecoder(settings.validator(), settings.defaultZone()), bounded,
            config.get(Settings.KAFKA_FETCH_BYTES)),
        watermarks(config, bounded), "Kafka: interactions",
        DecodingDeserializer.decodedType(Interaction.class))
        .setParallelism(config.get(Settings.SOURCE_PARALLELISM))
        .uid("enrich-source").name("Kafka: interactions");
    run(decoded, settings, config.get(Settings.ENRICH_IDLENESS), Sinks.kafkaAndElasticsearch(config));
  }

  public static void main(String[] args) throws Exception {
    JobArguments arguments = JobArguments.parse(args, System.getenv());
    StreamExecutionEnvironment env = JobEnvironments.create(arguments.config());
    attach(env, arguments.config(), arguments.bounded());
    env.execute(NAME);
  }
}
