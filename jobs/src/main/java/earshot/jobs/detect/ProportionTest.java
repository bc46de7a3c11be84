package earshot.jobs.detect;

/**
 * One-sided test of a window's proportion (k of n) against a learned {@link ProportionBaseline}:
 * the z statistic's variance includes the baseline's own uncertainty, so a baseline learned from
 * few observations widens the normal range instead of raising false alarms.
 */
record ProportionTest(double observed, double expected, double z, double expectedLow, double expectedHigh) {

  static ProportionTest of(long k, long n, ProportionBaseline baseline, double clearZ) {
    double p = (double) k / n;
    double p0 = baseline.proportion();
    double variance = p0 * (1 - p0);
    double se = Math.sqrt(variance * (1.0 / n + 1.0 / Math.max(1.0, baseline.effectiveTrials())));
    double spread = Math.sqrt(variance / n);
    // Continuity correction: counts are whole numbers, and small windows have skewed tails that the
    // plain normal approximation makes look rarer than they are.
    double excess = Math.max(0, Math.abs(k - n * p0) - 0.5) * Math.signum(k - n * p0) / n;
    return new ProportionTest(p, p0, excess / se, Math.max(0, p0 - clearZ * spread), Math.min(1, p0 + clearZ * spread));
  }

  /** Lets the baseline learn from the window, clamped to the top of the normal range (robust to incidents). */
  void learn(long k, long n, ProportionBaseline baseline, double decay) {
    baseline.learn(Math.min(k, expectedHigh * n), n, decay);
  }
}
