package earshot.jobs.detect;

import earshot.jobs.metrics.Breakdown;
import earshot.schemas.MetricSnapshot;
import earshot.schemas.Severity;
import java.util.List;

/**
 * Flags service-level drift, a known driver of dissatisfaction: mean wait time well above the
 * series' baseline (at least {@link #MIN_WAIT_RATIO} times, by a z test of the window mean; only on
 * series of one channel, where waits are comparable) or a
 * transfer rate well above its baseline (a proportion z test). The metric that deviates most is
 * the one reported.
 *
 * <p>Both baselines recover as the detractor share's does ({@link RecoveringBaseline}): they warm
 * up by evidence, a window they cannot explain at all while warming up replaces them (stray or
 * backfilled records), and a rise that lasts ({@link LevelRun}) becomes the new normal, reported
 * once as {@link Verdict#LEVEL_SHIFT}. A sparse series' windows are pooled ({@link ServicePool})
 * until they hold enough waits or transfers to be judged. A rise too small for one window that
 * lasts alerts through each baseline's {@link ZChart}, while the window is still at least half the
 * minimum rise above the baseline ({@link #MIN_WAIT_RATIO} for waits, the minimum effect for
 * transfers).
 */
public final class ServiceLevelDetector implements SeriesDetector<ServiceLevelState> {

  public static final String TYPE = "SERVICE_LEVEL";
  static final double MIN_WAIT_RATIO = 1.3;
  static final int WAIT_MIN_SAMPLE = MeanBaseline.MIN_SAMPLE;
  /** Largest coefficient of variation of one wait the skew correction assumes (a spread twice the mean). */
  static final double MAX_CV = 2.0;
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

  /**
   * What to judge of a series' window: the window itself, or the series' sparse windows pooled
   * until they hold enough ({@link #enough}), with their counts per slice.
   */
  @Override
  public EvidencePool.Judged pool(MetricSnapshot window, Breakdown slices, ServiceLevelState state) {
    return state.pool().offer(window, slices, this::enough);
  }

  /**
   * Whether waits and transfers are enough to judge: on a series of one channel, the waits a mean
   * needs ({@link #WAIT_MIN_SAMPLE}) or as many transfers; elsewhere (waits not judged) the
   * minimum sample of transfers.
   */
  boolean enough(MetricSnapshot window, long waits, long transfers) {
    if (judgesWaits(window)) {
      return Math.max(waits, transfers) >= waitMinSample();
    }
    return transfers >= settings.minSample();
  }

  /**
   * Waits are only comparable within a channel (minutes on the phone, hours for an e-mail): a
   * series mixing channels would see its mean swing with the channel mix.
   */
  private static boolean judgesWaits(MetricSnapshot window) {
    return window.getDimensions().containsKey("channel");
  }

  private int waitMinSample() {
    return Math.max(settings.minSample(), WAIT_MIN_SAMPLE);
  }

  public Evaluation evaluate(MetricSnapshot window, ServiceLevelState state) {
    Evaluation wait = judgesWaits(window)
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
    if (n < waitMinSample() || mean == null) {
      return Evaluation.without(TYPE, Verdict.INSUFFICIENT, WAIT_METRIC, n);
    }
    if (Double.isNaN(baseline.mean)) {
      baseline.learn(mean, n, settings.decay());
      return Evaluation.without(TYPE, Verdict.LEARNING, WAIT_METRIC, n);
    }
    double expected = baseline.mean;
    double z = skewCorrected((mean - expected) / baseline.standardError(n), baseline.unitCv(), n);
    double spread = Math.sqrt(baseline.unitVariance / n);
    double low = Math.max(0, expected - settings.clearZ() * spread);
    double high = expected + settings.clearZ() * spread;
    boolean learned = baseline.learned(settings);
    Verdict verdict = !learned ? Verdict.LEARNING : settings.judge(z, mean >= MIN_WAIT_RATIO * expected);
    Severity severity = z >= 2 * settings.openZ() || mean >= 2 * expected ? Severity.CRITICAL : Severity.WARNING;
    double observed = mean;
    if (baseline.levelRun().judgements == 0) {
      // A run may start here: its new level will keep the spread known before it.
      baseline.spreadBeforeRun = baseline.unitVariance;
    }
    if (baseline.restartIfUnexplained(z, settings, mean * n, 0, n)) {
      // Warming up: waits the baseline cannot explain at all (stray or backfilled records) replaced it.
    } else if (baseline.adoptIfLasting(z, settings, window.getWindowStart().toEpochMilli(),
        window.getWindowEnd().toEpochMilli(), mean * n, 0, n)) {
      // Longer for the whole bounded time: the new normal, reported once.
      observed = baseline.mean;
      verdict = Verdict.LEVEL_SHIFT;
    } else {
      // A moderate rise that lasts: evidence across windows, alerting while this window is still well off.
      boolean charted = learned && baseline.chart().add(z) && verdict != Verdict.ANOMALY
          && mean >= (1 + MIN_WAIT_RATIO) / 2 * expected;
      // A window far off (an incident) moves the mean only to the top of the normal range, and not the spread.
      baseline.learn(Math.min(mean, high), n, settings.decay(), z < settings.openZ());
      if (charted) {
        return Evaluation.charted(TYPE, severity, WAIT_METRIC, observed, expected, low, high, baseline.chart(), n);
      }
    }
    return new Evaluation(TYPE, verdict, severity, WAIT_METRIC, observed, expected, low, high, "z", z,
        Stats.upperTail(z), n);
  }

