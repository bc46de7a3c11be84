package earshot.lab.report.html;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleFunction;

/**
 * A time chart as one inline SVG element: a linear time axis (UTC) and a linear value axis with
 * round ticks, value lines (a missing value, NaN, breaks the line; a point with no neighbour is
 * drawn as a dot), markers, horizontal bands and lines, and shaded time spans (fired windows,
 * planted incidents, labelled windows), with a legend of every named layer. The output uses
 * presentation attributes only, so it reads the same without the page's style sheet, and every
 * text is escaped ({@link Html#escape}), so it parses as XML.
 *
 * <p>Consumes epoch milliseconds and values; emits a string. Lines with more points than the plot
 * has pixel columns keep, per column, the first, lowest, highest and last value, so a one-row
 * spike stays visible in a long series.
 */
public final class SvgChart {

  /** The fixed palette: each layer kind is drawn the same way in every chart. */
  public enum Paint {
    /** The measured series. */
    LINE("fill=\"none\" stroke=\"#1f5fa8\" stroke-width=\"1.5\" stroke-linejoin=\"round\"", "#1f5fa8"),
    /** A second, reference series (a baseline's expectation). */
    REFERENCE("fill=\"none\" stroke=\"#6b7785\" stroke-width=\"1.2\" stroke-dasharray=\"4 3\"", "#6b7785"),
    /** The range a baseline considers normal. */
    BAND("fill=\"#2e9e5b\" fill-opacity=\"0.14\" stroke=\"none\"", "#bfe3cd"),
    /** A baseline value. */
    BASELINE("fill=\"none\" stroke=\"#2e9e5b\" stroke-width=\"1.2\" stroke-dasharray=\"6 3\"", "#2e9e5b"),
    /** Windows an alert fired on. */
    FIRED("fill=\"#d62728\" fill-opacity=\"0.28\" stroke=\"#d62728\" stroke-opacity=\"0.6\" stroke-width=\"0.5\"", "#efa9a9"),
    /** The time an alert stayed open. */
    OPEN("fill=\"#ff9f1c\" fill-opacity=\"0.12\" stroke=\"none\"", "#ffe2b8"),
    /** A planted incident or a labelled anomaly window. */
    INCIDENT("fill=\"#7a4fa3\" fill-opacity=\"0.12\" stroke=\"#7a4fa3\" stroke-opacity=\"0.8\" stroke-dasharray=\"4 2\"",
        "#d6c8e4"),
    /** Values a detector judged or flagged. */
    MARKER("fill=\"#d62728\" stroke=\"#ffffff\" stroke-width=\"0.8\"", "#d62728"),
    /** A threshold. */
    THRESHOLD("fill=\"none\" stroke=\"#a01010\" stroke-width=\"1\" stroke-dasharray=\"2 2\"", "#a01010");

    private final String attributes;
    private final String swatch;

    Paint(String attributes, String swatch) {
      this.attributes = attributes;
      this.swatch = swatch;
    }
  }

  /** A tick: its value (epoch millis for the time axis), its pixel position and its label. */
  public record Tick(double value, double position, String label) {}

  private record Series(String name, long[] x, double[] y, Paint paint, boolean markers) {}

  private record Span(long from, long to, Paint paint, String tooltip) {}

  private record Band(long from, long to, double low, double high, Paint paint, String tooltip) {}

  private record Level(double value, Paint paint, String tooltip) {}

