package earshot.jobs.run;

import earshot.jobs.config.EarshotConfig;
import earshot.jobs.config.Settings;
import earshot.jobs.enrich.EnrichJob;
import earshot.jobs.io.JobEnvironments;
import earshot.jobs.signals.SignalsJob;
import earshot.schemas.AvroTrust;
import java.util.function.BiConsumer;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Runs Earshot's jobs in an embedded Flink MiniCluster, for the demo, the benchmarks and the
 * tests. In bounded mode each job reads what its input topic holds when it starts and finishes,
 * so the enrich job runs first and the signals job then reads everything it committed.
 */
public final class LocalRunner {

  private LocalRunner() {}

  /** Runs the enrich job, then the signals job, each to the end of its input. */
  public static void runBoundedPipeline(EarshotConfig config, int webUiPort) throws Exception {
    run(EnrichJob.NAME, config, webUiPort, (env, c) -> EnrichJob.attach(env, c, true));
    run(SignalsJob.NAME, config, webUiPort, (env, c) -> SignalsJob.attach(env, c, true));
  }

  /**
   * Runs one job on a fresh MiniCluster.
   *
   * @param webUiPort port of Flink's web UI on 127.0.0.1 while the job runs, or 0 for none
   */
  public static JobExecutionResult run(String name, EarshotConfig config, int webUiPort,
      BiConsumer<StreamExecutionEnvironment, EarshotConfig> job) throws Exception {
    return run(name, config, webUiPort, true, job);
  }

  /**
   * @param checkpointed whether to checkpoint (Kafka outputs commit at checkpoints; a file replay
   *     that is rerun from scratch after a failure does not need it)
   */
  public static JobExecutionResult run(String name, EarshotConfig config, int webUiPort, boolean checkpointed,
      BiConsumer<StreamExecutionEnvironment, EarshotConfig> job) throws Exception {
    return run(name, config, webUiPort, checkpointed, flink -> { }, job);
  }

  /**
   * @param flinkSettings adds to the MiniCluster's Flink configuration (a benchmark's metric
   *     reporter, for example) after Earshot's own settings
   */
  public static JobExecutionResult run(String name, EarshotConfig config, int webUiPort, boolean checkpointed,
      java.util.function.Consumer<Configuration> flinkSettings, BiConsumer<StreamExecutionEnvironment, EarshotConfig> job)
      throws Exception {
    AvroTrust.install();
    Configuration flink = JobEnvironments.flinkConfiguration(config);
    if (config.get(Settings.CHECKPOINT_DIR) == null) {
      // State outgrows the JobManager's memory quickly; keep local checkpoints on disk.
      Path dir = Files.createTempDirectory("earshot-checkpoints-");
      flink.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, dir.toUri().toString());
    }
    // A local run that keeps failing should stop and say why, not restart forever.
    flink.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
    flink.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
    flink.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofSeconds(2));
    flinkSettings.accept(flink);
    StreamExecutionEnvironment env;
    if (webUiPort > 0) {
      flink.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
      flink.set(RestOptions.ADDRESS, "127.0.0.1");
      flink.set(RestOptions.PORT, webUiPort);
      env = StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(flink);
    } else {
      env = StreamExecutionEnvironment.createLocalEnvironment(config.get(Settings.PARALLELISM), flink);
    }
    JobEnvironments.configure(env, config);
    if (!checkpointed) {
      env.getCheckpointConfig().disableCheckpointing();
    }
    job.accept(env, config);
    return env.execute(name);
  }
}
