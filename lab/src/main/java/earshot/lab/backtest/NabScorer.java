package earshot.lab.backtest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Scores anomaly scores the way the Numenta Anomaly Benchmark (NAB) does, written from its paper
 * and documentation. Consumes, per series, the row timestamps, one anomaly score per row and the
 * labelled anomaly windows; emits per-series raw scores at a threshold, the threshold that
 * maximises the corpus's total (a sweep over every distinct score, as NAB's optimiser does), and
 * the normalised score {@code 100 * (raw - null) / (perfect - null)}.
 *
 * <p>The rules: the first 15% of a series' rows (at most 750) are a probation period that is not
 * scored. A row whose score reaches the threshold is a detection. Inside a window only the
 * earliest detection counts, rewarded by a scaled sigmoid of its position (1 at the window's
 * first row, falling towards 0 at its end, times the profile's TP weight); a window without a
 * detection costs the FN weight. A detection outside every window costs the FP weight, the full
 * weight before the first window and a sigmoid-scaled part of it just after a window (a detection
 * shortly after a window is "nearly right"). The null detector detects nothing and scores
 * {@code -windows * fnWeight}; the perfect one detects every window at its first row and scores
 * {@code windows * tpWeight}.
 */
public final class NabScorer {

  /** NAB's share of each series kept as probation, and its cap in rows. */
  static final double PROBATION_SHARE = 0.15;
  static final int PROBATION_CAP = 750;

  /** A profile's weights. */
  public record CostMatrix(double tpWeight, double fpWeight, double fnWeight) {
    /** NAB's standard profile. */
    public static final CostMatrix STANDARD = new CostMatrix(1.0, 0.11, 1.0);
  }

  /** One labelled window, both ends inclusive, as epoch milliseconds. */
  public record Window(long start, long end) {}

  /** One scored series: a name such as {@code realTraffic/speed_7578.csv}, its rows and its windows. */
  public record Series(String name, long[] timestamps, double[] scores, List<Window> windows) {
    public Series {
      if (timestamps.length != scores.length) {
        throw new IllegalArgumentException(name + ": " + timestamps.length + " timestamps but " + scores.length + " scores");
      }
    }

    /** The category, the part of the name before its first slash. */
    public String category() {
      int slash = name.indexOf('/');
      return slash < 0 ? "" : name.substring(0, slash);
    }
  }

  /** A series' score at one threshold, with NAB's counts of scored rows. */
  public record FileScore(String name, double raw, int windows, int tp, int fp, int fn, int tn) {}

  /** A threshold and the corpus total it gives. */
  public record Sweep(double threshold, double raw) {}

  private final CostMatrix costs;

  public NabScorer(CostMatrix costs) {
    this.costs = costs;
  }

  /** The profile's weights. */
  public CostMatrix costs() {
    return costs;
  }

  static double scaledSigmoid(double position) {
    if (position >= 3.0) {
      return -1.0;
    }
    return 2 / (1 + Math.exp(5 * position)) - 1;
  }

  static int probation(int rows) {
    return (int) Math.min(Math.floor(PROBATION_SHARE * rows), PROBATION_SHARE * 5000);
  }

  /**
   * What each row would be worth if detected: its window (or -1) and its reward or cost. Rows in
   * probation get window -2 and are never scored.
   */
  private record Rows(int[] window, double[] worth, int windows) {}

  private Rows rows(Series series) {
    long[] t = series.timestamps();
    int n = t.length;
    int[] window = new int[n];
    double[] worth = new double[n];
    Arrays.fill(window, -1);
    int[] left = new int[series.windows().size()];
    int[] right = new int[series.windows().size()];
    for (int w = 0; w < left.length; w++) {
      Window limits = series.windows().get(w);
      left[w] = firstAtOrAfter(t, limits.start());
      right[w] = lastAtOrBefore(t, limits.end());
    }
    double maxTp = scaledSigmoid(-1.0);
    int previousRight = -1;
    int previousWidth = 0;
    int next = 0;
    for (int i = 0; i < n; i++) {
      while (next < left.length && right[next] < i) {
        if (left[next] <= right[next]) {
          previousRight = right[next];
          previousWidth = right[next] - left[next] + 1;
        }
        next++;
      }
      if (next < left.length && left[next] <= i && i <= right[next]) {
        int width = right[next] - left[next] + 1;
        window[i] = next;
        worth[i] = scaledSigmoid(-(double) (right[next] - i + 1) / width) * costs.tpWeight() / maxTp;
      } else if (previousRight < 0) {
        worth[i] = -costs.fpWeight();
      } else {
        // A window of one row has no width to scale by: NAB then counts the detection as far away.
        double position = previousWidth > 1 ? (double) Math.abs(i - previousRight) / (previousWidth - 1) : 3.0;
        worth[i] = scaledSigmoid(position) * costs.fpWeight();
      }
    }
    int probation = probation(n);
    for (int i = 0; i < probation; i++) {
      window[i] = -2;
    }
    return new Rows(window, worth, left.length);
  }

  private static int firstAtOrAfter(long[] t, long time) {
    int i = Arrays.binarySearch(t, time);
    return i >= 0 ? i : -i - 1;
  }

  private static int lastAtOrBefore(long[] t, long time) {
    int i = Arrays.binarySearch(t, time);
    return i >= 0 ? i : -i - 2;
  }

  /** The series' score when rows scoring {@code threshold} or more are detections. */
  public FileScore score(Series series, double threshold) {
    Rows rows = rows(series);
    double[] best = new double[rows.windows()];
    boolean[] scorable = new boolean[rows.windows()];
    Arrays.fill(best, -costs.fnWeight());
    double fp = 0;
    int tp = 0;
    int fpCount = 0;
    int fn = 0;
    int tn = 0;
    for (int i = 0; i < rows.window().length; i++) {
      int w = rows.window()[i];
      if (w == -2) {
        continue;
      }
      boolean detected = series.scores()[i] >= threshold;
      if (w >= 0) {
        scorable[w] = true;
        if (detected) {
          tp++;
          best[w] = Math.max(best[w], rows.worth()[i]);
        } else {
          fn++;
        }
      } else if (detected) {
        fpCount++;
        fp += rows.worth()[i];
      } else {
        tn++;
      }
    }
    double raw = fp;
    int windows = 0;
    for (int w = 0; w < best.length; w++) {
      if (scorable[w]) {
        raw += best[w];
        windows++;
      }
    }
    return new FileScore(series.name(), raw, windows, tp, fpCount, fn, tn);
  }

  /** Scores every series at one threshold. */
  public List<FileScore> score(List<Series> corpus, double threshold) {
    return corpus.stream().map(s -> score(s, threshold)).toList();
  }

  /** Windows that are scored (not wholly in probation) across the corpus. */
  public int windows(List<Series> corpus) {
    return corpus.stream().mapToInt(s -> score(s, Double.POSITIVE_INFINITY).windows()).sum();
  }

  /**
   * The threshold with the highest corpus total: every distinct score is tried, from the highest
   * down, and among equal totals the highest threshold wins (fewest detections).
   */
  public Sweep optimise(List<Series> corpus) {
    record Row(double score, int window, double worth) {}
    List<Row> all = new ArrayList<>();
    int windowBase = 0;
    for (Series series : corpus) {
      Rows rows = rows(series);
      for (int i = 0; i < rows.window().length; i++) {
        int w = rows.window()[i];
        // A NaN score is never a detection (no threshold is reached by it), as in score().
        if (w != -2 && !Double.isNaN(series.scores()[i])) {
          all.add(new Row(series.scores()[i], w >= 0 ? windowBase + w : -1, rows.worth()[i]));
        }
      }
      windowBase += rows.windows();
    }
    all.sort(Comparator.comparingDouble(Row::score).reversed());
    double[] best = new double[windowBase];
    Arrays.fill(best, -costs.fnWeight());
    double raw = -costs.fnWeight() * windows(corpus);
    Sweep top = new Sweep(Double.POSITIVE_INFINITY, raw);
    for (int i = 0; i < all.size(); i++) {
      Row row = all.get(i);
      if (row.window() >= 0) {
        if (row.worth() > best[row.window()]) {
          raw += row.worth() - best[row.window()];
          best[row.window()] = row.worth();
        }
      } else {
        raw += row.worth();
      }
      boolean lastOfThreshold = i + 1 == all.size() || all.get(i + 1).score() != row.score();
      if (lastOfThreshold && raw > top.raw() + 1e-12) {
        top = new Sweep(row.score(), raw);
      }
    }
    return top;
  }

  /** NAB's normalisation: 0 for the null detector, 100 for the perfect one; NaN without windows. */
  public double normalised(double raw, int windows) {
    double nullRaw = -windows * costs.fnWeight();
    double perfect = windows * costs.tpWeight();
    return perfect == nullRaw ? Double.NaN : 100 * (raw - nullRaw) / (perfect - nullRaw);
  }
}
