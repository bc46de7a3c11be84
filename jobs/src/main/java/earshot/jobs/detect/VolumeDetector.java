package earshot.jobs.detect;

import earshot.schemas.MetricSnapshot;
import earshot.schemas.Severity;

/**
 * Flags windows whose interaction count is far above (VOLUME_SURGE) or below (VOLUME_DROP) what
 * the series' seasonal baseline expects for that hour of that day ({@link SeasonalCountBaseline}).
 * The z statistic uses an overdispersed-Poisson variance learned from the series itself. A surge
 * needs at least {@code minSample} interactions, a drop an expectation of at least that many; both
 * need a relative change of {@link #MIN_RELATIVE_CHANGE} or more and a full day of learning.
 */
public final class VolumeDetector {

  public static final String SURGE = "VOLUME_SURGE";
  public static final String DROP = "VOLUME_DROP";
  static final String METRIC = "interactions";
  static final double MIN_RELATIVE_CHANGE = 0.3;

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
    double sd = Math.sqrt(Math.max(1e-9, baseline.variance(expected)));
    double z = (count - expected) / sd;
    double relative = expected > 0 ? (count - expected) / expected : Double.POSITIVE_INFINITY;
    boolean learned = baseline.profileLearned(windowMillis)
        && baseline.windows >= Math.max(settings.warmupWindows(), windowsPerDay(windowMillis));
    double low = Math.max(0, expected - settings.clearZ() * sd);
    double high = expected + settings.clearZ() * sd;

    Verdict surge;
    Verdict drop;
    if (!learned) {
      surge = Verdict.LEARNING;
      drop = Verdict.LEARNING;
    } else {
      surge = count < settings.minSample() ? Verdict.INSUFFICIENT : settings.judge(z, relative >= MIN_RELATIVE_CHANGE);
      drop = expected < settings.minSample() ? Verdict.INSUFFICIENT : settings.judge(-z, -relative >= MIN_RELATIVE_CHANGE);
    }
    // Learn, with an anomalous count clamped to the edge of the normal range.
    baseline.learn(start, windowMillis, Math.max(low, Math.min(high, count)));

    double pSurge = Stats.upperTail(z);
    double pDrop = Stats.upperTail(-z);
    return new Evaluation[] {
        new Evaluation(SURGE, surge, severity(z, relative), METRIC, count, expected, low, high, "z", z, pSurge, count),
        new Evaluation(DROP, drop, severity(-z, -relative), METRIC, count, expected, low, high, "z", -z, pDrop, count)};
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
