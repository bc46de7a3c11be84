package earshot.lab.bench;

import earshot.connectors.kafka.KafkaConnection;
import earshot.deploy.provision.IndexTemplates;
import earshot.jobs.config.Connections;
import earshot.jobs.config.EarshotConfig;
import earshot.jobs.config.Settings;
import earshot.jobs.enrich.EnrichJob;
import earshot.jobs.io.JobEnvironments;
import earshot.jobs.run.LocalRunner;
import earshot.jobs.signals.SignalsJob;
import earshot.lab.generator.Incident;
import earshot.lab.generator.InteractionGenerator;
import earshot.lab.report.DetectionReport;
import earshot.schemas.Alert;
import earshot.schemas.Interaction;
import earshot.schemas.SingleObjectCodec;
import earshot.schemas.Topic;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * The end-to-end benchmark behind {@code ./earshot bench pipeline}: real Kafka, both jobs on a
 * MiniCluster, real Kafka and Elasticsearch outputs. Each run uses its own topics and indices and
 * deletes them afterwards. Prints its progress to the given stream and returns the figures it
 * measured; judging them is left to the reader.
 */
public final class PipelineBenchmark {

  /**
   * What the benchmark borrows from the command line, which owns provisioning and its Kafka clients:
   * the benchmark measures, it does not set up services its own way.
   */
  public interface Tools {

    /** Creates the configuration's topics and index templates. */
    void provision(EarshotConfig config) throws Exception;

    /** Plain HTTP access to the configured Elasticsearch. */
    IndexTemplates.ElasticsearchHttp elasticsearch(EarshotConfig config) throws IOException;

    /** Sends the generator's interactions to the topic, at most {@code limit} of them; returns how many. */
    long produce(InteractionGenerator generator, KafkaConnection kafka, String topic, long limit);

    /** A byte-array producer. */
    KafkaProducer<byte[], byte[]> producer(KafkaConnection kafka);

    /** Committed records from the given offsets (missing partitions: from the beginning) to the end as of now. */
    List<ConsumerRecord<byte[], byte[]>> readFrom(KafkaConnection kafka, String topic, Map<TopicPartition, Long> from);

    /** The local services' processes whose CPU time to measure, by name (none when they run elsewhere). */
    default Map<String, ProcessHandle> serviceProcesses() {
      return Map.of();
    }
  }

  private final Tools tools;
  private final EarshotConfig base;
  private final PrintStream out;
  private boolean unchained;

  public PipelineBenchmark(Tools tools, EarshotConfig base, PrintStream out) {
    this.tools = tools;
    this.base = base;
    this.out = out;
  }

  /**
   * Runs the throughput jobs with operator chaining off, so that each operator is a task of its own
   * and the breakdown names every operator, not only chains. Records then cross a serialisation
   * boundary between every two operators, so the figures are lower than a normal run's.
   */
  public PipelineBenchmark unchained() {
    this.unchained = true;
    return this;
  }

  /**
   * Throughput figures of one run.
   *
   * @param signalsSeconds the signals job as configured, after a warm-up run
   * @param signalsWithoutChurnSeconds the same with churn.enabled=false: the mean of a run before and
   *     a run after the one with the churn path
   * @param enrich where the enrich job's time went
   * @param signals where the time of the signals job as configured went
   */
  public record Throughput(long interactions, double enrichSeconds, double signalsSeconds,
      double signalsWithoutChurnSeconds, Breakdown enrich, Breakdown signals) {

    /** Interactions per second through both jobs. */
    public double endToEnd() {
      return interactions / (enrichSeconds + signalsSeconds);
    }

    /**
     * Several runs of one mode as one: interactions and seconds summed, so each rate is total
     * interactions over total time (not a mean of rates). The breakdowns are the last run's.
     */
    public static Throughput pooled(List<Throughput> runs) {
      if (runs.isEmpty()) {
        throw new IllegalArgumentException("no runs to pool");
      }
      long interactions = 0;
      double enrich = 0;
      double signals = 0;
      double withoutChurn = 0;
      for (Throughput run : runs) {
        interactions += run.interactions;
        enrich += run.enrichSeconds;
        signals += run.signalsSeconds;
        withoutChurn += run.signalsWithoutChurnSeconds;
      }
      Throughput last = runs.get(runs.size() - 1);
      return new Throughput(interactions, enrich, signals, withoutChurn, last.enrich, last.signals);
    }
  }

