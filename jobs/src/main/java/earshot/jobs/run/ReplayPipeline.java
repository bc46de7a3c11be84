package earshot.jobs.run;

import earshot.connectors.files.JsonLinesSink;
import earshot.connectors.kafka.DeadLetters;
import earshot.connectors.kafka.DecodingDeserializer;
import earshot.jobs.config.EarshotConfig;
import earshot.jobs.enrich.EnrichJob;
import earshot.jobs.enrich.EnrichSettings;
import earshot.jobs.io.NamedSink;
import earshot.jobs.enrich.InteractionDecoder;
import earshot.jobs.signals.SignalsJob;
import earshot.jobs.signals.SignalsSettings;
import earshot.schemas.DeadLetter;
import earshot.schemas.EnrichedInteraction;
import earshot.schemas.Interaction;
import earshot.jobs.identity.CrmExport;
import earshot.jobs.identity.IdentityHasher;
import earshot.jobs.identity.IdentitySettings;
import earshot.schemas.Alert;
import earshot.schemas.CustomerProfile;
import earshot.schemas.CustomerSignal;
import earshot.schemas.IdentityLink;
import earshot.schemas.JsonCodec;
import earshot.schemas.MetricSnapshot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.util.Collector;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.reader.TextLineInputFormat;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Either;

/**
 * The enrich and signals pipelines chained in one bounded job over a JSON-lines file of
 * interactions (and optionally a CRM export of identifiers), writing metrics, alerts, customer
 * signals, customer profiles, identity links learned, late interactions and dead letters as JSON-lines files.
 * The same functions as the Kafka jobs ({@link EnrichJob#build}, and {@link SignalsJob#run} with its
 * event time {@link SignalsJob#reproducibleEventTime}) run here, at parallelism 1 and with
 * {@link SignalsSettings#reproducible}, so the same input always gives the same output.
 */
public final class ReplayPipeline {

  public static final String NAME = "earshot-replay";
  public static final String METRICS = "metrics.jsonl";
  public static final String ALERTS = "alerts.jsonl";
  public static final String LATE = "late-interactions.jsonl";
  public static final String DEAD_LETTERS = "dead-letters.jsonl";
  public static final String CUSTOMER_SIGNALS = "customer-signals.jsonl";
  public static final String IDENTITY_LINKS = "identity-links.jsonl";
  public static final String CUSTOMERS = "customers.jsonl";

  private ReplayPipeline() {}

  /** Adds the replay of {@code input} into {@code outDir} to an environment, without a CRM export. */
  public static void attach(StreamExecutionEnvironment env, EarshotConfig config, Path input, Path outDir) {
    attach(env, config, input, null, outDir);
  }

  /**
   * Adds the replay of {@code input} into {@code outDir} to an environment.
   *
   * @param identitiesCsv a CRM export ({@link CrmExport}) whose identifiers resolve interactions that
   *     come without a customer id, or null; it is checked here (a bad row fails with its line number)
   *     and read completely before the first lookup is answered
   */
  public static void attach(StreamExecutionEnvironment env, EarshotConfig config, Path input, Path identitiesCsv,
      Path outDir) {
    env.setParallelism(1);
    EnrichSettings enrichSettings = EnrichSettings.from(config);
    SignalsSettings signalsSettings = SignalsSettings.from(config).forReplay();
    FileSource<String> source = FileSource.forRecordStreamFormat(new TextLineInputFormat(),
        new org.apache.flink.core.fs.Path(input.toAbsolutePath().toUri())).build();
    DataStream<Either<DeadLetter, Interaction>> decoded = env
        .fromSource(source, WatermarkStrategy.noWatermarks(), "File: interactions")
        .uid("replay-source").name("File: interactions")
        .filter(line -> !line.isBlank()).uid("replay-skip-blank").name("Skip blank lines")
        .map(new DecodeLine(new InteractionDecoder(enrichSettings.validator(), enrichSettings.defaultZone())),
            DecodingDeserializer.decodedType(Interaction.class))
        .uid("replay-decode").name("Decode interactions");
    EnrichJob.Outputs enriched = EnrichJob.build(decoded, enrichSettings);
    DataStream<EnrichedInteraction> timestamped = enriched.enriched()
        .assignTimestampsAndWatermarks(SignalsJob.reproducibleEventTime(signalsSettings))
        .uid("replay-watermarks").name("Event time from occurredAt");
    SignalsJob.run(timestamped, identities(env, config, timestamped, identitiesCsv), enriched.deadLetters(),
        signalsSettings, fileSinks(outDir));
  }

