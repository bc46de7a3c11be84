package earshot.cli;

import earshot.connectors.kafka.KafkaConnection;
import earshot.deploy.cluster.FlinkRestClient;
import earshot.deploy.cluster.LocalFlinkCluster;
import earshot.jobs.config.Connections;
import earshot.jobs.config.EarshotConfig;
import earshot.jobs.config.Settings;
import earshot.lab.generator.Incident;
import earshot.lab.generator.InteractionGenerator;
import earshot.schemas.Alert;
import earshot.schemas.SingleObjectCodec;
import earshot.schemas.Topic;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;

/**
 * {@code ./earshot demo --live}: the jobs on a Flink cluster (the local one unless
 * {@code EARSHOT_FLINK_URL} names another), fed in real time. Sends a few hours of history at once
 * so the baselines have learned, then generated traffic paced to the wall clock, flat (the same at
 * any hour), with one incident per cycle (from a sixth of the cycle, for two thirds of it), and
 * prints every alert as the alert topic commits it, until stopped (Ctrl-C) or after a time limit.
 */
final class LiveDemo {

  /** What the command uses: 30-minute cycles after six hours of history. */
  static final Duration CYCLE = Duration.ofMinutes(30);
  static final Duration HISTORY = Duration.ofHours(6);
  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

  /** The incidents planted in turn, one per cycle: what a CX team watches for, each on one slice. */
  static Incident incident(int cycle, Instant start, Duration length) {
    Instant end = start.plus(length);
    return switch (cycle % 4) {
      case 0 -> new Incident("DETRACTOR_SPIKE", Map.of("touchpoint", "delivery"), start, end, 0.7, null);
      case 1 -> new Incident("NEGATIVE_SENTIMENT_SHIFT", Map.of("touchpoint", "billing"), start, end, 0.5, null);
      case 2 -> new Incident("EMERGING_TOPIC", Map.of("channel", "APP"), start, end, 0.5, "login loop error");
      default -> new Incident("NPS_DROP", Map.of("channel", "CHAT"), start, end, 0.6, null);
    };
  }

  private final Cli cli;
  private final EarshotConfig config;
  private final double perMinute;
  private final long seed;
  private final Duration history;
  private final Duration cycleLength;
  private final String clusterUrl;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicLong alertsSeen = new AtomicLong();
  private final List<Arrival> arrivals = java.util.Collections.synchronizedList(new ArrayList<>());
  private final List<Incident> planted = java.util.Collections.synchronizedList(new ArrayList<>());

  /** An alert state and when it could be read from the alert topic. */
  record Arrival(Alert alert, Instant at) {}

  /** The alerts read so far, in arrival order. */
  List<Arrival> arrivals() {
    synchronized (arrivals) {
      return List.copyOf(arrivals);
    }
  }

  /** The incidents planted so far. */
  List<Incident> planted() {
    synchronized (planted) {
      return List.copyOf(planted);
    }
  }

  /** @param clusterUrl the Flink cluster's REST URL, or null for the local cluster (started if needed) */
  LiveDemo(Cli cli, EarshotConfig config, double perMinute, long seed, Duration history, Duration cycle,
      String clusterUrl) {
    this.cli = cli;
    this.config = config;
    this.perMinute = perMinute;
    this.seed = seed;
    this.history = history;
    this.cycleLength = cycle;
    this.clusterUrl = clusterUrl;
  }