  /**
   * Where one job run's time went: each task's (chain of operators') busy, back-pressured and idle
   * time from Flink's own task metrics, the CPU time of this JVM (the MiniCluster running the job)
   * and of each local service during the run, and Elasticsearch's work per index of the run (empty
   * when its statistics could not be read).
   */
  public record Breakdown(double seconds, List<TaskTimeReporter.TaskTime> tasks, Map<String, Duration> cpu,
      List<IndexWork> elasticsearch, TaskTimeReporter.Checkpoints checkpoints, TaskState.Checkpoint state) {}

  /** Runs one job to the end of its input on a MiniCluster and measures where its time went. */
  private Breakdown measure(String name, EarshotConfig config,
      java.util.function.BiConsumer<StreamExecutionEnvironment, EarshotConfig> job) throws Exception {
    Map<String, ProcessHandle> processes = new java.util.LinkedHashMap<>();
    processes.put("Flink (MiniCluster, this JVM)", ProcessHandle.current());
    processes.putAll(tools.serviceProcesses());
    ProcessCpu cpu = new ProcessCpu(processes);
    TaskTimeReporter.reset();
    String indexPrefix = config.get(Settings.ES_INDEX_PREFIX);
    Map<String, IndexWork> indicesBefore = indexWork(config, indexPrefix);
    Map<String, Duration> before = cpu.sample();
    long begin = System.nanoTime();
    // LocalRunner holds the cluster: its REST API is what tells each task's state at a checkpoint.
    int restPort = earshot.deploy.services.Processes.freePort();
    TaskState.Checkpoint state;
    try (TaskState.Watch watch = new TaskState.Watch(restPort)) {
      LocalRunner.run(name, config, restPort, true, flink -> {
        TaskTimeReporter.enable(flink);
        if (unchained) {
          flink.set(org.apache.flink.configuration.PipelineOptions.OPERATOR_CHAINING, false);
        }
      }, job);
      state = watch.last();
    }
    double seconds = (System.nanoTime() - begin) / 1e9;
    Map<String, Duration> used = ProcessCpu.between(before, cpu.sample());
    Map<String, IndexWork> indicesAfter = indexWork(config, indexPrefix);
    List<IndexWork> indexed = indicesBefore == null || indicesAfter == null ? List.of()
        : IndexWork.between(indicesBefore, indicesAfter);
    return new Breakdown(seconds, TaskTimeReporter.tasks(name), used, indexed, TaskTimeReporter.checkpoints(name),
        state);
  }

  /** Elasticsearch's statistics of the run's indices, or null when they cannot be read (then none are printed). */
  private Map<String, IndexWork> indexWork(EarshotConfig config, String indexPrefix) {
    try {
      return IndexWork.sample(tools.elasticsearch(config), indexPrefix);
    } catch (IOException | RuntimeException e) {
      out.println("  (could not read Elasticsearch's index statistics: " + e.getMessage() + ")");
      return null;
    }
  }

  /** Runs the signals job to the end of its input under its own consumer group. */
  private Breakdown runSignals(EarshotConfig config, String groupSuffix) throws Exception {
    EarshotConfig run = config.with(Settings.CONSUMER_GROUP_PREFIX, config.get(Settings.CONSUMER_GROUP_PREFIX) + groupSuffix);
    return measure(SignalsJob.NAME, run, (env, c) -> SignalsJob.attach(env, c, true));
  }

  /**
   * Runs the enrich job once over {@code count} generated interactions under topics and indices of
   * its own, and deletes them: the first run after the services start pays the JIT's warm-up in
   * Flink, Kafka and Elasticsearch, which a long-running job does not; this run's figures show what
   * the warm-up costs. Elasticsearch's indexing CPU per document keeps falling for 150,000 to 250,000
   * documents (README, "Why Elasticsearch costs more"): see {@link #warmUpElasticsearch}.
   */
  public Breakdown warmUp(long count, String textMode) throws Exception {
    return runOnce("earshot-bench-warmup-", count, textMode, false).enrich();
  }

