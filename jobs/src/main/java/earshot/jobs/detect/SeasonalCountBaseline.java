package earshot.jobs.detect;

/**
 * A learning baseline of counts per window with hour-of-day and day-of-week seasonality. Each
 * hour of the day has its own mean count per window, learned only from windows of that hour (a
 * plain average of its first days, then exponential smoothing with a half-life of three days), so
 * a quiet night never skews a busy noon; a day-of-week factor, learned slowly over weeks, scales
 * it. An overdispersion estimate, learned from the residuals once the hour means are known, widens
 * the normal range to the spread real traffic has beyond Poisson. Windows of a day or longer have
 * a single slot. A plain value class (Flink POJO) kept in keyed state.
 *
 * <p>Hours and days are local to the {@link LocalCalendar} each call is given ({@code detect.time-zone},
 * UTC by default), read from the window's start: the state holds slots, not a zone, so the same state
 * serves any zone (a zone changed on a restart re-labels the slots; they relearn within days). A window of a
 * day or longer takes the local day of its start (west of UTC, a daily window starting at midnight UTC is on
 * the local day before; the same every week, which is all a learned day factor needs).
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
  /**
   * Consecutive windows of each hour slot whose counts were far off that slot's expectation in
   * the same direction (positive above, negative below); a normal window resets it.
   */
  public int[] slotRun = new int[24];
  /** Consecutive windows of the series far off in the same direction (signed as {@link #slotRun}). */
  public int run;
  /** Sum over the current run of log(count / expected), the size of a shift to adopt. */
  public double runLogRatio;
  /** Level shifts adopted so far (the series' whole level, or one hour slot's). */
  public int levelShifts;

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

  private static int slot(LocalCalendar calendar, long start, long windowMillis) {
    return hourly(windowMillis) ? calendar.hourOfDay(start) : 0;
  }

  /** Expected count for a window starting at {@code start}, or -1 while its local hour has not been seen. */
  public double expected(LocalCalendar calendar, long start, long windowMillis) {
    int s = slot(calendar, start, windowMillis);
    if (slotSeen[s] == 0) {
      return -1;
    }
    return slotMean[s] * day[calendar.dayOfWeek(start)];
  }

  /**
   * Variance of a window's count around the expectation: overdispersed Poisson noise plus the
   * uncertainty of the hour's learned mean (an exponentially weighted mean with weight a has a
   * variance of a / (2 - a) times one observation's; one learned from n windows, 1/n times).
   */
  public double variance(LocalCalendar calendar, long start, long windowMillis, double expected) {
    int s = slot(calendar, start, windowMillis);
    double relativeNoise = 1.0 / Math.max(expected, 0.5) + dispersion;
    double alpha = slotAlpha(windowMillis);
    double estimate = Math.max(alpha / (2 - alpha), 1.0 / Math.max(1, slotSeen[s]));
    // A day of the week seen rarely may differ from the others in ways not learned yet: up to 10%
    // relative spread for a day never seen, halving with each time it was.
    double windowsPerDay = Math.max(1.0, 24 * 3600_000.0 / windowMillis);
    double daysSeen = daySeen[calendar.dayOfWeek(start)] / windowsPerDay;
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
  public boolean daySeen(LocalCalendar calendar, long start, long windowMillis) {
    double windowsPerDay = Math.max(1.0, 24 * 3600_000.0 / windowMillis);
    return daySeen[calendar.dayOfWeek(start)] >= windowsPerDay;
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

  /**
   * Whether the hour slot of this window has seen enough to be judged: two windows or more, and
   * enough interactions that its mean is known to about a half (the relative noise of a Poisson
   * mean learned from n windows of mean m is 1 / sqrt(n m), here widened by the overdispersion):
   * a busy series with hourly windows is judged from its third day, a sparse one once it has
   * shown a few interactions in that slot, whatever the clock says. The uncertainty left is in
   * {@link #variance}, so an early judgement is a cautious one.
   */
  public boolean slotTrusted(LocalCalendar calendar, long start, long windowMillis) {
    int s = slot(calendar, start, windowMillis);
    int seen = slotSeen[s];
    if (seen < 2 || slotMean[s] <= 0) {
      return false;
    }
    double alpha = slotAlpha(windowMillis);
    double estimate = Math.max(alpha / (2 - alpha), 1.0 / seen);
    return (1.0 / slotMean[s] + dispersion) * estimate <= 1.0 / 4;
  }

  /**
   * Forgets what an hour slot learned and starts it again from this count: used while the slot is
   * not trusted yet and a count contradicts it (a few stray records before the real stream must
   * not define the hour), and when one hour's count has been off for days (a shift of that hour).
   */
  public void restartSlot(LocalCalendar calendar, long start, long windowMillis, double count) {
    int s = slot(calendar, start, windowMillis);
    slotMean[s] = count / day[calendar.dayOfWeek(start)];
    slotSeen[s] = 1;
    runs()[s] = 0;
    daySeen[calendar.dayOfWeek(start)]++;
    windows++;
  }

  /** Moves every slot's mean by {@code factor}: the series' level has shifted and stays shifted. */
  public void adoptLevel(double factor) {
    for (int s = 0; s < slotMean.length; s++) {
      slotMean[s] *= factor;
      runs()[s] = 0;
    }
    run = 0;
    runLogRatio = 0;
    levelShifts++;
  }

  /**
   * Counts a window that was far off (direction +1 above, -1 below, 0 when normal) into the run of
   * its slot and of the series; returns the series' run length after it.
   */
  public int track(LocalCalendar calendar, long start, long windowMillis, int direction, double logRatio) {
    int s = slot(calendar, start, windowMillis);
    int[] slotRun = runs();
    slotRun[s] = direction == 0 ? 0 : Integer.signum(slotRun[s]) == direction ? slotRun[s] + direction : direction;
    if (direction == 0 || Integer.signum(run) != direction) {
      run = direction;
      runLogRatio = direction == 0 ? 0 : logRatio;
    } else {
      run += direction;
      runLogRatio += logRatio;
    }
    return Math.abs(run);
  }

  /** Consecutive far-off windows of this window's slot, signed. */
  public int slotRun(LocalCalendar calendar, long start, long windowMillis) {
    return runs()[slot(calendar, start, windowMillis)];
  }

  /** The slot runs; state restored from before they existed has none yet. */
  private int[] runs() {
    if (slotRun == null) {
      slotRun = new int[24];
    }
    return slotRun;
  }

  /** Learns from a window's count (the caller clamps an anomalous count first). */
  public void learn(LocalCalendar calendar, long start, long windowMillis, double count) {
    learn(calendar, start, windowMillis, count, true);
  }

  /**
   * Learns from a window's count; {@code spread} false leaves the overdispersion alone (a window
   * inside a sustained change says nothing about the noise of normal traffic, and would widen it
   * until the change looked normal).
   */
  public void learn(LocalCalendar calendar, long start, long windowMillis, double count, boolean spread) {
    int s = slot(calendar, start, windowMillis);
    int d = calendar.dayOfWeek(start);
    double expected = expected(calendar, start, windowMillis);
    if (spread && expected >= 5 && slotSeen[s] >= 2 * Math.max(1, 3600_000 / Math.min(windowMillis, 3600_000))) {
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
