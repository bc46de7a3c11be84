package earshot.cli;

import earshot.deploy.cluster.FlinkRestClient;
import earshot.deploy.cluster.LocalFlinkCluster;
import java.util.List;
import java.util.Set;

/** {@code ./earshot cluster start|stop|status}: the local standalone Flink session cluster. */
final class ClusterCommand implements Command {

  @Override
  public String name() {
    return "cluster";
  }

  @Override
  public String summary() {
    return "start, stop or show a local Flink session cluster (JobManager + TaskManager)";
  }

  @Override
  public String usage() {
    return """
        usage: ./earshot cluster start|stop|status

          start   fetch Flink's jars through Maven (cached) and start a standalone session cluster
                  on 127.0.0.1 as two processes: a JobManager with the web UI and REST API, and a
                  TaskManager with 4 slots; the Prometheus reporter serves each one's metrics
          stop    stop both processes (running jobs stop with them; use 'upgrade' to keep state)
          status  show the cluster's state, its jobs and where its logs are

        Ports: EARSHOT_FLINK_PORT (8081, web UI and REST; the next four ports for RPC, blobs and
        data), EARSHOT_FLINK_METRICS_PORT (9249 JobManager, 9250 TaskManager). Files: .earshot/services/flink
        (or EARSHOT_DATA_DIR), with checkpoints and savepoints. Then: ./earshot deploy all""";
  }

  @Override
  public int run(List<String> raw, Cli cli) throws Exception {
    Args args = Args.parse(raw, Set.of(), Set.of());
    String action = args.choice("action", Set.of("start", "stop", "status"));
    LocalFlinkCluster cluster = cli.services().flinkCluster();
    switch (action) {
      case "start" -> {
        if (!cluster.isRunning()) {
          cli.out.println("Starting the Flink cluster (the first start fetches Flink through Maven) ...");
        }
        long begin = System.nanoTime();
        cluster.start();
        cli.out.printf("Flink cluster ready in %.0f s: web UI and REST API %s%n", (System.nanoTime() - begin) / 1e9,
            cluster.endpoint());
        cli.out.println("  Prometheus: " + String.join(", ", cluster.metricsEndpoints()));
        cli.out.println("  logs: " + cluster.log() + ", " + cluster.taskManagerLog());
      }
      case "stop" -> {
        cluster.stop();
        cli.out.println("Flink cluster stopped.");
      }
      default -> {
        if (!cluster.isRunning()) {
          cli.out.println("flink          stopped    " + cluster.endpoint());
          return 0;
        }
        boolean healthy = cluster.isHealthy();
        cli.out.printf("flink          %-10s %s  log: %s%n", healthy ? "running" : "starting", cluster.endpoint(),
            cluster.log());
        if (healthy) {
          for (FlinkRestClient.Job job : new FlinkRestClient(cluster.endpoint()).jobs()) {
            cli.out.printf("  job %-20s %-10s %s%n", job.name(), job.state(), job.id());
          }
        }
      }
    }
    return 0;
  }
}
