package earshot.deploy.services;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Kafka broker and Elasticsearch node Earshot runs on this machine, or the existing clusters
 * named by {@code EARSHOT_KAFKA_BOOTSTRAP} and {@code EARSHOT_ES_URL}, in which case that service
 * is not started. Local services keep their data under {@code EARSHOT_DATA_DIR} (by default the
 * project's git-ignored {@code .earshot} folder).
 */
public final class LocalServices {

  /** Where Earshot finds its services. */
  public record Endpoints(String kafkaBootstrap, String elasticsearchUrl) {}

  private final Environment env;
  private final LocalKafka kafka;
  private final LocalElasticsearch elasticsearch;

  private LocalServices(Environment env, LocalKafka kafka, LocalElasticsearch elasticsearch) {
    this.env = env;
    this.kafka = kafka;
    this.elasticsearch = elasticsearch;
  }

  /** The services as configured by the environment variables, for the project at {@code home}. */
  public static LocalServices fromEnvironment(Path home, Map<String, String> variables) {
    Environment env = new Environment(home, variables);
    Path data = env.dataDir();
    LocalKafka kafka = env.kafkaBootstrap() != null ? null
        : new LocalKafka(data.resolve("dist"), data.resolve("services/kafka"),
            env.port("EARSHOT_KAFKA_PORT", 9092), env.port("EARSHOT_KAFKA_CONTROLLER_PORT", 9093));
    LocalElasticsearch es = env.elasticsearchUrl() != null ? null
        : new LocalElasticsearch(data.resolve("dist"), data.resolve("services/elasticsearch"),
            env.port("EARSHOT_ES_PORT", 9200), env.port("EARSHOT_ES_TRANSPORT_PORT", 9300));
    return new LocalServices(env, kafka, es);
  }

  /** Services on the given ports under {@code dir}, sharing downloads with the project (for tests). */
  public static LocalServices isolated(Path distributions, Path dir) {
    int[] ports = Processes.freePorts(4);
    LocalKafka kafka = new LocalKafka(distributions, dir.resolve("kafka"), ports[0], ports[1]);
    LocalElasticsearch es = new LocalElasticsearch(distributions, dir.resolve("elasticsearch"), ports[2], ports[3]);
    return new LocalServices(null, kafka, es);
  }

  /**
   * The local Flink session cluster of {@code ./earshot cluster}: under the data folder, REST API
   * and web UI on {@code EARSHOT_FLINK_PORT} (8081) with its other ports just above, Prometheus
   * on {@code EARSHOT_FLINK_METRICS_PORT} (9249, the TaskManager on the next port), and four
   * task slots: both jobs at parallelism 2.
   */
  public earshot.deploy.cluster.LocalFlinkCluster flinkCluster() {
    if (env == null) {
      throw new IllegalStateException("these services were made for tests; make the cluster directly");
    }
    int rest = env.port("EARSHOT_FLINK_PORT", 8081);
    int metrics = env.port("EARSHOT_FLINK_METRICS_PORT", 9249);
    return new earshot.deploy.cluster.LocalFlinkCluster(env.dataDir().resolve("dist"),
        env.dataDir().resolve("services/flink"), earshot.deploy.cluster.LocalFlinkCluster.Ports.from(rest, metrics),
        4, "3g");
  }

  public Endpoints endpoints() {
    String bootstrap = kafka != null ? kafka.endpoint() : env.kafkaBootstrap();
    String url = elasticsearch != null ? elasticsearch.endpoint() : env.elasticsearchUrl();
    return new Endpoints(bootstrap, url);
  }

  /** The services Earshot manages here (those not pointed elsewhere by the environment). */
  public List<LocalService> managed() {
    List<LocalService> services = new ArrayList<>();
    if (kafka != null) {
      services.add(kafka);
    }
    if (elasticsearch != null) {
      services.add(elasticsearch);
    }
    return services;
  }

  /** How long a service that already runs may take to answer (a loaded machine answers slowly). */
  private static final java.time.Duration RUNNING_BUT_SLOW = java.time.Duration.ofSeconds(30);

  /** Starts what is not running yet; on failure stops what this call started. */
  public void start() throws IOException {
    List<LocalService> started = new ArrayList<>();
    try {
      for (LocalService service : managed()) {
        if (!service.isRunning()) {
          service.start();
          started.add(service);
        } else if (!Processes.awaitReady(service::isHealthy, service::isRunning, RUNNING_BUT_SLOW)) {
          throw new IOException(service.name() + " runs but does not answer at " + service.endpoint()
              + "; see " + service.log() + " or run 'services stop' first");
        }
      }
    } catch (IOException | RuntimeException e) {
      for (LocalService service : started) {
        service.stop();
      }
      throw e;
    }
  }

  public void stop() throws IOException {
    List<LocalService> services = managed();
    for (int i = services.size() - 1; i >= 0; i--) {
      services.get(i).stop();
    }
  }

  /** What the managed services have to say before they start, one line each. */
  public List<String> notes() {
    List<String> notes = new ArrayList<>();
    for (LocalService service : managed()) {
      notes.addAll(service.notes());
    }
    return notes;
  }

  /** One line per service: name, state, endpoint. */
  public List<String> status() {
    List<String> lines = new ArrayList<>();
    Endpoints endpoints = endpoints();
    if (kafka == null) {
      lines.add(String.format("%-14s external   %s (EARSHOT_KAFKA_BOOTSTRAP)", "kafka", endpoints.kafkaBootstrap()));
    }
    if (elasticsearch == null) {
      lines.add(String.format("%-14s external   %s (EARSHOT_ES_URL)", "elasticsearch", endpoints.elasticsearchUrl()));
    }
    for (LocalService service : managed()) {
      String state = !service.isRunning() ? "stopped" : service.isHealthy() ? "running" : "starting";
      lines.add(String.format("%-14s %-10s %s  log: %s", service.name(), state, service.endpoint(), service.log()));
    }
    return lines;
  }

  /** Reads Earshot's environment variables, with a clear error for malformed values. */
  static final class Environment {
    private final Path home;
    private final Map<String, String> variables;

    Environment(Path home, Map<String, String> variables) {
      this.home = home;
      this.variables = variables;
    }

    String kafkaBootstrap() {
      return blankToNull(variables.get("EARSHOT_KAFKA_BOOTSTRAP"));
    }

    String elasticsearchUrl() {
      String url = blankToNull(variables.get("EARSHOT_ES_URL"));
      return url == null ? null : url.replaceAll("/+$", "");
    }

    Path dataDir() {
      String dir = blankToNull(variables.get("EARSHOT_DATA_DIR"));
      return dir != null ? Path.of(dir).toAbsolutePath() : home.resolve(".earshot");
    }

    int port(String variable, int fallback) {
      String value = blankToNull(variables.get(variable));
      if (value == null) {
        return fallback;
      }
      try {
        int port = Integer.parseInt(value.strip());
        if (port < 1 || port > 65535) {
          throw new NumberFormatException();
        }
        return port;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(variable + " must be a port number from 1 to 65535, got '" + value + "'");
      }
    }

    private static String blankToNull(String value) {
      return value == null || value.isBlank() ? null : value.strip();
    }
  }
}
