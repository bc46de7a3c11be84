package earshot.jobs.signals;

import earshot.jobs.churn.ChurnSettings;
import earshot.jobs.config.ConfigurationException;
import earshot.jobs.config.EarshotConfig;
import earshot.jobs.config.Settings;
import earshot.jobs.detect.DetectorSettings;
import earshot.jobs.detect.LateShare;
import earshot.jobs.metrics.SeriesCatalog;
import earshot.jobs.rootcause.RootCauseSettings;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;

/**
 * The part of the configuration the signals job's functions need.
 *
 * @param preAggregation observations each task counts ahead of the windows before handing them on
 *     ({@link PreAggregate}); 0 hands each on alone
 * @param reproducible whether the job runs where the same input must give the same outputs (a replay):
 *     two-input functions then take their inputs in watermark order ({@link CountLateRecords}); never set
 *     from configuration, see {@link #forReplay()}
 */
public record SignalsSettings(List<Duration> windows, SeriesCatalog series, Duration outOfOrderness,
    Duration allowedLateness, Duration idleness, Duration resumeHold, DetectorSettings detectors, int emergingMaxDimensions,
    ChurnSettings churn, Duration lateTracking, LateShare lateShare, RootCauseSettings rootCauses,
    earshot.jobs.detect.slices.SliceWatchSettings slices, int preAggregation, boolean reproducible)
    implements Serializable {

  /**
   * The same settings for a run over a bounded input whose outputs must not depend on the tasks' timing;
   * such a run must also take its event time from {@link SignalsJob#reproducibleEventTime}.
   */
  public SignalsSettings forReplay() {
    return new SignalsSettings(windows, series, outOfOrderness, allowedLateness, idleness, resumeHold, detectors,
        emergingMaxDimensions, churn, lateTracking, lateShare, rootCauses, slices, preAggregation, true);
  }

  public static SignalsSettings from(EarshotConfig config) {
    SeriesCatalog series;
    try {
      series = SeriesCatalog.of(config.get(Settings.DIMENSIONS), config.get(Settings.COMBINATIONS));
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException(Settings.DIMENSIONS.key() + "/" + Settings.COMBINATIONS.key(), e.getMessage());
    }
    for (Duration window : config.get(Settings.WINDOWS)) {
      if (window.toMillis() % 1000 != 0 || Duration.ofDays(1).toMillis() % window.toMillis() != 0) {
        throw new ConfigurationException(Settings.WINDOWS.key(),
            window + " must be whole seconds and divide a day evenly, so windows align across days");
      }
    }
    DetectorSettings detectors;
    try {
      detectors = DetectorSettings.from(config);
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException(e.getMessage());
    }
    return new SignalsSettings(config.get(Settings.WINDOWS), series, config.get(Settings.OUT_OF_ORDERNESS),
        config.get(Settings.ALLOWED_LATENESS), config.get(Settings.IDLENESS), config.get(Settings.RESUME_HOLD), detectors,
        config.get(Settings.EMERGING_MAX_DIMENSIONS), ChurnSettings.from(config), config.get(Settings.LATE_TRACKING),
        new LateShare(config.get(Settings.LATE_ALERT_SHARE), config.get(Settings.LATE_ALERT_MIN),
            config.get(Settings.LATE_TRACKING)), RootCauseSettings.from(config),
        earshot.jobs.detect.slices.SliceWatchSettings.from(config), config.get(Settings.PRE_AGGREGATION), false);
  }
}
