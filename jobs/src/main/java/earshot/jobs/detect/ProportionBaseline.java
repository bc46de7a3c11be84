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

  public ProportionBaseline() {}

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
    windows++;
  }
}
