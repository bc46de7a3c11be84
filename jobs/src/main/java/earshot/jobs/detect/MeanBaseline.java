package earshot.jobs.detect;

/**
 * A learning baseline of a per-interaction quantity (such as wait time) observed as window means:
 * an exponentially weighted mean and an estimate of the per-interaction variance, recovered from
 * how far window means of n interactions stray ({@code n * (mean - baseline)^2}). It warms up,
 * restarts and adopts level shifts as a {@link RecoveringBaseline} (the sum of the values over the
 * observations), with one more condition on the warm-up: the spread is learned from the windows
 * themselves, so it needs {@link #SPREAD_WINDOWS} judgements whatever their size. A plain value
 * class (Flink POJO) kept in keyed state.
 */
public class MeanBaseline implements RecoveringBaseline {

  /**
   * Judgements a mean baseline learns from at least: its spread is estimated from how far window
   * means stray, so it needs more windows than a proportion, whose spread follows from its level.
   */
  static final int SPREAD_WINDOWS = 24;
  /** Observations a window mean of skewed values (such as waits) needs before it is near normal. */
  static final int MIN_SAMPLE = 50;

  public double mean = Double.NaN;
  public double unitVariance = Double.NaN;
  /** Weighted number of interactions behind the mean. */
  public double weight;
  public int windows;
  /** Interactions learned from since the baseline (re)started, undecayed: the evidence behind the warm-up. */
  public double seen;
  /** Judgements above the baseline in a row, towards a level shift. */
  public LevelRun run = new LevelRun();
  /**
   * The per-interaction variance when the current run began ({@code NaN}: none). Windows of a
   * lasting change, clamped to the top of the normal range, widen the learned spread; the adopted
   * level takes this one, scaled to it, rather than the widened one.
   */
  public double spreadBeforeRun = Double.NaN;
  /**
   * Evidence of a moderate rise accumulated across windows (added after the other fields: state
   * saved before it has none, see {@link #chart()}); it starts again whenever the baseline does.
   */
  public ZChart chart = new ZChart();

  public MeanBaseline() {}

  /** The chart; state saved before it existed starts with an empty one. */
  public ZChart chart() {
    if (chart == null) {
      chart = new ZChart();
    }
    return chart;
  }

  @Override
  public void forgetJudgements() {
    chart().reset();
  }

  /**
   * Enough evidence: {@code warmupWindows x} {@link #MIN_SAMPLE} observations (a mean of skewed
   * values needs a larger sample than a proportion) and {@link #SPREAD_WINDOWS} judgements to know
   * the spread, however long that takes.
   */
  @Override
  public boolean learned(DetectorSettings settings) {
    return windows >= Math.max(settings.warmupWindows(), SPREAD_WINDOWS)
        && evidenceSeen() >= (double) settings.warmupWindows() * Math.max(settings.minSample(), MIN_SAMPLE);
  }

  @Override
  public int windowsLearned() {
    return windows;
  }

  /** State saved before {@code seen} existed holds only the decayed weight, which is less: the larger. */
  @Override
  public double evidenceSeen() {
    return Math.max(seen, weight);
  }

  /** State saved before the run existed has none yet. */
  @Override
  public LevelRun levelRun() {
    if (run == null) {
      run = new LevelRun();
    }
    return run;
  }

  /**
   * The sum of the values over the observations. Waits are scale-like (a queue twice as long has
   * waits about twice as spread), so the spread follows the mean to its new level; a first level
   * (no spread yet) starts as at a first window.
   */
  @Override
  public void replaceCounts(double first, double second, double trials) {
    double newMean = first / trials;
    // Not a positive number: no run known (state saved before the field existed holds 0).
    double spread = spreadBeforeRun > 0 ? Math.min(unitVariance, spreadBeforeRun) : unitVariance;
    if (Double.isNaN(mean) || Double.isNaN(spread) || mean <= 0) {
      unitVariance = firstVariance(newMean);
    } else {
      unitVariance = Math.max(1e-6, spread * (newMean / mean) * (newMean / mean));
    }
    mean = newMean;
    weight = trials;
    spreadBeforeRun = Double.NaN;
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

  /** Coefficient of variation of one interaction's value (spread over mean). */
  double unitCv() {
    return mean > 0 ? Math.sqrt(unitVariance) / mean : 0;
  }

  /** Before any spread is known, a spread as large as the mean: wide, so early windows rarely look off. */
  private static double firstVariance(double firstMean) {
    return Math.max(1.0, firstMean * firstMean);
  }

  void learn(double windowMean, long n, double decay) {
    learn(windowMean, n, decay, true);
  }

  /**
   * Learns from a window mean of n interactions (the caller clamps an anomalous one to the top of
   * the normal range first). {@code spread} false leaves the spread alone: a window far off says
   * nothing about the noise of normal windows, and clamped windows of a change that lasts would
   * otherwise widen the spread, window after window, until the change looked normal.
   */
  void learn(double windowMean, long n, double decay, boolean spread) {
    seen += n;
    if (Double.isNaN(mean)) {
      mean = windowMean;
      unitVariance = firstVariance(windowMean);
      weight = n;
      windows = 1;
      return;
    }
    double deviation = windowMean - mean;
    double alpha = n / (weight * decay + n);
    mean += alpha * deviation;
    if (spread) {
      double windowUnitVariance = n * deviation * deviation;
      unitVariance += Math.min(0.2, alpha) * (windowUnitVariance - unitVariance);
      unitVariance = Math.max(unitVariance, 1e-6);
    }
    weight = weight * decay + n;
    windows++;
  }
}