  private static final long MINUTE = 60_000L;
  private static final long HOUR = 60 * MINUTE;
  private static final long DAY = 24 * HOUR;
  private static final long[] TIME_STEPS = {MINUTE, 2 * MINUTE, 5 * MINUTE, 10 * MINUTE, 15 * MINUTE, 30 * MINUTE,
      HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 2 * DAY, 7 * DAY, 14 * DAY, 28 * DAY, 91 * DAY, 364 * DAY};
  private static final DateTimeFormatter DAY_LABEL = DateTimeFormatter.ofPattern("MM-dd", Locale.ROOT)
      .withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter HOUR_LABEL = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT)
      .withZone(ZoneOffset.UTC);
  private static final String INCIDENT_STRIP = "#7a4fa3";
  static final int MARGIN_LEFT = 64;
  static final int MARGIN_RIGHT = 16;
  static final int MARGIN_BOTTOM = 28;
  private static final int TITLE_HEIGHT = 20;
  private static final int LEGEND_ROW = 16;

  private final String title;
  private final int width;
  private final int height;
  private final List<Series> series = new ArrayList<>();
  private final List<Span> spans = new ArrayList<>();
  private final List<Band> bands = new ArrayList<>();
  private final List<Level> levels = new ArrayList<>();
  private final Map<String, Paint> legend = new LinkedHashMap<>();
  private String yLabel = "";
  private DoubleFunction<String> yFormat = v -> Html.number(v, 6);
  private Long forcedFrom;
  private Long forcedTo;
  private double forcedLow = Double.NaN;
  private double forcedHigh = Double.NaN;

  // Layout, computed on first use.
  private boolean laidOut;
  private long xFrom;
  private long xTo;
  private double yLow;
  private double yHigh;
  private double yStep;
  private int top;
  private boolean empty;

  public SvgChart(String title, int width, int height) {
    if (width < MARGIN_LEFT + MARGIN_RIGHT + 20 || height < 80) {
      throw new IllegalArgumentException("a chart needs at least " + (MARGIN_LEFT + MARGIN_RIGHT + 20) + " x 80 pixels");
    }
    this.title = title == null ? "" : title;
    this.width = width;
    this.height = height;
  }

  /** The value axis' name, written above it. */
  public SvgChart yLabel(String label) {
    this.yLabel = label == null ? "" : label;
    return changed();
  }

  /** How value ticks are written (default: the number without trailing zeros). */
  public SvgChart yFormat(DoubleFunction<String> format) {
    this.yFormat = format;
    return changed();
  }

  /** A line through the values at the given times (NaN: no value, the line breaks). */
  public SvgChart line(String name, long[] x, double[] y, Paint paint) {
    return add(name, x, y, paint, false);
  }

  /** One marker per value (NaN: none). */
  public SvgChart markers(String name, long[] x, double[] y, Paint paint) {
    return add(name, x, y, paint, true);
  }

  /** A time span shaded over the plot's full height, such as a window that fired. */
  public SvgChart span(String legendName, long from, long to, Paint paint, String tooltip) {
    spans.add(new Span(from, Math.max(from, to), paint, tooltip));
    named(legendName, paint);
    return changed();
  }

  /** A value range shaded across the whole time axis. */
  public SvgChart band(String legendName, double low, double high, Paint paint, String tooltip) {
    return band(legendName, Long.MIN_VALUE, Long.MAX_VALUE, low, high, paint, tooltip);
  }

  /** A value range shaded over a time span. */
  public SvgChart band(String legendName, long from, long to, double low, double high, Paint paint, String tooltip) {
    if (Double.isFinite(low) && Double.isFinite(high)) {
      bands.add(new Band(from, to, Math.min(low, high), Math.max(low, high), paint, tooltip));
      named(legendName, paint);
    }
    return changed();
  }

  /** A horizontal line at a value, such as a baseline or a threshold. */
  public SvgChart level(String legendName, double value, Paint paint, String tooltip) {
    if (Double.isFinite(value)) {
      levels.add(new Level(value, paint, tooltip));
      named(legendName, paint);
    }
    return changed();
  }

  /** Shows exactly this time range (data outside it is left out). */
  public SvgChart timeRange(long from, long to) {
    this.forcedFrom = Math.min(from, to);
    this.forcedTo = Math.max(from, to);
    return changed();
  }

  /** Makes the value axis cover at least this range (data beyond it widens it). */
  public SvgChart valueRange(double low, double high) {
    this.forcedLow = Math.min(low, high);
    this.forcedHigh = Math.max(low, high);
    return changed();
  }

  private SvgChart add(String name, long[] x, double[] y, Paint paint, boolean markers) {
    if (x.length != y.length) {
      throw new IllegalArgumentException("times and values differ in length: " + x.length + " and " + y.length);
    }
    series.add(new Series(name, x.clone(), y.clone(), paint, markers));
    named(name, paint);
    return changed();
  }

  private void named(String name, Paint paint) {
    if (name != null && !name.isBlank()) {
      legend.putIfAbsent(name, paint);
    }
  }

  private SvgChart changed() {
    laidOut = false;
    return this;
  }

  // ---- scales -------------------------------------------------------------------------------

  /** The pixel column of a time. */
  public double x(long time) {
    layout();
    return MARGIN_LEFT + (double) (time - xFrom) / (xTo - xFrom) * plotWidth();
  }

  /** The pixel row of a value (larger values higher up). */
  public double y(double value) {
    layout();
    return top + (yHigh - value) / (yHigh - yLow) * plotHeight();
  }

  /** The time axis' ticks. */
  public List<Tick> timeTicks() {
    layout();
    List<Tick> ticks = new ArrayList<>();
    if (empty) {
      return ticks;
    }
    long step = timeStep(xTo - xFrom, Math.max(2, plotWidth() / 90));
    long first = Math.floorDiv(xFrom + step - 1, step) * step;
    for (long t = first; t <= xTo; t += step) {
      String label = step >= DAY || Math.floorMod(t, DAY) == 0 ? DAY_LABEL.format(Instant.ofEpochMilli(t))
          : HOUR_LABEL.format(Instant.ofEpochMilli(t));
      ticks.add(new Tick(t, x(t), label));
    }
    return ticks;
  }

  /** The value axis' ticks. */
  public List<Tick> valueTicks() {
    layout();
    List<Tick> ticks = new ArrayList<>();
    int count = (int) Math.round((yHigh - yLow) / yStep);
    for (int i = 0; i <= count; i++) {
      double v = yLow + i * yStep;
      if (Math.abs(v) < yStep * 1e-9) {
        v = 0; // no "-0" from rounding
      }
      ticks.add(new Tick(v, y(v), yFormat.apply(v)));
    }
    return ticks;
  }

  /** Whether the chart has no value to draw. */
  public boolean isEmpty() {
    layout();
    return empty;
  }

  private int plotWidth() {
    return width - MARGIN_LEFT - MARGIN_RIGHT;
  }

  private int plotHeight() {
    return height - top - MARGIN_BOTTOM;
  }

  private void layout() {
    if (laidOut) {
      return;
    }
    top = TITLE_HEIGHT + legendRows().size() * LEGEND_ROW + 6;
    if (plotHeight() < 30) {
      throw new IllegalArgumentException("the legend leaves no room to plot in " + height + " pixels");
    }
    long from = Long.MAX_VALUE;
    long to = Long.MIN_VALUE;
    for (Series s : series) {
      for (int i = 0; i < s.x.length; i++) {
        if (Double.isFinite(s.y[i])) {
          from = Math.min(from, s.x[i]);
          to = Math.max(to, s.x[i]);
        }
      }
    }
    for (Span s : spans) {
      from = Math.min(from, s.from);
      to = Math.max(to, s.to);
    }
    empty = from > to;
    if (forcedFrom != null) {
      from = forcedFrom;
      to = forcedTo;
    } else if (empty) {
      from = 0;
      to = HOUR;
    }
    if (from == to) {
      from -= HOUR; // a single instant: an hour either side
      to += HOUR;
    }
    xFrom = from;
    xTo = to;

    double low = Double.POSITIVE_INFINITY;
    double high = Double.NEGATIVE_INFINITY;
    for (Series s : series) {
      for (int i = 0; i < s.x.length; i++) {
        if (Double.isFinite(s.y[i]) && s.x[i] >= xFrom && s.x[i] <= xTo) {
          low = Math.min(low, s.y[i]);
          high = Math.max(high, s.y[i]);
        }
      }
    }
    empty = low > high;
    for (Band b : bands) {
      low = Math.min(low, b.low);
      high = Math.max(high, b.high);
    }
    for (Level l : levels) {
      low = Math.min(low, l.value);
      high = Math.max(high, l.value);
    }
    if (!Double.isNaN(forcedLow)) {
      low = Math.min(low, forcedLow);
      high = Math.max(high, forcedHigh);
    }
    if (low > high) {
      low = 0;
      high = 1;
    }
    if (low == high) {
      // A constant series: centred, with room of a tenth of its size (or one unit at zero).
      double pad = low == 0 ? 1 : Math.abs(low) * 0.1;
      low -= pad;
      high += pad;
    }
    yStep = niceStep((high - low) / 5);
    yLow = Math.floor(low / yStep + 1e-9) * yStep;
    yHigh = Math.ceil(high / yStep - 1e-9) * yStep;
    if (yHigh <= yLow) {
      yHigh = yLow + yStep;
    }
    laidOut = true;
  }

  /** A round step (1, 2 or 5 times a power of ten) near {@code raw}. */
  static double niceStep(double raw) {
    if (!(raw > 0) || !Double.isFinite(raw)) {
      return 1;
    }
    double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
    double norm = raw / magnitude;
    double nice = norm < 1.5 ? 1 : norm < 3 ? 2 : norm < 7 ? 5 : 10;
    return nice * magnitude;
  }

  /** The smallest calendar-like step that gives at most {@code maxTicks} ticks over {@code span}. */
  static long timeStep(long span, int maxTicks) {
    for (long step : TIME_STEPS) {
      if (span / step <= maxTicks) {
        return step;
      }
    }
    long step = TIME_STEPS[TIME_STEPS.length - 1];
    while (span / step > maxTicks) {
      step *= 2;
    }
    return step;
  }

  // ---- rendering ----------------------------------------------------------------------------

  private List<List<Map.Entry<String, Paint>>> legendRows() {
    List<List<Map.Entry<String, Paint>>> rows = new ArrayList<>();
    List<Map.Entry<String, Paint>> row = new ArrayList<>();
    double used = 0;
    for (Map.Entry<String, Paint> item : legend.entrySet()) {
      double itemWidth = legendItemWidth(item.getKey());
      if (!row.isEmpty() && used + itemWidth > width - MARGIN_LEFT) {
        rows.add(row);
        row = new ArrayList<>();
        used = 0;
      }
      row.add(item);
      used += itemWidth;
    }
    if (!row.isEmpty()) {
      rows.add(row);
    }
    return rows;
  }

  private static double legendItemWidth(String name) {
    return 22 + 6.2 * name.length();
  }

  /** The chart as one {@code <svg>} element. */
  public String render() {
    layout();
    StringBuilder svg = new StringBuilder(8192);
    svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"").append(width)
        .append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(width).append(' ').append(height)
        .append("\" role=\"img\" font-family=\"sans-serif\" font-size=\"11\">\n");
    svg.append("<title>").append(Html.escape(title)).append("</title>\n");
    svg.append("<rect x=\"0\" y=\"0\" width=\"").append(width).append("\" height=\"").append(height)
        .append("\" fill=\"#ffffff\"/>\n");
    svg.append("<text x=\"").append(MARGIN_LEFT).append("\" y=\"14\" font-size=\"12\" font-weight=\"bold\" fill=\"#222\">")
        .append(Html.escape(title)).append("</text>\n");
    renderLegend(svg);
    double left = MARGIN_LEFT;
    double right = width - MARGIN_RIGHT;
    double bottom = top + plotHeight();
    // Shaded spans and bands first, so that lines and markers stay on top; incidents and labelled
    // windows over the other spans, outlined, so that an alert's shading does not hide them.
    List<Span> ordered = new ArrayList<>(spans);
    ordered.sort(java.util.Comparator.comparing((Span s) -> s.paint == Paint.INCIDENT));
    for (Span s : ordered) {
      if (s.to < xFrom || s.from > xTo) {
        continue;
      }
      double x0 = clampX(s.from);
      double x1 = clampX(s.to);
      svg.append("<rect x=\"").append(Html.coord(x0)).append("\" y=\"").append(top).append("\" width=\"")
          .append(Html.coord(Math.max(1, x1 - x0))).append("\" height=\"").append(plotHeight()).append("\" ")
          .append(s.paint.attributes).append(" data-from=\"").append(s.from).append("\" data-to=\"").append(s.to)
          .append('"');
      tooltip(svg, "rect", s.tooltip);
      if (s.paint == Paint.INCIDENT) {
        // A solid strip along the top names the span even where other shading covers it.
        svg.append("<rect x=\"").append(Html.coord(x0)).append("\" y=\"").append(top).append("\" width=\"")
            .append(Html.coord(Math.max(1, x1 - x0))).append("\" height=\"5\" fill=\"").append(INCIDENT_STRIP)
            .append("\"/>\n");
      }
    }
    for (Band b : bands) {
      long from = Math.max(b.from, xFrom);
      long to = Math.min(b.to, xTo);
      if (from > to) {
        continue;
      }
      double x0 = x(from);
      double x1 = x(to);
      double y0 = y(b.high);
      double y1 = y(b.low);
      svg.append("<rect x=\"").append(Html.coord(x0)).append("\" y=\"").append(Html.coord(y0)).append("\" width=\"")
          .append(Html.coord(Math.max(1, x1 - x0))).append("\" height=\"").append(Html.coord(Math.max(1, y1 - y0)))
          .append("\" ").append(b.paint.attributes);
      tooltip(svg, "rect", b.tooltip);
    }
    renderAxes(svg, left, right, bottom);
    for (Level l : levels) {
      double y = y(l.value);
      svg.append("<line x1=\"").append(Html.coord(left)).append("\" x2=\"").append(Html.coord(right))
          .append("\" y1=\"").append(Html.coord(y)).append("\" y2=\"").append(Html.coord(y)).append("\" ")
          .append(l.paint.attributes);
      tooltip(svg, "line", l.tooltip);
    }
    for (Series s : series) {
      if (s.markers) {
        renderMarkers(svg, s);
      } else {
        renderLine(svg, s);
      }
    }
    if (empty) {
      svg.append("<text x=\"").append(Html.coord((left + right) / 2)).append("\" y=\"")
          .append(Html.coord((top + bottom) / 2.0)).append("\" text-anchor=\"middle\" fill=\"#888\">no values in this range</text>\n");
    }
    svg.append("</svg>");
    return svg.toString();
  }

  private double clampX(long time) {
    return x(Math.max(xFrom, Math.min(xTo, time)));
  }

  /** Closes an element whose start tag is open, with a hover text when there is one. */
  private static void tooltip(StringBuilder svg, String element, String tooltip) {
    if (tooltip == null || tooltip.isBlank()) {
      svg.append("/>\n");
    } else {
      svg.append("><title>").append(Html.escape(tooltip)).append("</title></").append(element).append(">\n");
    }
  }

  private void renderLegend(StringBuilder svg) {
    int row = 0;
    for (List<Map.Entry<String, Paint>> items : legendRows()) {
      double x = MARGIN_LEFT;
      double y = TITLE_HEIGHT + row * LEGEND_ROW + 10;
      for (Map.Entry<String, Paint> item : items) {
        svg.append("<rect x=\"").append(Html.coord(x)).append("\" y=\"").append(Html.coord(y - 8))
            .append("\" width=\"14\" height=\"9\" fill=\"").append(item.getValue().swatch).append("\"/>")
            .append("<text x=\"").append(Html.coord(x + 18)).append("\" y=\"").append(Html.coord(y))
            .append("\" fill=\"#333\">").append(Html.escape(item.getKey())).append("</text>\n");
        x += legendItemWidth(item.getKey());
      }
      row++;
    }
  }

  private void renderAxes(StringBuilder svg, double left, double right, double bottom) {
    svg.append("<g stroke=\"#e3e6ea\" stroke-width=\"1\">");
    for (Tick t : valueTicks()) {
      svg.append("<line x1=\"").append(Html.coord(left)).append("\" x2=\"").append(Html.coord(right))
          .append("\" y1=\"").append(Html.coord(t.position())).append("\" y2=\"").append(Html.coord(t.position()))
          .append("\"/>");
    }
    svg.append("</g>\n<g fill=\"#555\" text-anchor=\"end\">");
    for (Tick t : valueTicks()) {
      svg.append("<text x=\"").append(Html.coord(left - 5)).append("\" y=\"").append(Html.coord(t.position() + 4))
          .append("\">").append(Html.escape(t.label())).append("</text>");
    }
    svg.append("</g>\n<g fill=\"#555\" text-anchor=\"middle\">");
    for (Tick t : timeTicks()) {
      svg.append("<line x1=\"").append(Html.coord(t.position())).append("\" x2=\"").append(Html.coord(t.position()))
          .append("\" y1=\"").append(Html.coord(bottom)).append("\" y2=\"").append(Html.coord(bottom + 4))
          .append("\" stroke=\"#888\"/>");
      svg.append("<text x=\"").append(Html.coord(t.position())).append("\" y=\"").append(Html.coord(bottom + 16))
          .append("\">").append(Html.escape(t.label())).append("</text>");
    }
    svg.append("</g>\n");
    svg.append("<line x1=\"").append(Html.coord(left)).append("\" x2=\"").append(Html.coord(right)).append("\" y1=\"")
        .append(Html.coord(bottom)).append("\" y2=\"").append(Html.coord(bottom)).append("\" stroke=\"#888\"/>\n");
    svg.append("<line x1=\"").append(Html.coord(left)).append("\" x2=\"").append(Html.coord(left)).append("\" y1=\"")
        .append(top).append("\" y2=\"").append(Html.coord(bottom)).append("\" stroke=\"#888\"/>\n");
    if (!yLabel.isEmpty()) {
      // Written upwards along the value axis, clear of the tick labels.
      double middle = (top + bottom) / 2;
      svg.append("<text transform=\"rotate(-90)\" x=\"").append(Html.coord(-middle)).append("\" y=\"12\" ")
          .append("text-anchor=\"middle\" fill=\"#555\">").append(Html.escape(yLabel)).append("</text>\n");
    }
  }

  private void renderLine(StringBuilder svg, Series s) {
    List<double[]> run = new ArrayList<>();
    for (int i = 0; i <= s.x.length; i++) {
      boolean inside = i < s.x.length && Double.isFinite(s.y[i]) && s.x[i] >= xFrom && s.x[i] <= xTo;
      if (inside) {
        run.add(new double[] {x(s.x[i]), y(s.y[i])});
        continue;
      }
      if (i < s.x.length && Double.isFinite(s.y[i])) {
        continue; // outside the time range: skip without breaking the line
      }
      flush(svg, s, run);
      run = new ArrayList<>();
    }
  }

  private static void flush(StringBuilder svg, Series s, List<double[]> run) {
    if (run.isEmpty()) {
      return;
    }
    if (run.size() == 1) {
      // A value with no neighbour: a dot, or it would not show at all.
      svg.append("<circle cx=\"").append(Html.coord(run.get(0)[0])).append("\" cy=\"").append(Html.coord(run.get(0)[1]))
          .append("\" r=\"2.2\" fill=\"").append(s.paint.swatch).append("\"/>\n");
      return;
    }
    svg.append("<polyline ").append(s.paint.attributes).append(" points=\"");
    boolean first = true;
    for (double[] p : decimate(run)) {
      if (!first) {
        svg.append(' ');
      }
      svg.append(Html.coord(p[0])).append(',').append(Html.coord(p[1]));
      first = false;
    }
    svg.append("\"/>\n");
  }

  /**
   * Points reduced to at most four per pixel column (first, highest, lowest, last, in their
   * order), which draws the same line as all of them.
   */
  static List<double[]> decimate(List<double[]> points) {
    List<double[]> out = new ArrayList<>();
    int i = 0;
    while (i < points.size()) {
      long column = (long) Math.floor(points.get(i)[0]);
      int j = i;
      int top = i;
      int bottom = i;
      while (j + 1 < points.size() && (long) Math.floor(points.get(j + 1)[0]) == column) {
        j++;
        if (points.get(j)[1] < points.get(top)[1]) {
          top = j;
        }
        if (points.get(j)[1] > points.get(bottom)[1]) {
          bottom = j;
        }
      }
      java.util.TreeSet<Integer> keep = new java.util.TreeSet<>(List.of(i, top, bottom, j));
      keep.forEach(k -> out.add(points.get(k)));
      i = j + 1;
    }
    return out;
  }

  private void renderMarkers(StringBuilder svg, Series s) {
    for (int i = 0; i < s.x.length; i++) {
      if (Double.isFinite(s.y[i]) && s.x[i] >= xFrom && s.x[i] <= xTo) {
        svg.append("<circle cx=\"").append(Html.coord(x(s.x[i]))).append("\" cy=\"").append(Html.coord(y(s.y[i])))
            .append("\" r=\"3.5\" ").append(s.paint.attributes).append("/>\n");
      }
    }
  }
}
