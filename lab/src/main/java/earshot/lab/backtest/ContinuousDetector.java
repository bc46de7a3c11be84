package earshot.lab.backtest;

/**
 * Judges each value of a series that is not a count (CPU %, latency, a price) against the
 * series' own recent past, without assuming a distribution: how rare its level is among the last
 * {@code history} values, and how rare its step from the previous value is among the last steps.
 * Consumes values in time order; emits for each a two-sided tail probability (NaN while fewer
 * than {@code minHistory} values were seen). Beyond the range seen, the tail falls off
 * exponentially with the distance in units of the history's spread, so a value far outside keeps
 * getting less likely instead of sharing the smallest rank probability with every other outlier.
 * Optionally a third look, for a series with a daily rhythm: the change from the value one season
 * ago ({@code seasonLag} rows), ranked among the last such changes, so a day that departs from the
 * shape of the days before is seen even when its level and its steps are each ordinary. That look
 * is taken only while the series' own recent past shows a daily rhythm ({@link #rhythmic()}): on a
 * series without one, the change from yesterday is mostly noise and only adds false alarms.
 */
public final class ContinuousDetector {

  /**
   * The largest ratio of the spread of same-time-yesterday changes to the level's spread at which
   * the seasonal look is taken: below it the day before explains over three quarters of the variance.
   */
  static final double RHYTHM = 0.5;

  private final Ring levels;
  private final Ring steps;
  private final Ring seasonal;
  /** The last {@code seasonLag} values, oldest at {@code lagNext}: the value one season ago. */
  private final double[] lagged;
  private final int minHistory;
  private double previous = Double.NaN;
  private int lagNext;
  private long seen;

  public ContinuousDetector(int history, int minHistory) {
    this(history, minHistory, 0);
  }

  /** @param seasonLag rows in one season (a day), or 0 for no seasonal look */
  public ContinuousDetector(int history, int minHistory, int seasonLag) {
    this.levels = new Ring(history);
    this.steps = new Ring(history);
    this.seasonal = seasonLag > 0 ? new Ring(history) : null;
    this.lagged = new double[Math.max(0, seasonLag)];
    this.minHistory = minHistory;
  }

  /** The two-sided tail probability of {@code value}, then learns it. */
  public double next(double value) {
    double p = Double.NaN;
    if (levels.size >= minHistory) {
      double level = levels.twoSided(value);
      double step = Double.isNaN(previous) || steps.size < minHistory ? 1 : steps.twoSided(value - previous);
      double tail = Math.min(level, step);
      int looks = 2;
      if (rhythmic()) {
        tail = Math.min(tail, seasonal.twoSided(value - lagged[lagNext]));
        looks = 3;
      }
      // Several looks at the same value: the smallest tail, times the looks (Bonferroni).
      p = Math.min(1, looks * tail);
    }
    if (!Double.isNaN(previous)) {
      steps.add(value - previous);
    }
    if (seasonal != null) {
      if (seen >= lagged.length) {
        seasonal.add(value - lagged[lagNext]);
      }
      lagged[lagNext] = value;
      lagNext = (lagNext + 1) % lagged.length;
    }
    seen++;
    levels.add(value);
    previous = value;
    return p;
  }

  /**
   * Whether the series' own past shows a daily rhythm: its changes from the same time a day before
   * vary less than {@link #RHYTHM} times as much as its level (the day before explains most of the
   * level's variance), over at least a full day of such changes. Judged afresh on every row, so
   * nothing about the series is chosen in advance.
   */
  boolean rhythmic() {
    if (seasonal == null || seasonal.size < Math.max(minHistory, lagged.length)) {
      return false;
    }
    double level = levels.spread();
    return level > 0 && seasonal.spread() < RHYTHM * level;
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

    /** The standard deviation of the values (0 when empty). */
    double spread() {
      if (size == 0) {
        return 0;
      }
      double sum = 0;
      double sumSq = 0;
      for (int i = 0; i < size; i++) {
        sum += values[i];
        sumSq += values[i] * values[i];
      }
      double mean = sum / size;
      return Math.sqrt(Math.max(0, sumSq / size - mean * mean));
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
