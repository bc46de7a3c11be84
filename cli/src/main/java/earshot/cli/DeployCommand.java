package earshot.cli;

import earshot.deploy.cluster.FlinkRestClient;
import earshot.jobs.config.EarshotConfig;
import java.nio.file.Path;
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
    FlinkRestClient flink = new FlinkRestClient(cli.clusterUrl(args));
    Path jar = JobJar.find(cli, args.path("jar"));
    new JobSubmitter(flink, config, cli.out).deploy(jar, JobJar.selected(which));
    return 0;
  }
}
