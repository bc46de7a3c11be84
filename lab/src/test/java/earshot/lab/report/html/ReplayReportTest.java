package earshot.lab.report.html;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import earshot.lab.generator.Incident;
import earshot.lab.report.DetectionReport;
import earshot.schemas.Alert;
import earshot.schemas.AlertState;
import earshot.schemas.MetricSnapshot;
import earshot.schemas.RootCause;
import earshot.schemas.Severity;
import earshot.schemas.Verbatim;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class ReplayReportTest {

  private static final Instant T0 = Instant.parse("2026-11-02T00:00:00Z");
  private static final String BILLING = "touchpoint=billing";
  private static final String HOSTILE = "</svg><script>alert('pwned')</script> & \"charged twice\"";

  /** Two days of 1-hour windows of a series, detractor share 20% (60% from hour 36 to 38). */
  private static List<MetricSnapshot> windows(String series, Map<String, String> dims) {
    List<MetricSnapshot> out = new ArrayList<>();
    for (int h = 0; h < 48; h++) {
      Instant start = T0.plus(Duration.ofHours(h));
      long answers = 50;
      long detractors = h >= 36 && h < 38 ? 30 : 10;
      out.add(MetricSnapshot.newBuilder().setMetricId(series + "/3600/" + start).setSeriesKey(series).setDimensions(dims)
          .setWindowSeconds(3600).setWindowStart(start).setWindowEnd(start.plus(Duration.ofHours(1)))
          .setInteractions(120).setNpsAnswers(answers).setDetractors(detractors)
          .setDetractorShare((double) detractors / answers).build());
    }
    return out;
  }

  private static Alert.Builder alert(String id, String series, Map<String, String> dims, int version, AlertState state,
      Severity severity, int hour) {
    Instant start = T0.plus(Duration.ofHours(hour));
    return Alert.newBuilder().setAlertId(id).setVersion(version).setState(state).setDetector("DETRACTOR_SPIKE")
        .setSeverity(severity).setSeriesKey(series).setDimensions(dims).setWindowSeconds(3600).setWindowStart(start)
        .setWindowEnd(start.plus(Duration.ofHours(1))).setOpenedAt(T0.plus(Duration.ofHours(37)))
        .setUpdatedAt(start.plus(Duration.ofHours(1))).setMetric("detractorShare").setObserved(0.6).setBaseline(0.2)
        .setExpectedLow(0.12).setExpectedHigh(0.28).setStatisticName("z").setStatistic(5.1).setPValue(2e-7)
        .setSampleSize(50).setSummary("83% of the extra detractors are in segment=SMB: the share of NPS detractors "
            + "for touchpoint=billing reached 60%.");
  }

  private static List<Alert> billingAlert() {
    RootCause cause = RootCause.newBuilder().setSlice("segment=SMB").setDimensions(Map.of("segment", "SMB"))
        .setShare(0.83).setExtra(16.6).setObserved(0.9).setBaseline(0.21).setSize(24).build();
    Verbatim quote = Verbatim.newBuilder().setInteractionId("i-1").setOccurredAt(T0.plus(Duration.ofMinutes(36 * 60 + 5)))
        .setText(HOSTILE).setNps(2).setSentimentScore(-0.8).build();
    Map<String, String> dims = Map.of("touchpoint", "billing");
    return List.of(
        alert("a1", BILLING, dims, 1, AlertState.OPEN, Severity.WARNING, 36).setRootCauses(List.of(cause))
            .setExamples(List.of(quote)).build(),
        alert("a1", BILLING, dims, 2, AlertState.UPDATED, Severity.CRITICAL, 37).setRootCauses(List.of(cause))
            .setExamples(List.of(quote)).build(),
        alert("a1", BILLING, dims, 3, AlertState.RESOLVED, Severity.CRITICAL, 40).setSummary("resolved").build());
  }

  @Test
  void showsTheAlertsFiguresEscapedAndItsFiredWindowsWhereTheyHappened(@TempDir Path dir) throws Exception {
    List<MetricSnapshot> metrics = windows(BILLING, Map.of("touchpoint", "billing"));
    List<Alert> alerts = billingAlert();
    Incident planted = new Incident("DETRACTOR_SPIKE", Map.of("touchpoint", "billing", "segment", "SMB"),
        T0.plus(Duration.ofHours(35)), T0.plus(Duration.ofHours(39)), 0.6, null);
    ReplayReport report = new ReplayReport(metrics, alerts).describe("Replayed <week>.jsonl")
        .truth(List.of(planted), DetectionReport.score(List.of(planted), alerts));
    Path file = dir.resolve("report.html");
    report.write(file);
    String html = Files.readString(file, StandardCharsets.UTF_8);

    assertThat(report.chartsDrawn()).isEqualTo(1);
    Document doc = XmlPages.parse(html);
    assertThat(XmlPages.elements(doc, "script")).isEmpty();
    assertThat(html).doesNotContain(HOSTILE).contains("&lt;/svg&gt;&lt;script&gt;alert(&#39;pwned&#39;)")
        .contains("Replayed &lt;week&gt;.jsonl");
    assertThat(XmlPages.elements(doc, "blockquote").get(0).getTextContent()).startsWith(HOSTILE);
    // The root-cause table: slice, share, extra, now and baseline in percent, size.
    Element causes = XmlPages.elements(doc, "table").stream()
        .filter(t -> t.getTextContent().contains("share of the change")).findFirst().orElseThrow();
    assertThat(causes.getTextContent()).contains("segment=SMB", "83%", "16.6", "90%", "21%", "24");
    assertThat(html).contains("83% of the extra detractors are in segment=SMB");
    // The detection table: one incident, found.
    assertThat(XmlPages.elements(doc, "table")).anySatisfy(t -> assertThat(t.getTextContent())
        .contains("DETRACTOR_SPIKE").contains("found").contains("1/1"));

    // The chart spans the day before the alert's first window (from hour 12) to 6 hours after its last one.
    Element svg = XmlPages.elements(doc, "svg").get(0);
    long from = T0.plus(Duration.ofHours(12)).toEpochMilli();
    long to = T0.plus(Duration.ofHours(47)).toEpochMilli(); // the resolving window's end (41) + 6 hours
    double plot = 960 - SvgChart.MARGIN_LEFT - SvgChart.MARGIN_RIGHT;
    List<Element> fired = rects(svg, "#d62728");
    assertThat(fired).hasSize(2);
    for (int i = 0; i < 2; i++) {
      long start = T0.plus(Duration.ofHours(36 + i)).toEpochMilli();
      double expectedX = SvgChart.MARGIN_LEFT + (double) (start - from) / (to - from) * plot;
      assertThat(XmlPages.number(fired.get(i), "x")).isEqualTo(expectedX, within(0.01));
      assertThat(XmlPages.number(fired.get(i), "width")).isEqualTo(3_600_000.0 / (to - from) * plot, within(0.02));
    }
    // The planted incident is shaded from hour 35 to 39.
    Element incident = rects(svg, "#7a4fa3").get(0);
    assertThat(XmlPages.number(incident, "x")).isEqualTo(
        SvgChart.MARGIN_LEFT + (double) (T0.plus(Duration.ofHours(35)).toEpochMilli() - from) / (to - from) * plot,
        within(0.01));
    // The line holds one value per window in range, and the judged values are dots inside the fired windows.
    String[] points = XmlPages.elements(svg.getOwnerDocument(), "polyline").get(0).getAttribute("points").split(" ");
    assertThat(points).hasSize(35); // windows 12 to 46, drawn at their middle
    List<Element> dots = XmlPages.elements(doc, "circle");
    assertThat(dots).hasSize(2);
    assertThat(XmlPages.number(dots.get(0), "cx")).isStrictlyBetween(XmlPages.number(fired.get(0), "x"),
        XmlPages.number(fired.get(0), "x") + XmlPages.number(fired.get(0), "width"));
    assertThat(svg.getTextContent()).contains("normal range stated when the alert opened", "planted incident");
  }

  private static List<Element> rects(Element svg, String stroke) {
    List<Element> out = new ArrayList<>();
    var nodes = svg.getElementsByTagName("rect");
    for (int i = 0; i < nodes.getLength(); i++) {
      Element e = (Element) nodes.item(i);
      if (e.hasAttribute("data-from") && stroke.equals(e.getAttribute("stroke"))) {
        out.add(e);
      }
    }
    return out;
  }

  @Test
  void drawsTheMostSevereSeriesFirstAndSaysHowManyChartsWereLeftOut() throws Exception {
    List<MetricSnapshot> metrics = new ArrayList<>();
    List<Alert> alerts = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      String series = "region=r" + i;
      Map<String, String> dims = Map.of("region", "r" + i);
      metrics.addAll(windows(series, dims));
      alerts.add(alert("r" + i, series, dims, 1, AlertState.OPEN, i == 3 ? Severity.CRITICAL : Severity.WARNING, 36)
          .build());
    }
    alerts.add(alert("churn", "customer", Map.of(), 1, AlertState.OPEN, Severity.CRITICAL, 30)
        .setDetector("CHURN_RISK").setCustomerKey("k").setMetric("churnRisk").build());
    ReplayReport report = new ReplayReport(metrics, alerts).maxCharts(3);
    String html = report.build().render();
    Document doc = XmlPages.parse(html);

    assertThat(report.chartsDrawn()).isEqualTo(3);
    assertThat(XmlPages.elements(doc, "svg")).hasSize(3);
    assertThat(XmlPages.elements(doc, "section").get(0).getTextContent().strip()).startsWith("CRITICALregion=r3");
    assertThat(html).contains("2 more charts left out (at most 3 are drawn)", "1 customer alerts (CHURN_RISK), not charted");
    assertThat(html).doesNotContain("churnRisk");
  }

  @Test
  void drawsAPooledJudgementOnItsSeriesWindowsAndATermShareFromTheWindowsThemes() {
    assertThat(ReplayReport.baseWindow(1800, java.util.Set.of(300L, 3600L))).isEqualTo(300);
    assertThat(ReplayReport.baseWindow(3600, java.util.Set.of(300L, 3600L))).isEqualTo(3600);
    assertThat(ReplayReport.baseWindow(700, java.util.Set.of(300L, 3600L))).isEqualTo(300);
    assertThat(ReplayReport.baseWindow(600, java.util.Set.of())).isEqualTo(600);
    MetricSnapshot window = MetricSnapshot.newBuilder().setMetricId("m").setSeriesKey("global").setWindowSeconds(300)
        .setWindowStart(T0).setWindowEnd(T0.plusSeconds(300)).setInteractions(10).setSentimentCount(40)
        .setTopKeyPhrases(List.of(new earshot.schemas.TermCount("login loop", 10L))).build();
    assertThat(ReplayReport.MetricView.of("termShare:login loop").value(window)).isEqualTo(0.25);
    assertThat(ReplayReport.MetricView.of("termShare:refund").value(window)).isZero();
    assertThat(ReplayReport.MetricView.of("nps").value(window)).isNaN();
    assertThat(ReplayReport.MetricView.of("detractorShare").format(0.256)).isEqualTo("25.6%");
  }
}
