package earshot.lab.backtest;

/**
 * Judges each value of a series that is not a count (CPU %, latency, a price) against the
 * series' own recent past, without assuming a distribution: how rare its level is among the last
 * {@code history} values, and how rare its step from the previous value is among the last steps.
 * Consumes values in time order; emits for each a two-sided tail probability (NaN while fewer
 * than {@code minHistory} values were seen). Beyond the range seen, the tail falls off
 * exponentially with the distance in units of the history's spread, so a value far outside keeps
 * getting less likely instead of sharing the smallest rank probability with every other outlier.
 */
public final class ContinuousDetector {

  private final Ring levels;
  private final Ring steps;
  private final int minHistory;
  private double previous = Double.NaN;

  public ContinuousDetector(int history, int minHistory) {
    this.levels = new Ring(history);
    this.steps = new Ring(history);
    this.minHistory = minHistory;
  }

  /** The two-sided tail probability of {@code value}, then learns it. */
  public double next(double value) {
    double p = Double.NaN;
    if (levels.size >= minHistory) {
      double level = levels.twoSided(value);
      double step = Double.isNaN(previous) || steps.size < minHistory ? 1 : steps.twoSided(value - previous);
      // Two looks at the same value: the smaller tail, doubled (Bonferroni).
      p = Math.min(1, 2 * Math.min(level, step));
    }
    if (!Double.isNaN(previous)) {
      steps.add(value - previous);
    }
    levels.add(value);
    previous = value;
    return p;
  }

  /** The last values seen, with rank tails. */
  static final class Ring {
    private final double[] values;
    private int next;
    private int size;

    Ring(int capacity) {
      values = new double[capacity];
    }

    void add(double v) {
      values[next] = v;
      next = (next + 1) % values.length;
      size = Math.min(size + 1, values.length);
    }

    /** Two-sided tail of x among the values (mid-ranks, exponential tails beyond the range). */
    double twoSided(double x) {
      int below = 0;
      int equal = 0;
      double min = Double.POSITIVE_INFINITY;
      double max = Double.NEGATIVE_INFINITY;
      double sum = 0;
      double sumSq = 0;
      for (int i = 0; i < size; i++) {
        double v = values[i];
        if (v < x) {
          below++;
        } else if (v == x) {
          equal++;
        }
        min = Math.min(min, v);
        max = Math.max(max, v);
        sum += v;
        sumSq += v * v;
      }
      double n = size;
      double mean = sum / n;
      double spread = Math.sqrt(Math.max(0, sumSq / n - mean * mean));
      // A flat history has no spread: any change from it is then measured against a tiny scale.
      double scale = Math.max(spread, 1e-6 * Math.max(1, Math.abs(mean)));
      double lower = (below + 0.5 * equal + 0.5) / (n + 1);
      double upper = (n - below - 0.5 * equal + 0.5) / (n + 1);
      if (x > max) {
        upper *= Math.exp(-(x - max) / scale);
      } else if (x < min) {
        lower *= Math.exp(-(min - x) / scale);
      }
      return Math.min(1, 2 * Math.min(lower, upper));
    }
  }
}
