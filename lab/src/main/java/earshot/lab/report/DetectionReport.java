package earshot.lab.report;

import earshot.lab.generator.Incident;
import earshot.schemas.Alert;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Scores alerts against the planted truth, per detector: incidents detected and missed, false
 * alerts, and the median detection delay.
 *
 * <ul>
 *   <li>An alert is <i>related</i> to an incident when its series shares traffic with the
 *       incident's (no dimension has different values in the two: {@code region=north} shares
 *       traffic with {@code touchpoint=delivery|region=north}, and so does {@code product=fibre-1g},
 *       which holds some of it, but {@code region=south} does not; a grouped child counts for its
 *       parent) and the alert opened between the incident's start and two windows after its end.
 *   <li>An incident is detected when an alert of its own detector type is related to it; the delay
 *       runs from the incident's start to the end of the window that opened the alert.
 *   <li>An alert related to no incident at all is a false alert (an NPS_DROP alert during a planted
 *       detractor spike is a true alert of another detector, not a false one).
 * </ul>
 * A detected incident is <i>placed</i> when one of the alerts that found it is on the incident's own
 * series or names the rest of the incident's slice as its top root cause.
 * Alerts about single customers (CHURN_RISK) are left out: {@link ChurnReport} scores them.
 */
public final class DetectionReport {

  /** One detector's scores. */
  public record Score(String detector, int incidents, int detected, int missed, int falseAlerts,
      List<Duration> delays, int detectedWithinTwoWindows, int placed) {

    public Duration medianDelay() {
      return median(delays);
    }
  }

  /** The median of some durations (the lower one of an even count), or null when there are none. */
  public static Duration median(List<Duration> durations) {
    if (durations.isEmpty()) {
      return null;
    }
    List<Duration> sorted = new ArrayList<>(durations);
    sorted.sort(null);
    return sorted.get((sorted.size() - 1) / 2);
  }

  private final Map<String, Score> scores;
  private final List<Alert> falseAlerts;

  /** The first version of every alert scored. */
  private List<Alert> opened = List.of();

  /** Alerts marked, from their first version, as grouped under another alert of their incident. */
  public int grouped() {
    return (int) opened.stream().filter(a -> a.getPrimaryAlertId() != null).count();
  }

  private DetectionReport(Map<String, Score> scores, List<Alert> falseAlerts) {
    this.scores = scores;
    this.falseAlerts = falseAlerts;
  }

  /**
   * @param alerts every published alert state; the first state of each alert id is what opened it
   */
  public static DetectionReport score(List<Incident> truth, List<Alert> alerts) {
    Map<String, Alert> opened = firstVersions(alerts);
    TreeSet<String> detectors = new TreeSet<>();
    truth.forEach(i -> detectors.add(i.type()));
    opened.values().forEach(a -> detectors.add(a.getDetector()));

    Map<String, Score> scores = new TreeMap<>();
    List<Alert> falseAlerts = new ArrayList<>();
    for (String detector : detectors) {
      int incidents = 0;
      int detected = 0;
      int withinTwo = 0;
      int placed = 0;
      List<Duration> delays = new ArrayList<>();
      for (Incident incident : truth) {
        if (!incident.type().equals(detector)) {
          continue;
        }
        incidents++;
        Detection found = detection(incident, opened.values());
        if (found != null) {
          detected++;
          delays.add(found.delay());
          withinTwo += found.withinTwoWindows() ? 1 : 0;
          placed += found.placed() ? 1 : 0;
        }
      }
      int falseCount = 0;
      for (Alert alert : opened.values()) {
        if (alert.getDetector().equals(detector) && truth.stream().noneMatch(i -> related(alert, i))) {
          falseCount++;
          falseAlerts.add(alert);
        }
      }
      scores.put(detector, new Score(detector, incidents, detected, incidents - detected, falseCount, delays, withinTwo,
          placed));
    }
    DetectionReport report = new DetectionReport(scores, falseAlerts);
    report.opened = List.copyOf(opened.values());
    return report;
  }

  /**
   * How an incident was found: the delay from its start to the first alert that detects it, whether
   * one did so within two of its detector's windows, and whether one said where it was.
   */
  public record Detection(Duration delay, boolean withinTwoWindows, boolean placed) { }

  /** The first version of each alert about a series (customers' CHURN_RISK alerts left out), by alert id. */
  public static Map<String, Alert> firstVersions(List<Alert> alerts) {
    Map<String, Alert> opened = new LinkedHashMap<>();
    for (Alert alert : alerts) {
      if (alert.getCustomerKey() != null) {
        continue; // a customer's CHURN_RISK alert is scored against planted churners (ChurnReport)
      }
      opened.merge(alert.getAlertId(), alert, (a, b) -> b.getVersion() < a.getVersion() ? b : a);
    }
    return opened;
  }

