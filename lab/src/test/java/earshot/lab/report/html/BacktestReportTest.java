package earshot.lab.report.html;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import earshot.lab.backtest.NabBenchmark;
import earshot.lab.backtest.NabCorpus;
import earshot.lab.backtest.NabScorer;
import earshot.lab.backtest.VolumeBacktest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class BacktestReportTest {

  private static final long T0 = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();
  private static final long STEP = 300_000L;

  private static List<Element> redDots(Element svg) {
    List<Element> out = new ArrayList<>();
    var nodes = svg.getElementsByTagName("circle");
    for (int i = 0; i < nodes.getLength(); i++) {
      Element e = (Element) nodes.item(i);
      if ("#d62728".equals(e.getAttribute("fill"))) {
        out.add(e);
      }
    }
    return out;
  }

  @Test
  void aNabSeriesShowsItsLabelledWindowFlaggedRowsAndThreshold() throws Exception {
    int n = 400;
    long[] t = new long[n];
    double[] values = new double[n];
    double[] scores = new double[n];
    for (int i = 0; i < n; i++) {
      t[i] = T0 + i * STEP;
      values[i] = 50 + i % 5;
      scores[i] = i >= 300 && i < 303 ? 0.9 : 0.1 + (i % 3) * 0.01;
    }
    values[300] = 400;
    NabScorer.Window window = new NabScorer.Window(t[290], t[320]);
    NabCorpus.Data data = new NabCorpus.Data("demo/<burst>.csv", t, values, List.of(window));
    NabScorer scorer = new NabScorer(NabScorer.CostMatrix.STANDARD);
    NabBenchmark.Result ours = NabBenchmark.score("earshot", List.of(data.scored(scores)), scorer);
    String html = BacktestReport.nab(List.of(data), List.of(scores), List.of(ours), "1 series", 50).render();

    Document doc = XmlPages.parse(html);
    assertThat(html).doesNotContain("<burst>").contains("demo/&lt;burst&gt;.csv");
    List<Element> charts = XmlPages.elements(doc, "svg");
    assertThat(charts).hasSize(2);
    int flagged = 0;
    for (double s : scores) {
      flagged += s >= ours.threshold() ? 1 : 0;
    }
    assertThat(flagged).isEqualTo(3);
    for (Element svg : charts) {
      assertThat(redDots(svg)).hasSize(flagged);
      assertThat(svg.getTextContent()).contains("labelled window");
    }
    // The threshold line sits at the threshold on the score chart's axis (0 to 1).
    Element scoreChart = charts.get(1);
    var lines = scoreChart.getElementsByTagName("line");
    Element threshold = null;
    for (int i = 0; i < lines.getLength(); i++) {
      Element line = (Element) lines.item(i);
      if ("#a01010".equals(line.getAttribute("stroke"))) {
        threshold = line;
      }
    }
    assertThat(threshold).isNotNull();
    // Grid lines mark the value ticks 0 (lowest on the page) to 1 (highest).
    List<Double> grid = new ArrayList<>();
    for (int i = 0; i < lines.getLength(); i++) {
      Element line = (Element) lines.item(i);
      if ("#e3e6ea".equals(((Element) line.getParentNode()).getAttribute("stroke"))) {
        grid.add(XmlPages.number(line, "y1"));
      }
    }
    double bottom = grid.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
    double top = grid.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    assertThat(bottom).isEqualTo(170 - SvgChart.MARGIN_BOTTOM, within(0.01));
    assertThat((bottom - XmlPages.number(threshold, "y1")) / (bottom - top)).isEqualTo(ours.threshold(), within(0.01));
    assertThat(html).contains("threshold " + Html.number(ours.threshold(), 4));
  }

  @Test
  void aContinuousSeriesIsFlaggedAtTheAlertScore() throws Exception {
    List<VolumeBacktest.Scored> scored = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      double score = i == 40 ? 0.8 : 0.2;
      scored.add(new VolumeBacktest.Scored(new VolumeBacktest.Point("t" + i, T0 + i * STEP, 1.5 + i % 3), score,
          score >= VolumeBacktest.ALERT_SCORE, Double.NaN));
    }
    String html = BacktestReport.series("cpu.csv", scored).render();
    Document doc = XmlPages.parse(html);
    List<Element> charts = XmlPages.elements(doc, "svg");
    assertThat(charts).hasSize(2);
    assertThat(redDots(charts.get(0))).hasSize(1);
    assertThat(redDots(charts.get(1))).hasSize(1);
    assertThat(charts.get(1).getTextContent()).contains("alert threshold 0.6");
    assertThat(html).contains("50 rows", "1 flagged");
  }
}
