package earshot.jobs.signals;

import earshot.connectors.kafka.DecodingDeserializer;
import earshot.connectors.kafka.EarshotKafka;
import earshot.connectors.kafka.RecordDecoder;
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
import earshot.jobs.metrics.CxMetrics;
import earshot.jobs.metrics.Observation;
import earshot.jobs.metrics.PartialWindow;
import earshot.jobs.metrics.WindowResult;
import earshot.schemas.Alert;
import earshot.schemas.CustomerProfile;
import earshot.schemas.CustomerSignal;
import earshot.schemas.IdentityLink;
import earshot.schemas.DeadLetter;
import earshot.schemas.EnrichedInteraction;
import earshot.schemas.MetricSnapshot;
import earshot.schemas.SingleObjectCodec;
import earshot.schemas.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.types.Either;

/**
 * The signals job.
 *
 * <p><b>Consumes</b> {@code earshot.interactions.enriched} ({@link EnrichedInteraction}, committed
 * records only), in event time: watermarks follow {@code occurredAt} with bounded out-of-orderness
 * and idleness, read by one reader for all partitions ({@code job.source-parallelism}) so that a
 * partition that comes back from idle behind the others is waited for; and the compacted {@code earshot.identities} ({@link IdentityLink}: which customer
 * each hashed identifier belongs to), from the beginning on a first start.
 *
 * <p><b>Emits</b> {@link MetricSnapshot} records per series and tumbling window to
 * {@code earshot.metrics} and the {@code earshot-metrics-*} indices, and {@link Alert} states to
 * {@code earshot.alerts} and the {@code earshot-alerts} index. Interactions later than the allowed
 * lateness go to {@code earshot.interactions.late}; undecodable messages to {@code earshot.dead-letters}.
 * The churn path ({@link ChurnPath}, {@code churn.enabled}) adds CHURN_RISK alerts to the same alert
 * outputs, publishes {@link CustomerSignal}s to {@code earshot.customer-signals} (keyed by customer
 * key; follow-ups of detractor answers and complaints included), follow-up metrics per team and
 * channel ({@link LoopMetrics}) with the metrics and their FOLLOW_UP_OVERDUE alerts with the alerts,
 * each customer's profile to the compacted {@code earshot.customers} and the
 * {@code earshot-customers} index (one document per customer key), and the identity links it learns
 * back to {@code earshot.identities}.
 *
 * <p><b>Guarantees</b> Kafka outputs are exactly-once (transactions committed with checkpoints);
 * index documents have deterministic ids (a window's metric id, an alert's id), so restarts and
 * replays overwrite; a customer's document carries its profile's event time as an external version,
 * so an older profile never replaces a newer one. A replay of the same input produces the same metrics and
 * alerts ({@link SignalsSettings#reproducible}); live, where watermarks follow the wall clock, a record later
 * than the allowed lateness is counted against the windows published by the time it comes.
 */
public final class SignalsJob {

  public static final String NAME = "earshot-signals";

  private SignalsJob() {}

  /**
   * What the pipeline produces, before sinks are attached.
   *
   * @param alerts series alerts (grouped) and CHURN_RISK alerts
   * @param customerSignals customer signals and identity conflicts; null when {@code churn.enabled} is false
   * @param identityLinks identity links learned or re-asserted, for the identity topic; null when churn is off
   * @param customerProfiles each customer's profile after a change (customer 360); null when churn is off
   */
  public record Outputs(DataStream<MetricSnapshot> metrics, DataStream<Alert> alerts,
      DataStream<EnrichedInteraction> tooLate, DataStream<CustomerSignal> customerSignals,
      DataStream<IdentityLink> identityLinks, DataStream<CustomerProfile> customerProfiles) {}

