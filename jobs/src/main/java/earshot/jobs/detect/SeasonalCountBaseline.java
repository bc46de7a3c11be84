package earshot.jobs.detect;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * A learning baseline of counts per window with hour-of-day and day-of-week seasonality:
 * {@code expected = level x hour[h] x day[d]}, each part learned online by exponential smoothing
 * (the level quickly, the hour-of-day profile from the first day, the day-of-week profile slowly
 * over weeks), plus an overdispersion estimate so that the spread of real traffic, wider than
 * Poisson, widens the normal range. A plain value class (Flink POJO) kept in keyed state.
 */
public class SeasonalCountBaseline {

  public double level = -1;
  public double[] hour = ones(24);
  public double[] day = ones(7);
  /** Observations each hour-of-day slot has had. */
  public int[] hourSeen = new int[24];
  /** Extra-Poisson variance: var = mu (1 + dispersion mu). */
  public double dispersion = 0.02;
  public int windows;
  /** Variance of the level estimate relative to the level squared, shrinking as it learns. */
  public double levelUncertainty = 1.0;

  public SeasonalCountBaseline() {}

  private static double[] ones(int n) {
    double[] values = new double[n];
    java.util.Arrays.fill(values, 1.0);
    return values;
  }

  /** Whether seasonality applies: windows shorter than a day have an hour of day. */
  static boolean hourly(long windowMillis) {
    return windowMillis < 24 * 3600_000L;
  }

  /** Expected count for a window starting at {@code start}, or -1 before the first observation. */
  public double expected(long start, long windowMillis) {
    if (level < 0) {
      return -1;
    }
    ZonedDateTime time = Instant.ofEpochMilli(start).atZone(ZoneOffset.UTC);
    double factor = day[time.getDayOfWeek().getValue() - 1];
    if (hourly(windowMillis)) {
      factor *= hour[time.getHour()];
    }
    return level * factor;
  }

  /** Variance of a window's count around the expectation, including the baseline's own uncertainty. */
  public double variance(double expected) {
    return expected * (1 + dispersion * expected) + levelUncertainty * expected * expected;
  }

  /** Whether every hour of the day has been seen (for windows shorter than a day). */
  public boolean profileLearned(long windowMillis) {
    if (!hourly(windowMillis)) {
      return true;
    }
    for (int seen : hourSeen) {
      if (seen == 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * Learns from a window's count. Rates are per window, so the smoothing constants scale with how
   * many windows a day holds: the level has a half-life of about 12 hours, an hour-of-day slot one of
   * about three days of that hour, the day-of-week profile one of about three weeks.
   */
  public void learn(long start, long windowMillis, double count) {
    ZonedDateTime time = Instant.ofEpochMilli(start).atZone(ZoneOffset.UTC);
    int h = time.getHour();
    int d = time.getDayOfWeek().getValue() - 1;
    double windowsPerDay = Math.max(1.0, 24 * 3600_000.0 / windowMillis);
    double windowsPerHour = Math.max(1.0, 3600_000.0 / windowMillis);
    boolean hourly = hourly(windowMillis);
    double seasonal = day[d] * (hourly ? hour[h] : 1.0);
    if (level < 0) {
      level = Math.max(count / seasonal, 0.5);
      windows++;
      if (hourly) {
        hourSeen[h]++;
      }
      return;
    }
    double expected = level * seasonal;
    double alphaLevel = 1 - Math.pow(0.5, 1.0 / (windowsPerDay / 2));
    double alphaHour = 1 - Math.pow(0.5, 1.0 / (3 * windowsPerHour));
    double alphaDay = 1 - Math.pow(0.5, 1.0 / (21 * windowsPerDay / 7));

    // Overdispersion: E[(x - mu)^2] = mu + dispersion mu^2.
    if (expected >= 5) {
      double excess = ((count - expected) * (count - expected) - expected) / (expected * expected);
      dispersion = Math.max(0.0, Math.min(1.0, dispersion + 0.02 * (excess - dispersion)));
    }
    level += alphaLevel * (count / seasonal - level);
    level = Math.max(level, 0.05);
    levelUncertainty = levelUncertainty * (1 - alphaLevel) + alphaLevel * alphaLevel;
    if (hourly) {
      // The first visit of an hour sets its factor; later ones smooth it.
      double target = count / (level * day[d]);
      hour[h] = hourSeen[h] == 0 ? target : hour[h] + alphaHour * (target - hour[h]);
      hour[h] = Math.max(0.02, hour[h]);
      hourSeen[h]++;
      renormalise(hour);
    }
    double targetDay = count / (level * (hourly ? hour[h] : 1.0));
    day[d] = Math.max(0.05, day[d] + alphaDay * (targetDay - day[d]));
    renormalise(day);
    windows++;
  }

  /** Keeps a profile's mean at 1 so level and profiles do not drift against each other. */
  private static void renormalise(double[] profile) {
    double mean = 0;
    for (double v : profile) {
      mean += v;
    }
    mean /= profile.length;
    for (int i = 0; i < profile.length; i++) {
      profile[i] /= mean;
    }
  }
}
