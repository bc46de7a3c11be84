package earshot.jobs.detect;

/**
 * A learning baseline of a proportion (such as the share of detractors): exponentially weighted
 * counts of successes and trials, so recent windows weigh more and the estimate carries its own
 * sample size. It warms up, restarts and adopts level shifts as a {@link RecoveringBaseline}
 * (successes of trials). A plain value class (Flink POJO) kept in keyed state.
 */
public class ProportionBaseline implements RecoveringBaseline {

  public double successes;
  public double trials;
  public int windows;
  /** Trials ever learned from, undecayed: the evidence behind the warm-up. */
  public double seen;
  /** Judgements off the baseline in a row, towards a level shift. */
  public LevelRun run = new LevelRun();
  /**
   * Evidence of a moderate change accumulated across windows, for the detectors that chart this
   * baseline (detractor share, NPS); it starts again whenever the baseline does.
   */
  public ZChart chart = new ZChart();

  public ProportionBaseline() {}

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

  @Override
  public void forgetJudgements() {
    chart.reset();
  }

  /** Successes of trials; a proportion has no second count. */
  @Override
  public void replaceCounts(double first, double second, double trials) {
    this.successes = first;
    this.trials = trials;
  }

  @Override
  public void replaceEvidence(int windows, double seen) {
    this.windows = windows;
    this.seen = seen;
  }

  /** Estimated proportion, with add-one smoothing so it is never exactly 0 or 1. */
  public double proportion() {
    return (successes + 1.0) / (trials + 2.0);
  }

  /** Weighted number of trials behind the estimate. */
  public double effectiveTrials() {
    return trials;
  }

  /**
   * Learns from a window. The caller clamps an anomalous window's successes to the edge of the
   * normal range first, so an incident shifts the baseline only slowly.
   */
  public void learn(double windowSuccesses, double windowTrials, double decay) {
    successes = successes * decay + windowSuccesses;
    trials = trials * decay + windowTrials;
    seen += windowTrials;
    windows++;
  }
}
