package earshot.jobs.detect;

import earshot.schemas.MetricSnapshot;
import earshot.schemas.Severity;

/**
 * Flags a window whose share of NPS detractors is significantly above its series' own baseline:
 * a one-sided z test of the window's proportion against the learned proportion
 * ({@link ProportionTest}). An alert needs at least {@code minSample} answers, a learned baseline,
 * {@code z >= openZ} and a rise of at least {@code minEffect}.
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
    ProportionTest test = ProportionTest.of(k, n, baseline, settings.clearZ());
    Verdict verdict = baseline.windows < settings.warmupWindows() ? Verdict.LEARNING
        : settings.judge(test.z(), test.observed() - test.expected() >= settings.minEffect());
    Severity severity = test.z() >= 2 * settings.openZ() || test.observed() - test.expected() >= 0.25
        ? Severity.CRITICAL : Severity.WARNING;
    test.learn(k, n, baseline, settings.decay());
    return new Evaluation(TYPE, verdict, severity, METRIC, test.observed(), test.expected(), test.expectedLow(),
        test.expectedHigh(), "z", test.z(), Stats.upperTail(test.z()), n);
  }
}
