package earshot.jobs.detect;

import earshot.schemas.MetricSnapshot;
import earshot.schemas.Severity;
import java.util.List;

/**
 * Flags windows whose interaction count is far above (VOLUME_SURGE) or below (VOLUME_DROP) what
 * the series' seasonal baseline expects for that hour of that day ({@link SeasonalCountBaseline}), hours and
 * days local to {@code detect.time-zone}.
 * How unlikely a count is comes from the exact tails of a negative binomial whose spread is
 * learned from the series itself (overdispersion plus the baseline's own uncertainty); the
 * reported z is the normal score with the same tail probability, so small counts, whose tails the
 * normal approximation gets wrong, are judged fairly. A surge
 * needs at least {@code minSample} interactions, a drop an expectation of at least that many; both
 * need a relative change of {@link #MIN_RELATIVE_CHANGE} or more ({@link #MIN_RELATIVE_CHANGE_UNSEEN_DAY} on a day
 * of the week not seen yet). A change too small for one window that lasts alerts through the
 * baseline's {@link CountChart}s (one for surges, one for drops: a CUSUM of the windows' z whose
 * span must also be off as a whole, the baseline's error counted once), while the window is at
 * least half the minimum change off, once the day of the week's factor has learned from half a day.
 *
 * <p>The baseline recovers by itself. A window is judged once its hour slot holds enough evidence
 * ({@link SeasonalCountBaseline#slotTrusted}), not after a fixed time; until then a count the
 * slot cannot explain restarts it, so stray or backfilled records before the real stream do not
 * define an hour. A change that persists for {@link #SHIFT_HOURS} hours (in one direction, every
 * window at least {@link #RUN_Z} standard deviations off but for a few on the same side, less far)
 * is adopted as the new level: the alert that opened with it
 * reports it once and then resolves; an hour slot off for {@link #SLOT_SHIFT_DAYS} days is
 * adopted the same way. A level adopted that ends within a day (the series runs back at least half
 * way for an hour of windows, four at least) is taken back, so the return is not reported as the
 * opposite change.
 */
public final class VolumeDetector implements SeriesDetector<SeasonalCountBaseline> {

  public static final String SURGE = "VOLUME_SURGE";
  public static final String DROP = "VOLUME_DROP";
  static final String METRIC = "interactions";
  public static final double MIN_RELATIVE_CHANGE = 0.3;
  /**
   * On a day of the week not seen yet (the first week), weekly seasonality is unknown: a Monday
   * after a weekend is often 50% busier. Only a change this large counts then.
   */
  static final double MIN_RELATIVE_CHANGE_UNSEEN_DAY = 0.75;
  /** Hours a series may stay off its baseline in one direction before the new level is adopted. */
  static final double SHIFT_HOURS = 6;
  /** How far off (in standard deviations) a window must be to continue a run towards a level shift. */
  static final double RUN_Z = 1.0;
  /** Far-off windows in a row that still count as noise rather than as a change. */
  static final int ISOLATED_RUN = 3;
  /** Days one hour slot may stay off in one direction before its new level is adopted. */
  static final int SLOT_SHIFT_DAYS = 3;

  private final DetectorSettings settings;
  /** The local hours and days of the baselines' seasonality ({@code detect.time-zone}). */
  private final LocalCalendar calendar;

  /** Whether lasting moderate changes are charted (off for a score per window, or to measure what the charts add). */
  private final boolean charts;

  public VolumeDetector(DetectorSettings settings) {
    this(settings, true);
  }

  private VolumeDetector(DetectorSettings settings, boolean charts) {
    this.settings = settings;
    this.calendar = settings.calendar();
    this.charts = charts;
  }

  /**
   * The detector judging each window alone, without charts: for a score per window (the backtest)
   * and for tests that measure what the charts add.
   */
  public static VolumeDetector windowsAlone(DetectorSettings settings) {
    return new VolumeDetector(settings, false);
  }

  /** Surge and drop, judged against one seasonal baseline that learns from each window once. */
  @Override
  public List<String> types() {
    return List.of(SURGE, DROP);
  }

  @Override
  public List<String> metrics() {
    return List.of(METRIC);
  }

  /** A window without any interaction is a drop to zero. */
  @Override
  public boolean judgesSilentWindows() {
    return true;
  }