  /**
   * Watermarks of the identity topic. Identity records carry no event time of their own; what
   * matters is that the table is read before interactions are resolved against it. So the source
   * holds event time back while it reads (after a start or a restart the compacted topic arrives in a
   * burst), and once it has received nothing for {@code quiet} it marks itself idle for good: later
   * records (links learned, a CRM load) apply as they come, without holding lookups back. A bounded
   * run reads the whole topic before its final watermark.
   */
  public static WatermarkStrategy<Either<DeadLetter, IdentityLink>> identityWatermarks(Duration quiet) {
    long quietMillis = quiet.toMillis();
    return WatermarkStrategy.forGenerator(context -> new WatermarkGenerator<>() {
      private long lastRecord = System.currentTimeMillis();
      private boolean caughtUp;

      @Override
      public void onEvent(Either<DeadLetter, IdentityLink> event, long timestamp, WatermarkOutput output) {
        lastRecord = System.currentTimeMillis();
      }

      @Override
      public void onPeriodicEmit(WatermarkOutput output) {
        if (caughtUp || System.currentTimeMillis() - lastRecord >= quietMillis) {
          caughtUp = true;
          output.markIdle();
        }
      }
    });
  }

  /**
   * The job's event time, the one strategy for every way it is run: when the interaction happened
   * ({@code occurredAt}, which {@code occurredAt} extracts from the stream's element), bounded
   * out-of-orderness {@code signals.out-of-orderness}, idle inputs ignored after {@code signals.idleness}
   * and held back for {@code job.resume-hold} when they come back ({@link PartitionWatermarks}).
   */
  public static <T> WatermarkStrategy<T> eventTime(SignalsSettings settings, SerializableTimestampAssigner<T> occurredAt) {
    return PartitionWatermarks.strategy(settings.outOfOrderness(), settings.idleness(), settings.resumeHold(), occurredAt);
  }

  /**
   * Event time for a run whose outputs must not depend on the tasks' timing (a replay, with
   * {@link SignalsSettings#reproducible}): the same watermarks as {@link #eventTime}, but emitted as each
   * record raises them rather than every 200 ms of wall-clock time, so which record is too late, and which
   * windows each record still meets, follow from the input's order alone. No idleness: the input is bounded.
   */
  public static WatermarkStrategy<EnrichedInteraction> reproducibleEventTime(SignalsSettings settings) {
    long outOfOrdernessMillis = settings.outOfOrderness().toMillis();
    return WatermarkStrategy.<EnrichedInteraction>forGenerator(context -> new WatermarkGenerator<>() {
      private long emitted = Long.MIN_VALUE;

      @Override
      public void onEvent(EnrichedInteraction event, long timestamp, WatermarkOutput output) {
        long watermark = timestamp - outOfOrdernessMillis - 1;
        if (timestamp != Long.MIN_VALUE && watermark > emitted) {
          emitted = watermark;
          output.emitWatermark(new org.apache.flink.api.common.eventtime.Watermark(watermark));
        }
      }

      @Override
      public void onPeriodicEmit(WatermarkOutput output) {
        // Only records move it.
      }
    }).withTimestampAssigner((e, previous) -> e.getInteraction().getOccurredAt().toEpochMilli());
  }

  /** {@link #eventTime} of enriched interactions. */
  public static WatermarkStrategy<EnrichedInteraction> eventTime(SignalsSettings settings) {
    return eventTime(settings, (e, previous) -> e.getInteraction().getOccurredAt().toEpochMilli());
  }

  /** {@link #eventTime} of decoded Kafka records; dead letters do not move the watermark. */
  public static WatermarkStrategy<Either<DeadLetter, EnrichedInteraction>> watermarks(SignalsSettings settings) {
    return eventTime(settings, (value, previous) -> value.isRight()
        ? value.right().getInteraction().getOccurredAt().toEpochMilli() : Long.MIN_VALUE);
  }

