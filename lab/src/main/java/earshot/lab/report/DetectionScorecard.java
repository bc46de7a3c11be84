package earshot.lab.report;

import earshot.lab.generator.Incident;
import earshot.lab.generator.RandomIncidents;
import earshot.schemas.Alert;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Detection scored over several replayed streams with incidents drawn at random
 * ({@link RandomIncidents}): per detector, how many incidents were found, within two windows and at
 * their slice, the median delay and the false alerts per series per week; and per incident, its
 * size (effect and the interactions its slice held while it lasted) beside whether it was found, so
 * that misses can be read against how much evidence there was.
 */
public final class DetectionScorecard {

  /**
   * One planted incident and what became of it.
   *
   * @param stream which replayed stream (from 1)
   * @param expected interactions the incident's slice usually holds over the incident's span
   * @param found how it was found, or null if missed
   */
  public record Row(int stream, RandomIncidents.Drawn drawn, double expected, DetectionReport.Detection found) { }

  private final List<Row> rows = new ArrayList<>();
  private final Map<String, Integer> falseAlerts = new TreeMap<>();
  /** False alerts that were primaries: the separate incidents a person would have been shown. */
  private int falseIncidents;
  private double seriesWeeks;
  private int streams;

  /**
   * Scores one replayed stream.
   *
   * @param expected per drawn incident, the interactions its slice usually holds while it lasts
   * @param alerts every published alert state of the replay
   * @param series how many series the replay watched
   * @param length the stream's length
   */
  public void add(List<RandomIncidents.Drawn> drawn, List<Double> expected, List<Alert> alerts, long series,
      Duration length) {
    if (drawn.size() != expected.size()) {
      throw new IllegalArgumentException("one expected count per incident");
    }
    streams++;
    List<Incident> truth = drawn.stream().map(RandomIncidents.Drawn::incident).toList();
    Map<String, Alert> opened = DetectionReport.firstVersions(alerts);
    for (int i = 0; i < drawn.size(); i++) {
      rows.add(new Row(streams, drawn.get(i), expected.get(i),
          DetectionReport.detection(drawn.get(i).incident(), opened.values())));
    }
    DetectionReport report = DetectionReport.score(truth, alerts);
    report.falseAlerts().forEach(a -> falseAlerts.merge(a.getDetector(), 1, Integer::sum));
    falseIncidents += (int) report.falseAlerts().stream().filter(a -> a.getPrimaryAlertId() == null).count();
    seriesWeeks += series * (length.toMinutes() / (7.0 * 24 * 60));
  }

  public List<Row> rows() {
    return List.copyOf(rows);
  }

  /** False alerts of {@code detector} per series per week over every stream scored. */
  public double falseAlertsPerSeriesWeek(String detector) {
    return seriesWeeks == 0 ? 0 : falseAlerts.getOrDefault(detector, 0) / seriesWeeks;
  }

  /** Incidents found, counting only those whose slice usually holds at least {@code minimum} interactions. */
  public long found(double minimum) {
    return rows.stream().filter(r -> r.expected() >= minimum && r.found() != null).count();
  }

  /** Incidents whose slice usually holds at least {@code minimum} interactions over their span. */
  public long planted(double minimum) {
    return rows.stream().filter(r -> r.expected() >= minimum).count();
  }

  /** Every incident, one line each, then one line per detector and the totals. */
  public List<String> lines() {
    List<String> lines = new ArrayList<>();
    lines.add(String.format(Locale.ROOT, "%-6s %-24s %-44s %-17s %5s %6s %9s %-9s", "stream", "incident", "slice",
        "start (UTC)", "hours", "effect", "contacts", "found"));
    for (Row row : rows) {
      Incident incident = row.drawn().incident();
      DetectionReport.Detection found = row.found();
      lines.add(String.format(Locale.ROOT, "%-6d %-24s %-44s %-17s %5.1f %6s %9.0f %-9s", row.stream(), incident.type(),
          slice(incident.dimensions()), incident.start().toString().substring(0, 16).replace('T', ' '),
          Duration.between(incident.start(), incident.end()).toMinutes() / 60.0, effect(row), row.expected(),
          found == null ? "missed" : found.delay().toMinutes() + " min" + (found.placed() ? "" : " (not placed)")));
    }
    lines.add("");
    lines.add(String.format(Locale.ROOT, "%-26s %7s %6s %13s %7s %13s %19s", "detector", "planted", "found",
        "within 2 win", "placed", "median delay", "false /series/week"));
    Map<String, List<Row>> byDetector = new TreeMap<>();
    rows.forEach(r -> byDetector.computeIfAbsent(r.drawn().incident().type(), k -> new ArrayList<>()).add(r));
    falseAlerts.keySet().forEach(d -> byDetector.computeIfAbsent(d, k -> new ArrayList<>()));
    for (Map.Entry<String, List<Row>> entry : byDetector.entrySet()) {
      List<Row> planted = entry.getValue();
      List<DetectionReport.Detection> found = planted.stream().map(Row::found).filter(f -> f != null).toList();
      Duration median = DetectionReport.median(found.stream().map(DetectionReport.Detection::delay).toList());
      lines.add(String.format(Locale.ROOT, "%-26s %7d %6d %13d %7d %13s %19.4f", entry.getKey(), planted.size(),
          found.size(), found.stream().filter(DetectionReport.Detection::withinTwoWindows).count(),
          found.stream().filter(DetectionReport.Detection::placed).count(),
          median == null ? "-" : median.toMinutes() + " min",
          falseAlertsPerSeriesWeek(entry.getKey())));
    }
    int totalFalse = falseAlerts.values().stream().mapToInt(Integer::intValue).sum();
    lines.add(String.format(Locale.ROOT, "all: %d of %d found (%d of %d where the slice usually holds 100 or more "
        + "interactions over the incident); %d false alerts, %.4f per series per week, shown as %d incidents (the "
        + "others grouped under one)", found(0), planted(0), found(100), planted(100), totalFalse,
        seriesWeeks == 0 ? 0 : totalFalse / seriesWeeks, falseIncidents));
    return lines;
  }

  private static String effect(Row row) {
    if (row.drawn().incident().type().equals("EMERGING_TOPIC")) {
      return String.format(Locale.ROOT, "%.0f%%", 100 * row.drawn().ratio());
    }
    return String.format(Locale.ROOT, "x%.2f", row.drawn().ratio());
  }

  private static String slice(Map<String, String> dimensions) {
    List<String> parts = new ArrayList<>();
    new TreeMap<>(dimensions).forEach((k, v) -> parts.add(k + "=" + v));
    return parts.isEmpty() ? "(all)" : String.join(" x ", parts);
  }
}
