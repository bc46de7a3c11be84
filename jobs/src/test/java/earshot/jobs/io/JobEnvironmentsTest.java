package earshot.jobs.io;

import static org.assertj.core.api.Assertions.assertThat;

import earshot.jobs.config.EarshotConfig;
import earshot.jobs.config.Settings;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.junit.jupiter.api.Test;

/** The Flink configuration every job starts from. */
class JobEnvironmentsTest {

  @Test
  void snapshotsAreCompressedUnlessTheSettingSaysOtherwise() {
    Configuration defaults = JobEnvironments.flinkConfiguration(EarshotConfig.defaults());
    Configuration plain = JobEnvironments.flinkConfiguration(
        EarshotConfig.defaults().with(Settings.SNAPSHOT_COMPRESSION, "false"));

    assertThat(defaults.get(ExecutionOptions.SNAPSHOT_COMPRESSION)).isTrue();
    assertThat(plain.get(ExecutionOptions.SNAPSHOT_COMPRESSION)).isFalse();
    // Explicit uids stay required and the backend is the configured one, whatever the compression.
    assertThat(plain.get(PipelineOptions.AUTO_GENERATE_UIDS)).isFalse();
    assertThat(plain.get(StateBackendOptions.STATE_BACKEND)).isEqualTo("hashmap");
  }
}
