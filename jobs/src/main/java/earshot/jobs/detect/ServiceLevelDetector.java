package earshot.jobs.detect;

import earshot.schemas.MetricSnapshot;
import earshot.schemas.Severity;
import java.util.List;

/**
 * Flags service-level drift, a known driver of dissatisfaction: mean wait time well above the
 * series' baseline (at least {@link #MIN_WAIT_RATIO} times, by a z test of the window mean; only on
 * series of one channel, where waits are comparable) or a
 * transfer rate well above its baseline (a proportion z test). The metric that deviates most is
 * the one reported.
 */
public final class ServiceLevelDetector implements SeriesDetector<ServiceLevelState> {

  public static final String TYPE = "SERVICE_LEVEL";
  static final double MIN_WAIT_RATIO = 1.3;
  static final int WAIT_WARMUP_WINDOWS = 24;
  static final int WAIT_MIN_SAMPLE = 50;
  static final String WAIT_METRIC = "waitMeanSeconds";
  static final String TRANSFER_METRIC = "transferRate";

  private final DetectorSettings settings;

  public ServiceLevelDetector(DetectorSettings settings) {
    this.settings = settings;
  }

  @Override
  public List<String> types() {
    return List.of(TYPE);
  }

  /** The one of the two that deviates most is reported. */
  @Override
  public List<String> metrics() {
    return List.of(WAIT_METRIC, TRANSFER_METRIC);
  }

  @Override
  public List<Evaluation> judge(MetricSnapshot window, ServiceLevelState state) {
    return List.of(evaluate(window, state));
  }

  public Evaluation evaluate(MetricSnapshot window, ServiceLevelState state) {
    // Waits are only comparable within a channel (minutes on the phone, hours for an e-mail): a
    // series mixing channels would see its mean swing with the channel mix.
    Evaluation wait = window.getDimensions().containsKey("channel")
        ? evaluateWait(window, state.wait)
        : Evaluation.without(TYPE, Verdict.INSUFFICIENT, WAIT_METRIC, window.getWaitCount());
    Evaluation transfers = evaluateTransfers(window, state.transfers);
    return rank(wait) >= rank(transfers) ? wait : transfers;
  }

  /** Orders evaluations by how alarming they are, then by statistic. */
  private static double rank(Evaluation e) {
    return e.verdict().ordinal() * 1000 + (Double.isFinite(e.statistic()) ? e.statistic() : 0);
  }

  private Evaluation evaluateWait(MetricSnapshot window, MeanBaseline baseline) {
    long n = window.getWaitCount();
    Double mean = window.getWaitMeanSeconds();
    // Waits are skewed (a few very long ones): their mean is near normal only over larger samples.
    if (n < Math.max(settings.minSample(), WAIT_MIN_SAMPLE) || mean == null) {
      return Evaluation.without(TYPE, Verdict.INSUFFICIENT, WAIT_METRIC, n);
    }
    if (Double.isNaN(baseline.mean)) {
      baseline.learn(mean, n, settings.decay());
      return Evaluation.without(TYPE, Verdict.LEARNING, WAIT_METRIC, n);
    }
    double se = baseline.standardError(n);
    double z = (mean - baseline.mean) / se;
    double spread = Math.sqrt(baseline.unitVariance / n);
    double low = Math.max(0, baseline.mean - settings.clearZ() * spread);
    double high = baseline.mean + settings.clearZ() * spread;
    // The spread of waits is learned from the windows themselves, so it needs more of them.
    Verdict verdict = baseline.windows < Math.max(settings.warmupWindows(), WAIT_WARMUP_WINDOWS) ? Verdict.LEARNING
        : settings.judge(z, mean >= MIN_WAIT_RATIO * baseline.mean);
    Severity severity = z >= 2 * settings.openZ() || mean >= 2 * baseline.mean ? Severity.CRITICAL : Severity.WARNING;
    Evaluation evaluation = new Evaluation(TYPE, verdict, severity, WAIT_METRIC, mean, baseline.mean, low, high,
        "z", z, Stats.upperTail(z), n);
    baseline.learn(Math.min(mean, high), n, settings.decay());
    return evaluation;
  }

  private Evaluation evaluateTransfers(MetricSnapshot window, ProportionBaseline baseline) {
    long transferred = window.getTransferredInteractions();
    long n = window.getTransferCount();
    if (n < settings.minSample()) {
      return Evaluation.without(TYPE, Verdict.INSUFFICIENT, TRANSFER_METRIC, n);
    }
    ProportionTest test = ProportionTest.of(transferred, n, baseline, settings.clearZ());
    Verdict verdict = baseline.windows < settings.warmupWindows() ? Verdict.LEARNING
        : settings.judge(test.z(), test.observed() - test.expected() >= settings.minEffect());
    Severity severity = test.z() >= 2 * settings.openZ() ? Severity.CRITICAL : Severity.WARNING;
    test.learn(transferred, n, baseline, settings.decay());
    return new Evaluation(TYPE, verdict, severity, TRANSFER_METRIC, test.observed(), test.expected(), test.expectedLow(),
        test.expectedHigh(), "z", test.z(), Stats.upperTail(test.z()), n);
  }
}
