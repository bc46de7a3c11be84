package earshot.jobs.detect;

import earshot.jobs.detect.slices.NpsTail;
import earshot.schemas.MetricSnapshot;

/**
 * Flags a window whose NPS fell significantly below the series' baseline NPS. The test is
 * interval-aware: how unlikely the window's NPS is under the baseline's mix of promoters, passives and
 * detractors, that mix itself uncertain as learned from the baseline's weighted answers
 * (Dirichlet-multinomial, exact up to a few hundred answers), reported as the normal score with the
 * same tail; so a 20-point drop on 15 answers stays quiet while the same drop on 300 answers alerts. An alert also needs a
 * drop of at least {@link #MIN_DROP_POINTS}. A drop too small for one window that lasts alerts
 * through the baseline's {@link ZChart} (while the window is at least half that drop below the
 * baseline).
 */
public final class NpsDropDetector extends OneTypeDetector<NpsBaseline> {

  public static final String TYPE = "NPS_DROP";
  static final String METRIC = "nps";
  static final double MIN_DROP_POINTS = 10;

  public NpsDropDetector(DetectorSettings settings) {
    super(settings, TYPE, METRIC, EvidencePool.Evidence.ANSWERS);
  }

  @Override
  protected long sampleSize(MetricSnapshot window) {
    return window.getNpsAnswers();
  }

  @Override
  protected Evaluation judgeSample(MetricSnapshot window, NpsBaseline baseline, long n) {
    double observed = 100.0 * (window.getPromoters() - window.getDetractors()) / n;
    double expected = baseline.nps();
    double variance = baseline.scoreVariance();
    double spread = 100.0 * Math.sqrt(variance / n);
    // Judged on the exact tail: on a few dozen answers a normal approximation understates how often a
    // window falls this low by chance, and alerted on noise (NpsDropDetectorTest: 9 stable windows of
    // 22 answers in 200,000 against 3 by the exact tail, where the bar promises 6).
    double[] scores = exactScores(window, baseline, n);
    double drop = expected - observed;
    double z = drop >= 0 ? scores[0] : -scores[1];
    boolean learned = baseline.learned(settings);
    Verdict verdict = !learned ? Verdict.LEARNING : settings.judge(z, drop >= MIN_DROP_POINTS);
    double low = Math.max(-100, expected - settings.clearZ() * spread);
    double high = Math.min(100, expected + settings.clearZ() * spread);

    boolean charted = false;
    if (baseline.restartIfUnexplained(z, settings, window.getPromoters(), window.getDetractors(), n)) {
      // Warming up: a window the baseline cannot explain at all (stray or backfilled answers before
      // the steady stream) replaced it rather than being averaged in.
    } else if (baseline.adoptIfLasting(z, settings, window.getWindowStart().toEpochMilli(),
        window.getWindowEnd().toEpochMilli(), window.getPromoters(), window.getDetractors(), n)) {
      // Lower for the whole bounded time: the new normal. Reported once, as a level shift.
      observed = 100.0 * (baseline.promoters - baseline.detractors) / baseline.answers;
      verdict = Verdict.LEVEL_SHIFT;
    } else if (chartAndLearn(window, baseline, n, learned ? scores[2] : 0, observed, low, learned)) {
      // A moderate drop that lasts: evidence across windows, alerting while this window is still well off.
      charted = verdict != Verdict.ANOMALY && drop >= MIN_DROP_POINTS / 2;
    }
    boolean critical = z >= 2 * settings.openZ() || drop >= 30;
    if (charted) {
      return chartEvaluation(severity(critical), observed, expected, low, high, baseline.chart, n);
    }
    return zEvaluation(verdict, severity(critical), observed, expected, low, high, z, n);
  }

  /**
   * The window's NPS against the baseline's mix (Dirichlet-multinomial, {@link NpsTail#scores}): the normal
   * scores of its drop and rise tails, and the mid-p score of the drop. The chart adds the mid-p scores window
   * after window, and on a few dozen answers a normal approximation's scores are skewed enough to add up to
   * false alarms; beyond {@link NpsTail#EXACT_LIMIT} answers the two agree.
   */
  static double[] exactScores(MetricSnapshot window, NpsBaseline baseline, long n) {
    double aP = baseline.promoters + 1;
    double aD = baseline.detractors + 1;
    double aO = Math.max(0, baseline.answers - baseline.promoters - baseline.detractors) + 1;
    return NpsTail.scores(window.getPromoters(), window.getDetractors(), n, aP, aO, aD);
  }

  /** Adds the window to the chart (once learned), then lets the baseline learn from it; returns whether the chart alarms. */
  private boolean chartAndLearn(MetricSnapshot window, NpsBaseline baseline, long n, double z, double observed,
      double low, boolean learned) {
    boolean alarm = learned && baseline.chart.add(z);
    if (observed < low) {
      // Learn; an anomalous window counts as if it sat at the bottom of the normal range.
      double scale = (low - observed) / 100.0 / 2.0;
      baseline.learn(Math.max(0, window.getPromoters() + scale * n), Math.max(0, window.getDetractors() - scale * n),
          n, settings.decay());
    } else {
      baseline.learn(window.getPromoters(), window.getDetractors(), n, settings.decay());
    }
    return alarm;
  }
}