  /**
   * The pipeline from timestamped enriched interactions (with watermarks) and the identity topic's
   * records to metrics, alerts, customer signals and identity links; sources and sinks are the caller's.
   */
  public static Outputs build(DataStream<EnrichedInteraction> enriched, DataStream<IdentityLink> identities,
      SignalsSettings settings) {
    SingleOutputStreamOperator<EnrichedInteraction> onTime = enriched
        .process(new SeparateTooLate(settings.allowedLateness()), new AvroTypeInfo<>(EnrichedInteraction.class))
        .uid("signals-separate-too-late").name("Separate records later than the allowed lateness");
    DataStream<Observation> observations = onTime
        .flatMap(new ToObservations(settings.series(), settings.rootCauses().maxSlices() > 0),
            TypeInformation.of(Observation.class))
        .uid("signals-observations").name("One observation per series");

    // One part per series, span and task reaches the windows rather than every observation: a window's
    // state is read and written once per part, which on RocksDB means once per part rather than per observation.
    DataStream<PartialWindow> parts = observations
        .transform("Count observations ahead of the windows", TypeInformation.of(PartialWindow.class),
            new PreAggregate(settings.windows(), settings.preAggregation(), AggregateMetrics.partsFold(settings)))
        .uid("signals-pre-aggregate").name("Count observations ahead of the windows");

    List<DataStream<TrackedWindow>> metricStreams = new ArrayList<>();
    List<DataStream<Alert>> alertStreams = new ArrayList<>();
    // The slice watch runs at the longest window only: its slices pool windows anyway.
    Duration longest = settings.windows().stream().max(Duration::compareTo).orElseThrow();
    Duration shortest = settings.windows().stream().min(Duration::compareTo).orElseThrow();
    for (Duration window : settings.windows()) {
      String id = window.toString().toLowerCase(java.util.Locale.ROOT);
      DataStream<WindowResult> windows = parts
          .keyBy(part -> part.seriesKey)
          .window(TumblingEventTimeWindows.of(window))
          .allowedLateness(settings.allowedLateness())
          .aggregate(AggregateMetrics.forWindow(settings, longest.equals(window)), new EmitSnapshot(), TypeInformation.of(CxMetrics.class),
              TypeInformation.of(CxMetrics.class), windowResultType())
          .uid("signals-metrics-" + id).name("CX metrics per series, " + window.toMinutes() + " min windows");
      // The shortest windows carry DATA_QUALITY alerts: their interactions per value say where late records come from.
      boolean withValues = window.equals(shortest) && settings.rootCauses().maxSlices() > 0;
      DataStream<TrackedWindow> metrics = windows
          .map(result -> TrackedWindow.of(result, withValues), TrackedWindow.type())
          .uid("signals-snapshots-" + id).name("Metric snapshots, " + window.toMinutes() + " min windows");
      // A window's result is keyed by its series already (the window operator's key): the detectors
      // run in the same task, without shipping every window's slice counts to another.
      DataStream<Alert> alerts = DataStreamUtils
          .reinterpretAsKeyedStream(windows, (WindowResult result) -> result.snapshot.getSeriesKey(), Types.STRING)
          .process(new DetectAnomalies(settings.detectors(), settings.emergingMaxDimensions(), window.toMillis(),
              settings.rootCauses(), longest.equals(window) && settings.rootCauses().maxSlices() > 0
                  ? settings.slices() : earshot.jobs.detect.slices.SliceWatchSettings.off()),
              new AvroTypeInfo<>(Alert.class))
          .uid("signals-detect-" + id).name("Detectors, " + window.toMinutes() + " min windows");
      metricStreams.add(metrics);
      alertStreams.add(alerts);
    }
    DataStream<EnrichedInteraction> tooLate = onTime.getSideOutput(SeparateTooLate.TOO_LATE);
    SingleOutputStreamOperator<MetricSnapshot> metrics = countLateRecords(union(metricStreams), tooLate, settings);
    DataStream<Alert> detected = union(alertStreams);
    int verbatims = settings.slices().verbatimCandidates();
    if (settings.slices().enabled() && settings.rootCauses().maxSlices() > 0 && verbatims > 0) {
      // Slice alerts have no window examples of their own: they quote the global series' recent ones.
      DataStream<Observation> candidates = observations
          .filter(earshot.jobs.detect.slices.SliceVerbatims::candidate)
          .uid("signals-verbatim-candidates").name("Possible verbatims of slice alerts");
      detected = candidates.keyBy(o -> "global")
          .connect(detected.keyBy(a -> "global"))
          .process(new AttachSliceVerbatims(verbatims), new AvroTypeInfo<>(Alert.class))
          .uid("signals-slice-verbatims").name("Verbatims of slice alerts");
    }
    DataStream<Alert> grouped = detected
        .keyBy(alert -> alert.getDetector() + "|" + alert.getWindowSeconds())
        .process(new GroupAlerts(settings.detectors().cooldownWindows()), new AvroTypeInfo<>(Alert.class))
        .uid("signals-group-alerts").name("Group child alerts under their parent")
        // Late data raises an alert on every series it missed: those its root causes tie are one incident.
        .union(metrics.getSideOutput(CountLateRecords.DATA_QUALITY))
        .keyBy(alert -> "incidents")
        .process(new GroupIncidents(), new AvroTypeInfo<>(Alert.class))
        .uid("signals-group-incidents").name("One primary alert per incident");
    if (!settings.churn().enabled()) {
      return new Outputs(metrics, grouped, tooLate, null, null, null);
    }
    // Customers are followed over days: an interaction later than the metric windows' lateness
    // still belongs to its customer's journey, so the churn path reads every interaction.
    ChurnPath.Outputs churn = ChurnPath.build(enriched, identities, settings.churn(), settings.reproducible());
    LoopMetrics.Outputs loop = LoopMetrics.build(churn.loopEvents(), settings.churn().loopWindow(),
        settings.allowedLateness(), settings.detectors());
    return new Outputs(metrics.union(loop.metrics()), grouped.union(churn.alerts(), loop.alerts()), tooLate,
        churn.signals(), churn.links(), churn.profiles());
  }

