package earshot.jobs.detect;

import earshot.jobs.config.EarshotConfig;
import earshot.jobs.config.Settings;
import java.io.Serializable;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * Thresholds shared by the detectors.
 *
 * @param minSample fewest observations in a window before it is judged
 * @param warmupWindows windows a baseline learns from before it may alert
 * @param openZ statistic that opens an alert
 * @param clearZ statistic below which a window is normal again (hysteresis: between the two an
 *     open alert stays open and none opens)
 * @param minEffect smallest absolute change of a proportion worth alerting on
 * @param resolveAfterWindows consecutive normal windows that resolve an alert
 * @param cooldownWindows an anomaly within this many windows after a resolution reopens the same
 *     alert instead of raising a new one
 * @param halfLifeWindows half-life of the baselines, in windows
 * @param timeZone time zone of the daily and weekly cycles the seasonal baselines learn
 *     ({@code detect.time-zone}): local hours of the day and days of the week
 */
public record DetectorSettings(int minSample, int warmupWindows, double openZ, double clearZ, double minEffect,
    int resolveAfterWindows, int cooldownWindows, double halfLifeWindows, ZoneId timeZone) implements Serializable {

  public DetectorSettings {
    if (clearZ > openZ) {
      throw new IllegalArgumentException("detect.clear-z (" + clearZ + ") must not exceed detect.open-z (" + openZ + ")");
    }
    Objects.requireNonNull(timeZone, "timeZone");
  }

  /** The same thresholds with the daily and weekly cycles in UTC. */
  public DetectorSettings(int minSample, int warmupWindows, double openZ, double clearZ, double minEffect,
      int resolveAfterWindows, int cooldownWindows, double halfLifeWindows) {
    this(minSample, warmupWindows, openZ, clearZ, minEffect, resolveAfterWindows, cooldownWindows, halfLifeWindows,
        ZoneOffset.UTC);
  }

  public static DetectorSettings from(EarshotConfig config) {
    return new DetectorSettings(config.get(Settings.MIN_SAMPLE), config.get(Settings.WARMUP_WINDOWS),
        config.get(Settings.OPEN_Z), config.get(Settings.CLEAR_Z), 0.05, config.get(Settings.RESOLVE_AFTER_WINDOWS),
        2 * config.get(Settings.RESOLVE_AFTER_WINDOWS), config.get(Settings.BASELINE_HALF_LIFE),
        config.get(Settings.DETECT_TIME_ZONE));
  }

  /** The same thresholds with the daily and weekly cycles in another time zone. */
  public DetectorSettings withTimeZone(ZoneId zone) {
    return new DetectorSettings(minSample, warmupWindows, openZ, clearZ, minEffect, resolveAfterWindows,
        cooldownWindows, halfLifeWindows, zone);
  }

  /** The local hours and days of {@link #timeZone}. */
  public LocalCalendar calendar() {
    return new LocalCalendar(timeZone);
  }

  public double decay() {
    return Stats.decayForHalfLife(halfLifeWindows);
  }

  /**
   * The verdict for a statistic: ANOMALY at {@code openZ} or more (and a large enough effect),
   * NORMAL below {@code clearZ}, ELEVATED in between.
   */
  public Verdict judge(double z, boolean largeEnough) {
    if (z >= openZ && largeEnough) {
      return Verdict.ANOMALY;
    }
    return z < clearZ ? Verdict.NORMAL : Verdict.ELEVATED;
  }
}
