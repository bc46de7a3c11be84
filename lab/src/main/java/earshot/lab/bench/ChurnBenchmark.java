package earshot.lab.bench;

import earshot.deploy.services.FileTrees;
import earshot.jobs.churn.ChurnSettings;
import earshot.jobs.config.EarshotConfig;
import earshot.jobs.config.Settings;
import earshot.jobs.io.JobEnvironments;
import earshot.jobs.signals.ChurnPath;
import earshot.schemas.Alert;
import earshot.schemas.AvroTrust;
import earshot.schemas.Channel;
import earshot.schemas.CustomerProfile;
import earshot.schemas.CustomerSignal;
import earshot.schemas.Direction;
import earshot.schemas.EnrichedInteraction;
import earshot.schemas.IdentityLink;
import earshot.schemas.Interaction;
import earshot.schemas.TextAnalysis;
import earshot.schemas.TextStatus;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.CheckpointType;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.runtime.checkpoint.AbstractCheckpointStats;
import org.apache.flink.runtime.checkpoint.TaskStateStats;
import org.apache.flink.runtime.executiongraph.AccessExecutionGraph;
import org.apache.flink.runtime.executiongraph.AccessExecutionJobVertex;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;

/**
 * The churn path on its own with many distinct customers in state (part of {@code ./earshot bench
 * pipeline}): generated enriched interactions go straight into {@link ChurnPath} (identity table,
 * resolution, journeys) on a MiniCluster with the configured state backend (RocksDB unless another
 * is set), in two phases: first one contact for each of {@code customers} new customers (state
 * grows), then as many contacts again for customers already in state, over 60 days of event time.
 * Each contact carries a customer key, and some an e-mail or phone key (claims on the identity
 * table); six in ten have an analysed text (random tone; one in a hundred asks to cancel, one in
 * twenty-five complains), a quarter an NPS answer, e-mails a service level, so that timers, alerts
 * and customer signals happen as in real traffic.
 *
 * <p>Throughput is measured per phase from the watermark the sink sees (a contact is processed once
 * the watermark has passed it), on the wall clock; watermarks come every 200 ms, so a phase needs
 * many more contacts than that to be timed (a phase shorter than that shows no rate). State size comes from a full checkpoint taken
 * when every contact has been processed, per operator, as Flink's checkpoint statistics report it
 * (bytes written by the state backend: RocksDB's compressed files, or the heap backend's serialized
 * state), divided by the number of customers.
 */
public final class ChurnBenchmark {

  /** What a run measured. */
  public record Result(long customers, long contacts, int parallelism, String backend, double growSeconds,
      double steadySeconds, long checkpointBytes, Map<String, Long> bytesByOperator, long alerts) {

    /** Contacts per second while state grows; NaN when the phase was too short to time. */
    public double growRate() {
      return growSeconds > 0 ? customers / growSeconds : Double.NaN;
    }

    /** Contacts per second with every customer in state; NaN when the phase was too short to time. */
    public double steadyRate() {
      return steadySeconds > 0 ? (contacts - customers) / steadySeconds : Double.NaN;
    }
  }

  private static final Instant BASE = Instant.parse("2026-01-05T00:00:00Z");
  private static final long SPAN = Duration.ofDays(60).toMillis();
  private static final Map<String, Progress> RUNS = new ConcurrentHashMap<>();

  private final EarshotConfig config;
  private final PrintStream out;

  public ChurnBenchmark(EarshotConfig config, PrintStream out) {
    this.config = config;
    this.out = out;
  }

