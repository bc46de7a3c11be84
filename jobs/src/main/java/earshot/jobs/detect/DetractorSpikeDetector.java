package earshot.jobs.detect;

import earshot.schemas.MetricSnapshot;
import earshot.schemas.Severity;

/**
 * Flags a window whose share of NPS detractors is significantly above its series' own baseline.
 * The test is a one-sided two-proportion z test of the window against the baseline, whose
 * variance includes the baseline's own uncertainty (few learned answers widen the range). An alert
 * needs at least {@code minSample} answers, a learned baseline, {@code z >= openZ} and a rise of
 * at least {@code minEffect}.
 */
public final class DetractorSpikeDetector {

  public static final String TYPE = "DETRACTOR_SPIKE";
  static final String METRIC = "detractorShare";

  private final DetectorSettings settings;

  public DetractorSpikeDetector(DetectorSettings settings) {
    this.settings = settings;
  }

  /** Judges the window, then lets the baseline learn from it. */
  public Evaluation evaluate(MetricSnapshot window, ProportionBaseline baseline) {
    long n = window.getNpsAnswers();
    long k = window.getDetractors();
    if (n < settings.minSample()) {
      return Evaluation.without(TYPE, Verdict.INSUFFICIENT, METRIC, n);
    }
    double p = (double) k / n;
    double p0 = baseline.proportion();
    double windowSpread = Math.sqrt(p0 * (1 - p0) / n);
    double se = Math.sqrt(p0 * (1 - p0) * (1.0 / n + 1.0 / Math.max(1.0, baseline.effectiveTrials())));
    double z = (p - p0) / se;
    double expectedLow = Math.max(0, p0 - settings.clearZ() * windowSpread);
    double expectedHigh = Math.min(1, p0 + settings.clearZ() * windowSpread);

    Verdict verdict;
    if (baseline.windows < settings.warmupWindows()) {
      verdict = Verdict.LEARNING;
    } else if (z >= settings.openZ() && p - p0 >= settings.minEffect()) {
      verdict = Verdict.ANOMALY;
    } else if (z < settings.clearZ()) {
      verdict = Verdict.NORMAL;
    } else {
      verdict = Verdict.ELEVATED;
    }
    Severity severity = z >= 2 * settings.openZ() || p - p0 >= 0.25 ? Severity.CRITICAL : Severity.WARNING;

    // Learn, with the window clamped to the edge of the normal range so an incident barely moves it.
    double learnedSuccesses = Math.min(k, expectedHigh * n);
    baseline.learn(learnedSuccesses, n, settings.decay());

    return new Evaluation(TYPE, verdict, severity, METRIC, p, p0, expectedLow, expectedHigh, "z", z,
        Stats.upperTail(z), n);
  }
}
