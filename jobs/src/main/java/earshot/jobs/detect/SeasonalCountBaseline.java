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

  /** How many days of an hour's windows the prior "flat within the hour" counts for. */
  static final double SLOPE_PRIOR_DAYS = 1;
  /** How many interactions' worth of evidence the prior "this day is like the others" counts for. */
  static final double DAY_PRIOR_INTERACTIONS = 30;

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
  /**
   * Interactions each day-of-week factor has learned from, as its hours expected them: while few,
   * the factor is a plain ratio estimate, shrunk towards 1 by {@link #DAY_PRIOR_INTERACTIONS}.
   */
  public double[] dayEvidence = new double[7];
  /**
   * Evidence of a moderate surge and of a moderate drop accumulated across windows (each window's
   * z against its hour's expectation); both start again whenever the expectation is replaced.
   */
  public CountChart surgeChart = new CountChart();
  public CountChart dropChart = new CountChart();
  /**
   * The log of the level factor adopted last, while it may still be taken back (for a day of
   * windows after it); 0 otherwise.
   */
  public double recentShiftLog;
  /** Windows judged since that adoption. */
  public int windowsSinceShift;
  /**
   * Per hour, fading sums of x y and x x, x where a window's middle falls in its hour (-1/2 to
   * 1/2) and y its count relative to the hour's flat expectation, minus 1: the within-hour slope's
   * least-squares sums (windows shorter than an hour only; null until one is seen).
   */
  public double[] slopeXY;
  public double[] slopeXX;
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

  /** Windows of one hour slot in a day: one for windows of an hour or more. */
  static long windowsPerSlotDay(long windowMillis) {
    return windowMillis >= 3600_000L ? 1 : Math.max(1, 3600_000L / windowMillis);
  }

  /** Windows in a day, at least one. */
  private static double windowsPerDay(long windowMillis) {
    return Math.max(1.0, 24 * 3600_000.0 / windowMillis);
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
    return slotMean[s] * withinHour(calendar, start, windowMillis) * day[calendar.dayOfWeek(start)];
  }

  /**
   * How a window shorter than an hour compares with its hour's mean: traffic may ramp through an
   * hour (a morning rising, an evening falling) or keep one rate and jump on the hour (a contact
   * centre opening at eight), so the shape is learned, not assumed. Each hour has a slope, the
   * least-squares line of its windows' counts (relative to the hour's expectation) against where in
   * the hour they fall, shrunk towards flat by a prior worth {@link #SLOPE_PRIOR_DAYS} days; the line
   * keeps the hour's mean, so whole hours are unchanged. 1 for windows of an hour or more.
   */
  double withinHour(LocalCalendar calendar, long start, long windowMillis) {
    if (windowMillis >= 3600_000L || slopeXY == null) {
      return 1;
    }
    int s = calendar.hourOfDay(start);
    double windowsPerHour = 3600_000.0 / windowMillis;
    double slope = slopeXY[s] / (slopeXX[s] + SLOPE_PRIOR_DAYS * windowsPerHour / 12);
    // Never expect under a fifth of the hour's mean, whatever a few odd days taught the line.
    return Math.max(0.2, 1 + slope * offsetInHour(calendar, start, windowMillis));
  }

  /** Where a window's middle falls in its hour, from -1/2 (its start) to +1/2 (its end). */
  private static double offsetInHour(LocalCalendar calendar, long start, long windowMillis) {
    return Math.min(1, calendar.fractionOfHour(start) + windowMillis / 2 / 3600_000.0) - 0.5;
  }

  /** Learns an hour's within-hour slope from a window's count relative to the hour's flat expectation. */
  private void learnSlope(LocalCalendar calendar, long start, long windowMillis, double relativeLevel) {
    if (windowMillis >= 3600_000L) {
      return;
    }
    if (slopeXY == null) {
      slopeXY = new double[24];
      slopeXX = new double[24];
    }
    int s = calendar.hourOfDay(start);
    double x = offsetInHour(calendar, start, windowMillis);
    double y = Math.max(-1, Math.min(3, relativeLevel - 1));
    // Sums that fade with the hour's mean (a half-life of three days), so the slope follows a changing shape.
    double keep = 1 - slotAlpha(windowMillis);
    slopeXY[s] = keep * slopeXY[s] + x * y;
    slopeXX[s] = keep * slopeXX[s] + x * x;
  }

  /**
   * Variance of a window's count around the expectation: overdispersed Poisson noise plus the
   * expectation's own uncertainty ({@link #relativeBaselineVariance}).
   */
  public double variance(LocalCalendar calendar, long start, long windowMillis, double expected) {
    return noiseVariance(expected) + expected * expected * relativeBaselineVariance(calendar, start, windowMillis, expected);
  }

  /** The variance of a window's count around a known expectation: overdispersed Poisson noise. */
  public double noiseVariance(double expected) {
    return expected * (1 + dispersion * expected);
  }

  /**
   * The relative variance of the expectation itself: the hour's learned mean (an exponentially
   * weighted mean with weight a has a variance of a / (2 - a) times one observation's; one learned
   * from n windows, 1/n times) and the day factor of a day of the week seen rarely.
   */
  public double relativeBaselineVariance(LocalCalendar calendar, long start, long windowMillis, double expected) {
    int s = slot(calendar, start, windowMillis);
    double relativeNoise = 1.0 / Math.max(expected, 0.5) + dispersion;
    double alpha = slotAlpha(windowMillis);
    double estimate = Math.max(alpha / (2 - alpha), 1.0 / Math.max(1, slotSeen[s]));
    // A day of the week seen rarely may differ from the others in ways not learned yet: up to 10%
    // relative spread for a day never seen, halving with each time it was.
    double daysSeen = daySeen[calendar.dayOfWeek(start)] / windowsPerDay(windowMillis);
    double dayUncertainty = 0.01 / Math.pow(2, Math.min(20, daysSeen));
    return relativeNoise * estimate + dayUncertainty;
  }

  /** Smoothing weight of a slot per window: a half-life of three days of that slot's windows. */
  static double slotAlpha(long windowMillis) {
    double windowsPerSlotDay = hourly(windowMillis) ? Math.max(1.0, 3600_000.0 / windowMillis)
        : Math.max(1.0 / 7, 24 * 3600_000.0 / windowMillis);
    return 1 - Math.pow(0.5, 1.0 / (3 * windowsPerSlotDay));
  }

  /** Whether a whole day of this window's day of the week has been seen. */
  public boolean daySeen(LocalCalendar calendar, long start, long windowMillis) {
    return daySeen[calendar.dayOfWeek(start)] >= windowsPerDay(windowMillis);
  }

  /**
   * Whether this window's day factor has learned from at least half a day of the interactions the
   * hours expect: a day of the week can have been seen (its first occurrence, while the hours were
   * not trusted yet) without its factor having learned anything.
   */
  public boolean dayFactorLearned(LocalCalendar calendar, long start, long windowMillis) {
    double day = 0;
    for (double mean : slotMean) {
      day += mean;
    }
    double perDay = hourly(windowMillis) ? day * Math.max(1.0, 3600_000.0 / windowMillis) : day;
    return perDay > 0 && dayEvidence()[calendar.dayOfWeek(start)] >= perDay / 2;
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
    slotMean[s] = count / day[calendar.dayOfWeek(start)] / withinHour(calendar, start, windowMillis);
    slotSeen[s] = 1;
    runs()[s] = 0;
    daySeen[calendar.dayOfWeek(start)]++;
    windows++;
    forgetCharts();
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
    forgetCharts();
    recentShiftLog = Math.log(factor);
    windowsSinceShift = 0;
  }

  /**
   * Whether a level adopted within the last day has ended: the series has run back towards the
   * level before it for {@code windowsNeeded} windows, on average at least half the way. Counts
   * the window into the time since the adoption.
   */
  public boolean shiftEnded(long windowsNeeded, long windowMillis) {
    if (recentShiftLog == 0) {
      return false;
    }
    if (++windowsSinceShift > windowsPerDay(windowMillis)) {
      recentShiftLog = 0;
      return false;
    }
    return shiftMayEnd() && Math.abs(run) >= windowsNeeded
        && -Math.signum(recentShiftLog) * runLogRatio / Math.abs(run) >= Math.abs(recentShiftLog) / 2;
  }

  /** Whether a count lies back towards the level before a shift adopted within the last day. */
  public boolean returningFromShift(double count, double expected) {
    return recentShiftLog != 0 && Math.signum(count - expected) == -Math.signum(recentShiftLog);
  }

  /** Whether the series' run leads back from a level adopted within the last day. */
  public boolean shiftMayEnd() {
    return recentShiftLog != 0 && run != 0 && Integer.signum(run) == -(int) Math.signum(recentShiftLog);
  }

  /** Takes back the level adopted last: the change it adopted has ended. */
  public void revertShift() {
    double factor = Math.exp(-recentShiftLog);
    adoptLevel(factor);
    recentShiftLog = 0;
  }

  /** The surge chart; state restored from before the charts existed starts with an empty one. */
  public CountChart surgeChart() {
    if (surgeChart == null) {
      surgeChart = new CountChart();
    }
    return surgeChart;
  }

  /** The drop chart, as {@link #surgeChart()}. */
  public CountChart dropChart() {
    if (dropChart == null) {
      dropChart = new CountChart();
    }
    return dropChart;
  }

  private void forgetCharts() {
    surgeChart().reset();
    dropChart().reset();
  }

  /**
   * Counts a window that was far off (direction +1 above, -1 below, 0 when normal) into the run of
   * its slot and of the series; returns the series' run length after it. A window on the run's side
   * of the expectation but not far off holds the series' run (neither counts nor ends it): on a
   * shift of a few standard errors a window now and then falls short by noise alone, and ending the
   * run there left a shifted series unadopted for days.
   */
  public int track(LocalCalendar calendar, long start, long windowMillis, int direction, double side, double logRatio) {
    int s = slot(calendar, start, windowMillis);
    int[] slotRun = runs();
    slotRun[s] = direction == 0 ? 0 : Integer.signum(slotRun[s]) == direction ? slotRun[s] + direction : direction;
    if (direction == 0 && run != 0 && Math.signum(side) == Integer.signum(run)) {
      return Math.abs(run);
    }
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
   * Learns from a window's count; {@code spread} false leaves the overdispersion and (on a day of
   * the week seen before) the day factor alone (a window inside a sustained change says nothing
   * about the noise or the weekly cycle of normal traffic, and would widen the one until the change
   * looked normal and move the other to the change).
   */
  public void learn(LocalCalendar calendar, long start, long windowMillis, double count, boolean spread) {
    int s = slot(calendar, start, windowMillis);
    int d = calendar.dayOfWeek(start);
    double shape = withinHour(calendar, start, windowMillis);
    // As expected(), with the hour's shape computed once.
    double expected = slotSeen[s] == 0 ? -1 : slotMean[s] * shape * day[d];
    if (spread && expected >= 5 && slotSeen[s] >= 2 * windowsPerSlotDay(windowMillis)) {
      // Overdispersion from residuals, each window's say bounded so one odd window cannot blow it up.
      double excess = ((count - expected) * (count - expected) - expected) / (expected * expected);
      excess = Math.max(-0.5, Math.min(excess, 4 * dispersion + 0.05));
      dispersion = Math.max(0.0, Math.min(1.0, dispersion + 0.02 * (excess - dispersion)));
    }
    if ((spread || !daySeen(calendar, start, windowMillis)) && slotTrusted(calendar, start, windowMillis)
        && slotLearnedBefore(s, windowMillis)) {
      // The day's factor is its counts over the hours' deseasonalised means: a ratio estimate,
      // each window weighted by the interactions its hour expects, shrunk towards 1 by a prior
      // worth DAY_PRIOR_INTERACTIONS, then smoothing with a half-life of about three weeks of that
      // day's windows. Learned fast from the first, so a first weekend is a weekend and not a dip
      // the hour means absorb (they learn in days, the day factor in weeks); only from hours known
      // well enough to be judged, so a stray record's hour cannot set a day; once the day has been
      // seen, not inside a run off the baseline, so an incident does not become that day's level
      // (on its first occurrence the day's level is what is off, and must be learned); and only
      // against an hour mean that has learned from an earlier day: on the first day the hour means
      // are that day's own level, its factor would read as 1 and stay near it (a first Monday at
      // 1.2 learned 1.07 to 1.15 on generated streams, whose second Mondays were charted as surges).
      double[] evidence = dayEvidence();
      double weight = slotMean[s];
      double alphaDay = Math.max(1 - Math.pow(0.5, 1.0 / (3 * windowsPerDay(windowMillis))),
          weight / (DAY_PRIOR_INTERACTIONS + evidence[d] + weight));
      double ratio = Math.max(0.05, Math.min(20, count / (slotMean[s] * shape)));
      day[d] = Math.max(0.05, day[d] + alphaDay * (ratio - day[d]));
      evidence[d] += weight;
      renormalise(day, slotMean);
    }
    double alpha = Math.max(slotAlpha(windowMillis), 1.0 / (slotSeen[s] + 1));
    if (slotMean[s] > 0) {
      learnSlope(calendar, start, windowMillis, count / (day[d] * slotMean[s]));
    }
    slotMean[s] += alpha * (count / (day[d] * shape) - slotMean[s]);
    slotSeen[s]++;
    daySeen[d]++;
    windows++;
  }

  /**
   * Whether the slot has seen at least a day's worth of its windows before this one, so its mean is
   * not only this day's level.
   */
  private boolean slotLearnedBefore(int s, long windowMillis) {
    return slotSeen[s] >= windowsPerSlotDay(windowMillis);
  }

  /**
   * Keeps the day profile's mean at 1 so slot means and day factors do not drift against each
   * other; the slot means take the factor the days gave up, so no expectation moves.
   */
  private static void renormalise(double[] profile, double[] slotMeans) {
    double mean = 0;
    for (double v : profile) {
      mean += v;
    }
    mean /= profile.length;
    for (int i = 0; i < profile.length; i++) {
      profile[i] /= mean;
    }
    for (int i = 0; i < slotMeans.length; i++) {
      slotMeans[i] *= mean;
    }
  }

  /** The interactions behind each day's factor; state restored from before it existed has none yet. */
  private double[] dayEvidence() {
    if (dayEvidence == null) {
      dayEvidence = new double[7];
    }
    return dayEvidence;
  }
}
