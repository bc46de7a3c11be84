package earshot.cli;

import earshot.deploy.services.LocalServices;
import earshot.jobs.config.EarshotConfig;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** What every command needs from its surroundings: the project folder, environment, output streams. */
final class Cli {

  final Path home;
  final Map<String, String> environment;
  final PrintStream out;
  final PrintStream err;

  Cli(Path home, Map<String, String> environment, PrintStream out, PrintStream err) {
    this.home = home;
    this.environment = environment;
    this.out = out;
    this.err = err;
  }

  /** Local or external services, as the environment says. */
  LocalServices services() {
    return LocalServices.fromEnvironment(home, environment);
  }

  /**
   * The configuration: defaults, the --config file, EARSHOT_* variables, --set overrides. Kafka and
   * Elasticsearch addresses default to the local services' ports.
   */
  EarshotConfig config(Args args) {
    LocalServices.Endpoints endpoints = services().endpoints();
    EarshotConfig.Builder builder = EarshotConfig.builder()
        .put("kafka.bootstrap-servers", endpoints.kafkaBootstrap(), "local services")
        .put("elasticsearch.url", endpoints.elasticsearchUrl(), "local services");
    Path file = args.path("config");
    if (file != null) {
      if (!Files.isRegularFile(file)) {
        throw new UsageException("--config: no such file " + file);
      }
      builder.file(file);
    }
    builder.environment(environment);
    for (String assignment : args.all("set")) {
      builder.override(assignment);
    }
    return builder.build();
  }

  /** A Flink cluster's REST URL: --cluster, else EARSHOT_FLINK_URL, else the local cluster's. */
  String clusterUrl(Args args) {
    String given = args.get("cluster", environment.get("EARSHOT_FLINK_URL"));
    if (given != null && !given.isBlank()) {
      if (!given.startsWith("http://") && !given.startsWith("https://")) {
        throw new UsageException("--cluster must be the REST URL of a Flink cluster, such as http://127.0.0.1:8081");
      }
      return given.strip();
    }
    return services().flinkCluster().endpoint();
  }

  /** Folder for the command line's runtime files (logs, checkpoints), created on demand. */
  Path runtimeDir(String name) throws java.io.IOException {
    Path dir = home.resolve(".earshot").resolve(name);
    Files.createDirectories(dir);
    return dir;
  }

  static final List<String> CONFIG_OPTIONS = List.of("config", "set");
}
