package earshot.jobs.detect;

/**
 * Turns a stream of tail probabilities (how unlikely each value was under a detector's baseline)
 * into an anomaly score that ranks. Consumes one two-sided tail probability per row; emits a
 * score in [0, 1). The surprise of a row, {@code -ln p}, is averaged over the last few rows and
 * ranked among the series' own recent averages: q is the share of that history at least as
 * surprising (beyond the history's largest, an exponential fall-off in units of its spread, so a
 * larger surprise always ranks higher). A series that is often surprised (noisy, badly modelled)
 * thus needs a larger surprise to score high than a calm one, so one threshold serves many
 * series; and because the recent average is judged, a sustained change outranks one outlier.
 *
 * <p>The score is {@code L / (L + HALF)} with {@code L = -log10 q}: 0.5 at {@code q = 10^-HALF},
 * approaching 1 only as q vanishes, so scores do not saturate and stay ordered. An episode is
 * reported once: a row whose score does not exceed one given in the last {@link #SUPPRESS_ROWS}
 * rows keeps {@link #CONTINUING} of it. A plain value class; not thread-safe.
 */
public final class SurpriseLikelihood {

  /** -log10 q at which the score is 0.5. */
  static final double HALF = 3.0;

  private final double[] recent;
  private final double[] history;
  private final int warmup;
  private int next;
  private int seen;
  private double recentSum;
  private int historyNext;
  private int historySize;
  /** Rows after a score during which a score no higher continues that episode. */
  static final int SUPPRESS_ROWS = 30;
  private final double[] recentScores = new double[SUPPRESS_ROWS];
  private int scoreNext;
  /** What a row continuing an episode keeps of its score. */
  static final double CONTINUING = 0.5;

  /**
   * @param shortWindow values averaged into the recent surprise
   * @param history recent averages the current one is ranked among
   * @param warmup values seen before a score other than 0 is given
   */
  public SurpriseLikelihood(int shortWindow, int history, int warmup) {
    this.recent = new double[shortWindow];
    this.history = new double[history];
    this.warmup = warmup;
  }

  /** The surprise of a tail probability: {@code -ln p}, bounded for p = 0. */
  public static double surprise(double p) {
    return -Math.log(Math.max(p, 1e-300));
  }

  /**
   * Takes the next value's two-sided tail probability (or NaN when the detector could not judge
   * it: it counts as unsurprising) and returns its anomaly score in [0, 1).
   */
  public double next(double tailProbability) {
    double s = Double.isNaN(tailProbability) ? 0 : surprise(Math.min(1, tailProbability));
    recentSum += s - recent[next];
    recent[next] = s;
    next = (next + 1) % recent.length;
    seen++;
    double average = Math.max(0, recentSum / Math.min(seen, recent.length));
    double score = seen > warmup && historySize > 0 ? score(upperTail(average)) : 0;
    // An episode is reported once: while a higher score was given within the last rows, this
    // row continues that episode and scores lower than any new one of the same strength.
    double peak = 0;
    for (double p : recentScores) {
      peak = Math.max(peak, p);
    }
    recentScores[scoreNext] = score;
    scoreNext = (scoreNext + 1) % recentScores.length;
    if (score <= peak) {
      score *= CONTINUING;
    }
    history[historyNext] = average;
    historyNext = (historyNext + 1) % history.length;
    historySize = Math.min(historySize + 1, history.length);
    return score;
  }

  /**
   * The share of the history at least as surprising as {@code average} (mid-rank), and beyond
   * the history's largest an exponential fall-off in units of its spread, so larger surprises
   * keep ranking higher.
   */
  private double upperTail(double average) {
    int atLeast = 0;
    double max = Double.NEGATIVE_INFINITY;
    double sum = 0;
    double sumSq = 0;
    for (int i = 0; i < historySize; i++) {
      double h = history[i];
      if (h >= average) {
        atLeast++;
      }
      max = Math.max(max, h);
      sum += h;
      sumSq += h * h;
    }
    double n = historySize;
    double q = (atLeast + 0.5) / (n + 1);
    if (average > max) {
      double mean = sum / n;
      double spread = Math.max(Math.sqrt(Math.max(0, sumSq / n - mean * mean)), SPREAD_FLOOR);
      q *= Math.exp(-(average - max) / spread);
    }
    return q;
  }

  /** Surprises in nats; a history that never varied is given this much spread. */
  static final double SPREAD_FLOOR = 0.5;

  /** Maps an upper-tail probability to [0, 1): 0.5 at 10^-HALF. */
  static double score(double q) {
    double l = Math.max(0, -Math.log10(Math.max(q, 1e-300)));
    return l / (l + HALF);
  }
}
