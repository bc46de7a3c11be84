package earshot.lab.report.html;

import earshot.lab.backtest.NabBenchmark;
import earshot.lab.backtest.NabCorpus;
import earshot.lab.backtest.NabScorer;
import earshot.lab.backtest.VolumeBacktest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The picture of a backtest: per series, its values with the rows flagged and the labelled
 * anomaly windows shaded, and under it the anomaly_score line with the threshold. For one scored
 * series ({@code ./earshot backtest --input}) the flags are the detector's own (for a count series
 * the volume detector's verdict, drawn with its expectation; for other series a score of
 * {@link VolumeBacktest#ALERT_SCORE} or more); for a NAB corpus ({@code --nab}) a row is flagged when
 * its score reaches the threshold NAB's sweep chose, and the header carries NAB's score table.
 *
 * <p>Consumes scored rows or a NAB corpus with its scores; emits an {@link HtmlReport}.
 */
public final class BacktestReport {

  /** Series drawn at most in a NAB report, by default (two charts each). */
  public static final int DEFAULT_MAX_SERIES = 50;
  private static final int WIDTH = 960;
  private static final int VALUE_HEIGHT = 240;
  private static final int SCORE_HEIGHT = 170;

  private BacktestReport() {}

  /**
   * The report of one scored series.
   *
   * @param name what was scored (the input file's name)
   */
  public static HtmlReport series(String name, List<VolumeBacktest.Scored> scored) {
    HtmlReport page = new HtmlReport("Earshot backtest: " + name);
    page.heading(1, "Earshot backtest: " + name, "top");
    int n = scored.size();
    long[] t = new long[n];
    double[] values = new double[n];
    double[] expected = new double[n];
    double[] scores = new double[n];
    boolean[] flagged = new boolean[n];
    boolean counts = false;
    for (int i = 0; i < n; i++) {
      VolumeBacktest.Scored s = scored.get(i);
      t[i] = s.point().timestamp();
      values[i] = s.point().value();
      expected[i] = s.expected();
      scores[i] = s.score();
      flagged[i] = s.alert();
      counts |= Double.isFinite(s.expected());
    }
    int flags = count(flagged);
    page.paragraph(String.format(Locale.ROOT, "%,d rows from %s to %s UTC, %d flagged.", n,
        n == 0 ? "-" : Html.minute(java.time.Instant.ofEpochMilli(t[0])),
        n == 0 ? "-" : Html.minute(java.time.Instant.ofEpochMilli(t[n - 1])), flags));
    page.note(counts
        ? "A series of whole numbers is judged as a count by the volume detector against its seasonal baseline "
            + "(grey dashed: what it expected). A row is flagged (red dot) when the detector judged it anomalous, above "
            + "or below; anomaly_score ranks each row's recent surprise against the series' own history and is not "
            + "what flags it, so the score chart has no threshold line."
        : "A series of other values is judged by the continuous detector; a row is flagged (red dot) when its "
            + "anomaly_score reaches " + Html.number(VolumeBacktest.ALERT_SCORE, 2) + " (red dashed line).");
    SvgChart valueChart = new SvgChart(name + " — values", WIDTH, VALUE_HEIGHT).yLabel("value");
    valueChart.line("value", t, values, SvgChart.Paint.LINE);
    if (counts) {
      valueChart.line("expected by the volume detector", t, expected, SvgChart.Paint.REFERENCE);
    }
    valueChart.markers("flagged row", t, only(values, flagged), SvgChart.Paint.MARKER);
    page.chart(valueChart);
    SvgChart scoreChart = new SvgChart(name + " — anomaly_score", WIDTH, SCORE_HEIGHT).yLabel("anomaly_score")
        .valueRange(0, 1);
    scoreChart.line("anomaly_score", t, scores, SvgChart.Paint.LINE);
    if (!counts) {
      scoreChart.level("alert threshold " + Html.number(VolumeBacktest.ALERT_SCORE, 2), VolumeBacktest.ALERT_SCORE,
          SvgChart.Paint.THRESHOLD, null);
    }
    scoreChart.markers("flagged row", t, only(scores, flagged), SvgChart.Paint.MARKER);
    page.chart(scoreChart);
    return page;
  }

  /**
   * The report of a NAB run.
   *
   * @param corpus the series, in the order scored
   * @param scores one anomaly score per row of each series, in the same order
   * @param results the detectors compared; the first is the one drawn
   * @param heading what was scored (folder, profile)
   */
  public static HtmlReport nab(List<NabCorpus.Data> corpus, List<double[]> scores, List<NabBenchmark.Result> results,
      String heading, int maxSeries) {
    if (corpus.size() != scores.size()) {
      throw new IllegalArgumentException(corpus.size() + " series but " + scores.size() + " score arrays");
    }
    NabBenchmark.Result ours = results.get(0);
    double threshold = ours.threshold();
    HtmlReport page = new HtmlReport("Earshot backtest on NAB");
    page.heading(1, "Earshot backtest on NAB", "top");
    page.paragraph(heading);
    List<String> categories = ours.categories().stream().map(NabBenchmark.Part::name).toList();
    List<String> headers = new ArrayList<>(List.of("detector", "threshold"));
    headers.addAll(categories);
    headers.add("total");
    List<List<String>> rows = new ArrayList<>();
    for (NabBenchmark.Result r : results) {
      List<String> row = new ArrayList<>(List.of(r.detector(), Html.number(r.threshold(), 4)));
      for (String name : categories) {
        row.add(r.categories().stream().filter(c -> c.name().equals(name)).findFirst().map(BacktestReport::cell)
            .orElse("-"));
      }
      row.add(cell(r.total()));
      rows.add(row);
    }
    page.table(headers, rows);
    page.note("NAB's normalised score per category (0 = the null detector, 100 = perfect); a category without anomaly "
        + "windows shows its raw score in brackets. Below, per series: the values with the labelled anomaly windows "
        + "(purple) and the rows whose anomaly_score reaches " + ours.detector() + "'s threshold "
        + Html.number(threshold, 4) + " (red dots), then the anomaly_score line with that threshold.");
    int shown = Math.min(maxSeries, corpus.size());
    List<String> labels = new ArrayList<>();
    List<String> anchors = new ArrayList<>();
    for (int i = 0; i < shown; i++) {
      NabScorer.FileScore file = ours.files().get(i);
      labels.add(String.format(Locale.ROOT, "%s (raw %s, %d window%s)", corpus.get(i).name(), Html.number(file.raw(), 3),
          file.windows(), file.windows() == 1 ? "" : "s"));
      anchors.add("series-" + (i + 1));
    }
    page.links(labels, anchors);
    if (shown < corpus.size()) {
      page.paragraph(String.format(Locale.ROOT, "%d more series left out (at most %d are drawn): %s.",
          corpus.size() - shown, maxSeries, String.join(", ", corpus.subList(shown, corpus.size()).stream()
              .map(NabCorpus.Data::name).toList())));
    }
    for (int i = 0; i < shown; i++) {
      NabCorpus.Data data = corpus.get(i);
      double[] score = scores.get(i);
      NabScorer.FileScore file = ours.files().get(i);
      boolean[] flagged = new boolean[score.length];
      for (int r = 0; r < score.length; r++) {
        flagged[r] = score[r] >= threshold;
      }
      page.section("series-" + (i + 1));
      page.heading(2, data.name(), null);
      page.paragraph(String.format(Locale.ROOT, "%,d rows, %d labelled window%s, %d rows flagged: %d in windows, %d "
          + "outside; raw score %s.", data.timestamps().length, data.windows().size(),
          data.windows().size() == 1 ? "" : "s", count(flagged), file.tp(), file.fp(), Html.number(file.raw(), 3)));
      SvgChart valueChart = new SvgChart(data.name() + " — values", WIDTH, VALUE_HEIGHT).yLabel("value");
      SvgChart scoreChart = new SvgChart(data.name() + " — anomaly_score", WIDTH, SCORE_HEIGHT)
          .yLabel("anomaly_score").valueRange(0, 1);
      for (NabScorer.Window w : data.windows()) {
        String tip = "labelled anomaly window " + Html.minute(java.time.Instant.ofEpochMilli(w.start())) + " to "
            + Html.minute(java.time.Instant.ofEpochMilli(w.end())) + " UTC";
        valueChart.span("labelled window", w.start(), w.end(), SvgChart.Paint.INCIDENT, tip);
        scoreChart.span("labelled window", w.start(), w.end(), SvgChart.Paint.INCIDENT, tip);
      }
      if (data.timestamps().length > 0) {
        // The spans must not stretch the axis beyond the data.
        long first = data.timestamps()[0];
        long last = data.timestamps()[data.timestamps().length - 1];
        valueChart.timeRange(first, last);
        scoreChart.timeRange(first, last);
      }
      valueChart.line("value", data.timestamps(), data.values(), SvgChart.Paint.LINE);
      valueChart.markers("flagged row", data.timestamps(), only(data.values(), flagged), SvgChart.Paint.MARKER);
      scoreChart.line("anomaly_score", data.timestamps(), score, SvgChart.Paint.LINE);
      scoreChart.level("threshold " + Html.number(threshold, 4), threshold, SvgChart.Paint.THRESHOLD, null);
      scoreChart.markers("flagged row", data.timestamps(), only(score, flagged), SvgChart.Paint.MARKER);
      page.chart(valueChart).chart(scoreChart);
      page.end();
    }
    return page;
  }

  private static String cell(NabBenchmark.Part p) {
    return Double.isNaN(p.normalised()) ? "(raw " + Html.number(p.raw(), 2) + ")" : Html.number(p.normalised(), 1);
  }

  /** The values at flagged rows, NaN elsewhere. */
  private static double[] only(double[] values, boolean[] flagged) {
    double[] out = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = flagged[i] ? values[i] : Double.NaN;
    }
    return out;
  }

  private static int count(boolean[] flags) {
    int n = 0;
    for (boolean f : flags) {
      n += f ? 1 : 0;
    }
    return n;
  }
}
