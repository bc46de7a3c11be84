package earshot.jobs.detect;

/**
 * A learning baseline of a per-interaction quantity (such as wait time) observed as window means:
 * an exponentially weighted mean and an estimate of the per-interaction variance, recovered from
 * how far window means of n interactions stray ({@code n * (mean - baseline)^2}). A plain value
 * class (Flink POJO) kept in keyed state.
 */
public class MeanBaseline {

  public double mean = Double.NaN;
  public double unitVariance = Double.NaN;
  /** Weighted number of interactions behind the mean. */
  public double weight;
  public int windows;

  public MeanBaseline() {}

  /** Standard error of a window mean over n interactions against this baseline. */
  double standardError(long n) {
    return Math.sqrt(unitVariance * (1.0 / n + 1.0 / Math.max(1.0, weight)));
  }

  void learn(double windowMean, long n, double decay) {
    if (Double.isNaN(mean)) {
      mean = windowMean;
      unitVariance = Math.max(1.0, windowMean * windowMean);
      weight = n;
      windows = 1;
      return;
    }
    double deviation = windowMean - mean;
    double alpha = n / (weight * decay + n);
    mean += alpha * deviation;
    double windowUnitVariance = n * deviation * deviation;
    unitVariance += Math.min(0.2, alpha) * (windowUnitVariance - unitVariance);
    unitVariance = Math.max(unitVariance, 1e-6);
    weight = weight * decay + n;
    windows++;
  }
}
