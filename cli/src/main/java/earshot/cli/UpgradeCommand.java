package earshot.cli;

import earshot.deploy.cluster.FlinkRestClient;
import earshot.jobs.config.EarshotConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** {@code ./earshot upgrade}: stop with a savepoint, start the new jar from it. */
final class UpgradeCommand implements Command {

  @Override
  public String name() {
    return "upgrade";
  }

  @Override
  public String summary() {
    return "stop running jobs with a savepoint and start the new jar from it";
  }

  @Override
  public String usage() {
    return """
        usage: ./earshot upgrade [enrich|signals|all] [--config FILE] [--set key=value]... [--cluster URL]
                                 [--jar FILE] [--savepoint-dir URI]

        For each selected job (all by default) that runs on the cluster: stops it with a savepoint
        (without draining, so open windows, deduplication state and Kafka offsets are kept), then
        uploads the jar (the one the build made unless --jar) and starts the job from that
        savepoint with the given configuration. Every operator has a stable uid, so state maps
        onto the new version; a savepoint that does not fit is refused rather than partly
        dropped. Savepoints go to --savepoint-dir (a file:// or s3:// URI) or the cluster's
        default. The savepoint of each job is printed: with it, the old jar can be started again.""";
  }

  @Override
  public int run(List<String> raw, Cli cli) throws Exception {
    Args args = Args.parse(raw, Set.of("config", "set", "cluster", "jar", "savepoint-dir"), Set.of());
    String which = args.positionals().isEmpty() ? "all" : args.choice("job", JobJar.CHOICES);
    EarshotConfig config = cli.config(args);
    FlinkRestClient flink = new FlinkRestClient(cli.clusterUrl(args));
    Path jar = JobJar.find(cli, args.path("jar"));
    new JobSubmitter(flink, config, cli.out).upgrade(jar, JobJar.selected(which), args.get("savepoint-dir", null));
    return 0;
  }
}
