package earshot.lab.backtest;

import earshot.jobs.detect.DetectorSettings;
import earshot.jobs.detect.Evaluation;
import earshot.jobs.detect.SeasonalCountBaseline;
import earshot.jobs.detect.Verdict;
import earshot.jobs.detect.VolumeDetector;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Runs the volume detector over a plain count series exported from any metrics store: one
 * {@code timestamp,value} row per regular interval. The interval is the median gap between rows;
 * a day-or-longer interval drops the hour-of-day profile. A series of whole numbers is a count
 * and is judged by the volume detector against its seasonal baseline, as the signals job judges
 * interaction counts; any other series (CPU %, latency, a price) by a {@link ContinuousDetector}.
 * Each row gets an anomaly score in [0, 1): the detector's two-sided tail probability turned into
 * a surprise, averaged at several scales and each ranked against the series' own recent averages
 * ({@link MultiScaleLikelihood}; 0 while learning), so one threshold ranks rows across series; and
 * an alert flag (for a count,
 * the volume detector's verdict, above or below; otherwise a score of {@link #ALERT_SCORE} or more).
 */
public final class VolumeBacktest {

  /** One input row. */
  public record Point(String timestampText, long timestamp, double value) {}

  /** One output row. */
  public record Scored(Point point, double score, boolean alert, double expected) {

    public String csv() {
      return point.timestampText() + "," + number(point.value()) + "," + String.format(Locale.ROOT, "%.4f", score)
          + "," + (alert ? 1 : 0);
    }
  }

  /**
   * How rows are judged and scored: the detector's looks and the likelihood's scales.
   *
   * @param seasonal whether a continuous series is also judged against the same time a day before
   *     while its own past shows a daily rhythm ({@link ContinuousDetector})
   * @param countsAlsoContinuous whether a count series is also judged by the continuous detector
   *     (the smaller of the two tails, doubled), not only by the volume detector
   * @param scales rows averaged at each scale of {@link MultiScaleLikelihood}
   * @param history past means each scale is ranked among
   * @param suppressRows rows an episode lasts, during which lower scores are halved
   * @param robust whether an anomaly raises the bar for the next one by at most one spread
   * @param tail how each scale's mean is judged against its history (rank, or HTM-like Gaussian)
   */
  public record Scoring(boolean seasonal, boolean countsAlsoContinuous, int[] scales, int history, int suppressRows,
      boolean robust, MultiScaleLikelihood.Tail tail) {

    /** A scoring that ranks each scale's mean among its history. */
    public Scoring(boolean seasonal, boolean countsAlsoContinuous, int[] scales, int history, int suppressRows,
        boolean robust) {
      this(seasonal, countsAlsoContinuous, scales, history, suppressRows, robust, MultiScaleLikelihood.Tail.RANK);
    }

    /**
     * The scoring with the best total over NAB's five public categories among {@link
     * NabCrossValidation#grid()}, which also reports what such a choice scores on a held-out category.
     */
    public static final Scoring DEFAULT = new Scoring(true, false, new int[] {1, 6}, 500, 30, true);

    /** A short name for tables, such as {@code seasonal counts=volume scales=1/6 history=500 episode=30 robust}. */
    public String label() {
      return (seasonal ? "seasonal" : "plain") + (countsAlsoContinuous ? " counts=both" : " counts=volume") + " scales="
          + Arrays.stream(scales).mapToObj(Integer::toString).collect(java.util.stream.Collectors.joining("/"))
          + " history=" + history + " episode=" + suppressRows + (robust ? " robust" : "")
          + (tail == MultiScaleLikelihood.Tail.GAUSSIAN ? " gaussian" : "");
    }
  }

  /** Rows before the score may leave 0. */
  static final int LIKELIHOOD_WARMUP = 100;
  /** Values a continuous series' level and step are ranked among. */
  static final int CONTINUOUS_HISTORY = 2000;
  static final int CONTINUOUS_MIN_HISTORY = 50;
  /** The score from which a row of a continuous series is flagged. */
  public static final double ALERT_SCORE = 0.6;
  private static final long DAY = 86_400_000L;

  private final DetectorSettings settings;

  public VolumeBacktest(DetectorSettings settings) {
    this.settings = settings;
  }

  /**
   * Parses CSV lines; a first line that does not parse is taken as a header.
   *
   * @throws IllegalArgumentException naming the line of the first bad row
   */
  public static List<Point> parse(List<String> lines) {
    List<Point> points = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] parts = line.split(",");
      if (parts.length < 2) {
        throw new IllegalArgumentException("line " + (i + 1) + ": expected timestamp,value, got '" + line + "'");
      }
      String text = unquote(parts[0]);
      try {
        double value = Double.parseDouble(unquote(parts[1]));
        if (!Double.isFinite(value) || value < 0) {
          throw new IllegalArgumentException("line " + (i + 1) + ": the value must be a count of zero or more, got "
              + parts[1]);
        }
        points.add(new Point(text, parseTime(text), value));
      } catch (NumberFormatException | DateTimeException | ArithmeticException e) {
        // DateTimeException also covers a date that parses but has no epoch millisecond (year
        // +999999999 overflows a long): a bad row, not a crash.
        if (points.isEmpty() && i == firstContentLine(lines)) {
          continue; // header
        }
        throw new IllegalArgumentException("line " + (i + 1) + ": cannot read '" + line
            + "' (timestamps: ISO-8601 or epoch seconds/milliseconds; values: numbers)");
      }
    }
    for (int i = 1; i < points.size(); i++) {
      if (points.get(i).timestamp() <= points.get(i - 1).timestamp()) {
        throw new IllegalArgumentException("rows must be in increasing time order: '" + points.get(i).timestampText()
            + "' follows '" + points.get(i - 1).timestampText() + "'");
      }
    }
    return points;
  }

  public List<Scored> run(List<Point> points) {
    return run(points, Scoring.DEFAULT);
  }

  /** Scores the rows with the given scoring. */
  public List<Scored> run(List<Point> points, Scoring scoring) {
    Judged judged = judge(points, scoring);
    double[] scores = score(judged.tails(), scoring);
    List<Scored> out = new ArrayList<>(points.size());
    for (int i = 0; i < points.size(); i++) {
      boolean alert = judged.verdicts() == null ? scores[i] >= ALERT_SCORE : judged.verdicts()[i];
      out.add(new Scored(points.get(i), scores[i], alert, judged.expected()[i]));
    }
    return out;
  }

  /**
   * Each row's two-sided tail probability (NaN while the detectors learn), the volume detector's
   * verdicts for a count series (null otherwise) and its expectation (NaN for a continuous series).
   */
  record Judged(double[] tails, boolean[] verdicts, double[] expected) {}

  Judged judge(List<Point> points, Scoring scoring) {
    int n = points.size();
    double[] tails = new double[n];
    double[] expected = new double[n];
    Arrays.fill(expected, Double.NaN);
    if (n == 0) {
      return new Judged(tails, null, expected);
    }
    long interval = medianInterval(points);
    boolean counts = counts(points);
    double[] continuous = null;
    if (!counts || scoring.countsAlsoContinuous()) {
      int lag = scoring.seasonal() && interval < DAY ? (int) Math.round((double) DAY / interval) : 0;
      ContinuousDetector detector = new ContinuousDetector(CONTINUOUS_HISTORY, CONTINUOUS_MIN_HISTORY,
          lag >= 2 ? lag : 0);
      continuous = new double[n];
      for (int i = 0; i < n; i++) {
        continuous[i] = detector.next(points.get(i).value());
      }
    }
    if (!counts) {
      return new Judged(continuous, null, expected);
    }
    boolean[] verdicts = new boolean[n];
    SeasonalCountBaseline baseline = new SeasonalCountBaseline();
    // Each row's own tail: the likelihood adds rows up at its own scales, and a chart's alarm has one
    // p-value for every window it covers, which would rank them all alike.
    VolumeDetector detector = VolumeDetector.windowsAlone(settings);
    for (int i = 0; i < n; i++) {
      Point point = points.get(i);
      Evaluation[] e = detector.evaluate(point.timestamp(), point.timestamp() + interval, Math.round(point.value()), baseline);
      boolean judged = e[0].verdict() != Verdict.LEARNING || e[1].verdict() != Verdict.LEARNING;
      double volume = judged ? Math.min(1.0, 2 * Math.min(e[0].pValue(), e[1].pValue())) : Double.NaN;
      tails[i] = continuous == null || Double.isNaN(continuous[i]) ? volume
          : Double.isNaN(volume) ? continuous[i] : Math.min(1.0, 2 * Math.min(volume, continuous[i]));
      verdicts[i] = e[0].verdict() == Verdict.ANOMALY || e[1].verdict() == Verdict.ANOMALY;
      expected[i] = e[0].baseline();
    }
    return new Judged(tails, verdicts, expected);
  }

  /** Anomaly scores of tail probabilities, one per row. */
  static double[] score(double[] tails, Scoring scoring) {
    MultiScaleLikelihood likelihood = new MultiScaleLikelihood(scoring.scales(), scoring.history(), LIKELIHOOD_WARMUP,
        scoring.suppressRows(), scoring.robust(), scoring.tail());
    double[] scores = new double[tails.length];
    for (int i = 0; i < tails.length; i++) {
      scores[i] = likelihood.next(tails[i]);
    }
    return scores;
  }

  /** Whether every value is a whole number of zero or more: a count, for the volume detector. */
  static boolean counts(List<Point> points) {
    return points.stream().allMatch(p -> p.value() >= 0 && p.value() == Math.rint(p.value()));
  }

  /** Anomaly scores of a series given as arrays (timestamps in increasing order). */
  public double[] scores(long[] timestamps, double[] values) {
    return scores(timestamps, values, Scoring.DEFAULT);
  }

  /** Anomaly scores of a series given as arrays, with the given scoring. */
  public double[] scores(long[] timestamps, double[] values, Scoring scoring) {
    return score(judge(points(timestamps, values), scoring).tails(), scoring);
  }

  /** Each row's two-sided tail probability under the scoring's detectors (NaN while they learn). */
  double[] tails(long[] timestamps, double[] values, Scoring scoring) {
    return judge(points(timestamps, values), scoring).tails();
  }

  private static List<Point> points(long[] timestamps, double[] values) {
    List<Point> points = new ArrayList<>(timestamps.length);
    for (int i = 0; i < timestamps.length; i++) {
      points.add(new Point(Long.toString(timestamps[i]), timestamps[i], values[i]));
    }
    return points;
  }

  static long medianInterval(List<Point> points) {
    if (points.size() < 2) {
      return 3600_000L;
    }
    long[] gaps = new long[points.size() - 1];
    for (int i = 1; i < points.size(); i++) {
      gaps[i - 1] = points.get(i).timestamp() - points.get(i - 1).timestamp();
    }
    Arrays.sort(gaps);
    return Math.max(1000L, gaps[gaps.length / 2]);
  }

  static long parseTime(String text) {
    if (text.matches("\\d{9,13}(\\.\\d+)?")) {
      double number = Double.parseDouble(text);
      return number > 1e11 ? (long) number : (long) (number * 1000);
    }
    try {
      return Instant.parse(text).toEpochMilli();
    } catch (DateTimeParseException e) {
      try {
        return java.time.OffsetDateTime.parse(text).toInstant().toEpochMilli();
      } catch (DateTimeParseException e2) {
        String normalised = text.replace(' ', 'T');
        return LocalDateTime.parse(normalised, DateTimeFormatter.ISO_LOCAL_DATE_TIME).toInstant(ZoneOffset.UTC).toEpochMilli();
      }
    }
  }

  private static int firstContentLine(List<String> lines) {
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (!line.isEmpty() && !line.startsWith("#")) {
        return i;
      }
    }
    return -1;
  }

  private static String unquote(String text) {
    String t = text.strip();
    return t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"") ? t.substring(1, t.length() - 1) : t;
  }

  private static String number(double value) {
    return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
  }
}