  /**
   * Metric snapshots with the interactions that came too late for them counted in their windows
   * ({@code lateRecords}), and DATA_QUALITY alerts as a side output ({@link CountLateRecords}).
   */
  private static SingleOutputStreamOperator<MetricSnapshot> countLateRecords(DataStream<TrackedWindow> metrics,
      DataStream<EnrichedInteraction> tooLate, SignalsSettings settings) {
    Duration shortest = settings.windows().stream().min(Duration::compareTo).orElseThrow();
    DataStream<LateWindow> lateWindows = tooLate
        .process(new ToLateWindows(settings.series(), settings.windows(),
            settings.rootCauses().maxSlices() > 0 ? shortest : null), TypeInformation.of(LateWindow.class))
        .uid("signals-late-windows").name("Windows each late interaction missed");
    return metrics.keyBy(m -> m.snapshot.getSeriesKey() + "|" + m.snapshot.getWindowSeconds())
        .connect(lateWindows.keyBy(LateWindow::key))
        .process(new CountLateRecords(settings.lateShare(), settings.lateTracking(), shortest.toSeconds(),
            settings.allowedLateness(), settings.reproducible()), new AvroTypeInfo<>(MetricSnapshot.class))
        .uid("signals-count-late").name("Count late records on their windows");
  }

  @SuppressWarnings("unchecked")
  private static <T> DataStream<T> union(List<DataStream<T>> streams) {
    DataStream<T> first = streams.get(0);
    return streams.size() == 1 ? first : first.union(streams.subList(1, streams.size()).toArray(DataStream[]::new));
  }

