package earshot.cli;

import earshot.deploy.cluster.FlinkRestClient;
import earshot.jobs.config.EarshotConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** {@code ./earshot deploy}: submits jobs to a Flink cluster through its REST API. */
final class DeployCommand implements Command {

  @Override
  public String name() {
    return "deploy";
  }

  @Override
  public String summary() {
    return "submit the jobs (shaded jar) to a Flink cluster through its REST API";
  }

  @Override
  public String usage() {
    return """
        usage: ./earshot deploy [enrich|signals|all] [--config FILE] [--set key=value]... [--cluster URL] [--jar FILE]

        Uploads the shaded job jar (jobs/target/earshot-jobs-*-job.jar unless --jar) to the cluster
        (--cluster, else EARSHOT_FLINK_URL, else the local cluster of './earshot cluster') and runs
        the selected jobs (all by default). The configuration (defaults, --config file, EARSHOT_*
        variables, --set) is validated here first; every value that is not a default is passed to
        the jobs as --set key=value, so they run with exactly this configuration. A job that is
        already running is left alone: use './earshot upgrade' to replace it keeping its state.""";
  }

  @Override
  public int run(List<String> raw, Cli cli) throws Exception {
    Args args = Args.parse(raw, Set.of("config", "set", "cluster", "jar"), Set.of());
    String which = args.positionals().isEmpty() ? "all" : args.choice("job", JobJar.CHOICES);
    EarshotConfig config = cli.config(args);
    FlinkRestClient flink = new FlinkRestClient(clusterUrl(cli, args));
    Path jar = JobJar.find(cli, args.path("jar"));

    List<String> names = JobJar.selected(which);
    for (String name : names) {
      if (flink.runningJob(name).isPresent()) {
        throw new IllegalStateException(name + " already runs on " + flink.baseUrl()
            + "; use './earshot upgrade' to replace it from a savepoint");
      }
    }
    submit(cli, flink, jar, names, config);
    return 0;
  }

  /** Uploads the jar and runs each named job with the configuration's explicit values. */
  static void submit(Cli cli, FlinkRestClient flink, Path jar, List<String> names, EarshotConfig config)
      throws java.io.IOException {
    cli.out.println("Uploading " + jar.getFileName() + " to " + flink.baseUrl() + " ...");
    String jarId = flink.uploadJar(jar);
    for (String name : names) {
      String jobId = flink.runJar(jarId, JobJar.ENTRY_CLASSES.get(name), arguments(config), null);
      cli.out.println("  " + name + " running as job " + jobId);
    }
  }

  /** The cluster's REST URL: --cluster, EARSHOT_FLINK_URL, or the local cluster. */
  static String clusterUrl(Cli cli, Args args) {
    String given = args.get("cluster", cli.environment.get("EARSHOT_FLINK_URL"));
    if (given != null && !given.isBlank()) {
      if (!given.startsWith("http://") && !given.startsWith("https://")) {
        throw new UsageException("--cluster must be the REST URL of a Flink cluster, such as http://127.0.0.1:8081");
      }
      return given.strip();
    }
    return cli.services().flinkCluster().endpoint();
  }

  /** The jobs' command line: every explicitly set value of the configuration. */
  static List<String> arguments(EarshotConfig config) {
    List<String> arguments = new ArrayList<>();
    for (String assignment : config.explicitAssignments()) {
      arguments.add("--set");
      arguments.add(assignment);
    }
    return arguments;
  }
}
