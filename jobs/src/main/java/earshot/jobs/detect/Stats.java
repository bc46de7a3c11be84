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

  /**
   * The z score with the same upper-tail probability: {@code upperTail(z) = p}, by Acklam's
   * rational approximation of the normal quantile (relative error about 1e-9).
   */
  public static double zForUpperTail(double p) {
    if (!(p > 0)) {
      return 40;
    }
    if (p >= 1) {
      return -40;
    }
    // z(p) = -quantile(p); work from whichever tail is small so tiny probabilities keep their precision.
    return p <= 0.5 ? -quantile(p) : quantile(1 - p);
  }

  /** The standard normal quantile for 0 < u <= 0.5 (Acklam's lower and central regions). */
  private static double quantile(double u) {
    double[] a = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02,
        -3.066479806614716e+01, 2.506628277459239e+00};
    double[] b = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01,
        -1.328068155288572e+01};
    double[] c = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00,
        4.374664141464968e+00, 2.938163982698783e+00};
    double[] d = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00};
    if (u <= 0) {
      return -40;
    }
    if (u < 0.02425) {
      double t = Math.sqrt(-2 * Math.log(u));
      return (((((c[0] * t + c[1]) * t + c[2]) * t + c[3]) * t + c[4]) * t + c[5])
          / ((((d[0] * t + d[1]) * t + d[2]) * t + d[3]) * t + 1);
    }
    double t = u - 0.5;
    double r = t * t;
    return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * t
        / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  }

  /**
   * Tail probabilities of a count under a negative binomial with mean {@code mu} and variance
   * {@code mu + dispersion mu^2} (a Poisson when the dispersion is 0): {@code [P(X >= x), P(X <= x)]}.
   * Exact summation for moderate counts; a normal approximation with continuity correction for
   * very large ones, where the shapes agree.
   */
  public static double[] countTails(long x, double mu, double dispersion) {
    mu = Math.max(mu, 1e-9);
    if (mu > 5000 || x > 20000) {
      double sd = Math.sqrt(mu + dispersion * mu * mu);
      return new double[] {upperTail((x - 0.5 - mu) / sd), upperTail((mu - x - 0.5) / sd)};
    }
    double logP0;
    double ratio;
    double r = dispersion > 1e-9 ? 1.0 / dispersion : Double.POSITIVE_INFINITY;
    if (Double.isInfinite(r)) {
      logP0 = -mu;
    } else {
      logP0 = r * Math.log(r / (r + mu));
    }
    TailSum sum = new TailSum(logP0);
    for (long k = 0; k <= x; k++) {
      sum.add(k == x);
      ratio = Double.isInfinite(r) ? mu / (k + 1) : (k + r) / (k + 1) * (mu / (r + mu));
      sum.next(ratio);
    }
    double below = sum.below();
    double atX = sum.at();
    double upper = Math.max(0, 1 - below);
    double lower = Math.min(1, below + atX);
    return new double[] {upper, lower};
  }

  /** log Gamma(x) for x > 0, by the Lanczos approximation (g = 7, 9 terms; about 15 correct digits). */
  public static double logGamma(double x) {
    if (x < 0.5) {
      return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
    }
    double[] c = {0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
        -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7};
    x -= 1;
    double a = c[0];
    double t = x + 7.5;
    for (int i = 1; i < 9; i++) {
      a += c[i] / (x + i);
    }
    return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
  }

  /**
   * Tail probabilities {@code [P(X >= k), P(X <= k)]} of k successes in n trials when the success
   * probability is itself uncertain, Beta(a, b) distributed (a beta-binomial): the exact small-sample
   * answer for a window's proportion against a baseline learned from a + b weighted trials. Very
   * large windows use the normal approximation with continuity correction.
   */
  public static double[] proportionTails(long k, long n, double a, double b) {
    a = Math.max(a, 1e-6);
    b = Math.max(b, 1e-6);
    if (n > 5000) {
      double p = a / (a + b);
      double variance = n * p * (1 - p) * (a + b + n) / (a + b + 1);
      double sd = Math.sqrt(Math.max(variance, 1e-12));
      return new double[] {upperTail((k - 0.5 - n * p) / sd), upperTail((n * p - k - 0.5) / sd)};
    }
    // P(X = 0) = B(a, b + n) / B(a, b); then P(j + 1) / P(j) = (n - j) / (j + 1) * (j + a) / (n - j - 1 + b).
    double logP0 = logGamma(b + n) + logGamma(a + b) - logGamma(a + b + n) - logGamma(b);
    TailSum sum = new TailSum(logP0);
    for (long j = 0; j <= k && j <= n; j++) {
      sum.add(j == k);
      sum.next((double) (n - j) / (j + 1) * (j + a) / (n - j - 1 + b));
    }
    double below = sum.below();
    double atK = sum.at();
    return new double[] {Math.max(0, 1 - below), Math.min(1, below + atK)};
  }

  /**
   * P(X < x) and P(X = x) summed term by term from P(X = 0), the terms kept relative to a scale
   * that grows with them: from a mean of a few hundred on, P(X = 0) alone is below the smallest
   * double, and a plain sum from it was 0 (a count at its mean then read as far below it).
   */
  private static final class TailSum {
    private static final double RESCALE = 1e200;
    private double logScale;
    private double term = 1;
    private double below;
    private double at;

    TailSum(double logFirstTerm) {
      this.logScale = logFirstTerm;
    }

    /** Counts the current term: at the observed value, or below it. */
    void add(boolean atObserved) {
      if (atObserved) {
        at = term;
      } else {
        below += term;
      }
    }

    /** Moves to the next term, {@code ratio} times the current one. */
    void next(double ratio) {
      term *= ratio;
      if (term > RESCALE) {
        term /= RESCALE;
        below /= RESCALE;
        at /= RESCALE;
        logScale += Math.log(RESCALE);
      }
    }

    double below() {
      return below > 0 ? Math.exp(Math.log(below) + logScale) : 0;
    }

    double at() {
      return at > 0 ? Math.exp(Math.log(at) + logScale) : 0;
    }
  }

  /** Per-window decay factor of an exponentially weighted baseline with the given half-life. */
  public static double decayForHalfLife(double halfLifeWindows) {
    return Math.pow(0.5, 1.0 / halfLifeWindows);
  }
}
