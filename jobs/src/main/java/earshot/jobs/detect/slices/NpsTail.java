package earshot.jobs.detect.slices;

import earshot.jobs.detect.Stats;

/**
 * Lower tail of NPS on n answers when the baseline mix of promoters, passives and detractors is
 * itself uncertain (Dirichlet distributed, from the baseline's weighted answers): the
 * Dirichlet-multinomial probability that promoters less detractors is at most the observed
 * figure. Exact up to {@link #EXACT_LIMIT} answers (n^2/2 terms); beyond, a normal approximation with
 * the same mean and variance, where the shapes agree.
 */
public final class NpsTail {

  static final int EXACT_LIMIT = 400;

  private NpsTail() {}

  /**
   * @param promoters observed promoters
   * @param detractors observed detractors
   * @param n observed answers
   * @param aP baseline weight of promoters (Dirichlet parameter, > 0)
   * @param aO baseline weight of passives
   * @param aD baseline weight of detractors
   * @return P(P - D <= promoters - detractors)
   */
  public static double lower(long promoters, long detractors, long n, double aP, double aO, double aD) {
    return tail(promoters - detractors, n, aP, aO, aD, 1.0);
  }

  /**
   * The mid-p lower tail: P(P - D < observed) + P(P - D = observed) / 2, in one summation. Its normal
   * score is centred on a discrete statistic, as a sum of scores over windows needs.
   *
   * @return the mid-p counterpart of {@link #lower}, with the same parameters
   */
  public static double midLower(long promoters, long detractors, long n, double aP, double aO, double aD) {
    return tail(promoters - detractors, n, aP, aO, aD, 0.5);
  }

  /** P(P - D < s) + atS x P(P - D = s). */
  private static double tail(long s, long n, double aP, double aO, double aD, double atS) {
    double[] parts = belowAndAt(s, n, aP, aO, aD);
    return Math.min(1.0, parts[0] + atS * parts[1]);
  }

  /**
   * Both tails of the observed NPS from one summation, as normal scores for judging a window:
   * {@code [z of P(P - D <= observed), z of P(P - D >= observed)]}, each positive when that tail is small
   * (the first for a drop, the second for a rise), and the mid-p score of the drop
   * ({@link #midLower}'s), which a chart adds up. Same parameters as {@link #lower}.
   */
  public static double[] scores(long promoters, long detractors, long n, double aP, double aO, double aD) {
    double[] parts = belowAndAt(promoters - detractors, n, aP, aO, aD);
    double below = parts[0];
    double at = parts[1];
    return new double[] {
        Stats.zForUpperTail(Math.min(1.0, below + at)),
        Stats.zForUpperTail(Math.min(1.0, Math.max(0.0, 1.0 - below))),
        Stats.zForUpperTail(Math.min(1.0, below + at / 2))};
  }

  /** {@code [P(P - D < s), P(P - D = s)]}. */
  private static double[] belowAndAt(long s, long n, double aP, double aO, double aD) {
    double a = aP + aO + aD;
    if (n > EXACT_LIMIT) {
      double pP = aP / a;
      double pD = aD / a;
      double mean = n * (pP - pD);
      double sd = Math.sqrt(Math.max(n * (pP + pD - (pP - pD) * (pP - pD)) * (a + n) / (a + 1), 1e-12));
      double atMost = Stats.upperTail((mean - s - 0.5) / sd);
      // Below s: nothing when s is already the lowest NPS there is.
      double below = s <= -n ? 0 : Stats.upperTail((mean - s + 0.5) / sd);
      return new double[] {below, Math.max(0, atMost - below)};
    }
    int m = (int) n;
    double[] lp = terms(aP, m);
    double[] lo = terms(aO, m);
    double[] ld = terms(aD, m);
    double logC = Stats.logGamma(n + 1.0) + Stats.logGamma(a) - Stats.logGamma(a + n);
    double below = 0;
    double at = 0;
    for (int p = 0; p <= m; p++) {
      // p - d <= s  <=>  d >= p - s; the first term, where that holds, is p - d = s.
      for (int d = Math.max(0, (int) (p - s)); d <= m - p; d++) {
        double term = Math.exp(logC + lp[p] + lo[m - p - d] + ld[d]);
        if (p - d == s) {
          at += term;
        } else {
          below += term;
        }
      }
    }
    return new double[] {below, at};
  }

  /** log(Gamma(alpha + x) / (Gamma(alpha) x!)) for x = 0..n, built up term by term. */
  private static double[] terms(double alpha, int n) {
    double[] t = new double[n + 1];
    t[0] = 0;
    for (int x = 1; x <= n; x++) {
      t[x] = t[x - 1] + Math.log((alpha + x - 1) / x);
    }
    return t;
  }
}