  /**
   * Where the signals job writes.
   *
   * @param customerSignals used only when {@code churn.enabled}; may be null otherwise
   * @param identityLinks used only when {@code churn.enabled}; may be null otherwise
   * @param customerProfiles used only when {@code churn.enabled}; may be empty otherwise
   * @param deadLetters records of the job's inputs that could not be decoded
   */
  public record Sinks(List<NamedSink<MetricSnapshot>> metrics, List<NamedSink<Alert>> alerts,
      NamedSink<EnrichedInteraction> late, NamedSink<CustomerSignal> customerSignals,
      NamedSink<IdentityLink> identityLinks, List<NamedSink<CustomerProfile>> customerProfiles,
      NamedSink<DeadLetter> deadLetters) {

    /** The production sinks: Earshot's Kafka topics and Elasticsearch indices. */
    public static Sinks kafkaAndElasticsearch(EarshotConfig config) {
      String indexPrefix = config.get(Settings.ES_INDEX_PREFIX);
      return new Sinks(
          List.of(
              new NamedSink<>("signals-sink-metrics-kafka", "Kafka: metrics", EarshotSinks.kafka(config,
                  Topic.METRICS, MetricSnapshot.class, MetricSnapshot::getMetricId, "signals-metrics")),
              new NamedSink<>("signals-sink-metrics-elasticsearch", "Elasticsearch: metrics",
                  EarshotSinks.elasticsearch(config, "metrics index", Documents.metrics(indexPrefix)))),
          List.of(
              new NamedSink<>("signals-sink-alerts-kafka", "Kafka: alerts", EarshotSinks.kafka(config,
                  Topic.ALERTS, Alert.class, Alert::getAlertId, "signals-alerts")),
              new NamedSink<>("signals-sink-alerts-elasticsearch", "Elasticsearch: alerts",
                  EarshotSinks.elasticsearch(config, "alerts index", Documents.alerts(indexPrefix)))),
          new NamedSink<>("signals-sink-late", "Kafka: late interactions", EarshotSinks.kafka(config,
              Topic.LATE_INTERACTIONS, EnrichedInteraction.class, e -> e.getInteraction().getInteractionId(),
              "signals-late")),
          new NamedSink<>("signals-sink-customer-signals", "Kafka: customer signals", EarshotSinks.kafka(config,
              Topic.CUSTOMER_SIGNALS, CustomerSignal.class, CustomerSignal::getCustomerKey, "signals-customer-signals")),
          new NamedSink<>("signals-sink-identity-links", "Kafka: identity links learned", EarshotSinks.kafka(config,
              Topic.IDENTITIES, IdentityLink.class, IdentityLink::getIdentifierKey, "signals-identity-links")),
          List.of(
              new NamedSink<>("signals-sink-customers-kafka", "Kafka: customer profiles", EarshotSinks.kafka(config,
                  Topic.CUSTOMERS, CustomerProfile.class, CustomerProfile::getCustomerKey, "signals-customers")),
              new NamedSink<>("signals-sink-customers-elasticsearch", "Elasticsearch: customers",
                  EarshotSinks.elasticsearch(config, "customers index", Documents.customers(indexPrefix)))),
          new NamedSink<>("signals-sink-dead-letters", "Kafka: dead letters", EarshotSinks.kafka(config,
              Topic.DEAD_LETTERS, DeadLetter.class, DeadLetter::getDeadLetterId, "signals-dead-letters")));
    }
  }

  /**
   * The whole job from its inputs to its sinks: the one wiring that the Kafka job, {@code replay},
   * the benchmarks and the tests use.
   *
   * @param enriched enriched interactions with event time ({@link #eventTime})
   * @param identities the identity topic's records ({@link #identityWatermarks})
   * @param deadLetters records of the inputs that could not be decoded
   */
  public static Outputs run(DataStream<EnrichedInteraction> enriched, DataStream<IdentityLink> identities,
      DataStream<DeadLetter> deadLetters, SignalsSettings settings, Sinks sinks) {
    Outputs outputs = build(enriched, identities, settings);
    NamedSink.attachAll(outputs.metrics(), sinks.metrics());
    NamedSink.attachAll(outputs.alerts(), sinks.alerts());
    sinks.late().attach(outputs.tooLate());
    if (outputs.customerSignals() != null) {
      sinks.customerSignals().attach(outputs.customerSignals());
      sinks.identityLinks().attach(outputs.identityLinks());
      NamedSink.attachAll(outputs.customerProfiles(), sinks.customerProfiles());
    }
    sinks.deadLetters().attach(deadLetters);
    return outputs;
  }