  /**
   * Runs until {@code limit} has passed (null: until the process is stopped).
   *
   * @return the alerts read from the alert topic
   */
  long run(Duration limit) throws Exception {
    cli.out.println("== 1/4 Services, topics and index templates");
    cli.services().notes().forEach(cli.out::println);
    cli.services().start();
    Provisioning.apply(config).forEach(line -> cli.out.println("  " + line));

    KafkaConnection kafka = Connections.kafka(config);
    String prefix = config.get(Settings.TOPIC_PREFIX);
    String interactions = Topic.INTERACTIONS.name(prefix);
    // History first, then the jobs: started on an empty topic, a job marks its partitions idle, and
    // whichever partition the history reaches first would carry the watermark past the other's records.
    Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
    cli.out.printf("== 2/4 History: %s of traffic at %.0f a minute up to %s, sent at once so the baselines learn%n",
        history, perMinute, CLOCK.format(now));
    long sent = InteractionProducer.send(new InteractionGenerator(now.minus(history), history, perMinute, seed, List.of())
        .withFlatTraffic(), kafka, interactions, Long.MAX_VALUE);
    cli.out.printf("  %,d interactions sent%n", sent);

    cli.out.println("== 3/4 Flink cluster and jobs");
    String endpoint = clusterUrl;
    if (endpoint == null) {
      LocalFlinkCluster cluster = cli.services().flinkCluster();
      cluster.start();
      endpoint = cluster.endpoint();
    }
    JobSubmitter submitter = new JobSubmitter(new FlinkRestClient(endpoint), config, cli.out);
    List<String> jobs = JobJar.selected("all");
    List<String> missing = submitter.notRunning(jobs);
    jobs.stream().filter(name -> !missing.contains(name))
        .forEach(name -> cli.out.println("  " + name + " already runs: kept"));
    if (!missing.isEmpty()) {
      submitter.submit(JobJar.find(cli, null), missing);
    }

    Thread watcher = new Thread(() -> printAlerts(kafka, Topic.ALERTS.name(prefix)), "earshot-live-alerts");
    watcher.setDaemon(true);
    watcher.start();

    cli.out.printf("== 4/4 Live traffic at %.0f a minute, one incident every %d minutes; alerts print as they "
        + "arrive%s%n", perMinute, cycleLength.toMinutes(), limit == null ? " (Ctrl-C stops)" : " for " + limit);
    whereToLook(endpoint);
    long deadline = limit == null ? Long.MAX_VALUE : System.currentTimeMillis() + limit.toMillis();
    Thread main = Thread.currentThread();
    Thread hook = new Thread(() -> {
      running.set(false);
      main.interrupt();
    });
    Runtime.getRuntime().addShutdownHook(hook);
    // Starting the cluster and the jobs took a while: the traffic of that gap goes at once, live starts now.
    Instant liveStart = Instant.now().truncatedTo(ChronoUnit.MINUTES);
    if (liveStart.isAfter(now)) {
      InteractionProducer.send(new InteractionGenerator(now, Duration.between(now, liveStart), perMinute, seed + 1_000_000,
          List.of()).withFlatTraffic(), kafka, interactions, Long.MAX_VALUE);
    }
    try (KafkaProducer<byte[], byte[]> producer = KafkaTools.producer(kafka)) {
      Instant cycleStart = liveStart;
      for (int cycle = 0; running.get() && System.currentTimeMillis() < deadline; cycle++) {
        Incident incident = incident(cycle, cycleStart.plus(cycleLength.dividedBy(6)),
            cycleLength.multipliedBy(2).dividedBy(3));
        planted.add(incident);
        cli.out.printf("%s  planted: %s on %s from %s to %s%n", CLOCK.format(Instant.now()), incident.type(),
            incident.dimensions(), CLOCK.format(incident.start()), CLOCK.format(incident.end()));
        InteractionGenerator live = new InteractionGenerator(cycleStart, cycleLength, perMinute, seed + 1 + cycle,
            List.of(incident)).withFlatTraffic();
        if (!paced(live, producer, interactions, deadline)) {
          break;
        }
        cycleStart = cycleStart.plus(cycleLength);
      }
    } finally {
      running.set(false);
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running: nothing to remove
      }
    }
    // The last windows close a little after the traffic stops: give their alerts time to arrive.
    watcher.join(limit == null ? 0 : 5_000);
    cli.out.printf("Stopped: %,d alerts read. The jobs keep running on the cluster (./earshot cluster stop ends "
        + "them); Elasticsearch keeps the metrics and alerts.%n", alertsSeen.get());
    return alertsSeen.get();
  }

  /** Sends the generator's records as the wall clock reaches them; false when stopped or past the deadline. */
  private boolean paced(InteractionGenerator generator, KafkaProducer<byte[], byte[]> producer, String topic,
      long deadline) {
    return InteractionProducer.sendPaced(generator, producer, topic,
        () -> running.get() && System.currentTimeMillis() < deadline) && running.get();
  }

  /** Follows the alert topic from its end and prints one line per alert state. */
  private void printAlerts(KafkaConnection kafka, String topic) {
    SingleObjectCodec<Alert> codec = SingleObjectCodec.of(Alert.class);
    try (KafkaConsumer<byte[], byte[]> consumer = KafkaTools.consumer(kafka)) {
      List<TopicPartition> partitions = KafkaTools.partitions(consumer, topic);
      consumer.assign(partitions);
      consumer.seekToEnd(partitions);
      partitions.forEach(consumer::position);
      long quietUntil = Long.MAX_VALUE;
      while (running.get() || System.currentTimeMillis() < quietUntil) {
        if (!running.get() && quietUntil == Long.MAX_VALUE) {
          quietUntil = System.currentTimeMillis() + 5_000;
        }
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          try {
            Arrival arrival = new Arrival(codec.decode(record.value()), Instant.now());
            cli.out.println(describe(arrival.alert(), arrival.at()));
            arrivals.add(arrival);
            alertsSeen.incrementAndGet();
          } catch (RuntimeException e) {
            cli.err.println("earshot demo: an alert could not be read (partition " + record.partition() + ", offset "
                + record.offset() + "): " + e.getMessage());
          }
        }
      }
    } catch (RuntimeException e) {
      if (running.get()) {
        cli.err.println("earshot demo: reading alerts stopped: " + e.getMessage());
      }
    }
  }

  /** One line for people: when it arrived, how long after its window, what and where, and its own sentence. */
  static String describe(Alert alert, Instant arrived) {
    long afterWindow = Duration.between(alert.getWindowEnd(), arrived).toSeconds();
    return String.format("%s  %-8s %-24s %-40s (%d s after its window ended) %s", CLOCK.format(arrived),
        alert.getState(), alert.getDetector(), alert.getSeriesKey(), afterWindow, alert.getSummary());
  }

  private void whereToLook(String flinkUi) {
    String indexPrefix = config.get(Settings.ES_INDEX_PREFIX);
    String es = config.get(Settings.ES_URL).split(",")[0].strip();
    cli.out.println("  Flink web UI: " + flinkUi + " (both jobs, their back-pressure and checkpoints)");
    cli.out.println("  Alerts in Elasticsearch: curl '" + es + "/" + indexPrefix + "alerts/_search?sort=updatedAt:desc'");
    cli.out.println("  Metrics: curl '" + es + "/" + indexPrefix + "metrics-*/_search?q=seriesKey:global&sort=windowEnd:desc'");
    cli.out.println("  Kibana: import deploy/kibana/earshot.ndjson (README, \"Kibana\")");
    cli.out.println("  The alert topic for downstream systems: ./earshot tail alerts");
  }
}
