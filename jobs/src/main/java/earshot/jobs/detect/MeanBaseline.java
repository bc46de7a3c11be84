package earshot.jobs.detect;

/**
 * A learning baseline of a per-interaction quantity (such as wait time) observed as window means:
 * an exponentially weighted mean and an estimate of the per-interaction variance, recovered from
 * how far window means of n interactions stray ({@code n * (mean - baseline)^2}). It warms up,
 * restarts and adopts level shifts as a {@link RecoveringBaseline} (the sum of the values over
 * the observations). A plain value class (Flink POJO) kept in keyed state.
 */
public class MeanBaseline implements RecoveringBaseline {

  /**
   * Windows a mean baseline learns from at least: the spread is estimated from how far the window
   * means stray, so it needs more windows than a proportion, whose spread follows from its level.
   */
  static final int SPREAD_WINDOWS = 24;

  public double mean = Double.NaN;
  public double unitVariance = Double.NaN;
  /** Weighted number of interactions behind the mean. */
  public double weight;
  public int windows;
  /** Interactions ever learned from, undecayed: the evidence behind the warm-up. */
  public double seen;
  /** Judgements above the baseline in a row, towards a level shift. */
  public LevelRun run = new LevelRun();

  public MeanBaseline() {}

  /** Enough evidence ({@link RecoveringBaseline#learned}) and enough windows to know the spread. */
  @Override
  public boolean learned(DetectorSettings settings) {
    return RecoveringBaseline.super.learned(settings) && windows >= Math.max(settings.warmupWindows(), SPREAD_WINDOWS);
  }

  @Override
  public int windowsLearned() {
    return windows;
  }

  @Override
  public double evidenceSeen() {
    return seen;
  }

  @Override
  public LevelRun levelRun() {
    return run;
  }

  /**
   * The sum of the values over the observations. Waits are scale-like (a queue twice as long has
   * waits twice as spread), so the spread per interaction follows the mean to its new level; a
   * first level (no spread yet) starts as at the first window.
   */
  @Override
  public void replaceCounts(double first, double second, double trials) {
    double newMean = first / trials;
    if (Double.isNaN(mean) || Double.isNaN(unitVariance) || mean <= 0) {
      unitVariance = Math.max(1.0, newMean * newMean);
    } else {
      unitVariance = Math.max(1e-6, unitVariance * (newMean / mean) * (newMean / mean));
    }
    mean = newMean;
    weight = trials;
  }

  @Override
  public void replaceEvidence(int windows, double seen) {
    this.windows = windows;
    this.seen = seen;
  }

  /** Standard error of a window mean over n interactions against this baseline. */
  double standardError(long n) {
    return Math.sqrt(unitVariance * (1.0 / n + 1.0 / Math.max(1.0, weight)));
  }

  void learn(double windowMean, long n, double decay) {
    seen += n;
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
