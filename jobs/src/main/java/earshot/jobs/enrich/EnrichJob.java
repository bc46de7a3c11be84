package earshot.jobs.enrich;

import earshot.connectors.kafka.DecodingDeserializer;
import earshot.connectors.kafka.EarshotKafka;
import earshot.jobs.config.Connections;
import earshot.jobs.config.EarshotConfig;
import earshot.jobs.config.JobArguments;
import earshot.jobs.config.Settings;
import earshot.jobs.io.Documents;
import earshot.jobs.io.EarshotSinks;
import earshot.jobs.io.JobEnvironments;
import earshot.jobs.io.SplitDeadLetters;
import earshot.schemas.DeadLetter;
import earshot.schemas.EnrichedInteraction;
import earshot.schemas.Interaction;
import earshot.schemas.Topic;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Either;

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
 * <p><b>Guarantees</b> nothing is lost: every input message ends as an enriched record or a
 * dead letter. A re-delivered interaction id is dropped for {@code enrich.dedup-ttl}. Text is read
 * only with consent. Customer ids, e-mail addresses, phone numbers and social handles leave the job only as
 * keyed hashes ({@code customerKey}, {@code identifierKeys}); the clear e-mail, phone and handle are removed.
 */
public final class EnrichJob {

  public static final String NAME = "earshot-enrich";

  private EnrichJob() {}

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

  /** Adds the job, with its Kafka source and Kafka and Elasticsearch sinks, to an environment. */
  public static void attach(StreamExecutionEnvironment env, EarshotConfig config, boolean bounded) {
    EnrichSettings settings = EnrichSettings.from(config);
    String prefix = config.get(Settings.TOPIC_PREFIX);
    DataStream<Either<DeadLetter, Interaction>> decoded = env.fromSource(
        EarshotKafka.source(Connections.kafka(config), List.of(Topic.INTERACTIONS.name(prefix)),
            config.get(Settings.CONSUMER_GROUP_PREFIX) + "-enrich", Interaction.class,
            new InteractionDecoder(settings.validator(), settings.defaultZone()), bounded),
        WatermarkStrategy.noWatermarks(), "Kafka: interactions",
        DecodingDeserializer.decodedType(Interaction.class))
        .uid("enrich-source").name("Kafka: interactions");
    Outputs outputs = build(decoded, settings);
    outputs.enriched()
        .sinkTo(EarshotSinks.kafka(config, Topic.ENRICHED, EnrichedInteraction.class,
            e -> e.getInteraction().getInteractionId(), "enrich-enriched"))
        .uid("enrich-sink-kafka").name("Kafka: enriched interactions");
    outputs.enriched()
        .sinkTo(EarshotSinks.elasticsearch(config, "interactions index",
            Documents.interactions(config.get(Settings.ES_INDEX_PREFIX))))
        .uid("enrich-sink-elasticsearch").name("Elasticsearch: interactions");
    outputs.deadLetters()
        .sinkTo(EarshotSinks.kafka(config, Topic.DEAD_LETTERS, DeadLetter.class, DeadLetter::getDeadLetterId,
            "enrich-dead-letters"))
        .uid("enrich-sink-dead-letters").name("Kafka: dead letters");
  }

  public static void main(String[] args) throws Exception {
    JobArguments arguments = JobArguments.parse(args, System.getenv());
    StreamExecutionEnvironment env = JobEnvironments.create(arguments.config());
    attach(env, arguments.config(), arguments.bounded());
    env.execute(NAME);
  }
}