  /** The signals job's sinks in a replay: one JSON-lines file per output in {@code outDir}. */
  static SignalsJob.Sinks fileSinks(Path outDir) {
    return new SignalsJob.Sinks(
        List.of(new NamedSink<>("replay-sink-metrics", "File: metrics", new JsonLinesSink<>(outDir.resolve(METRICS)))),
        List.of(new NamedSink<>("replay-sink-alerts", "File: alerts", new JsonLinesSink<>(outDir.resolve(ALERTS)))),
        new NamedSink<>("replay-sink-late", "File: late", new JsonLinesSink<>(outDir.resolve(LATE))),
        new NamedSink<>("replay-sink-customer-signals", "File: customer signals",
            new JsonLinesSink<>(outDir.resolve(CUSTOMER_SIGNALS))),
        new NamedSink<>("replay-sink-identity-links", "File: identity links learned",
            new JsonLinesSink<>(outDir.resolve(IDENTITY_LINKS))),
        List.of(new NamedSink<>("replay-sink-customers", "File: customer profiles",
            new JsonLinesSink<>(outDir.resolve(CUSTOMERS)))),
        new NamedSink<>("replay-sink-dead-letters", "File: dead letters", new JsonLinesSink<>(outDir.resolve(DEAD_LETTERS))));
  }

  /**
   * The identity records of a replay: the CRM export's links, read before any lookup is answered
   * (the file source holds the watermark back until it is done); without an export none at all (an
   * empty stream that follows the interactions' watermarks). Identity links the replay learns are
   * written to {@link #IDENTITY_LINKS}; unlike the Kafka job, a replay does not read them back.
   */
  private static DataStream<IdentityLink> identities(StreamExecutionEnvironment env, EarshotConfig config,
      DataStream<EnrichedInteraction> timestamped, Path csv) {
    if (csv == null) {
      return timestamped.flatMap((EnrichedInteraction e, Collector<IdentityLink> out) -> { },
              new AvroTypeInfo<>(IdentityLink.class))
          .uid("replay-no-identities").name("No CRM export");
    }
    IdentityHasher hasher = IdentitySettings.hasher(config);
    try {
      CrmExport.read(csv, hasher);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the CRM export " + csv, e);
    }
    FileSource<String> source = FileSource.forRecordStreamFormat(new TextLineInputFormat(),
        new org.apache.flink.core.fs.Path(csv.toAbsolutePath().toUri())).build();
    return env.fromSource(source, WatermarkStrategy.noWatermarks(), "File: CRM export")
        .uid("replay-identities-source").name("File: CRM export")
        .flatMap(new CrmLinks(hasher), new AvroTypeInfo<>(IdentityLink.class))
        .uid("replay-identities-parse").name("CRM rows to identity links");
  }

  /** Parses the rows of a CRM export that was checked before the job started. */
  static final class CrmLinks implements FlatMapFunction<String, IdentityLink> {
    private static final long serialVersionUID = 1L;
    private final IdentityHasher hasher;

    CrmLinks(IdentityHasher hasher) {
      this.hasher = hasher;
    }

    @Override
    public void flatMap(String line, Collector<IdentityLink> out) {
      if (line.isBlank() || CrmExport.isHeader(line)) {
        return;
      }
      CrmExport.links(CrmExport.parse(line, 0), hasher, Instant.EPOCH).forEach(out::collect);
    }
  }

  /** The customer signals a replay wrote, sorted by time, type and id (the file is rewritten sorted). */
  public static List<CustomerSignal> sortedCustomerSignals(Path outDir) throws IOException {
    return sort(outDir.resolve(CUSTOMER_SIGNALS), CustomerSignal.class, Comparator.comparing(CustomerSignal::getOccurredAt)
        .thenComparing(s -> s.getType().name()).thenComparing(CustomerSignal::getSignalId));
  }

  /**
   * The customer profiles a replay wrote, sorted by time and customer key (the file is rewritten
   * sorted); the last one of each customer is what the customers index holds.
   */
  public static List<CustomerProfile> sortedCustomerProfiles(Path outDir) throws IOException {
    return sort(outDir.resolve(CUSTOMERS), CustomerProfile.class, Comparator.comparing(CustomerProfile::getUpdatedAt)
        .thenComparing(CustomerProfile::getCustomerKey));
  }

  /** The identity links a replay learned, sorted by identifier and time (the file is rewritten sorted). */
  public static List<IdentityLink> sortedIdentityLinks(Path outDir) throws IOException {
    return sort(outDir.resolve(IDENTITY_LINKS), IdentityLink.class, Comparator.comparing(IdentityLink::getIdentifierKey)
        .thenComparing(IdentityLink::getObservedAt).thenComparing(IdentityLink::getCustomerKey));
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
    if (!Files.exists(file)) {
      return new ArrayList<>();
    }
    List<Line<T>> lines = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (!line.isBlank()) {
        lines.add(new Line<>(JsonCodec.fromJson(line, type), line));
      }
    }
    lines.sort(Comparator.comparing(Line::record, order));
    // The sinks wrote each line with the same codec: the lines go back as they were, not encoded again.
    Files.write(file, lines.stream().map(Line::text).toList(), StandardCharsets.UTF_8);
    List<T> records = new ArrayList<>(lines.size());
    lines.forEach(line -> records.add(line.record()));
    return records;
  }

  private record Line<T>(T record, String text) {}

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
