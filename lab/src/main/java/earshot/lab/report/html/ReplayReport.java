package earshot.lab.report.html;

import earshot.lab.generator.Incident;
import earshot.lab.report.DetectionReport;
import earshot.schemas.Alert;
import earshot.schemas.AlertState;
import earshot.schemas.MetricSnapshot;
import earshot.schemas.RootCause;
import earshot.schemas.Severity;
import earshot.schemas.TermCount;
import earshot.schemas.Verbatim;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The picture of a replay for a CX analyst: one HTML page with, per alerted series (the most
 * severe first, at most {@link #maxCharts} charts, the rest listed by name), the metric the
 * detector judged over time from the replay's metric snapshots, the normal range and baseline the
 * alert stated, the windows that fired, the time the alert stayed open and the planted incidents
 * on that traffic; under each chart every alert on it with its summary, figures, root causes,
 * rising themes and verbatims. The header says what was replayed, counts alerts per detector and
 * severity and, with a truth file, shows the detection report and each planted incident.
 *
 * <p>Consumes the replay's metric snapshots and alert states (every version) and, optionally, the
 * planted incidents; emits an {@link HtmlReport}. Customer alerts (CHURN_RISK) are counted, not
 * charted. The outputs carry a baseline per alert version, not per window: the band drawn is the
 * one the alert stated when it opened, and the legend says so.
 */
public final class ReplayReport {

  /** Charts drawn at most, by default; the page stays light enough to open anywhere. */
  public static final int DEFAULT_MAX_CHARTS = 50;
  private static final int WIDTH = 960;
  private static final int HEIGHT = 300;

  /** One alert: its versions, oldest first. */
  record AlertView(List<Alert> versions) {

    Alert first() {
      return versions.get(0);
    }

    /** The last version that is not RESOLVED: the alert at its fullest. */
    Alert latest() {
      for (int i = versions.size() - 1; i >= 0; i--) {
        if (versions.get(i).getState() != AlertState.RESOLVED) {
          return versions.get(i);
        }
      }
      return versions.get(versions.size() - 1);
    }

    Alert resolved() {
      Alert last = versions.get(versions.size() - 1);
      return last.getState() == AlertState.RESOLVED ? last : null;
    }

    Severity severity() {
      return versions.stream().map(Alert::getSeverity).max(Comparator.naturalOrder()).orElse(Severity.INFO);
    }

    List<Alert> fired() {
      return versions.stream().filter(v -> v.getState() != AlertState.RESOLVED).toList();
    }

    Instant openedAt() {
      return first().getOpenedAt();
    }

    long end() {
      return versions.stream().mapToLong(v -> v.getWindowEnd().toEpochMilli()).max().orElse(0);
    }
  }

  /** The alerts that share one chart: a series, the metric judged and the windows it is drawn in. */
  record ChartKey(String seriesKey, String metric, long windowSeconds) {}

  private final List<MetricSnapshot> metrics;
  private final List<Alert> alerts;
  private final List<String> description = new ArrayList<>();
  private List<Incident> incidents = List.of();
  private DetectionReport detection;
  private int maxCharts = DEFAULT_MAX_CHARTS;
  private int chartsDrawn;

  /**
   * @param metrics every metric snapshot of the replay (late revisions included: the highest wins)
   * @param alerts every alert state of the replay
   */
  public ReplayReport(List<MetricSnapshot> metrics, List<Alert> alerts) {
    this.metrics = metrics;
    this.alerts = alerts;
  }

  /** A line of the header saying what was replayed. */
  public ReplayReport describe(String line) {
    description.add(line);
    return this;
  }

  /** The planted incidents and their detection report (null when there is none). */
  public ReplayReport truth(List<Incident> planted, DetectionReport report) {
    this.incidents = List.copyOf(planted);
    this.detection = report;
    return this;
  }

  public ReplayReport maxCharts(int charts) {
    if (charts < 0) {
      throw new IllegalArgumentException("charts must be 0 or more, got " + charts);
    }
    this.maxCharts = charts;
    return this;
  }

  /** Charts drawn by the last {@link #build}. */
  public int chartsDrawn() {
    return chartsDrawn;
  }

  public void write(Path file) throws IOException {
    build().write(file);
  }

  /** The page. */
  public HtmlReport build() {
    Map<String, AlertView> byId = alertViews();
    views = byId;
    long customerAlerts = alerts.stream().filter(a -> a.getCustomerKey() != null).map(Alert::getAlertId).distinct()
        .count();
    Map<String, Map<Long, TreeMap<Long, MetricSnapshot>>> windows = windowsBySeries();
    Map<ChartKey, List<AlertView>> charts = charts(byId.values(), windows);

    HtmlReport page = new HtmlReport("Earshot replay report");
    page.heading(1, "Earshot replay report", "top");
    description.forEach(page::paragraph);
    header(page, byId, customerAlerts, windows);

    List<ChartKey> keys = new ArrayList<>(charts.keySet());
    List<ChartKey> shown = keys.subList(0, Math.min(maxCharts, keys.size()));
    if (!keys.isEmpty()) {
      page.heading(2, "Charts", "charts");
      page.note("Each chart shows the metric the detector judged, one value per window of the series (blue line), the "
          + "normal range (green band) and baseline (green dashed line) the first alert on it stated when it opened: the "
          + "outputs carry a baseline per alert version, not per window, so the band is that one range drawn across the "
          + "chart. Red shading: windows an alert fired on (opened or updated), with the value the detector judged as a "
          + "red dot (a pooled window of a sparse series spans several windows and holds all their answers). Orange: "
          + "while the alert stayed open. Purple, dashed: incidents planted in the replayed stream on this traffic.");
      List<String> labels = new ArrayList<>();
      List<String> anchors = new ArrayList<>();
      for (int i = 0; i < shown.size(); i++) {
        ChartKey key = shown.get(i);
        List<AlertView> on = charts.get(key);
        labels.add(String.format(Locale.ROOT, "%s: %s (%s, %d alert%s)", display(key.seriesKey()), chartName(key),
            on.get(0).severity(), on.size(), on.size() == 1 ? "" : "s"));
        anchors.add("chart-" + (i + 1));
      }
      page.links(labels, anchors);
      if (shown.size() < keys.size()) {
        List<ChartKey> left = keys.subList(shown.size(), keys.size());
        page.paragraph(String.format(Locale.ROOT, "%d more chart%s left out (at most %d are drawn): %s.", left.size(),
            left.size() == 1 ? "" : "s", maxCharts, left.stream()
                .map(k -> display(k.seriesKey()) + " " + chartName(k) + " (" + charts.get(k).size() + ")")
                .collect(Collectors.joining("; "))));
      }
    }
    chartsDrawn = 0;
    for (int i = 0; i < shown.size(); i++) {
      ChartKey key = shown.get(i);
      page.section("chart-" + (i + 1));
      List<AlertView> on = charts.get(key);
      page.heading(2, display(key.seriesKey()) + ": " + chartName(key), null, on.get(0).severity().name());
      page.chart(chart(key, on, windows));
      chartsDrawn++;
      for (AlertView alert : on) {
        alertDetails(page, alert);
      }
      page.end();
    }
    return page;
  }

  // ---- grouping -----------------------------------------------------------------------------

  private Map<String, AlertView> alertViews() {
    Map<String, List<Alert>> versions = new LinkedHashMap<>();
    for (Alert alert : alerts) {
      if (alert.getCustomerKey() == null) {
        versions.computeIfAbsent(alert.getAlertId(), k -> new ArrayList<>()).add(alert);
      }
    }
    Map<String, AlertView> views = new LinkedHashMap<>();
    versions.forEach((id, list) -> {
      List<Alert> sorted = new ArrayList<>(list);
      sorted.sort(Comparator.comparingInt(Alert::getVersion));
      views.put(id, new AlertView(List.copyOf(sorted)));
    });
    return views;
  }

  /** Per series, per window length, the windows by start (the highest revision of each). */
  private Map<String, Map<Long, TreeMap<Long, MetricSnapshot>>> windowsBySeries() {
    Map<String, Map<Long, TreeMap<Long, MetricSnapshot>>> out = new TreeMap<>();
    for (MetricSnapshot m : metrics) {
      out.computeIfAbsent(m.getSeriesKey(), k -> new TreeMap<>())
          .computeIfAbsent(m.getWindowSeconds(), k -> new TreeMap<>())
          .merge(m.getWindowStart().toEpochMilli(), m, (a, b) -> b.getRevision() > a.getRevision() ? b : a);
    }
    return out;
  }

  /**
   * The charts in the order drawn: series by their most severe alert, then by how many alerts
   * they hold, then by the first opening; within a series, likewise by chart.
   */
  static Map<ChartKey, List<AlertView>> charts(java.util.Collection<AlertView> views,
      Map<String, Map<Long, TreeMap<Long, MetricSnapshot>>> windows) {
    Map<ChartKey, List<AlertView>> byChart = new LinkedHashMap<>();
    for (AlertView view : views) {
      Alert first = view.first();
      Map<Long, TreeMap<Long, MetricSnapshot>> lengths = windows.getOrDefault(first.getSeriesKey(), Map.of());
      byChart.computeIfAbsent(new ChartKey(first.getSeriesKey(), first.getMetric(),
          baseWindow(first.getWindowSeconds(), lengths.keySet())), k -> new ArrayList<>()).add(view);
    }
    Comparator<AlertView> bySeverity = Comparator.comparing(AlertView::severity).reversed()
        .thenComparing(AlertView::openedAt);
    byChart.values().forEach(list -> list.sort(bySeverity));
    Map<String, List<AlertView>> bySeries = new TreeMap<>();
    byChart.forEach((key, list) -> bySeries.computeIfAbsent(key.seriesKey(), k -> new ArrayList<>()).addAll(list));
    Comparator<List<AlertView>> groupOrder = Comparator
        .comparing((List<AlertView> list) -> list.stream().map(AlertView::severity).max(Comparator.naturalOrder()).get())
        .reversed()
        .thenComparing(Comparator.comparingInt((List<AlertView> list) -> list.size()).reversed())
        .thenComparing(list -> list.stream().map(AlertView::openedAt).min(Comparator.naturalOrder()).get());
    List<String> seriesOrder = new ArrayList<>(bySeries.keySet());
    seriesOrder.sort(Comparator.comparing((String s) -> bySeries.get(s), groupOrder).thenComparing(s -> s));
    List<ChartKey> keys = new ArrayList<>(byChart.keySet());
    keys.sort(Comparator.comparing((ChartKey k) -> seriesOrder.indexOf(k.seriesKey()))
        .thenComparing(k -> byChart.get(k), groupOrder).thenComparing(ChartKey::metric)
        .thenComparingLong(ChartKey::windowSeconds));
    Map<ChartKey, List<AlertView>> ordered = new LinkedHashMap<>();
    keys.forEach(k -> ordered.put(k, byChart.get(k)));
    return ordered;
  }

  /**
   * The window length to draw an alert's series in: the alert's own, or for a pooled judgement
   * (several windows judged as one) the longest window length of the series that divides it.
   */
  static long baseWindow(long alertWindowSeconds, java.util.Set<Long> lengths) {
    if (lengths.isEmpty() || lengths.contains(alertWindowSeconds)) {
      return alertWindowSeconds;
    }
    return lengths.stream().filter(l -> l > 0 && l <= alertWindowSeconds && alertWindowSeconds % l == 0)
        .max(Long::compare).orElse(lengths.stream().min(Long::compare).get());
  }

  // ---- the header ---------------------------------------------------------------------------

  private void header(HtmlReport page, Map<String, AlertView> byId, long customerAlerts,
      Map<String, Map<Long, TreeMap<Long, MetricSnapshot>>> windows) {
    long snapshots = windows.values().stream().flatMap(m -> m.values().stream()).mapToLong(TreeMap::size).sum();
    Instant from = metrics.stream().map(MetricSnapshot::getWindowStart).min(Comparator.naturalOrder()).orElse(null);
    Instant to = metrics.stream().map(MetricSnapshot::getWindowEnd).max(Comparator.naturalOrder()).orElse(null);
    page.paragraph(String.format(Locale.ROOT, "%d series watched, %,d metric windows from %s to %s UTC; %d alerts on "
        + "series (%d alert states)%s.", windows.size(), snapshots, Html.minute(from), Html.minute(to), byId.size(),
        byId.values().stream().mapToInt(v -> v.versions().size()).sum(),
        customerAlerts > 0 ? String.format(Locale.ROOT, "; %d customer alerts (CHURN_RISK), not charted", customerAlerts)
            : ""));
    if (!byId.isEmpty()) {
      Map<String, int[]> counts = new TreeMap<>();
      for (AlertView view : byId.values()) {
        int[] c = counts.computeIfAbsent(view.first().getDetector(), k -> new int[4]);
        c[0]++;
        c[1 + (2 - view.severity().ordinal())]++;
      }
      List<List<String>> rows = new ArrayList<>();
      counts.forEach((detector, c) -> rows.add(List.of(detector, Integer.toString(c[0]), Integer.toString(c[1]),
          Integer.toString(c[2]), Integer.toString(c[3]))));
      page.heading(2, "Alerts per detector", "alerts");
      page.table(List.of("detector", "alerts", "critical", "warning", "info"), rows);
    }
    if (detection != null) {
      page.heading(2, "Detection against the planted incidents", "detection");
      List<List<String>> rows = new ArrayList<>();
      for (DetectionReport.Score s : detection.scores().values()) {
        Duration median = s.medianDelay();
        rows.add(List.of(s.detector(), Integer.toString(s.incidents()), Integer.toString(s.detected()),
            Integer.toString(s.missed()), Integer.toString(s.falseAlerts()),
            median == null ? "-" : median.toMinutes() + " min",
            s.incidents() == 0 ? "-" : s.detectedWithinTwoWindows() + "/" + s.incidents(),
            s.detected() == 0 ? "-" : s.placed() + "/" + s.detected()));
      }
      page.table(List.of("detector", "incidents", "found", "missed", "false alerts", "median delay",
          "within 2 windows", "placed"), rows);
      page.note("Found: an alert of the incident's detector on traffic that shares the incident's slice, opened between "
          + "its start and two windows after its end; delay: from the incident's start to the end of the window that "
          + "opened the alert; false: an alert related to no planted incident; placed: an alert on the incident's own "
          + "series, or whose top root cause names the rest of its slice.");
    }
    if (!incidents.isEmpty()) {
      page.heading(3, "Planted incidents", "incidents");
      List<List<String>> rows = new ArrayList<>();
      for (Incident incident : incidents) {
        List<AlertView> found = byId.values().stream().filter(v -> DetectionReport.detects(v.first(), incident))
            .sorted(Comparator.comparing(AlertView::openedAt)).toList();
        rows.add(List.of(incident.type(), where(incident.dimensions()), Html.minute(incident.start()),
            Html.minute(incident.end()), Html.number(incident.intensity(), 2),
            found.isEmpty() ? "missed" : found.size() + " alert" + (found.size() == 1 ? "" : "s") + ", first on "
                + display(found.get(0).first().getSeriesKey()) + " after "
                + Duration.between(incident.start(), found.get(0).openedAt()).toMinutes() + " min"));
      }
      page.table(List.of("type", "where", "start (UTC)", "end (UTC)", "intensity", "found by"), rows);
    }
  }

  // ---- one chart ----------------------------------------------------------------------------

  private SvgChart chart(ChartKey key, List<AlertView> on, Map<String, Map<Long, TreeMap<Long, MetricSnapshot>>> windows) {
    MetricView view = MetricView.of(key.metric());
    long window = key.windowSeconds() * 1000;
    long firstOpen = on.stream().mapToLong(v -> v.first().getWindowStart().toEpochMilli()).min().getAsLong();
    long lastEnd = on.stream().mapToLong(AlertView::end).max().getAsLong();
    long from = firstOpen - Math.max(Duration.ofDays(1).toMillis(), 24 * window);
    long to = lastEnd + Math.max(Duration.ofHours(6).toMillis(), 6 * window);
    TreeMap<Long, MetricSnapshot> series = windows.getOrDefault(key.seriesKey(), Map.of())
        .getOrDefault(key.windowSeconds(), new TreeMap<>());
    if (!series.isEmpty()) {
      // Not beyond the replay's data, but always the alerts themselves.
      from = Math.min(firstOpen, Math.max(from, series.firstKey()));
      to = Math.max(lastEnd, Math.min(to, series.lastEntry().getValue().getWindowEnd().toEpochMilli()));
    }
    SvgChart chart = new SvgChart(display(key.seriesKey()) + " — " + view.label() + " per "
        + duration(key.windowSeconds()) + " window", WIDTH, HEIGHT)
        .yLabel(view.unit()).yFormat(view::tick).timeRange(from, to);
    if (view.percent()) {
      chart.valueRange(0, 0); // shares are drawn from 0
    }
    for (Incident incident : incidents) {
      if (sharesTraffic(on.get(0).first().getDimensions(), incident.dimensions())
          && incident.end().toEpochMilli() > from && incident.start().toEpochMilli() < to) {
        chart.span("planted incident", incident.start().toEpochMilli(), incident.end().toEpochMilli(),
            SvgChart.Paint.INCIDENT, "planted " + incident.type() + " on " + where(incident.dimensions()) + ", "
                + Html.minute(incident.start()) + " to " + Html.minute(incident.end()) + " UTC, intensity "
                + Html.number(incident.intensity(), 2));
      }
    }
    for (AlertView alert : on) {
      Alert resolved = alert.resolved();
      // Open until the window that resolved it ends, or to the chart's end when it never resolved.
      long openTo = resolved != null ? resolved.getWindowEnd().toEpochMilli() : to;
      chart.span("alert open", alert.first().getWindowStart().toEpochMilli(), openTo,
          SvgChart.Paint.OPEN, alert.first().getDetector() + " open from " + Html.minute(alert.openedAt())
              + (resolved != null ? " until " + Html.minute(resolved.getUpdatedAt()) : ", not resolved"));
    }
    List<Long> firedX = new ArrayList<>();
    List<Double> firedY = new ArrayList<>();
    for (AlertView alert : on) {
      for (Alert v : alert.fired()) {
        long start = v.getWindowStart().toEpochMilli();
        long end = v.getWindowEnd().toEpochMilli();
        chart.span("window that fired", start, end, SvgChart.Paint.FIRED, String.format(Locale.ROOT,
            "%s v%d %s %s: %s in %s to %s UTC (n=%d), baseline %s", v.getDetector(), v.getVersion(), v.getState(),
            v.getSeverity(), view.format(v.getObserved()), Html.minute(v.getWindowStart()), Html.minute(v.getWindowEnd()),
            v.getSampleSize(), view.format(v.getBaseline())));
        firedX.add(start + (end - start) / 2);
        firedY.add(view.scale(v.getObserved()));
      }
    }
    Alert stated = on.get(0).first();
    chart.band("normal range stated when the alert opened", view.scale(stated.getExpectedLow()),
        view.scale(stated.getExpectedHigh()), SvgChart.Paint.BAND, "normal range " + view.format(stated.getExpectedLow())
            + " to " + view.format(stated.getExpectedHigh()));
    chart.level("baseline stated", view.scale(stated.getBaseline()), SvgChart.Paint.BASELINE,
        "baseline " + view.format(stated.getBaseline()));
    long[] x = new long[series.size()];
    double[] y = new double[series.size()];
    int i = 0;
    for (MetricSnapshot m : series.values()) {
      long start = m.getWindowStart().toEpochMilli();
      x[i] = start + (m.getWindowEnd().toEpochMilli() - start) / 2;
      y[i] = view.scale(view.value(m));
      i++;
    }
    chart.line(view.label() + " per window", x, y, SvgChart.Paint.LINE);
    chart.markers("value judged", firedX.stream().mapToLong(Long::longValue).toArray(),
        firedY.stream().mapToDouble(Double::doubleValue).toArray(), SvgChart.Paint.MARKER);
    return chart;
  }

  // ---- one alert ----------------------------------------------------------------------------

  /** Every alert by id, for naming the other alerts of an incident. */
  private Map<String, AlertView> views = Map.of();

  private String name(String alertId) {
    AlertView view = views.get(alertId);
    return view == null ? alertId : view.first().getDetector() + " on " + display(view.first().getSeriesKey())
        + " (opened " + Html.minute(view.openedAt()) + " UTC)";
  }

  private void alertDetails(HtmlReport page, AlertView alert) {
    Alert first = alert.first();
    Alert latest = alert.latest();
    Alert resolved = alert.resolved();
    MetricView view = MetricView.of(latest.getMetric());
    page.details(String.format(Locale.ROOT, "%s on %s, opened %s UTC, %s (%d version%s)", first.getDetector(),
        display(first.getSeriesKey()), Html.minute(alert.openedAt()),
        resolved == null ? "still open at the end" : "resolved " + Html.minute(resolved.getUpdatedAt()) + " UTC",
        alert.versions().size(), alert.versions().size() == 1 ? "" : "s"), alert.severity().name(), true);
    page.summary(latest.getSummary());
    page.table(List.of("window judged (UTC)", "observed", "baseline", "normal range", "statistic", "p-value",
        "sample"), List.of(List.of(Html.minute(latest.getWindowStart()) + " to " + Html.minute(latest.getWindowEnd())
            + " (" + duration(latest.getWindowSeconds()) + ")", view.format(latest.getObserved()),
        view.format(latest.getBaseline()), view.format(latest.getExpectedLow()) + " to "
            + view.format(latest.getExpectedHigh()),
        latest.getStatisticName() + " = " + Html.number(latest.getStatistic(), 2), pValue(latest.getPValue()),
        Long.toString(latest.getSampleSize()))));
    if (alert.versions().size() > 1) {
      page.note("Figures of version " + latest.getVersion() + " (" + latest.getState() + "), the last before it resolved.");
    }
    if (!latest.getRootCauses().isEmpty()) {
      List<List<String>> rows = new ArrayList<>();
      for (RootCause cause : latest.getRootCauses()) {
        rows.add(List.of(display(cause.getSlice()), Html.number(100 * cause.getShare(), 0) + "%",
            Html.number(cause.getExtra(), 1), view.format(cause.getObserved()), view.format(cause.getBaseline()),
            Long.toString(cause.getSize())));
      }
      page.heading(4, "Root causes", null);
      page.table(List.of("slice", "share of the change", "extra outcomes", "now", "its baseline", "size"), rows);
    }
    if (!latest.getRisingTerms().isEmpty()) {
      page.paragraph("Rising themes: " + latest.getRisingTerms().stream()
          .map(t -> t.getTerm() + " (" + t.getCount() + ")").collect(Collectors.joining(", ")));
    }
    if (latest.getPrimaryAlertId() != null) {
      page.paragraph("Grouped: part of the incident reported by " + name(latest.getPrimaryAlertId()) + ".");
    } else if (!latest.getGroupedAlerts().isEmpty()) {
      page.paragraph("Primary alert of its incident; its other alerts: " + latest.getGroupedAlerts().stream()
          .map(this::name).collect(Collectors.joining("; ")) + ".");
    }
    if (!latest.getChildren().isEmpty()) {
      page.paragraph("Grouped under it: " + latest.getChildren().stream().map(ReplayReport::display)
          .collect(Collectors.joining(", ")));
    }
    List<Verbatim> verbatims = latest.getExamples().stream().filter(v -> v.getText() != null).toList();
    if (!verbatims.isEmpty()) {
      page.heading(4, "Verbatims", null);
      for (Verbatim v : verbatims) {
        List<String> caption = new ArrayList<>();
        caption.add(Html.minute(v.getOccurredAt()) + " UTC");
        if (v.getNps() != null) {
          caption.add("NPS " + v.getNps());
        }
        if (v.getSentimentScore() != null) {
          caption.add("sentiment " + Html.number(v.getSentimentScore(), 2));
        }
        caption.add(v.getInteractionId());
        page.quote(v.getText(), String.join(" · ", caption));
      }
    }
    page.end();
  }

  // ---- helpers ------------------------------------------------------------------------------

  static String display(String seriesKey) {
    return "global".equals(seriesKey) ? "all interactions" : seriesKey.replace("|", " x ");
  }

  private static String where(Map<String, String> dimensions) {
    return dimensions.isEmpty() ? "all interactions" : new TreeMap<>(dimensions).entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" x "));
  }

  /** What a chart draws: the metric and the windows, "NPS, 1-hour windows". */
  private static String chartName(ChartKey key) {
    return MetricView.of(key.metric()).label() + ", " + duration(key.windowSeconds()) + " windows";
  }

  static String duration(long seconds) {
    if (seconds % 3600 == 0) {
      return seconds / 3600 + "-hour";
    }
    if (seconds % 60 == 0) {
      return seconds / 60 + "-minute";
    }
    return seconds + "-second";
  }

  private static String pValue(double p) {
    return p >= 0.001 ? Html.number(p, 3) : String.format(Locale.ROOT, "%.0e", p);
  }

  /** Whether two slices share traffic: no dimension has different values in the two. */
  static boolean sharesTraffic(Map<String, String> a, Map<String, String> b) {
    for (Map.Entry<String, String> e : a.entrySet()) {
      for (Map.Entry<String, String> f : b.entrySet()) {
        if (e.getKey().equalsIgnoreCase(f.getKey()) && !e.getValue().equalsIgnoreCase(f.getValue())) {
          return false;
        }
      }
    }
    return true;
  }

  /** How a metric is read from a snapshot and written: shares as percentages. */
  record MetricView(String metric, String label, String unit, boolean percent) {

    static MetricView of(String metric) {
      if (metric.startsWith("termShare:")) {
        return new MetricView(metric, "share of texts mentioning '" + metric.substring("termShare:".length()) + "'",
            "% of texts", true);
      }
      return switch (metric) {
        case "detractorShare" -> new MetricView(metric, "detractor share", "% of NPS answers", true);
        case "nps" -> new MetricView(metric, "NPS", "NPS", false);
        case "negativeShare" -> new MetricView(metric, "negative share", "% of texts", true);
        case "interactions" -> new MetricView(metric, "interactions", "interactions", false);
        case "waitMeanSeconds" -> new MetricView(metric, "mean wait", "seconds", false);
        case "transferRate" -> new MetricView(metric, "transfer rate", "% transferred", true);
        case "lateShare" -> new MetricView(metric, "late share", "% late", true);
        default -> new MetricView(metric, metric, metric, false);
      };
    }

    /** The metric of a window, in the alert's unit; NaN when the window has none. */
    double value(MetricSnapshot m) {
      Double v;
      if (metric.startsWith("termShare:")) {
        String term = metric.substring("termShare:".length());
        long texts = m.getSentimentCount();
        if (texts == 0) {
          return Double.NaN;
        }
        // Windows list their top themes only: a theme not among them counts as 0.
        long count = java.util.stream.Stream.concat(m.getTopIntents().stream(), m.getTopKeyPhrases().stream())
            .filter(t -> t.getTerm().equals(term)).mapToLong(TermCount::getCount).max().orElse(0);
        return (double) count / texts;
      }
      v = switch (metric) {
        case "detractorShare" -> m.getDetractorShare();
        case "nps" -> m.getNps();
        case "negativeShare" -> m.getNegativeShare();
        case "interactions" -> (double) m.getInteractions();
        case "waitMeanSeconds" -> m.getWaitMeanSeconds();
        case "transferRate" -> m.getTransferRate();
        case "lateShare" -> m.getInteractions() + m.getLateRecords() == 0 ? null
            : (double) m.getLateRecords() / (m.getInteractions() + m.getLateRecords());
        default -> null;
      };
      return v == null ? Double.NaN : v;
    }

    /** A value in the alert's unit as drawn: a share as a percentage. */
    double scale(double value) {
      return percent ? 100 * value : value;
    }

    String format(double value) {
      if (!Double.isFinite(value)) {
        return "-";
      }
      return percent ? Html.number(100 * value, 1) + "%" : Html.number(value, Math.abs(value) >= 100 ? 0 : 1);
    }

    String tick(double drawn) {
      return Html.number(drawn, 4) + (percent ? "%" : "");
    }
  }
}
