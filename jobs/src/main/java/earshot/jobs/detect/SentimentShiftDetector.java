package earshot.jobs.detect;

import earshot.schemas.MetricSnapshot;
import earshot.schemas.Severity;

/**
 * Finds small, persistent rises of the share of negative texts with a one-sided CUSUM chart:
 * each window's negative share is standardised against the learned baseline (z), and
 * {@code S = max(0, S + z - k)} accumulates evidence that no single window would show. The chart
 * alarms when S reaches {@code h}; with k = 0.5 and h = 8 a stable series raises a false alarm about
 * once in 19,000 windows (Siegmund's approximation), while a sustained shift of 2 standard errors
 * is found in about 5 windows and one of 4 in about 2. The sum stops at h, as a {@link ZChart}'s does,
 * so once the share is back at the baseline the alert clears within an hour's worth of windows
 * rather than after as many windows as it took to climb.
 */
public final class SentimentShiftDetector extends OneTypeDetector<CusumState> {

  public static final String TYPE = "NEGATIVE_SENTIMENT_SHIFT";
  static final String METRIC = "negativeShare";
  static final double K = ZChart.K;
  static final double H = ZChart.H;
  /** One wild window must not carry the chart alone. */
  static final double MAX_STEP = 6.0;

  public SentimentShiftDetector(DetectorSettings settings) {
    super(settings, TYPE, METRIC, EvidencePool.Evidence.TEXTS);
  }

  @Override
  protected long sampleSize(MetricSnapshot window) {
    return window.getSentimentCount();
  }

  @Override
  protected Evaluation judgeSample(MetricSnapshot window, CusumState state, long n) {
    long k = window.getNegativeCount();
    ProportionTest test = ProportionTest.of(k, n, state.baseline, settings.clearZ());
    boolean learning = !state.baseline.learned(settings);
    if (state.baseline.restartIfUnexplained(test.z(), settings, k, 0, n)) {
      // Warming up: a window the baseline cannot explain at all replaced it (stray early records).
      return evaluation(Verdict.LEARNING, Severity.INFO, test.observed(), test.expected(), test.expectedLow(),
          test.expectedHigh(), "cusum", 0, 1, n);
    }
    double z = Math.max(-MAX_STEP, Math.min(MAX_STEP, test.z()));
    if (!learning) {
      // Capped at H: evidence beyond the alarm would keep the chart alarming long after the shift ends.
      state.sum = ZChart.next(state.sum, z);
      if (state.sum > 0) {
        state.runLength++;
        state.runZ += z;
      } else {
        state.runLength = 0;
        state.runZ = 0;
      }
    }
    Verdict verdict;
    if (learning) {
      verdict = Verdict.LEARNING;
    } else if (state.sum >= H && test.observed() - test.expected() >= settings.minEffect() / 2) {
      verdict = Verdict.ANOMALY;
    } else if (state.sum < H / 4) {
      verdict = Verdict.NORMAL;
    } else {
      verdict = Verdict.ELEVATED;
    }
    double runStatistic = state.runLength == 0 ? 0 : state.runZ / Math.sqrt(state.runLength);
    Severity severity = severity(test.z() >= 2 * settings.openZ() || test.observed() - test.expected() >= 0.2);
    double statistic = state.sum;
    double observed = test.observed();
    if (state.baseline.adoptIfLasting(test.z(), settings, window.getWindowStart().toEpochMilli(),
        window.getWindowEnd().toEpochMilli(), k, 0, n)) {
      // Higher for the whole bounded time: the new normal. The chart starts again from it.
      observed = state.baseline.successes / state.baseline.trials;
      state.sum = 0;
      state.runLength = 0;
      state.runZ = 0;
      verdict = Verdict.LEVEL_SHIFT;
    } else if (verdict == Verdict.ANOMALY || verdict == Verdict.ELEVATED) {
      test.learn(k, n, state.baseline, settings.decay());
    } else {
      state.baseline.learn(k, n, settings.decay());
    }
    return evaluation(verdict, severity, observed, test.expected(), test.expectedLow(), test.expectedHigh(), "cusum",
        statistic, Stats.upperTail(runStatistic), n);
  }
}