  /**
   * The normal score of a window mean {@code d} standard errors above its baseline, corrected for
   * the skew of waits (Cornish-Fisher, inverted): a mean of n skewed values is itself skewed, by
   * gamma / sqrt(n), so a long-tailed window lies further out than a normal one would, and a plain z
   * of 4 is about four times as likely as a normal's. One wait's skewness gamma is taken as a
   * log-normal's of the baseline's coefficient of variation c, {@code c^3 + 3c}: waits are
   * positive, long-tailed and scale-like, and the log-normal's tail is heavier than an exponential's
   * or a gamma's of the same c, so the correction errs towards fewer alerts.
   */
  static double skewCorrected(double d, double cv, long n) {
    double c = Math.min(cv, MAX_CV);
    double a = (c * c * c + 3 * c) / Math.sqrt(n) / 6;
    if (!(a > 1e-9)) {
      return d;
    }
    // d = z + a (z^2 - 1), solved for z on the branch where d grows with z.
    double discriminant = 1 + 4 * a * (d + a);
    return discriminant < 0 ? d : (Math.sqrt(discriminant) - 1) / (2 * a);
  }

  private Evaluation evaluateTransfers(MetricSnapshot window, ProportionBaseline baseline) {
    long transferred = window.getTransferredInteractions();
    long n = window.getTransferCount();
    if (n < settings.minSample()) {
      return Evaluation.without(TYPE, Verdict.INSUFFICIENT, TRANSFER_METRIC, n);
    }
    ProportionTest test = ProportionTest.of(transferred, n, baseline, settings.clearZ());
    boolean learned = baseline.learned(settings);
    Verdict verdict = !learned ? Verdict.LEARNING
        : settings.judge(test.z(), test.observed() - test.expected() >= settings.minEffect());
    Severity severity = test.z() >= 2 * settings.openZ() ? Severity.CRITICAL : Severity.WARNING;
    double observed = test.observed();
    if (baseline.restartIfUnexplained(test.z(), settings, transferred, 0, n)) {
      // Warming up: a window the baseline cannot explain at all replaced it.
    } else if (baseline.adoptIfLasting(test.z(), settings, window.getWindowStart().toEpochMilli(),
        window.getWindowEnd().toEpochMilli(), transferred, 0, n)) {
      // More transfers for the whole bounded time: the new normal, reported once.
      observed = baseline.successes / baseline.trials;
      verdict = Verdict.LEVEL_SHIFT;
    } else {
      boolean charted = learned && baseline.chart.add(test.z()) && verdict != Verdict.ANOMALY
          && test.observed() - test.expected() >= settings.minEffect() / 2;
      test.learn(transferred, n, baseline, settings.decay());
      if (charted) {
        return Evaluation.charted(TYPE, severity, TRANSFER_METRIC, observed, test.expected(), test.expectedLow(), test.expectedHigh(),
            baseline.chart, n);
      }
    }
    return new Evaluation(TYPE, verdict, severity, TRANSFER_METRIC, observed, test.expected(), test.expectedLow(),
        test.expectedHigh(), "z", test.z(), Stats.upperTail(test.z()), n);
  }
}
