package earshot.jobs.run;

import earshot.connectors.files.JsonLinesSink;
import earshot.connectors.kafka.DeadLetters;
import earshot.connectors.kafka.DecodingDeserializer;
import earshot.jobs.config.EarshotConfig;
import earshot.jobs.enrich.EnrichJob;
import earshot.jobs.enrich.EnrichSettings;
import earshot.jobs.enrich.InteractionDecoder;
import earshot.jobs.signals.SignalsJob;
import earshot.jobs.signals.SignalsSettings;
import earshot.schemas.DeadLetter;
import earshot.schemas.EnrichedInteraction;
import earshot.schemas.Interaction;
import earshot.schemas.Alert;
import earshot.schemas.JsonCodec;
import earshot.schemas.MetricSnapshot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificRecord;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.reader.TextLineInputFormat;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Either;

/**
 * The enrich and signals pipelines chained in one bounded job over a JSON-lines file of
 * interactions, writing metrics, alerts, late interactions and dead letters as JSON-lines files.
 * The same functions as the Kafka jobs ({@link EnrichJob#build}, {@link SignalsJob#build}) run
 * here, at parallelism 1, so the same input always gives the same output.
 */
public final class ReplayPipeline {

  public static final String NAME = "earshot-replay";
  public static final String METRICS = "metrics.jsonl";
  public static final String ALERTS = "alerts.jsonl";
  public static final String LATE = "late-interactions.jsonl";
  public static final String DEAD_LETTERS = "dead-letters.jsonl";

  private ReplayPipeline() {}

  /** Adds the replay of {@code input} into {@code outDir} to an environment. */
  public static void attach(StreamExecutionEnvironment env, EarshotConfig config, Path input, Path outDir) {
    env.setParallelism(1);
    EnrichSettings enrichSettings = EnrichSettings.from(config);
    SignalsSettings signalsSettings = SignalsSettings.from(config);
    FileSource<String> source = FileSource.forRecordStreamFormat(new TextLineInputFormat(),
        new org.apache.flink.core.fs.Path(input.toAbsolutePath().toUri())).build();
    DataStream<Either<DeadLetter, Interaction>> decoded = env
        .fromSource(source, WatermarkStrategy.noWatermarks(), "File: interactions")
        .uid("replay-source").name("File: interactions")
        .filter(line -> !line.isBlank()).uid("replay-skip-blank").name("Skip blank lines")
        .map(new DecodeLine(new InteractionDecoder(enrichSettings.validator())),
            DecodingDeserializer.decodedType(Interaction.class))
        .uid("replay-decode").name("Decode interactions");
    EnrichJob.Outputs enriched = EnrichJob.build(decoded, enrichSettings);
    DataStream<EnrichedInteraction> timestamped = enriched.enriched()
        .assignTimestampsAndWatermarks(WatermarkStrategy
            .<EnrichedInteraction>forBoundedOutOfOrderness(signalsSettings.outOfOrderness())
            .withTimestampAssigner((e, previous) -> e.getInteraction().getOccurredAt().toEpochMilli()))
        .uid("replay-watermarks").name("Event time from occurredAt");
    SignalsJob.Outputs signals = SignalsJob.build(timestamped, signalsSettings);

    signals.metrics().sinkTo(new JsonLinesSink<>(outDir.resolve(METRICS))).uid("replay-sink-metrics").name("File: metrics");
    signals.alerts().sinkTo(new JsonLinesSink<>(outDir.resolve(ALERTS))).uid("replay-sink-alerts").name("File: alerts");
    signals.tooLate().sinkTo(new JsonLinesSink<>(outDir.resolve(LATE))).uid("replay-sink-late").name("File: late");
    enriched.deadLetters().sinkTo(new JsonLinesSink<>(outDir.resolve(DEAD_LETTERS)))
        .uid("replay-sink-dead-letters").name("File: dead letters");
  }

  /** The alert states a replay wrote, sorted by time, detector, series, id and version (the file is rewritten sorted). */
  public static List<Alert> sortedAlerts(Path outDir) throws IOException {
    return sort(outDir.resolve(ALERTS), Alert.class, Comparator.comparing(Alert::getUpdatedAt)
        .thenComparing(Alert::getDetector).thenComparing(Alert::getSeriesKey).thenComparing(Alert::getAlertId)
        .thenComparing(Alert::getVersion));
  }

  /** The metric windows a replay wrote, sorted by window length, start, series and revision (the file is rewritten sorted). */
  public static List<MetricSnapshot> sortedMetrics(Path outDir) throws IOException {
    return sort(outDir.resolve(METRICS), MetricSnapshot.class, Comparator.comparing(MetricSnapshot::getWindowSeconds)
        .thenComparing(MetricSnapshot::getWindowStart).thenComparing(MetricSnapshot::getSeriesKey)
        .thenComparing(MetricSnapshot::getRevision));
  }

  private static <T extends SpecificRecord> List<T> sort(Path file, Class<T> type, Comparator<T> order) throws IOException {
    List<T> records = new ArrayList<>();
    if (!Files.exists(file)) {
      return records;
    }
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (!line.isBlank()) {
        records.add(JsonCodec.fromJson(line, type));
      }
    }
    records.sort(order);
    Files.write(file, records.stream().map(r -> JsonCodec.toJson((IndexedRecord) r)).toList(), StandardCharsets.UTF_8);
    return records;
  }

  /** Decodes one line; a line that cannot be read becomes a dead letter identified by its content hash. */
  static final class DecodeLine implements MapFunction<String, Either<DeadLetter, Interaction>> {
    private static final long serialVersionUID = 1L;
    private final InteractionDecoder decoder;

    DecodeLine(InteractionDecoder decoder) {
      this.decoder = decoder;
    }

    @Override
    public Either<DeadLetter, Interaction> map(String line) throws Exception {
      byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
      try {
        return Either.Right(decoder.decode(bytes));
      } catch (RuntimeException e) {
        String id = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 12);
        return Either.Left(DeadLetters.fromOther("decode", DeadLetters.reasonOf(e), "line-" + id, bytes));
      }
    }
  }
}
