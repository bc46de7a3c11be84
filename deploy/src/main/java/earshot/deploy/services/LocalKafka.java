package earshot.deploy.services;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A single-node Kafka broker in KRaft mode (one process acting as broker and controller),
 * listening on 127.0.0.1 only, run from Kafka's own jars fetched through Maven.
 */
public final class LocalKafka extends ProcessService {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  private final Path distributions;
  private final int port;
  private final int controllerPort;

  /**
   * @param distributions shared folder for downloaded service artifacts
   * @param dir this broker's own folder (configuration, data, log, pid)
   */
  public LocalKafka(Path distributions, Path dir, int port, int controllerPort) {
    super(dir);
    this.distributions = distributions;
    this.port = port;
    this.controllerPort = controllerPort;
  }

  @Override
  public String name() {
    return "kafka";
  }

  @Override
  public String endpoint() {
    return "127.0.0.1:" + port;
  }


  @Override
  public boolean isHealthy() {
    if (!Processes.listening(port)) {
      return false;
    }
    Properties config = new Properties();
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, endpoint());
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000);
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
    try (Admin admin = Admin.create(config)) {
      return !admin.describeCluster().nodes().get(4, TimeUnit.SECONDS).isEmpty();
    } catch (Exception e) {
      return false;
    }
  }

  @Override
  public void start() throws IOException {
    if (isRunning()) {
      return;
    }
    Processes.requireFree(port, "Kafka", "EARSHOT_KAFKA_PORT");
    Processes.requireFree(controllerPort, "the Kafka controller", "EARSHOT_KAFKA_CONTROLLER_PORT");
    Path lib = libraries(distributions);
    Path data = dir.resolve("data");
    Files.createDirectories(data);
    Path properties = dir.resolve("server.properties");
    Files.writeString(properties, serverProperties(data));
    format(lib, properties, data, dir, log(), List.of());
    Process broker = launch(lib, properties, dir, log());
    Processes.writePid(pidFile(), broker.pid());
    if (!Processes.awaitReady(this::isHealthy, broker::isAlive, START_TIMEOUT)) {
      String tail = LogTail.of(log(), 40);
      stop();
      throw new IOException("Kafka did not become ready on " + endpoint() + " within "
          + START_TIMEOUT.toSeconds() + " s\n" + tail);
    }
  }

  /** Kafka's jars (broker, tools, a logger) of the configured version, fetched once into {@code distributions}. */
  public static Path libraries(Path distributions) throws IOException {
    String version = ServiceVersions.kafka();
    return MavenArtifacts.resolve(distributions.resolve("kafka-" + version), List.of(
        "org.apache.kafka:kafka_2.13:" + version,
        "org.apache.kafka:kafka-tools:" + version,
        "org.slf4j:slf4j-simple:1.7.36"), true);
  }

  /**
   * Formats a broker's log folder with StorageTool unless it holds a formatted log already.
   *
   * @param extra further arguments of {@code StorageTool format}, such as {@code --add-scram}
   */
  public static void format(Path lib, Path properties, Path data, Path dir, Path log, List<String> extra)
      throws IOException {
    if (Files.exists(data.resolve("meta.properties"))) {
      return;
    }
    List<String> command = new ArrayList<>(List.of(java(), "-cp", lib.toAbsolutePath() + "/*",
        "kafka.tools.StorageTool", "format", "-t", Uuid.randomUuid().toString(), "-c", properties.toString()));
    command.addAll(extra);
    Process format = Processes.launch(command, Map.of(), dir, log);
    try {
      if (!format.waitFor(2, TimeUnit.MINUTES) || format.exitValue() != 0) {
        throw new IOException("formatting Kafka's log folder failed\n" + LogTail.of(log, 30));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while formatting Kafka's log folder", e);
    }
  }

  /** Starts {@code kafka.Kafka} with the given server properties; the caller waits for it and records its pid. */
  public static Process launch(Path lib, Path properties, Path dir, Path log) throws IOException {
    return Processes.launch(List.of(java(), "-Xms256m", "-Xmx768m", "-XX:+UseG1GC",
        "-Djava.awt.headless=true", "-cp", lib.toAbsolutePath() + "/*", "kafka.Kafka", properties.toString()),
        Map.of(), dir, log);
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  @Override
  public void stop() {
    Processes.alive(pidFile()).ifPresent(p -> Processes.terminate(p, Duration.ofSeconds(30)));
    try {
      Files.deleteIfExists(pidFile());
    } catch (IOException ignored) {
      // a stale pid file is ignored by isRunning
    }
  }

  private String serverProperties(Path data) {
    List<String> lines = new ArrayList<>(List.of(
        "# Written by Earshot at each start: a single-node KRaft broker on 127.0.0.1.",
        "process.roles=broker,controller",
        "node.id=1",
        "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
        "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
        "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
        "inter.broker.listener.name=PLAINTEXT",
        "controller.listener.names=CONTROLLER",
        "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"));
    lines.addAll(singleNodeSettings(data));
    return String.join("\n", lines);
  }

  /**
   * The settings of a single-node broker that do not depend on its listeners: log folder,
   * replication factors of one, small internal topics, retention; ends with an empty line.
   */
  public static List<String> singleNodeSettings(Path data) {
    return List.of(
        "log.dirs=" + data.toAbsolutePath(),
        "num.partitions=2",
        "offsets.topic.replication.factor=1",
        "offsets.topic.num.partitions=4",
        "transaction.state.log.replication.factor=1",
        "transaction.state.log.min.isr=1",
        "transaction.state.log.num.partitions=4",
        "share.coordinator.state.topic.replication.factor=1",
        "share.coordinator.state.topic.min.isr=1",
        "group.initial.rebalance.delay.ms=0",
        "transaction.max.timeout.ms=900000",
        "log.retention.hours=168",
        // Retention is checked every 30 s rather than every 5 min: a record stamped older than its
        // topic's retention is then gone at once, on this broker, instead of at a random moment of
        // a long run.
        "log.retention.check.interval.ms=30000",
        "");
  }
}
