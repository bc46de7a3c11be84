package earshot.jobs.detect;

import earshot.schemas.MetricSnapshot;
import earshot.schemas.Severity;

/**
 * Flags windows whose interaction count is far above (VOLUME_SURGE) or below (VOLUME_DROP) what
 * the series' seasonal baseline expects for that hour of that day ({@link SeasonalCountBaseline}).
 * How unlikely a count is comes from the exact tails of a negative binomial whose spread is
 * learned from the series itself (overdispersion plus the baseline's own uncertainty); the
 * reported z is the normal score with the same tail probability, so small counts, whose tails the
 * normal approximation gets wrong, are judged fairly. A surge
 * needs at least {@code minSample} interactions, a drop an expectation of at least that many; both
 * need a relative change of {@link #MIN_RELATIVE_CHANGE} or more ({@link #MIN_RELATIVE_CHANGE_UNSEEN_DAY} on a day
 * of the week not seen yet) and {@link #WARMUP_DAYS} days of learning.
 */
public final class VolumeDetector {

  public static final String SURGE = "VOLUME_SURGE";
  public static final String DROP = "VOLUME_DROP";
  static final String METRIC = "interactions";
  static final double MIN_RELATIVE_CHANGE = 0.3;
  /**
   * On a day of the week not seen yet (the first week), weekly seasonality is unknown: a Monday
   * after a weekend is often 50% busier. Only a change this large counts then.
   */
  static final double MIN_RELATIVE_CHANGE_UNSEEN_DAY = 0.75;
  /** Days of traffic before the hour-of-day profile is trusted: the first day is spent finding it. */
  static final int WARMUP_DAYS = 2;

  private final DetectorSettings settings;

  public VolumeDetector(DetectorSettings settings) {
    this.settings = settings;
  }

  /** The pair of evaluations of one window: [surge, drop]. */
  public Evaluation[] evaluate(long start, long end, long count, SeasonalCountBaseline baseline) {
    long windowMillis = end - start;
    double expected = baseline.expected(start, windowMillis);
    if (expected < 0) {
      baseline.learn(start, windowMillis, count);
      return new Evaluation[] {
          Evaluation.without(SURGE, Verdict.LEARNING, METRIC, count), Evaluation.without(DROP, Verdict.LEARNING, METRIC, count)};
    }
    double variance = Math.max(1e-9, baseline.variance(start, windowMillis, expected));
    double sd = Math.sqrt(variance);
    // Exact tails of a negative binomial with the learned spread (noise and baseline uncertainty).
    double dispersion = Math.max(0, (variance - expected) / (expected * expected));
    double[] tails = Stats.countTails(count, expected, dispersion);
    double zSurge = Stats.zForUpperTail(tails[0]);
    double zDrop = Stats.zForUpperTail(tails[1]);
    double relative = expected > 0 ? (count - expected) / expected : Double.POSITIVE_INFINITY;
    double z = zSurge >= zDrop ? zSurge : -zDrop;
    boolean learned = baseline.profileLearned(windowMillis)
        && baseline.windows >= Math.max(settings.warmupWindows(), WARMUP_DAYS * windowsPerDay(windowMillis));
    double minChange = baseline.daySeen(start, windowMillis) ? MIN_RELATIVE_CHANGE : MIN_RELATIVE_CHANGE_UNSEEN_DAY;
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
    }
    // Learn, with an anomalous count clamped to the edge of the normal range.
    baseline.learn(start, windowMillis, Math.max(low, Math.min(high, count)));

    return new Evaluation[] {
        new Evaluation(SURGE, surge, severity(zSurge, relative), METRIC, count, expected, low, high, "z", zSurge, tails[0], count),
        new Evaluation(DROP, drop, severity(zDrop, -relative), METRIC, count, expected, low, high, "z", zDrop, tails[1], count)};
  }

  private Severity severity(double z, double relative) {
    return z >= 2 * settings.openZ() || relative >= 1.0 ? Severity.CRITICAL : Severity.WARNING;
  }

  private static long windowsPerDay(long windowMillis) {
    return Math.max(1, 24 * 3600_000L / windowMillis);
  }

  /** Convenience for a metric window. */
  public Evaluation[] evaluate(MetricSnapshot window, SeasonalCountBaseline baseline) {
    return evaluate(window.getWindowStart().toEpochMilli(), window.getWindowEnd().toEpochMilli(),
        window.getInteractions(), baseline);
  }
}