  public Result run(long customers, int parallelism) throws Exception {
    AvroTrust.install();
    String backend = config.origin(Settings.STATE_BACKEND).equals("default") ? "rocksdb"
        : config.get(Settings.STATE_BACKEND);
    long contacts = 2 * customers;
    long step = Math.max(1, SPAN / contacts);
    String runId = "churn-bench-" + System.nanoTime();
    Progress progress = new Progress(BASE.toEpochMilli() + (customers - 1) * step,
        BASE.toEpochMilli() + (contacts - 1) * step);
    RUNS.put(runId, progress);
    Path checkpoints = Files.createTempDirectory("earshot-churn-bench-");

    Configuration flink = JobEnvironments.flinkConfiguration(config);
    flink.set(StateBackendOptions.STATE_BACKEND, backend);
    flink.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
    flink.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, false);
    flink.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.parse("512m"));
    flink.set(TaskManagerOptions.NUM_TASK_SLOTS, parallelism);
    // Any free port for the cluster's REST endpoint: a demo or a local cluster may hold 8081.
    flink.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
    flink.set(RestOptions.BIND_PORT, "0");
    MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder().setConfiguration(flink)
        .setNumTaskManagers(1).setNumSlotsPerTaskManager(parallelism).build());
    cluster.start();
    try {
      StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flink);
      env.setParallelism(parallelism);
      // Checkpoints only when asked: the one that measures the state.
      env.enableCheckpointing(Duration.ofHours(1).toMillis());
      build(env, runId, customers, contacts, step, ChurnSettings.from(config));
      JobID job = cluster.submitJob(env.getStreamGraph()).get().getJobID();
      long start = System.nanoTime();
      progress.await(progress.endOfGrowth, start, Duration.ofHours(2));
      double grow = (progress.reachedGrowth.get() - start) / 1e9;
      progress.await(progress.end, start, Duration.ofHours(2));
      double steady = (progress.reachedEnd.get() - progress.reachedGrowth.get()) / 1e9;

      long checkpoint = cluster.triggerCheckpoint(job, CheckpointType.FULL).get(30, TimeUnit.MINUTES);
      AccessExecutionGraph graph = cluster.getExecutionGraph(job).get();
      AbstractCheckpointStats stats = graph.getCheckpointStatsSnapshot().getHistory().getCheckpointById(checkpoint);
      Map<String, Long> byOperator = new java.util.LinkedHashMap<>();
      for (AccessExecutionJobVertex vertex : graph.getVerticesTopologically()) {
        TaskStateStats task = stats == null ? null : stats.getTaskStateStats(vertex.getJobVertexId());
        if (task != null && task.getStateSize() > 0) {
          byOperator.put(vertex.getName(), task.getStateSize());
        }
      }
      cluster.cancelJob(job).get();
      return new Result(customers, contacts, parallelism, backend, grow, steady, stats == null ? -1 : stats.getStateSize(),
          byOperator, progress.alerts.get());
    } finally {
      RUNS.remove(runId);
      cluster.closeAsync().get();
      FileTrees.deleteQuietly(checkpoints);
    }
  }

  public void print(Result r) {
    out.printf(Locale.ROOT, "  %,d new customers, one contact each (state growing):   %6.1f s  %,8.0f contacts/s%n",
        r.customers(), r.growSeconds(), r.growRate());
    out.printf(Locale.ROOT, "  %,d more contacts, %,d customers in state:        %6.1f s  %,8.0f contacts/s%n",
        r.contacts() - r.customers(), r.customers(), r.steadySeconds(), r.steadyRate());
    out.printf(Locale.ROOT, "  full checkpoint after %,d contacts (%s): %,.1f MB in all, %,.0f bytes per customer%n",
        r.contacts(), r.backend(), r.checkpointBytes() / 1e6, (double) r.checkpointBytes() / r.customers());
    r.bytesByOperator().forEach((operator, bytes) -> out.printf(Locale.ROOT,
        "    %-58s %,10.1f MB  %,6.0f bytes per customer%n", shorten(operator), bytes / 1e6,
        (double) bytes / r.customers()));
    out.printf(Locale.ROOT, "  (%,d CHURN_RISK alert states on the way; parallelism %d)%n", r.alerts(), r.parallelism());
  }

  private static String shorten(String name) {
    return name.length() <= 58 ? name : name.substring(0, 55) + "...";
  }

  private static void build(StreamExecutionEnvironment env, String runId, long customers, long contacts, long step,
      ChurnSettings settings) {
    // An endless sequence: after the last contact the source keeps the job running (idly), so that
    // the state can be checkpointed and measured.
    DataStream<EnrichedInteraction> enriched = env.fromSequence(0, Long.MAX_VALUE).setParallelism(1)
        .uid("bench-sequence").name("Sequence")
        .flatMap(new Contacts(customers, contacts, step), new AvroTypeInfo<>(EnrichedInteraction.class)).setParallelism(1)
        .uid("bench-contacts").name("Generated contacts")
        .assignTimestampsAndWatermarks(WatermarkStrategy.<EnrichedInteraction>forMonotonousTimestamps()
            .withTimestampAssigner((e, t) -> e.getInteraction().getOccurredAt().toEpochMilli()))
        .setParallelism(1).uid("bench-watermarks").name("Event time");
    DataStream<IdentityLink> noIdentities = enriched
        .flatMap((EnrichedInteraction e, Collector<IdentityLink> out) -> { }, new AvroTypeInfo<>(IdentityLink.class))
        .setParallelism(1).uid("bench-no-identities").name("No CRM records");
    ChurnPath.Outputs churn = ChurnPath.build(enriched, noIdentities, settings);
    churn.alerts().sinkTo(new ProgressSink<>(runId, true)).uid("bench-alerts").name("Count alerts, watch the watermark");
    churn.signals().sinkTo(new ProgressSink<CustomerSignal>(runId, false)).uid("bench-signals").name("Discard signals");
    churn.links().sinkTo(new ProgressSink<IdentityLink>(runId, false)).uid("bench-links").name("Discard links");
    churn.profiles().sinkTo(new ProgressSink<CustomerProfile>(runId, false)).uid("bench-profiles")
        .name("Discard customer profiles");
  }

  /** The n-th generated contact; after the last one, nothing (slowly). */
  static final class Contacts implements FlatMapFunction<Long, EnrichedInteraction> {
    private static final long serialVersionUID = 1L;
    private static final Channel[] CHANNELS = {Channel.CALL, Channel.CALL, Channel.EMAIL, Channel.CHAT, Channel.CHAT,
        Channel.SURVEY, Channel.SOCIAL, Channel.APP, Channel.STORE, Channel.SMS};
    private static final String[] TOUCHPOINTS = {"billing", "delivery", "support", "support", "onboarding", "renewal"};
    /** Intents of analysed texts, by share: most texts carry none, one in a hundred asks to cancel. */
    private static final double[] INTENT_SHARES = {0.01, 0.04, 0.05, 0.05, 0.03, 0.06, 0.02, 0.02};
    private static final List<List<String>> INTENTS = List.of(List.of("cancellation"), List.of("complaint"),
        List.of("billing_problem"), List.of("technical_problem"), List.of("delivery_problem"), List.of("praise"),
        List.of("transferred"), List.of("repeat_contact"));
    private final long customers;
    private final long contacts;
    private final long step;

    Contacts(long customers, long contacts, long step) {
      this.customers = customers;
      this.contacts = contacts;
      this.step = step;
    }

    @Override
    public void flatMap(Long index, Collector<EnrichedInteraction> out) throws InterruptedException {
      if (index >= contacts) {
        Thread.sleep(5);
        return;
      }
      SplittableRandom random = new SplittableRandom(index * 0x9E3779B97F4A7C15L);
      long customer = index < customers ? index : random.nextLong(customers);
      Channel channel = CHANNELS[random.nextInt(CHANNELS.length)];
      boolean text = random.nextDouble() < 0.6;
      Interaction.Builder interaction = Interaction.newBuilder()
          .setInteractionId("bench-" + index)
          .setChannel(channel)
          .setOccurredAt(Instant.ofEpochMilli(BASE.toEpochMilli() + index * step))
          .setCustomerId(null)
          .setTouchpoint(TOUCHPOINTS[random.nextInt(TOUCHPOINTS.length)])
          .setDirection(random.nextDouble() < 0.9 ? Direction.INBOUND : Direction.OUTBOUND)
          .setNps(random.nextDouble() < 0.25 ? random.nextInt(11) : null)
          .setTransfers(channel == Channel.CALL ? random.nextInt(3) : null)
          .setResolved(random.nextDouble() < 0.7)
          .setWaitSeconds(channel == Channel.EMAIL && random.nextDouble() < 0.8 ? 3600 + random.nextInt(7200) : null)
          .setAttributes(Map.of("valueTier", random.nextDouble() < 0.2 ? "gold" : "silver"));
      List<String> identifiers = new ArrayList<>(2);
      if (random.nextDouble() < 0.4) {
        identifiers.add(String.format(Locale.ROOT, "email:%032x", customer * 31 + 7));
      }
      if (random.nextDouble() < 0.3) {
        identifiers.add(String.format(Locale.ROOT, "phone:%032x", customer * 17 + 3));
      }
      TextAnalysis.Builder analysis = TextAnalysis.newBuilder().setStatus(text ? TextStatus.ANALYSED : TextStatus.NO_TEXT);
      if (text) {
        analysis.setSentimentScore(random.nextDouble() * 2 - 1).setIntents(intents(random.nextDouble()));
      }
      out.collect(EnrichedInteraction.newBuilder()
          .setInteraction(interaction.build())
          .setAnalysis(analysis.build())
          .setEnrichedAt(Instant.ofEpochMilli(0))
          .setCustomerKey(String.format(Locale.ROOT, "%032x", customer))
          .setIdentifierKeys(identifiers)
          .build());
    }
  }

  private static List<String> intents(double u) {
    for (int i = 0; i < INTENT_SHARES_TOTAL.length; i++) {
      if (u < INTENT_SHARES_TOTAL[i]) {
        return Contacts.INTENTS.get(i);
      }
    }
    return List.of();
  }

  private static final double[] INTENT_SHARES_TOTAL = cumulative(Contacts.INTENT_SHARES);

  private static double[] cumulative(double[] shares) {
    double[] out = new double[shares.length];
    double sum = 0;
    for (int i = 0; i < shares.length; i++) {
      sum += shares[i];
      out[i] = sum;
    }
    return out;
  }

  /** When the watermark passed the end of each phase, and how many alert states went by. */
  static final class Progress {
    final long endOfGrowth;
    final long end;
    final AtomicLong reachedGrowth = new AtomicLong();
    final AtomicLong reachedEnd = new AtomicLong();
    final AtomicLong alerts = new AtomicLong();

    Progress(long endOfGrowth, long end) {
      this.endOfGrowth = endOfGrowth;
      this.end = end;
    }

    void watermark(long watermark) {
      long now = System.nanoTime();
      if (watermark >= endOfGrowth - 1) {
        reachedGrowth.compareAndSet(0, now);
      }
      if (watermark >= end - 1) {
        reachedEnd.compareAndSet(0, now);
      }
    }

    void await(long eventTime, long since, Duration timeout) throws InterruptedException {
      AtomicLong reached = eventTime == end ? reachedEnd : reachedGrowth;
      while (reached.get() == 0) {
        if (System.nanoTime() - since > timeout.toNanos()) {
          throw new IllegalStateException("the churn benchmark did not finish within " + timeout);
        }
        Thread.sleep(50);
      }
    }
  }

  /** Discards records; the alert sink also reports the watermarks it sees to the run's progress. */
  static final class ProgressSink<T> implements Sink<T> {
    private static final long serialVersionUID = 1L;
    private final String runId;
    private final boolean watch;

    ProgressSink(String runId, boolean watch) {
      this.runId = runId;
      this.watch = watch;
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) {
      Progress progress = RUNS.get(runId);
      return new SinkWriter<>() {
        @Override
        public void write(T element, Context context) {
          if (watch && progress != null && element instanceof Alert) {
            progress.alerts.incrementAndGet();
          }
        }

        @Override
        public void writeWatermark(Watermark watermark) {
          if (watch && progress != null) {
            progress.watermark(watermark.getTimestamp());
          }
        }

        @Override
        public void flush(boolean endOfInput) {
        }

        @Override
        public void close() {
        }
      };
    }
  }
}