  /** Adds the job, with its Kafka sources and Kafka and Elasticsearch sinks, to an environment. */
  public static void attach(StreamExecutionEnvironment env, EarshotConfig config, boolean bounded) {
    // Wrong credentials or trust stop the job here, naming the setting, not in a restart loop.
    KafkaAccessCheck.verify(config);
    SignalsSettings settings = SignalsSettings.from(config);
    String prefix = config.get(Settings.TOPIC_PREFIX);
    RecordDecoder<EnrichedInteraction> decoder = new CodecDecoder<>(EnrichedInteraction.class);
    DataStream<Either<DeadLetter, EnrichedInteraction>> decoded = env.fromSource(
        EarshotKafka.source(Connections.kafka(config), List.of(Topic.ENRICHED.name(prefix)),
            config.get(Settings.CONSUMER_GROUP_PREFIX) + "-signals", EnrichedInteraction.class, decoder, bounded,
            config.get(Settings.KAFKA_FETCH_BYTES)),
        watermarks(settings), "Kafka: enriched interactions",
        DecodingDeserializer.decodedType(EnrichedInteraction.class))
        .setParallelism(config.get(Settings.SOURCE_PARALLELISM))
        .uid("signals-source").name("Kafka: enriched interactions");
    SingleOutputStreamOperator<EnrichedInteraction> enriched = decoded
        .process(new SplitDeadLetters<EnrichedInteraction>(), new AvroTypeInfo<>(EnrichedInteraction.class))
        .uid("signals-split-dead-letters").name("Split off dead letters");
    DataStream<Either<DeadLetter, IdentityLink>> identityRecords = env.fromSource(
        EarshotKafka.source(Connections.kafka(config), List.of(Topic.IDENTITIES.name(prefix)),
            config.get(Settings.CONSUMER_GROUP_PREFIX) + "-signals-identities", IdentityLink.class,
            new CodecDecoder<>(IdentityLink.class), bounded, config.get(Settings.KAFKA_FETCH_BYTES)),
        identityWatermarks(settings.idleness()), "Kafka: identities", DecodingDeserializer.decodedType(IdentityLink.class))
        .uid("signals-identities-source").name("Kafka: identities");
    SingleOutputStreamOperator<IdentityLink> identities = identityRecords
        .process(new SplitDeadLetters<IdentityLink>(), new AvroTypeInfo<>(IdentityLink.class))
        .uid("signals-identities-split-dead-letters").name("Split off undecodable identity records");
    run(enriched, identities, enriched.getSideOutput(SplitDeadLetters.DEAD_LETTERS)
        .union(identities.getSideOutput(SplitDeadLetters.DEAD_LETTERS)), settings, Sinks.kafkaAndElasticsearch(config));
  }

  /**
   * A window's result as the window operator hands it to the chained snapshot map and detectors:
   * serialised as a POJO, and shared rather than copied for each of them. Nothing changes a result once
   * emitted: the consumers only read it, and a late record updates a copy of the window's totals
   * ({@link CxMetrics#forUpdate}), not the breakdown the result holds.
   */
  static TypeInformation<WindowResult> windowResultType() {
    return new HandCopiedType<>(TypeInformation.of(WindowResult.class), SignalsJob::shared);
  }

  private static WindowResult shared(WindowResult result) {
    return result;
  }

  /** Decodes one of Earshot's records, caching the codec per task. */
  static final class CodecDecoder<T extends SpecificRecord> implements RecordDecoder<T> {
    private static final long serialVersionUID = 1L;
    private final Class<T> type;
    private transient SingleObjectCodec<T> codec;

    CodecDecoder(Class<T> type) {
      this.type = type;
    }

    @Override
    public T decode(byte[] bytes) {
      if (codec == null) {
        codec = SingleObjectCodec.of(type);
      }
      return codec.decode(bytes);
    }
  }

  public static void main(String[] args) throws Exception {
    JobArguments arguments = JobArguments.parse(args, System.getenv());
    StreamExecutionEnvironment env = JobEnvironments.create(arguments.config());
    attach(env, arguments.config(), arguments.bounded());
    env.execute(NAME);
  }
}