  /** How the opened alerts found {@code incident}, or null if none of them detects it. */
  public static Detection detection(Incident incident, java.util.Collection<Alert> opened) {
    List<Alert> matching = opened.stream().filter(a -> detects(a, incident)).toList();
    if (matching.isEmpty()) {
      return null;
    }
    Alert first = matching.stream().min(java.util.Comparator.comparing(Alert::getOpenedAt)).get();
    // Within two of the alert's detector's windows, at any of the window lengths watched; an alert
    // judged on a pool of a sparse series' windows gets no more time for the pool.
    boolean withinTwo = matching.stream().anyMatch(a -> Duration.between(incident.start(), a.getOpenedAt())
        .minusSeconds(2 * a.getWindowSeconds()).compareTo(Duration.ZERO) <= 0);
    return new Detection(Duration.between(incident.start(), first.getOpenedAt()), withinTwo,
        matching.stream().anyMatch(a -> places(a, incident)));
  }

  /**
   * The one rule for "this alert found that incident", used by every report and by the demo: an
   * alert of the incident's own detector type, related to it (see the class comment).
   */
  public static boolean detects(Alert alert, Incident incident) {
    return alert.getDetector().equals(incident.type()) && related(alert, incident);
  }

  /**
   * Whether an alert says where the incident is: it is on the incident's own series, or its top
   * root cause is the rest of the incident's slice below the alert's series.
   */
  public static boolean places(Alert alert, Incident incident) {
    Map<String, String> where = new TreeMap<>(normalise(alert.getDimensions()));
    if (!alert.getRootCauses().isEmpty()) {
      where.putAll(normalise(alert.getRootCauses().get(0).getDimensions()));
    }
    return where.equals(normalise(incident.dimensions()));
  }

  /**
   * How long the evidence of an alert's version spans: its detector's window length, or more when a
   * sparse series' windows were pooled to judge it (the alert's window start and end say so). An
   * alert is related to an incident up to two such spans after its end.
   */
  static long evidenceSeconds(Alert alert) {
    long span = Duration.between(alert.getWindowStart(), alert.getWindowEnd()).toSeconds();
    return Math.max(alert.getWindowSeconds(), span);
  }

  static boolean related(Alert alert, Incident incident) {
    long grace = 2 * evidenceSeconds(alert);
    boolean inTime = !alert.getOpenedAt().isBefore(incident.start())
        && !alert.getOpenedAt().isAfter(incident.end().plusSeconds(grace));
    if (!inTime) {
      return false;
    }
    if (sharesTraffic(alert.getDimensions(), incident.dimensions())) {
      return true;
    }
    for (String child : alert.getChildren()) {
      if (sharesTraffic(earshot.jobs.metrics.SeriesCatalog.dimensionsOf(child), incident.dimensions())) {
        return true;
      }
    }
    return false;
  }

  private static boolean sharesTraffic(Map<String, String> a, Map<String, String> b) {
    Map<String, String> x = normalise(a);
    Map<String, String> y = normalise(b);
    return x.entrySet().stream().allMatch(e -> !y.containsKey(e.getKey()) || y.get(e.getKey()).equals(e.getValue()));
  }

  private static Map<String, String> normalise(Map<String, String> dims) {
    Map<String, String> out = new TreeMap<>();
    dims.forEach((k, v) -> out.put(k.toLowerCase(Locale.ROOT), v.toLowerCase(Locale.ROOT)));
    return out;
  }

  public Map<String, Score> scores() {
    return scores;
  }

  public List<Alert> falseAlerts() {
    return falseAlerts;
  }

  /** The report as a table, one line per detector. */
  public List<String> lines() {
    List<String> lines = new ArrayList<>();
    lines.add(String.format(Locale.ROOT, "%-26s %9s %8s %6s %12s %14s %13s %8s", "detector", "incidents", "detected",
        "missed", "false alerts", "median delay", "within 2 win", "placed"));
    for (Score s : scores.values()) {
      Duration median = s.medianDelay();
      lines.add(String.format(Locale.ROOT, "%-26s %9d %8d %6d %12d %14s %13s %8s", s.detector(), s.incidents(),
          s.detected(), s.missed(), s.falseAlerts(), median == null ? "-" : median.toMinutes() + " min",
          s.incidents() == 0 ? "-" : s.detectedWithinTwoWindows() + "/" + s.incidents(),
          s.detected() == 0 ? "-" : s.placed() + "/" + s.detected()));
    }
    lines.add(String.format(Locale.ROOT, "alerts opened: %d, of which %d primary (one per incident) and %d grouped "
        + "under another alert of their incident", opened.size(), opened.size() - grouped(), grouped()));
    return lines;
  }
}