  /** What the second warm-up cost: its enrich run and its signals run. */
  public record WarmUp(Breakdown enrich, Breakdown signals) {}

  /**
   * Writes {@code count} more enriched interactions to warm Elasticsearch up, and the JVM with it,
   * then runs the signals job over them: without it the first throughput runs pay what is left of
   * the warm-ups and the later ones do not. It runs in the text mode under test: warmed with text
   * off, the first text run still paid about twice the Elasticsearch CPU per document of a later one
   * (the keyword fields that text fills were new to it) and half again the Flink CPU (the text stage
   * had been compiled on 30,000 texts only). The signals run warms the customer-profile and metric
   * indices: without it, the first signals run of a bench paid about twice the Elasticsearch time per
   * customer-profile write of a later one, and most of its merging.
   */
  public WarmUp warmUpElasticsearch(long count, String textMode) throws Exception {
    return runOnce("earshot-bench-warmup-es-", count, textMode, true);
  }

  private WarmUp runOnce(String prefixStart, long count, String textMode, boolean withSignals) throws Exception {
    String prefix = prefixStart + System.currentTimeMillis() + "-";
    EarshotConfig config = prefixed(base.with(Settings.TEXT_MODE, textMode), prefix);
    try {
      tools.provision(config);
      InteractionGenerator generator = new InteractionGenerator(InteractionGenerator.DEFAULT_START, Duration.ofDays(2),
          defaultPerMinute(count), 19, List.of());
      tools.produce(generator, Connections.kafka(config), Topic.INTERACTIONS.name(config.get(Settings.TOPIC_PREFIX)), count);
      Breakdown enrich = measure(EnrichJob.NAME, config, (env, c) -> EnrichJob.attach(env, c, true));
      return new WarmUp(enrich, withSignals ? runSignals(config, "-warmup") : null);
    } finally {
      cleanUp(config);
    }
  }

  /**
   * Event-time density of the throughput runs when none is asked for: about a day of traffic,
   * whatever the count (the generator's daily cycle included).
   */
  public static double defaultPerMinute(long count) {
    return Math.max(10.0, count / 1440.0);
  }

  /**
   * Produces {@code count} generated interactions into Kafka, then runs the enrich and the signals
   * job over them, each to the end of its input; the clock runs from job submission to completion.
   * {@code perMinute} is the stream's mean rate in event time: the signals job's work per window and
   * series does not grow with the traffic in it, so its cost per interaction falls as the rate rises.
   */
  public Throughput throughput(long count, String textMode, double perMinute) throws Exception {
    String prefix = "earshot-bench-" + System.currentTimeMillis() + "-";
    EarshotConfig config = prefixed(base.with(Settings.TEXT_MODE, textMode), prefix);
    try {
      tools.provision(config);
      // Two days at the given rate; the first `count` are sent.
      Instant start = InteractionGenerator.DEFAULT_START;
      InteractionGenerator generator = new InteractionGenerator(start, Duration.ofDays(2), perMinute, 17, List.of());
      KafkaConnection kafka = Connections.kafka(config);
      long produced = tools.produce(generator, kafka, Topic.INTERACTIONS.name(config.get(Settings.TOPIC_PREFIX)), count);
      Breakdown enrich = measure(EnrichJob.NAME, config, (env, c) -> EnrichJob.attach(env, c, true));
      // The signals job over the same enriched topic, each run with its own consumer group: once to
      // warm up (the JIT; Elasticsearch's first write of each document is slower than an overwrite),
      // then without the churn path, with it (as configured), and without it again, so that what is
      // left of the warm-up and of any drift of the machine weighs on both sides alike.
      runSignals(config, "-warmup");
      EarshotConfig withoutChurn = config.with(Settings.CHURN_ENABLED, "false");
      double withoutFirst = runSignals(withoutChurn, "-nochurn1").seconds();
      Breakdown signals = runSignals(config, "-churn");
      double withoutAgain = runSignals(withoutChurn, "-nochurn2").seconds();
      double signalsWithoutChurn = (withoutFirst + withoutAgain) / 2;
      return new Throughput(produced, enrich.seconds(), signals.seconds(), signalsWithoutChurn, enrich, signals);
    } finally {
      cleanUp(config);
    }
  }

