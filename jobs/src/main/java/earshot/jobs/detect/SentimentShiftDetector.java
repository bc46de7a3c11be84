package earshot.jobs.detect;

import earshot.schemas.MetricSnapshot;
import earshot.schemas.Severity;
import java.util.List;

/**
 * Finds small, persistent rises of the share of negative texts with a one-sided CUSUM chart:
 * each window's negative share is standardised against the learned baseline (z), and
 * {@code S = max(0, S + z - k)} accumulates evidence that no single window would show. The chart
 * alarms when S reaches {@code h}; with k = 0.5 and h = 8 a stable series raises a false alarm about
 * once in 19,000 windows (Siegmund's approximation), while a sustained shift of 2 standard errors
 * is found in about 5 windows and one of 4 in about 2.
 */
public final class SentimentShiftDetector implements SeriesDetector<CusumState> {

  public static final String TYPE = "NEGATIVE_SENTIMENT_SHIFT";
  static final String METRIC = "negativeShare";
  static final double K = 0.5;
  static final double H = 8.0;
  /** One wild window must not carry the chart alone. */
  static final double MAX_STEP = 6.0;

  private final DetectorSettings settings;

  public SentimentShiftDetector(DetectorSettings settings) {
    this.settings = settings;
  }

  @Override
  public List<String> types() {
    return List.of(TYPE);
  }

  @Override
  public List<String> metrics() {
    return List.of(METRIC);
  }

  @Override
  public EvidencePool.Evidence pooled() {
    return EvidencePool.Evidence.TEXTS;
  }

  @Override
  public List<Evaluation> judge(MetricSnapshot window, CusumState state) {
    return List.of(evaluate(window, state));
  }

  public Evaluation evaluate(MetricSnapshot window, CusumState state) {
    long n = window.getSentimentCount();
    long k = window.getNegativeCount();
    if (n < settings.minSample()) {
      return Evaluation.without(TYPE, Verdict.INSUFFICIENT, METRIC, n);
    }
    ProportionTest test = ProportionTest.of(k, n, state.baseline, settings.clearZ());
    boolean learning = !state.baseline.learned(settings);
    if (state.baseline.restartIfUnexplained(test.z(), settings, k, 0, n)) {
      // Warming up: a window the baseline cannot explain at all replaced it (stray early records).
      return new Evaluation(TYPE, Verdict.LEARNING, Severity.INFO, METRIC, test.observed(), test.expected(),
          test.expectedLow(), test.expectedHigh(), "cusum", 0, 1, n);
    }
    double z = Math.max(-MAX_STEP, Math.min(MAX_STEP, test.z()));
    if (!learning) {
      state.sum = Math.max(0, state.sum + z - K);
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
    Severity severity = state.sum >= 2 * H || test.observed() - test.expected() >= 0.2 ? Severity.CRITICAL : Severity.WARNING;
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
    return new Evaluation(TYPE, verdict, severity, METRIC, observed, test.expected(), test.expectedLow(),
        test.expectedHigh(), "cusum", statistic, Stats.upperTail(runStatistic), n);
  }
}
