package earshot.lab.backtest;

import earshot.jobs.detect.Stats;
import java.util.Arrays;

/**
 * Turns a stream of tail probabilities (how unlikely each row was under a detector's baseline)
 * into an anomaly score that ranks across series. Consumes one two-sided tail probability per
 * row (NaN when the detector could not judge it: an ordinary row); emits a score in [0, 1).
 *
 * <p>A row's surprise is {@code -ln p}. At each of several scales (the mean surprise of the last
 * 1 and 6 rows, say) the current mean is judged against the same scale's own earlier means (of
 * windows that ended before the current one began), as
 * an anomaly likelihood: q is the share of that history at least as large (mid-rank), and beyond
 * the history's largest an exponential fall-off in units of its spread, so a larger surprise
 * always ranks higher and the score does not saturate. A short scale catches a spike on the row it
 * happens; a long one a shift too small for any single row. The row's likelihood is the smallest
 * q times the number of scales (Bonferroni), so a series is not flagged more often for being
 * looked at more ways. Because each scale is ranked against its own series' past, a noisy series
 * needs a larger surprise than a calm one to score as high, and one threshold serves many series.
 *
 * <p>Alternatively ({@link Tail#GAUSSIAN}) q is the Gaussian upper tail of the current mean's
 * distance from its history's mean in units of the history's standard deviation, as in HTM's
 * anomaly likelihood (a short-term mean of the raw score against the long-run distribution of
 * that score on the same series): no rank, so a short history does not bound q from below.
 *
 * <p>The score is {@code L / (L + HALF)} with {@code L = -log10 q}. An episode is reported once:
 * a row whose score does not exceed one given in the last {@code suppressRows} rows keeps
 * {@link #CONTINUING} of it. A plain value class; not thread-safe.
 */
public final class MultiScaleLikelihood {

  /** How a scale's current mean is judged against its own history. */
  public enum Tail {
    /** The share of the history at least as large, with an exponential fall-off beyond its largest. */
    RANK,
    /** The Gaussian upper tail of the distance from the history's mean, in its standard deviations. */
    GAUSSIAN
  }

  /** -log10 q at which the score is 0.5. */
  static final double HALF = 3.0;
  /** What a row continuing an episode keeps of its score. */
  static final double CONTINUING = 0.5;
  /** Surprises in nats; a history that never varied is given this much spread. */
  static final double SPREAD_FLOOR = 0.5;

  private final int[] scales;
  private final double[] surprises;
  private final double[] sums;
  private final SortedWindow[] histories;
  /** Per scale, its last means, learnt only once their rows have left the current window. */
  private final double[][] pending;
  private final int warmup;
  private final boolean robust;
  private final Tail tail;
  private final double[] recentScores;
  private int next;
  private int seen;
  private int scoreNext;

  /**
   * @param scales rows averaged at each scale, each at least 1
   * @param history past means each scale's current mean is ranked among
   * @param warmup rows seen before a score other than 0 is given
   * @param suppressRows rows after a score during which one no higher continues its episode (0: none)
   */
  public MultiScaleLikelihood(int[] scales, int history, int warmup, int suppressRows) {
    this(scales, history, warmup, suppressRows, false);
  }

  /**
   * @param robust whether a mean beyond its history's largest is learnt as at most one spread
   *     above it, so one anomaly does not raise the bar for the next one by its whole size
   */
  public MultiScaleLikelihood(int[] scales, int history, int warmup, int suppressRows, boolean robust) {
    this(scales, history, warmup, suppressRows, robust, Tail.RANK);
  }

  /** @param tail how each scale's current mean is judged against its history */
  public MultiScaleLikelihood(int[] scales, int history, int warmup, int suppressRows, boolean robust, Tail tail) {
    if (scales.length == 0 || Arrays.stream(scales).anyMatch(s -> s < 1) || history < 1) {
      throw new IllegalArgumentException("scales must be at least 1 row and the history at least 1 mean");
    }
    this.scales = scales.clone();
    this.surprises = new double[Arrays.stream(scales).max().getAsInt()];
    this.sums = new double[scales.length];
    this.histories = new SortedWindow[scales.length];
    this.pending = new double[scales.length][];
    for (int i = 0; i < scales.length; i++) {
      histories[i] = new SortedWindow(history);
      pending[i] = new double[scales[i]];
    }
    this.warmup = warmup;
    this.robust = robust;
    this.tail = tail;
    this.recentScores = new double[suppressRows];
  }

  /** The surprise of a tail probability: {@code -ln p}, bounded for p = 0. */
  static double surprise(double p) {
    return -Math.log(Math.max(p, 1e-300));
  }