  /**
   * How long a live incident took to reach the alert topic.
   *
   * @param fromFirstRecord from the moment the first incident record was sent to Kafka to the moment
   *     its alert could be read from the alert topic (includes waiting for the window to end)
   * @param afterWindowEnd from the end of the alert's window to the moment it could be read: what
   *     the pipeline adds to the window length
   */
  public record Latency(Duration window, Duration fromFirstRecord, Duration afterWindowEnd, String seriesKey) {}

  /**
   * What a window's alert waits for after the window ends, from the configuration: the enrich job
   * holds records until its watermark passes them, the signals job's window fires when its watermark
   * (the latest event time less the out-of-orderness) passes the window's end, and each of the two
   * exactly-once Kafka hops (enriched topic, alert topic) publishes at a checkpoint.
   */
  public static String expectedDelay(EarshotConfig config) {
    return String.format(java.util.Locale.ROOT,
        "enrich.out-of-orderness %d s + signals.out-of-orderness %d s + up to 2 x job.checkpoint-interval %d s",
        config.get(Settings.ENRICH_OUT_OF_ORDERNESS).toSeconds(), config.get(Settings.OUT_OF_ORDERNESS).toSeconds(),
        config.get(Settings.CHECKPOINT_INTERVAL).toSeconds());
  }

  /**
   * Runs both jobs continuously, feeds them a learned history and then live traffic at the wall
   * clock with a planted detractor spike, and measures how long its alert took (see {@link
   * Latency}). Traffic is flat (the same rate at any hour), so the outcome does not depend on the
   * hour the benchmark runs; {@code profile} adjusts the configuration (latency settings) for the run.
   * Returns null when no alert arrived within eight windows and a minute after the incident began.
   */
  public Latency alertLatency(Duration window, double perMinute, java.util.function.UnaryOperator<EarshotConfig> profile)
      throws Exception {
    String prefix = "earshot-bench-latency-" + System.currentTimeMillis() + "-";
    EarshotConfig config = profile.apply(prefixed(base, prefix)
        .with(Settings.WINDOWS, window.toString())
        .with(Settings.DIMENSIONS, "touchpoint")
        .with(Settings.COMBINATIONS, ""));
    out.printf("  %s%n", expectedDelay(config));
    KafkaConnection kafka = Connections.kafka(config);
    String topicPrefix = config.get(Settings.TOPIC_PREFIX);
    JobClient job = null;
    AtomicBoolean live = new AtomicBoolean(true);
    Thread producer = null;
    try {
      tools.provision(config);
      Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
      long windowMillis = window.toMillis();
      Instant historyStart = now.minus(window.multipliedBy(40)).truncatedTo(ChronoUnit.MINUTES);
      long history = tools.produce(new InteractionGenerator(historyStart, Duration.between(historyStart, now), perMinute, 23,
          List.of()).withFlatTraffic(), kafka, Topic.INTERACTIONS.name(topicPrefix), Long.MAX_VALUE);
      out.printf("  history: %,d interactions over %s of event time, sent to Kafka%n", history,
          Duration.between(historyStart, now));

      // Both jobs in one MiniCluster, continuously.
      Configuration flink = JobEnvironments.flinkConfiguration(config);
      flink.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY,
          java.nio.file.Files.createTempDirectory("earshot-bench-checkpoints").toUri().toString());
      StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, flink);
      JobEnvironments.configure(env, config);
      env.setParallelism(1);
      EnrichJob.attach(env, config, false);
      SignalsJob.attach(env, config, false);
      job = env.executeAsync("earshot-bench-latency");

      // Live traffic from now on, paced to the wall clock; the incident starts at the next window boundary.
      Instant liveStart = Instant.now().truncatedTo(ChronoUnit.SECONDS);
      long firstBoundary = (liveStart.toEpochMilli() / windowMillis + 2) * windowMillis;
      Instant incidentStart = Instant.ofEpochMilli(firstBoundary);
      Incident incident = new Incident("DETRACTOR_SPIKE", Map.of("touchpoint", "delivery"), incidentStart,
          incidentStart.plus(window.multipliedBy(5)), 0.9, null);
      InteractionGenerator liveGenerator = new InteractionGenerator(liveStart, window.multipliedBy(12), perMinute, 29,
          List.of(incident)).withFlatTraffic();
      AtomicLong firstIncidentSent = new AtomicLong(-1);
      producer = new Thread(() -> paced(liveGenerator, kafka, Topic.INTERACTIONS.name(topicPrefix), incident,
          firstIncidentSent, live), "earshot-bench-live-producer");
      producer.setDaemon(true);
      producer.start();
      out.printf("  live traffic from %s at %.0f a minute, incident (delivery turns to detractors) from %s%n", liveStart,
          perMinute, incidentStart);

