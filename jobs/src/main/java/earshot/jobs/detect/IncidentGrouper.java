package earshot.jobs.detect;

import earshot.jobs.metrics.SeriesCatalog;
import earshot.schemas.Alert;
import earshot.schemas.AlertState;
import earshot.schemas.RootCause;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reports each incident once: of the alerts one incident raises (an NPS drop and a detractor spike on
 * the same slice and time; the slice watch's alert on a pair and the configured series' alerts on its
 * parent values, whose root causes name that pair or a slice within it), one is the primary, at the
 * slice that explains it, and the others are grouped under it.
 *
 * <p>Consumes published alert states (after {@link AlertGrouper}), one event-time window at a time.
 * Each alert's <em>slice</em> is its series' dimensions joined with those of its top root cause (the
 * global series' NPS drop whose top cause is touchpoint=billing x segment=SMB is about that pair). A new
 * alert of a related detector (the survey and sentiment detectors are one family; the others each their
 * own) is grouped under an open primary alert whose slice equals its own, or, when the new alert's root
 * cause points below its series, contains it or lies within it: it carries the primary's id in {@code primaryAlertId} on every version,
 * and the primary lists it in {@code groupedAlerts} from the version published with it or its next one. Within a window the most specific series, then slices, are taken first, so they
 * become the primaries.
 *
 * <p>Two series may hold the same interactions without either containing the other (channel=CALL and
 * team=care-voice, where one team answers every call). Their alerts are twins: the same detector and
 * metric opening on the same window with the same sample size and the same observed value, on slices that
 * do not contradict each other, quoting at least one interaction in common. A twin is grouped with the one
 * taken first. Alerts that quote no interaction are never taken for twins.
 *
 * <p>Late data raises a DATA_QUALITY alert on every series it missed. Those whose root cause names a value
 * (channel=EMAIL) group under the alert at that value by the rules above, and with any open late-data alert
 * whose slice has their cause or its cause in common with theirs (one producer: the chats of a region seen
 * from several touchpoints, each naming channel=CHAT); those whose late records no value
 * concentrates (a backfill of every source, a stalled pipeline) are one incident while one of them is open:
 * its primary is the broadest series among the first window's, as these are taken first in a window, the
 * broadest first.
 *
 * <p>Guarantees: deterministic for the same input; a primary is never grouped afterwards (no alert
 * changes role once published: an alert on a parent value that opened before the more specific alert
 * stays a primary, so that incident is then reported twice); bounded by the open alerts.
 */
public final class IncidentGrouper {

  /** What is remembered of an alert until it resolves. A Flink POJO. */
  public static class Member {
    /** The alert's slice: its dimensions joined with its top root cause's. */
    public Map<String, String> slice = new HashMap<>();
    public String family;
    /** Id of the primary it is grouped under; null for a primary. */
    public String primary;
    /** For a primary: the alerts grouped under it, oldest first. */
    public List<String> grouped = new ArrayList<>();
    /** A DATA_QUALITY alert whose late records no dimension value concentrates (the whole series is late). */
    public boolean spread;
    /** For a DATA_QUALITY alert: its top root cause's dimensions (where its late records come from); else empty. */
    public Map<String, String> cause = new HashMap<>();

    public Member() {}
  }

  /** Every alert open or grouped, by alert id. A Flink POJO. */
  public static class Incidents {
    public Map<String, Member> members = new HashMap<>();

    public Incidents() {}
  }

  private static final Set<String> EXPERIENCE = Set.of("DETRACTOR_SPIKE", "NPS_DROP", "NEGATIVE_SENTIMENT_SHIFT");

  /** The detectors whose alerts may describe one incident: the survey and sentiment ones together. */
  static String family(String detector) {
    return EXPERIENCE.contains(detector) ? "EXPERIENCE" : detector;
  }

  /** An alert's slice: its series' dimensions and those of its top root cause, when it has one below them. */
  static Map<String, String> slice(Alert alert) {
    Map<String, String> slice = new LinkedHashMap<>(alert.getDimensions());
    if (!alert.getRootCauses().isEmpty()) {
      RootCause top = alert.getRootCauses().get(0);
      Map<String, String> cause = top.getDimensions();
      if (SeriesCatalog.sharesTraffic(cause, slice)) {
        slice.putAll(cause);
      }
    }
    return slice;
  }

  /** A DATA_QUALITY alert whose late records no value concentrates (or whose values were not counted). */
  private static boolean spread(Alert alert) {
    return LateShare.DETECTOR.equals(alert.getDetector()) && alert.getRootCauses().isEmpty();
  }

  private static boolean quotesCommon(Alert a, Alert b) {
    Set<String> quoted = new HashSet<>();
    a.getExamples().forEach(v -> quoted.add(v.getInteractionId()));
    return b.getExamples().stream().anyMatch(v -> quoted.contains(v.getInteractionId()));
  }

  /** Processes the published alert states of one window; returns them with their grouping set. */
  public List<Alert> onWindow(List<Alert> alerts, Incidents incidents) {
    List<Alert> sorted = new ArrayList<>(alerts);
    // The most specific series first (a pair's own alert before a parent's that names it, even when
    // the parent's root cause narrows further), then the most specific slice, then a fixed order.
    // Late data spread over its series comes first, the broadest series first: that alert explains the others.
    sorted.sort(Comparator.comparing((Alert a) -> !spread(a))
        .thenComparingInt(a -> spread(a) ? a.getDimensions().size() : -a.getDimensions().size())
        .thenComparingInt(a -> -slice(a).size())
        .thenComparing(Alert::getDetector).thenComparing(Alert::getSeriesKey).thenComparing(Alert::getAlertId)
        .thenComparingInt(Alert::getVersion));
    // New alerts join their incidents first, so a primary published in the same window lists them already.
    Map<String, List<String>> openedByReading = new HashMap<>();
    Map<String, Alert> opened = new HashMap<>();
    for (Alert alert : sorted) {
      if (alert.getState() == AlertState.RESOLVED || incidents.members.containsKey(alert.getAlertId())) {
        continue;
      }
      Member member = new Member();
      member.slice = slice(alert);
      member.family = family(alert.getDetector());
      if (LateShare.DETECTOR.equals(alert.getDetector()) && !alert.getRootCauses().isEmpty()) {
        member.cause = new HashMap<>(alert.getRootCauses().get(0).getDimensions());
      }
      member.primary = primaryFor(member, !alert.getRootCauses().isEmpty(), incidents);
      member.spread = spread(alert);
      if (member.primary == null && member.spread) {
        member.primary = spreadPrimary(member, incidents);
      }
      List<String> sameReading = openedByReading.computeIfAbsent(reading(alert), k -> new ArrayList<>());
      if (member.primary == null) {
        member.primary = twinOf(alert, member, sameReading, opened, incidents);
      }
      sameReading.add(alert.getAlertId());
      opened.put(alert.getAlertId(), alert);
      incidents.members.put(alert.getAlertId(), member);
      if (member.primary != null) {
        incidents.members.get(member.primary).grouped.add(alert.getAlertId());
      }
    }
    List<Alert> out = new ArrayList<>();
    for (Alert alert : sorted) {
      Member member = incidents.members.get(alert.getAlertId());
      if (member == null) {
        out.add(alert); // resolved and never seen open (a restart from before the grouping existed): as it is
        continue;
      }
      out.add(Alert.newBuilder(alert).setPrimaryAlertId(member.primary)
          .setGroupedAlerts(member.primary == null ? List.copyOf(member.grouped) : List.of()).build());
      if (alert.getState() == AlertState.RESOLVED) {
        forget(alert.getAlertId(), incidents);
      }
    }
    return out;
  }

  /**
   * The open primary of the same family whose slice equals this one's or, for an alert whose root cause
   * points below its series, whose slice contains this one's or lies within it (a touchpoint's drop whose
   * cause, touchpoint x product x segment, is inside the touchpoint x product pair that alerted); the
   * most specific first; null if none. An alert with no root cause on a broader slice is not grouped: nothing says its change is the
   * narrower incident's.
   */
  private static String primaryFor(Member member, boolean pointsBelow, Incidents incidents) {
    String best = null;
    int bestSize = -1;
    for (Map.Entry<String, Member> candidate : incidents.members.entrySet()) {
      Member primary = candidate.getValue();
      if (primary.primary != null || !primary.family.equals(member.family)
          || !(related(member, pointsBelow, primary) || sameLateProducer(member, primary))) {
        continue;
      }
      int size = primary.slice.size();
      if (best == null || size > bestSize || (size == bestSize && candidate.getKey().compareTo(best) < 0)) {
        best = candidate.getKey();
        bestSize = size;
      }
    }
    return best;
  }

  /**
   * For late data spread over a series: the open primary of another such alert, the broadest first; null if
   * none. A backfill or a stalled pipeline makes every series late at once, and a narrow series may cross
   * the threshold a window before the global one does: with nothing concentrating the late records, they
   * are one incident.
   */
  private static String spreadPrimary(Member member, Incidents incidents) {
    String best = null;
    int bestSize = Integer.MAX_VALUE;
    for (Map.Entry<String, Member> candidate : incidents.members.entrySet()) {
      Member primary = candidate.getValue();
      if (primary.primary != null || !primary.spread) {
        continue;
      }
      int size = primary.slice.size();
      if (best == null || size < bestSize || (size == bestSize && candidate.getKey().compareTo(best) < 0)) {
        best = candidate.getKey();
        bestSize = size;
      }
    }
    return best;
  }

  /** What two alerts on the same interactions share: detector, metric, window, sample and observed value. */
  private static String reading(Alert alert) {
    return alert.getDetector() + "|" + alert.getMetric() + "|" + alert.getWindowSeconds() + "|"
        + alert.getWindowStart().toEpochMilli() + "|" + alert.getSampleSize() + "|"
        + Double.doubleToLongBits(alert.getObserved());
  }

  /**
   * The primary of an alert opened in this window with the same reading on a slice that does not contradict
   * this one (the twin's own primary when it was grouped), or null.
   */
  private static String twinOf(Alert alert, Member member, List<String> sameReading, Map<String, Alert> twinAlerts,
      Incidents incidents) {
    for (String twinId : sameReading) {
      Member twin = incidents.members.get(twinId);
      if (SeriesCatalog.sharesTraffic(member.slice, twin.slice) && quotesCommon(alert, twinAlerts.get(twinId))) {
        return twin.primary != null ? twin.primary : twinId;
      }
    }
    return null;
  }

  private static boolean related(Member member, boolean pointsBelow, Member primary) {
    boolean within = primary.slice.entrySet().containsAll(member.slice.entrySet());
    if (primary.slice.size() == member.slice.size()) {
      return within;
    }
    if (!pointsBelow) {
      return false;
    }
    if (primary.slice.size() > member.slice.size()) {
      return within;
    }
    return member.slice.entrySet().containsAll(primary.slice.entrySet());
  }

  /**
   * Whether two late-data alerts come from one lagging producer: what their slices have in common (the
   * dimension values both fix, their series' and their top causes') holds the top cause of one of them.
   * The chats of region=north lag: touchpoint=billing x region=north names channel=CHAT, touchpoint=delivery
   * x region=north names it too, touchpoint=support names channel=CHAT x region=north and the global series
   * channel=CHAT; each pair of them has channel=CHAT (and region=north) in common. Another producer lagging at
   * the same time (the e-mails of region=south) shares at most a value that is neither's cause.
   */
  private static boolean sameLateProducer(Member member, Member primary) {
    if (member.cause.isEmpty() || primary.cause.isEmpty()) {
      return false;
    }
    Map<String, String> common = new HashMap<>(member.slice);
    common.entrySet().retainAll(primary.slice.entrySet());
    return !common.isEmpty() && (common.entrySet().containsAll(member.cause.entrySet())
        || common.entrySet().containsAll(primary.cause.entrySet()));
  }

  /**
   * A resolved alert is forgotten; a resolved primary's grouped alerts keep its id (they belong to that
   * incident) and are forgotten when they resolve themselves; a primary lists what was grouped under it
   * so far, resolved or not.
   */
  private static void forget(String alertId, Incidents incidents) {
    incidents.members.remove(alertId);
  }
}
