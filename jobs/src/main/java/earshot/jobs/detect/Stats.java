package earshot.jobs.detect;

/** Small statistical helpers for the detectors. */
public final class Stats {

  private Stats() {}

  /**
   * The complementary error function, by the Chebyshev-fitted approximation from Numerical
   * Recipes (relative error below 1.2e-7 everywhere), good enough for tail probabilities.
   */
  public static double erfc(double x) {
    double z = Math.abs(x);
    double t = 1.0 / (1.0 + 0.5 * z);
    double poly = -z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
        + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
        + t * (-0.82215223 + t * 0.17087277))))))));
    double result = t * Math.exp(poly);
    return x >= 0 ? result : 2.0 - result;
  }

  /** P(Z >= z) for a standard normal Z: the one-sided p-value of a z statistic. */
  public static double upperTail(double z) {
    return 0.5 * erfc(z / Math.sqrt(2.0));
  }

  /** Per-window decay factor of an exponentially weighted baseline with the given half-life. */
  public static double decayForHalfLife(double halfLifeWindows) {
    return Math.pow(0.5, 1.0 / halfLifeWindows);
  }
}