      Map<TopicPartition, Long> from = Map.of();
      long deadline = System.nanoTime() + window.multipliedBy(8).plusSeconds(60).toNanos();
      SingleObjectCodec<Alert> codec = SingleObjectCodec.of(Alert.class);
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> record : tools.readFrom(kafka, Topic.ALERTS.name(topicPrefix), from)) {
          Alert alert = codec.decode(record.value());
          // The reports' one rule for "this alert found that incident": a DETRACTOR_SPIKE alert on
          // another touchpoint during the incident is not its alert.
          if (DetectionReport.detects(alert, incident) && firstIncidentSent.get() > 0) {
            long seen = System.currentTimeMillis();
            out.printf("  alert %s on %s read back at %s (window ending %s)%n", alert.getAlertId(), alert.getSeriesKey(),
                Instant.ofEpochMilli(seen), alert.getWindowEnd());
            return new Latency(window, Duration.ofMillis(seen - firstIncidentSent.get()),
                Duration.ofMillis(seen - alert.getWindowEnd().toEpochMilli()), alert.getSeriesKey());
          }
        }
        Thread.sleep(250);
      }
      return null;
    } finally {
      live.set(false);
      if (producer != null) {
        producer.join(5000);
      }
      if (job != null) {
        job.cancel().get();
      }
      cleanUp(config);
    }
  }

  private void paced(InteractionGenerator generator, KafkaConnection kafka, String topic, Incident incident,
      AtomicLong firstIncidentSent, AtomicBoolean live) {
    SingleObjectCodec<Interaction> codec = SingleObjectCodec.of(Interaction.class);
    try (KafkaProducer<byte[], byte[]> producer = tools.producer(kafka)) {
      generator.generatePaced(interaction -> {
        producer.send(new ProducerRecord<>(topic, null, interaction.getOccurredAt().toEpochMilli(),
            interaction.getInteractionId().getBytes(StandardCharsets.UTF_8), codec.encode(interaction)));
        if (firstIncidentSent.get() < 0 && !interaction.getOccurredAt().isBefore(incident.start())
            && "delivery".equals(interaction.getTouchpoint())) {
          producer.flush();
          firstIncidentSent.compareAndSet(-1, System.currentTimeMillis());
        }
      }, live::get);
    }
  }

  private static EarshotConfig prefixed(EarshotConfig config, String prefix) {
    return config.with(Settings.TOPIC_PREFIX, prefix.replace('-', '.'))
        .with(Settings.ES_INDEX_PREFIX, prefix)
        .with(Settings.CONSUMER_GROUP_PREFIX, prefix + "group");
  }

  /** Deletes the run's topics and indices. */
  private void cleanUp(EarshotConfig config) {
    String topicPrefix = config.get(Settings.TOPIC_PREFIX);
    Properties properties = Connections.kafka(config).toProperties();
    try (Admin admin = Admin.create(properties)) {
      List<String> topics = new ArrayList<>();
      for (Topic topic : Topic.values()) {
        topics.add(topic.name(topicPrefix));
      }
      admin.deleteTopics(topics).all().get();
    } catch (Exception e) {
      out.println("  (could not delete the benchmark topics: " + e.getMessage() + ")");
    }
    try {
      IndexTemplates.ElasticsearchHttp http = tools.elasticsearch(config);
      String indexPrefix = config.get(Settings.ES_INDEX_PREFIX);
      http.request("DELETE", "/" + indexPrefix + "*", null);
      for (earshot.schemas.Index index : earshot.schemas.Index.values()) {
        http.request("DELETE", "/_index_template/" + IndexTemplates.templateName(index, indexPrefix), null);
      }
    } catch (Exception e) {
      out.println("  (could not delete the benchmark indices: " + e.getMessage() + ")");
    }
  }
}