  /** Takes the next row's two-sided tail probability and returns its anomaly score in [0, 1). */
  public double next(double tailProbability) {
    double s = Double.isNaN(tailProbability) ? 0 : surprise(Math.min(1, tailProbability));
    int capacity = surprises.length;
    seen++;
    double q = 1;
    double[] means = new double[scales.length];
    for (int k = 0; k < scales.length; k++) {
      int w = scales[k];
      // The value leaving this scale's window: w rows back in the shared ring (0 before it filled).
      double leaving = seen > w ? surprises[Math.floorMod(next - w, capacity)] : 0;
      sums[k] += s - leaving;
      means[k] = Math.max(0, sums[k] / Math.min(seen, w));
      if (histories[k].size() > 0) {
        q = Math.min(q, tail == Tail.GAUSSIAN ? gaussianTail(histories[k], means[k]) : upperTail(histories[k], means[k]));
      }
    }
    surprises[next] = s;
    next = (next + 1) % capacity;
    double score = seen > warmup && q < 1 ? score(Math.min(1, q * scales.length)) : 0;
    if (recentScores.length > 0) {
      // A higher score within the last rows: this row continues that episode and scores lower
      // than any new one of the same strength.
      double peak = 0;
      for (double p : recentScores) {
        peak = Math.max(peak, p);
      }
      recentScores[scoreNext] = score;
      scoreNext = (scoreNext + 1) % recentScores.length;
      if (score <= peak) {
        score *= CONTINUING;
      }
    }
    for (int k = 0; k < scales.length; k++) {
      // The history holds means of windows that do not overlap the current one: otherwise a change
      // that builds up row by row is always only a little above the record it set a row before.
      // Learnt now, the window ending w - 1 rows ago is disjoint from the next row's window.
      int w = scales[k];
      pending[k][(seen - 1) % w] = means[k];
      double ready = pending[k][seen % w];
      if (seen < w) {
        continue;
      }
      SortedWindow h = histories[k];
      double learnt = ready;
      if (robust && h.size() > 0 && learnt > h.max()) {
        learnt = Math.min(learnt, h.max() + Math.max(h.spread(), SPREAD_FLOOR));
      }
      h.add(learnt);
    }
    return score;
  }

  /** Share of the history at least as large as {@code x}, falling off exponentially beyond its largest. */
  static double upperTail(SortedWindow history, double x) {
    int n = history.size();
    double q = (history.countAtLeast(x) + 0.5) / (n + 1);
    double max = history.max();
    if (x > max) {
      q *= Math.exp(-(x - max) / Math.max(history.spread(), SPREAD_FLOOR));
    }
    return q;
  }

  /**
   * The Gaussian upper tail of {@code x} given the history's mean and standard deviation (at least
   * {@link #SPREAD_FLOOR}).
   */
  static double gaussianTail(SortedWindow history, double x) {
    double z = (x - history.mean()) / Math.max(history.spread(), SPREAD_FLOOR);
    return Stats.upperTail(z);
  }

  /** Maps an upper-tail probability to [0, 1): 0.5 at 10^-HALF. */
  static double score(double q) {
    double l = Math.max(0, -Math.log10(Math.max(q, 1e-300)));
    return l / (l + HALF);
  }

  /** The last values added, kept sorted too, so a rank is a binary search. */
  static final class SortedWindow {
    private final double[] ring;
    private final double[] sorted;
    private int next;
    private int size;
    private double sum;
    private double sumSq;

    SortedWindow(int capacity) {
      ring = new double[capacity];
      sorted = new double[capacity];
    }

    int size() {
      return size;
    }

    void add(double v) {
      if (size == ring.length) {
        double old = ring[next];
        int at = lowerBound(old);
        System.arraycopy(sorted, at + 1, sorted, at, size - at - 1);
        size--;
        sum -= old;
        sumSq -= old * old;
      }
      ring[next] = v;
      next = (next + 1) % ring.length;
      int at = lowerBound(v);
      System.arraycopy(sorted, at, sorted, at + 1, size - at);
      sorted[at] = v;
      size++;
      sum += v;
      sumSq += v * v;
    }

    /** Values of at least {@code x}. */
    int countAtLeast(double x) {
      return size - lowerBound(x);
    }

    double max() {
      return sorted[size - 1];
    }

    double mean() {
      return sum / size;
    }

    double spread() {
      double mean = sum / size;
      return Math.sqrt(Math.max(0, sumSq / size - mean * mean));
    }

    /** The first position whose value is not below {@code x}. */
    private int lowerBound(double x) {
      int lo = 0;
      int hi = size;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (sorted[mid] < x) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      return lo;
    }
  }
}
