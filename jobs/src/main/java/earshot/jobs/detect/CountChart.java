package earshot.jobs.detect;

/**
 * Evidence of a moderate, lasting change in a count, in one direction: a {@link ZChart} of the
 * windows' z scores, and the counts since the chart last stood at zero (its estimate of when the
 * change began). The chart alone assumes each window's error is its own; a count's expectation is
 * not, since every window of an hour shares that hour's learned mean and every hour of a day its
 * day factor, so a baseline a few percent off leans every window the same way and the chart adds
 * that up. An alarm therefore also needs the span's counts together to be off by {@code openZ}
 * standard errors, the baseline's error counted once for the whole span rather than once a window.
 * A plain value class (Flink POJO) kept in keyed state.
 */
public class CountChart {

  public ZChart chart = new ZChart();
  /** Counts since the chart last stood at zero. */
  public double observed;
  /** Their expectations. */
  public double expected;
  /** The variance of their noise around the expectations (independent from window to window). */
  public double noiseVariance;
  /** The standard error of the expectations themselves, summed as if fully correlated. */
  public double baselineError;

  public CountChart() {}

  /**
   * Adds a window.
   *
   * @param z the window's z score, positive in this chart's direction
   * @param direction +1 for a surge chart, -1 for a drop chart
   * @param baselineSd the standard error of this window's expectation
   * @return whether the chart alarms: the chart at its decision interval and the span's pooled z
   *     at least {@code openZ} in this chart's direction
   */
  public boolean add(double z, long count, double expectedCount, double noise, double baselineSd, int direction,
      double openZ) {
    chart.add(z);
    if (chart.sum <= 0) {
      reset();
      return false;
    }
    observed += count;
    expected += expectedCount;
    noiseVariance += noise;
    baselineError += baselineSd;
    return chart.sum >= ZChart.H && direction * pooledZ() >= openZ;
  }

  /** How far the span's counts are off their expectations, in standard errors (positive above). */
  public double pooledZ() {
    double sd = Math.sqrt(noiseVariance + baselineError * baselineError);
    return sd > 0 ? (observed - expected) / sd : 0;
  }

  /** Forgets the evidence, when the expectation it was measured against is replaced. */
  public void reset() {
    chart.reset();
    observed = 0;
    expected = 0;
    noiseVariance = 0;
    baselineError = 0;
  }
}
