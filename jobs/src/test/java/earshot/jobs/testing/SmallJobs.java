package earshot.jobs.testing;

import earshot.jobs.config.EarshotConfig;
import earshot.jobs.config.Settings;

/**
 * The job settings of integration tests that run both jobs over a few dozen interactions: a known
 * identity hash key, checkpoints every second (Kafka outputs commit at checkpoints), hourly windows
 * on the channel alone, no combinations.
 */
public final class SmallJobs {

  private SmallJobs() {}

  public static EarshotConfig.Builder smallWindows(EarshotConfig.Builder builder, String identityHashKey) {
    return builder
        .put(Settings.IDENTITY_HASH_KEY.key(), identityHashKey, "test")
        .put(Settings.CHECKPOINT_INTERVAL.key(), "PT1S", "test")
        .put(Settings.WINDOWS.key(), "PT1H", "test")
        .put(Settings.DIMENSIONS.key(), "channel", "test")
        .put(Settings.COMBINATIONS.key(), "", "test");
  }
}
