package earshot.jobs.detect;

import earshot.schemas.MetricSnapshot;
import earshot.schemas.Severity;
import java.util.List;

/**
 * A {@link SeriesDetector} that raises one alert type on one metric: the part every such detector
 * shares. It declares its type, metric and pooled evidence once, returns one evaluation per window, and
 * leaves a window with fewer than {@code minSample} observations unjudged ({@link Verdict#INSUFFICIENT})
 * without touching the state; a subclass judges the windows that hold enough.
 *
 * @param <S> the state the detector keeps per series and window length
 */
public abstract class OneTypeDetector<S> implements SeriesDetector<S> {

  protected final DetectorSettings settings;
  private final String type;
  private final String metric;
  private final EvidencePool.Evidence pooled;

  /**
   * @param type the alert type it raises
   * @param metric the metric its evaluations judge
   * @param pooled the evidence a sparse series pools before it is judged; null to judge every window as it is
   */
  protected OneTypeDetector(DetectorSettings settings, String type, String metric, EvidencePool.Evidence pooled) {
    this.settings = settings;
    this.type = type;
    this.metric = metric;
    this.pooled = pooled;
  }

  @Override
  public final List<String> types() {
    return List.of(type);
  }

  @Override
  public final List<String> metrics() {
    return List.of(metric);
  }

  @Override
  public final EvidencePool.Evidence pooled() {
    return pooled;
  }

  @Override
  public final List<Evaluation> judge(MetricSnapshot window, S state) {
    return List.of(evaluate(window, state));
  }

  /** Judges the window, then lets the state learn from it; a window too small is left out of both. */
  public final Evaluation evaluate(MetricSnapshot window, S state) {
    long n = sampleSize(window);
    if (n < settings.minSample()) {
      return Evaluation.without(type, Verdict.INSUFFICIENT, metric, n);
    }
    return judgeSample(window, state, n);
  }

  /** The observations of the window the metric is computed on. */
  protected abstract long sampleSize(MetricSnapshot window);

  /** Judges a window of {@code n >= minSample} observations, then lets the state learn from it. */
  protected abstract Evaluation judgeSample(MetricSnapshot window, S state, long n);

  /** An evaluation of this detector's type and metric. */
  protected final Evaluation evaluation(Verdict verdict, Severity severity, double observed, double expected,
      double low, double high, String statisticName, double statistic, double pValue, long n) {
    return new Evaluation(type, verdict, severity, metric, observed, expected, low, high, statisticName, statistic,
        pValue, n);
  }

  /** The one-sided z test's evaluation, as the share and NPS detectors report it. */
  protected final Evaluation zEvaluation(Verdict verdict, Severity severity, double observed, double expected,
      double low, double high, double z, long n) {
    return evaluation(verdict, severity, observed, expected, low, high, "z", z, Stats.upperTail(z), n);
  }

  /** The ANOMALY a {@link ZChart} raised: its sum, and its chance of alarming on a stable window. */
  protected final Evaluation chartEvaluation(Severity severity, double observed, double expected, double low,
      double high, ZChart chart, long n) {
    return Evaluation.charted(type, severity, metric, observed, expected, low, high, chart, n);
  }

  /** CRITICAL when the change is severe, otherwise WARNING. */
  protected static Severity severity(boolean critical) {
    return critical ? Severity.CRITICAL : Severity.WARNING;
  }
}
