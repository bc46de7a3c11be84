package earshot.jobs.detect;

/**
 * A learning baseline of a proportion (such as the share of detractors): exponentially weighted
 * counts of successes and trials, so recent windows weigh more and the estimate carries its own
 * sample size. A plain value class (Flink POJO) kept in keyed state.
 */
public class ProportionBaseline {

  public double successes;
  public double trials;
  public int windows;
  /** Trials ever learned from, undecayed: the evidence behind the warm-up. */
  public double seen;
  /** Judgements off the baseline in a row, towards a level shift. */
  public LevelRun run = new LevelRun();

  public ProportionBaseline() {}

  /**
   * Whether the baseline has seen enough to judge: {@code warmupWindows x minSample} trials and
   * three judgements, however long that takes (a pooled sparse series takes longer, a busy one less).
   */
  public boolean learned(DetectorSettings settings) {
    return windows >= Math.min(3, settings.warmupWindows())
        && seen >= (double) settings.warmupWindows() * settings.minSample();
  }

  /** Starts again from one window: while warming up, a window the baseline cannot explain replaces it. */
  void restart(double windowSuccesses, double windowTrials) {
    successes = windowSuccesses;
    trials = windowTrials;
    seen = windowTrials;
    windows = 1;
    run.reset();
  }

  /** Adopts the run's level as the baseline, weighed by the run's own evidence. */
  void adoptRun() {
    successes = run.first;
    trials = run.trials;
    run.reset();
    run.levelShifts++;
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
