package earshot.jobs.detect;

/**
 * Test of a window's proportion (k of n) against a learned {@link ProportionBaseline}. How
 * unlikely k is comes from the beta-binomial distribution: the binomial of the window with the
 * baseline's proportion itself uncertain, as learned from its weighted trials. That is exact for
 * small windows (whose skewed tails a normal approximation understates) and lets a baseline learned
 * from few observations widen the normal range instead of raising false alarms. The reported z is
 * the normal score with the same tail probability (positive for a rise).
 */
record ProportionTest(double observed, double expected, double z, double expectedLow, double expectedHigh) {

  static ProportionTest of(long k, long n, ProportionBaseline baseline, double clearZ) {
    double p = (double) k / n;
    double p0 = baseline.proportion();
    double variance = p0 * (1 - p0);
    double spread = Math.sqrt(variance / n);
    double weight = Math.max(1.0, baseline.effectiveTrials()) + 2.0;
    double[] tails = Stats.proportionTails(k, n, p0 * weight, (1 - p0) * weight);
    double z = k >= n * p0 ? Stats.zForUpperTail(tails[0]) : -Stats.zForUpperTail(tails[1]);
    return new ProportionTest(p, p0, z, Math.max(0, p0 - clearZ * spread), Math.min(1, p0 + clearZ * spread));
  }

  /** Lets the baseline learn from the window, clamped to the top of the normal range (robust to incidents). */
  void learn(long k, long n, ProportionBaseline baseline, double decay) {
    baseline.learn(Math.min(k, expectedHigh * n), n, decay);
  }
}
