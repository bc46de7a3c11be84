package earshot.lab.report.html;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class SvgChartTest {

  private static final long T0 = Instant.parse("2026-11-02T00:00:00Z").toEpochMilli();
  private static final long HOUR = 3_600_000L;

  private static long[] hours(int n) {
    long[] t = new long[n];
    for (int i = 0; i < n; i++) {
      t[i] = T0 + i * HOUR;
    }
    return t;
  }

  @Test
  void mapsTheDataRangeOntoThePlotAndRoundsTheValueAxis() throws Exception {
    // 11 hourly values from 3 to 97: the value axis is rounded out to 0..100 in steps of 20.
    double[] v = {3, 10, 20, 30, 40, 50, 60, 70, 80, 90, 97};
    SvgChart chart = new SvgChart("demo", 600, 300).line("value", hours(11), v, SvgChart.Paint.LINE);

    assertThat(chart.valueTicks()).extracting(SvgChart.Tick::value).containsExactly(0.0, 20.0, 40.0, 60.0, 80.0, 100.0);
    assertThat(chart.valueTicks()).extracting(SvgChart.Tick::label).containsExactly("0", "20", "40", "60", "80", "100");
    double bottom = chart.y(0);
    double top = chart.y(100);
    assertThat(bottom).isEqualTo(300 - SvgChart.MARGIN_BOTTOM, within(1e-9));
    assertThat(top).isLessThan(bottom);
    assertThat(chart.y(50)).isEqualTo((top + bottom) / 2, within(1e-9));
    assertThat(chart.x(T0)).isEqualTo(SvgChart.MARGIN_LEFT, within(1e-9));
    assertThat(chart.x(T0 + 10 * HOUR)).isEqualTo(600 - SvgChart.MARGIN_RIGHT, within(1e-9));
    assertThat(chart.x(T0 + 5 * HOUR)).isEqualTo((SvgChart.MARGIN_LEFT + 600 - SvgChart.MARGIN_RIGHT) / 2.0, within(1e-9));

    Document svg = XmlPages.parse(chart.render());
    List<Element> lines = XmlPages.elements(svg, "polyline");
    assertThat(lines).hasSize(1);
    String[] points = lines.get(0).getAttribute("points").split(" ");
    assertThat(points).hasSize(11);
    assertThat(points[0]).isEqualTo(Html.coord(chart.x(T0)) + "," + Html.coord(chart.y(3)));
    assertThat(points[10]).isEqualTo(Html.coord(chart.x(T0 + 10 * HOUR)) + "," + Html.coord(chart.y(97)));
  }

  @Test
  void timeTicksFallOnRoundHoursAndNameTheDayAtMidnight() {
    // 2026-11-01 18:00 to 2026-11-02 06:00 UTC.
    long from = T0 - 6 * HOUR;
    SvgChart chart = new SvgChart("t", 960, 300).line("v", new long[] {from, T0 + 6 * HOUR}, new double[] {1, 2},
        SvgChart.Paint.LINE);
    List<SvgChart.Tick> ticks = chart.timeTicks();
    assertThat(ticks).isNotEmpty().hasSizeLessThanOrEqualTo(10);
    assertThat(ticks).allSatisfy(t -> assertThat((long) t.value() % (2 * HOUR)).isZero());
    assertThat(ticks).extracting(SvgChart.Tick::label).contains("11-02", "20:00", "04:00");
    assertThat(ticks.get(0).position()).isGreaterThanOrEqualTo(SvgChart.MARGIN_LEFT);
    assertThat(SvgChart.timeStep(7 * 24 * HOUR, 10)).isEqualTo(24 * HOUR);
    assertThat(SvgChart.niceStep(0.23)).isEqualTo(0.2, within(1e-12));
    assertThat(SvgChart.niceStep(7.5)).isEqualTo(10.0, within(1e-12));
  }

  @Test
  void escapesEveryTextSoHostileTitlesStayText() throws Exception {
    String hostile = "</svg><script>alert('x')</script> & \"quoted\"";
    SvgChart chart = new SvgChart(hostile, 600, 300).yLabel(hostile)
        .line(hostile, hours(3), new double[] {1, 2, 3}, SvgChart.Paint.LINE)
        .span(hostile, T0, T0 + HOUR, SvgChart.Paint.FIRED, hostile);
    String svg = chart.render();
    assertThat(svg).doesNotContain("<script").doesNotContain("</svg><").contains("&lt;/svg&gt;&lt;script&gt;");
    Document doc = XmlPages.parse(svg);
    assertThat(XmlPages.elements(doc, "script")).isEmpty();
    assertThat(XmlPages.elements(doc, "title").get(0).getTextContent()).isEqualTo(hostile);
    assertThat(XmlPages.elements(doc, "text")).anySatisfy(t -> assertThat(t.getTextContent()).isEqualTo(hostile));
  }

  @Test
  void aMissingValueBreaksTheLineAndALoneValueIsADot() throws Exception {
    double[] v = {1, 2, Double.NaN, 4, 5, Double.NaN, 7};
    Document doc = XmlPages.parse(new SvgChart("gaps", 600, 300).line("v", hours(7), v, SvgChart.Paint.LINE).render());
    List<Element> lines = XmlPages.elements(doc, "polyline");
    assertThat(lines).hasSize(2);
    assertThat(lines).allSatisfy(l -> assertThat(l.getAttribute("points").split(" ")).hasSize(2));
    assertThat(XmlPages.elements(doc, "circle")).hasSize(1); // the 7, alone after a gap
    assertThat(doc.getDocumentElement().getTextContent()).doesNotContain("NaN");
  }

  @Test
  void anEmptyOrAllMissingSeriesDrawsAxesAndSaysSo() throws Exception {
    for (SvgChart chart : List.of(
        new SvgChart("empty", 600, 300).line("v", new long[0], new double[0], SvgChart.Paint.LINE),
        new SvgChart("nan", 600, 300).line("v", hours(3), new double[] {Double.NaN, Double.NaN, Double.NaN},
            SvgChart.Paint.LINE),
        new SvgChart("nothing", 600, 300))) {
      assertThat(chart.isEmpty()).isTrue();
      String svg = chart.render();
      Document doc = XmlPages.parse(svg);
      assertThat(XmlPages.elements(doc, "polyline")).isEmpty();
      assertThat(svg).contains("no values in this range").doesNotContain("NaN").doesNotContain("Infinity");
    }
  }

  @Test
  void aSinglePointSitsInTheMiddleOfAnHourEitherSide() throws Exception {
    SvgChart chart = new SvgChart("one", 600, 300).line("v", new long[] {T0}, new double[] {42}, SvgChart.Paint.LINE);
    assertThat(chart.x(T0)).isEqualTo((SvgChart.MARGIN_LEFT + 600 - SvgChart.MARGIN_RIGHT) / 2.0, within(1e-9));
    Document doc = XmlPages.parse(chart.render());
    List<Element> dots = XmlPages.elements(doc, "circle");
    assertThat(dots).hasSize(1);
    assertThat(XmlPages.number(dots.get(0), "cx")).isEqualTo(chart.x(T0), within(0.01));
    assertThat(XmlPages.number(dots.get(0), "cy")).isEqualTo(chart.y(42), within(0.01));
  }

  @Test
  void aConstantSeriesIsDrawnInsideAnAxisAroundIt() throws Exception {
    double[] flat = new double[24];
    Arrays.fill(flat, 0.25);
    SvgChart chart = new SvgChart("flat", 600, 300).line("v", hours(24), flat, SvgChart.Paint.LINE);
    List<SvgChart.Tick> ticks = chart.valueTicks();
    assertThat(ticks.get(0).value()).isLessThan(0.25);
    assertThat(ticks.get(ticks.size() - 1).value()).isGreaterThan(0.25);
    assertThat(chart.y(0.25)).isStrictlyBetween(chart.y(ticks.get(ticks.size() - 1).value()), chart.y(ticks.get(0).value()));
    String svg = chart.render();
    assertThat(svg).doesNotContain("NaN").doesNotContain("Infinity");
    XmlPages.parse(svg);
  }

  @Test
  void aSpanCoversItsTimeAndALongLineKeepsItsSpike() throws Exception {
    int n = 100_000;
    long[] t = new long[n];
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      t[i] = T0 + i * 60_000L;
      v[i] = 10 + (i % 7);
    }
    v[54_321] = 500; // one row
    long spanFrom = t[50_000];
    long spanTo = t[60_000];
    SvgChart chart = new SvgChart("long", 960, 300).line("v", t, v, SvgChart.Paint.LINE)
        .span("fired", spanFrom, spanTo, SvgChart.Paint.FIRED, "fired window");
    Document doc = XmlPages.parse(chart.render());
    String[] points = XmlPages.elements(doc, "polyline").get(0).getAttribute("points").split(" ");
    assertThat(points.length).isLessThanOrEqualTo(4 * (960 - SvgChart.MARGIN_LEFT - SvgChart.MARGIN_RIGHT + 1));
    assertThat(points).contains(Html.coord(chart.x(t[54_321])) + "," + Html.coord(chart.y(500)));
    Element span = XmlPages.elements(doc, "rect").stream().filter(r -> r.hasAttribute("data-from")).findFirst()
        .orElseThrow();
    assertThat(XmlPages.number(span, "x")).isEqualTo(chart.x(spanFrom), within(0.01));
    assertThat(XmlPages.number(span, "width")).isEqualTo(chart.x(spanTo) - chart.x(spanFrom), within(0.02));
    assertThat(span.getTextContent()).isEqualTo("fired window");
  }
}