  /** [surge, drop], as {@link #evaluate(MetricSnapshot, SeasonalCountBaseline)}. */
  @Override
  public List<Evaluation> judge(MetricSnapshot window, SeasonalCountBaseline baseline) {
    return List.of(evaluate(window, baseline));
  }

  /** The pair of evaluations of one window: [surge, drop]. */
  public Evaluation[] evaluate(long start, long end, long count, SeasonalCountBaseline baseline) {
    long windowMillis = end - start;
    double expected = baseline.expected(calendar, start, windowMillis);
    if (expected < 0) {
      baseline.learn(calendar, start, windowMillis, count);
      return new Evaluation[] {
          Evaluation.without(SURGE, Verdict.LEARNING, METRIC, count), Evaluation.without(DROP, Verdict.LEARNING, METRIC, count)};
    }
    double variance = Math.max(1e-9, baseline.variance(calendar, start, windowMillis, expected));
    double sd = Math.sqrt(variance);
    // Exact tails of a negative binomial with the learned spread (noise and baseline uncertainty);
    // a slot that learned zero is judged against a small mean, not a degenerate one.
    double mu = Math.max(expected, 0.05);
    double dispersion = Math.max(0, (variance - mu) / (mu * mu));
    double[] tails = Stats.countTails(count, mu, dispersion);
    double zSurge = Stats.zForUpperTail(tails[0]);
    double zDrop = Stats.zForUpperTail(tails[1]);
    double relative = expected > 0 ? (count - expected) / expected : Double.POSITIVE_INFINITY;
    double z = zSurge >= zDrop ? zSurge : -zDrop;
    boolean trusted = baseline.slotTrusted(calendar, start, windowMillis);
    boolean learned = trusted && baseline.windows >= settings.warmupWindows();
    double minChange = baseline.daySeen(calendar, start, windowMillis) ? MIN_RELATIVE_CHANGE
        : MIN_RELATIVE_CHANGE_UNSEEN_DAY;
    double low = Math.max(0, expected - settings.clearZ() * sd);
    double high = expected + settings.clearZ() * sd;

    Verdict surge;
    Verdict drop;
    if (!learned) {
      surge = Verdict.LEARNING;
      drop = Verdict.LEARNING;
    } else {
      surge = count < settings.minSample() ? Verdict.INSUFFICIENT : settings.judge(zSurge, relative >= minChange);
      drop = expected < settings.minSample() ? Verdict.INSUFFICIENT : settings.judge(zDrop, -relative >= minChange);
      if (baseline.returningFromShift(count, expected)) {
        // Back towards the level before a shift adopted within the day: the way back is judged
        // against that level, so the end of a surge adopted at its end is not a drop.
        double before = expected * Math.exp(-baseline.recentShiftLog);
        double[] backTails = Stats.countTails(count, Math.max(before, 0.05), dispersion);
        double relativeBefore = before > 0 ? (count - before) / before : Double.POSITIVE_INFINITY;
        if (baseline.recentShiftLog > 0) {
          drop = drop == Verdict.INSUFFICIENT ? drop
              : settings.judge(Stats.zForUpperTail(backTails[1]), -relativeBefore >= minChange);
        } else {
          surge = surge == Verdict.INSUFFICIENT ? surge
              : settings.judge(Stats.zForUpperTail(backTails[0]), relativeBefore >= minChange);
        }
      }
    }
    Evaluation[] out = {
        new Evaluation(SURGE, surge, severity(zSurge, relative), METRIC, count, expected, low, high, "z", zSurge, tails[0], count),
        new Evaluation(DROP, drop, severity(zDrop, -relative), METRIC, count, expected, low, high, "z", zDrop, tails[1], count)};

    if (!trusted) {
      // Not enough evidence yet: a count the slot's little history cannot explain replaces it
      // (stray or backfilled records before the real stream), anything else is averaged in.
      if (Math.abs(z) >= settings.openZ() && Math.abs(relative) >= MIN_RELATIVE_CHANGE) {
        baseline.restartSlot(calendar, start, windowMillis, count);
      } else {
        baseline.learn(calendar, start, windowMillis, count);
      }
      return out;
    }
    // A window a standard deviation off or more continues a run (one off on the same side, less
    // far, holds it): a real shift keeps nearly every window there, stable traffic does so for a
    // few windows in a row at most.
    int direction = Math.abs(z) >= RUN_Z ? (z > 0 ? 1 : -1) : 0;
    double logRatio = Math.log((count + 0.5) / (expected + 0.5));
    int run = baseline.track(calendar, start, windowMillis, direction, z, logRatio);
    if (run >= shiftWindows(windowMillis)) {
      // Off in the same direction for the whole bounded time: the level has shifted. The alert
      // that opened with it reports it once; from here the shifted level is the normal.
      baseline.adoptLevel(Math.exp(baseline.runLogRatio / run));
      baseline.learn(calendar, start, windowMillis, count);
      return out;
    }
    if (baseline.shiftEnded(Math.max(ISOLATED_RUN + 1, shiftWindows(windowMillis) / 6), windowMillis)) {
      // The level adopted within the last day did not last (a surge of a few hours, adopted at its
      // end): back to the level before it, and the return to it is no drop.
      baseline.revertShift();
      baseline.learn(calendar, start, windowMillis, count);
      return out;
    }
    int slotRun = baseline.slotRun(calendar, start, windowMillis);
    if (Math.abs(slotRun) >= SLOT_SHIFT_DAYS * SeasonalCountBaseline.windowsPerSlotDay(windowMillis)
        && baseline.dayFactorLearned(calendar, start, windowMillis)) {
      // One hour of the day has been off for days (a new daily batch, a moved shift): adopt it.
      // Only on a day whose factor has learned: in a first week the days' levels are what is off
      // (a first Saturday at the weekday level restarted an hour from a count deseasonalised as a
      // weekday's, 40% low, and the next Monday and Wednesday surged at that hour).
      baseline.restartSlot(calendar, start, windowMillis, count);
      baseline.levelShifts++;
      return out;
    }
    // A moderate change that lasts: evidence across windows, alerting while this window is still
    // at least half the smallest change off (so the alert ends with the change). Only once the
    // day's factor has learned from half a day: before, the day's own level is what is off.
    if (learned && charts && minChange == MIN_RELATIVE_CHANGE && baseline.dayFactorLearned(calendar, start, windowMillis)) {
      double noise = baseline.noiseVariance(mu);
      double baselineSd = expected * Math.sqrt(baseline.relativeBaselineVariance(calendar, start, windowMillis, expected));
      // A run back from a level adopted within the day is judged by whether that level ended, not charted.
      boolean returning = baseline.shiftMayEnd();
      boolean surgeCharted = baseline.surgeChart().add(zSurge, count, expected, noise, baselineSd, 1, settings.openZ())
          && !returning && surge != Verdict.ANOMALY && count >= settings.minSample() && relative >= minChange / 2;
      boolean dropCharted = baseline.dropChart().add(zDrop, count, expected, noise, baselineSd, -1, settings.openZ())
          && !returning && drop != Verdict.ANOMALY && expected >= settings.minSample() && -relative >= minChange / 2;
      if (surgeCharted) {
        out[0] = charted(SURGE, count, expected, low, high, relative, baseline.surgeChart());
      }
      if (dropCharted) {
        out[1] = charted(DROP, count, expected, low, high, -relative, baseline.dropChart());
      }
    }
    // Learn, with an anomalous count clamped to the edge of the normal range; the noise only from
    // windows that are not part of a run (isolated outliers are noise, a run is a change).
    baseline.learn(calendar, start, windowMillis, Math.max(low, Math.min(high, count)), run <= ISOLATED_RUN);
    return out;
  }

  /** An alert raised by a chart: reports the chart's sum and its per-window false-alarm rate. */
  private static Evaluation charted(String type, long count, double expected, double low, double high,
      double relative, CountChart chart) {
    return Evaluation.charted(type, relative >= 1.0 ? Severity.CRITICAL : Severity.WARNING, METRIC, count, expected,
        low, high, chart.chart, count);
  }

  /**
   * Windows a series may stay off in one direction before its new level is adopted:
   * {@link #SHIFT_HOURS} hours of windows, at least three.
   */
  public static long shiftWindows(long windowMillis) {
    return Math.max(3, (long) Math.ceil(SHIFT_HOURS * 3600_000.0 / windowMillis));
  }

  private Severity severity(double z, double relative) {
    return z >= 2 * settings.openZ() || relative >= 1.0 ? Severity.CRITICAL : Severity.WARNING;
  }

  /** Convenience for a metric window. */
  public Evaluation[] evaluate(MetricSnapshot window, SeasonalCountBaseline baseline) {
    return evaluate(window.getWindowStart().toEpochMilli(), window.getWindowEnd().toEpochMilli(),
        window.getInteractions(), baseline);
  }
}
