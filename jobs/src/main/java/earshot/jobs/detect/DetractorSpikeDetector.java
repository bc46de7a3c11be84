package earshot.jobs.detect;

import earshot.schemas.MetricSnapshot;

/**
 * Flags a window whose share of NPS detractors is significantly above its series' own baseline:
 * a one-sided z test of the window's proportion against the learned proportion
 * ({@link ProportionTest}). An alert needs at least {@code minSample} answers, a learned baseline,
 * {@code z >= openZ} and a rise of at least {@code minEffect}; a rise too small for one window that
 * lasts alerts through the baseline's {@link ZChart} (while the window is at least half the minimum
 * rise above the baseline).
 */
public final class DetractorSpikeDetector extends OneTypeDetector<ProportionBaseline> {

  public static final String TYPE = "DETRACTOR_SPIKE";
  static final String METRIC = "detractorShare";

  public DetractorSpikeDetector(DetectorSettings settings) {
    super(settings, TYPE, METRIC, EvidencePool.Evidence.ANSWERS);
  }

  @Override
  protected long sampleSize(MetricSnapshot window) {
    return window.getNpsAnswers();
  }

  /**
   * Judges the window, then lets the baseline learn from it. While the baseline warms up (by
   * evidence: {@link ProportionBaseline#learned}) a window it cannot explain at all restarts it, so
   * stray or backfilled answers before the steady stream do not set the normal; a rise that lasts
   * ({@link LevelRun}) becomes the new baseline and is reported as {@link Verdict#LEVEL_SHIFT}.
   */
  @Override
  protected Evaluation judgeSample(MetricSnapshot window, ProportionBaseline baseline, long n) {
    long k = window.getDetractors();
    ProportionTest test = ProportionTest.of(k, n, baseline, settings.clearZ());
    boolean learned = baseline.learned(settings);
    double rise = test.observed() - test.expected();
    Verdict verdict = !learned ? Verdict.LEARNING : settings.judge(test.z(), rise >= settings.minEffect());
    double observed = test.observed();
    boolean charted = false;
    if (baseline.restartIfUnexplained(test.z(), settings, k, 0, n)) {
      // Warming up: the window replaced a baseline that could not explain it.
    } else if (baseline.adoptIfLasting(test.z(), settings, window.getWindowStart().toEpochMilli(),
        window.getWindowEnd().toEpochMilli(), k, 0, n)) {
      // The adopted level is the run's: report it once.
      observed = baseline.successes / baseline.trials;
      verdict = Verdict.LEVEL_SHIFT;
    } else {
      // A moderate rise that lasts: evidence across windows, alerting while this window is still well off.
      charted = learned && baseline.chart.add(test.z()) && verdict != Verdict.ANOMALY
          && rise >= settings.minEffect() / 2;
      test.learn(k, n, baseline, settings.decay());
    }
    boolean critical = test.z() >= 2 * settings.openZ() || rise >= 0.25;
    if (charted) {
      return chartEvaluation(severity(critical), observed, test.expected(), test.expectedLow(), test.expectedHigh(),
          baseline.chart, n);
    }
    return zEvaluation(verdict, severity(critical), observed, test.expected(), test.expectedLow(), test.expectedHigh(),
        test.z(), n);
  }
}
