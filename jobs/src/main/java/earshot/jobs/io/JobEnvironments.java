package earshot.jobs.io;

import earshot.jobs.config.EarshotConfig;
import earshot.jobs.config.Settings;
import earshot.schemas.AvroTrust;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** Creates execution environments with Earshot's conventions applied. */
public final class JobEnvironments {

  private JobEnvironments() {}

  /**
   * Applies Earshot's settings to a Flink configuration: every operator must carry an explicit uid
   * (savepoint compatibility), exactly-once checkpoints at the configured interval, the configured
   * state backend, snapshot compression and checkpoint storage.
   */
  public static Configuration flinkConfiguration(EarshotConfig config) {
    Configuration flink = new Configuration();
    flink.set(PipelineOptions.AUTO_GENERATE_UIDS, false);
    flink.set(StateBackendOptions.STATE_BACKEND, config.get(Settings.STATE_BACKEND));
    flink.set(ExecutionOptions.SNAPSHOT_COMPRESSION, config.get(Settings.SNAPSHOT_COMPRESSION));
    if (config.get(Settings.CHECKPOINT_DIR) != null) {
      flink.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, config.get(Settings.CHECKPOINT_DIR));
    }
    return flink;
  }

  /** The environment a job's main method runs in (a cluster, or local when run from an IDE). */
  public static StreamExecutionEnvironment create(EarshotConfig config) {
    AvroTrust.install();
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flinkConfiguration(config));
    configure(env, config);
    return env;
  }

  /** Checkpointing and parallelism from the configuration. */
  public static void configure(StreamExecutionEnvironment env, EarshotConfig config) {
    env.setParallelism(config.get(Settings.PARALLELISM));
    env.enableCheckpointing(config.get(Settings.CHECKPOINT_INTERVAL).toMillis(), CheckpointingMode.EXACTLY_ONCE);
  }
}
