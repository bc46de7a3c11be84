package earshot.jobs.detect;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * A learning baseline of counts per window with hour-of-day and day-of-week seasonality. Each
 * hour of the day has its own mean count per window, learned only from windows of that hour (a
 * plain average of its first days, then exponential smoothing with a half-life of three days), so
 * a quiet night never skews a busy noon; a day-of-week factor, learned slowly over weeks, scales
 * it. An overdispersion estimate, learned from the residuals once the hour means are known, widens
 * the normal range to the spread real traffic has beyond Poisson. Windows of a day or longer have
 * a single slot. A plain value class (Flink POJO) kept in keyed state.
 */
public class SeasonalCountBaseline {

  public double[] slotMean = new double[24];
  public int[] slotSeen = new int[24];
  public double[] day = ones(7);
  /** Windows seen on each day of the week. */
  public int[] daySeen = new int[7];
  /** Extra-Poisson variance: var = mu (1 + dispersion mu). */
  public double dispersion = 0.01;
  public int windows;

  public SeasonalCountBaseline() {}

  private static double[] ones(int n) {
    double[] values = new double[n];
    java.util.Arrays.fill(values, 1.0);
    return values;
  }

  /** Whether seasonality by hour applies: windows shorter than a day have an hour of day. */
  static boolean hourly(long windowMillis) {
    return windowMillis < 24 * 3600_000L;
  }

  private static int slot(long start, long windowMillis) {
    return hourly(windowMillis) ? Instant.ofEpochMilli(start).atZone(ZoneOffset.UTC).getHour() : 0;
  }

  private static int dayOfWeek(long start) {
    return Instant.ofEpochMilli(start).atZone(ZoneOffset.UTC).getDayOfWeek().getValue() - 1;
  }

  /** Expected count for a window starting at {@code start}, or -1 while its hour has not been seen. */
  public double expected(long start, long windowMillis) {
    int s = slot(start, windowMillis);
    if (slotSeen[s] == 0) {
      return -1;
    }
    return slotMean[s] * day[dayOfWeek(start)];
  }

  /**
   * Variance of a window's count around the expectation: overdispersed Poisson noise plus the
   * uncertainty of the hour's learned mean (an exponentially weighted mean with weight a has a
   * variance of a / (2 - a) times one observation's; one learned from n windows, 1/n times).
   */
  public double variance(long start, long windowMillis, double expected) {
    int s = slot(start, windowMillis);
    double relativeNoise = 1.0 / Math.max(expected, 0.5) + dispersion;
    double alpha = slotAlpha(windowMillis);
    double estimate = Math.max(alpha / (2 - alpha), 1.0 / Math.max(1, slotSeen[s]));
    // A day of the week seen rarely may differ from the others in ways not learned yet: up to 10%
    // relative spread for a day never seen, halving with each time it was.
    double windowsPerDay = Math.max(1.0, 24 * 3600_000.0 / windowMillis);
    double daysSeen = daySeen[dayOfWeek(start)] / windowsPerDay;
    double dayUncertainty = 0.01 / Math.pow(2, Math.min(20, daysSeen));
    return expected * (1 + dispersion * expected) + expected * expected * (relativeNoise * estimate + dayUncertainty);
  }

  /** Smoothing weight of a slot per window: a half-life of three days of that slot's windows. */
  static double slotAlpha(long windowMillis) {
    double windowsPerSlotDay = hourly(windowMillis) ? Math.max(1.0, 3600_000.0 / windowMillis)
        : Math.max(1.0 / 7, 24 * 3600_000.0 / windowMillis);
    return 1 - Math.pow(0.5, 1.0 / (3 * windowsPerSlotDay));
  }

  /** Whether a whole day of this window's day of the week has been seen. */
  public boolean daySeen(long start, long windowMillis) {
    double windowsPerDay = Math.max(1.0, 24 * 3600_000.0 / windowMillis);
    return daySeen[dayOfWeek(start)] >= windowsPerDay;
  }

  /** Whether every hour of the day has been seen (for windows shorter than a day). */
  public boolean profileLearned(long windowMillis) {
    if (!hourly(windowMillis)) {
      return slotSeen[0] > 0;
    }
    for (int seen : slotSeen) {
      if (seen == 0) {
        return false;
      }
    }
    return true;
  }

  /** Learns from a window's count (the caller clamps an anomalous count first). */
  public void learn(long start, long windowMillis, double count) {
    int s = slot(start, windowMillis);
    int d = dayOfWeek(start);
    double expected = expected(start, windowMillis);
    if (expected >= 5 && slotSeen[s] >= 2 * Math.max(1, 3600_000 / Math.min(windowMillis, 3600_000))) {
      // Overdispersion from residuals, each window's say bounded so one odd window cannot blow it up.
      double excess = ((count - expected) * (count - expected) - expected) / (expected * expected);
      excess = Math.max(-0.5, Math.min(excess, 4 * dispersion + 0.05));
      dispersion = Math.max(0.0, Math.min(1.0, dispersion + 0.02 * (excess - dispersion)));
    }
    double alpha = Math.max(slotAlpha(windowMillis), 1.0 / (slotSeen[s] + 1));
    slotMean[s] += alpha * (count / day[d] - slotMean[s]);
    slotSeen[s]++;
    daySeen[d]++;
    if (slotMean[s] > 0 && slotSeen[s] > 1) {
      // Day-of-week factors move slowly: a half-life of about three weeks of that day's windows.
      double windowsPerDay = Math.max(1.0, 24 * 3600_000.0 / windowMillis);
      double alphaDay = 1 - Math.pow(0.5, 1.0 / (3 * windowsPerDay));
      double ratio = Math.max(0.05, Math.min(20, count / slotMean[s]));
      day[d] = Math.max(0.05, day[d] + alphaDay * (ratio * day[d] - day[d]));
      renormalise(day);
    }
    windows++;
  }

  /** Keeps the day profile's mean at 1 so slot means and day factors do not drift against each other. */
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
