package earshot.jobs.detect;

import earshot.jobs.metrics.SeriesCatalog;
import earshot.schemas.Alert;
import earshot.schemas.AlertState;
import earshot.schemas.AlertTransition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns alert storms into digests: when a series alerts while an ancestor series (one whose
 * dimensions are a strict subset of its own; the global series is everyone's ancestor) already has
 * an open alert of the same detector and window length, the child's alert is not published on its
 * own: the child series is listed in the parent's {@code children} instead, and the parent is
 * republished. The grouper also owns what subscribers see of an alert: its version numbers and
 * history, one step per published state.
 *
 * <p>It must see all alerts of one detector and window length, one window at a time, parents
 * before children: {@link #onWindow} sorts each window's alerts by number of dimensions.
 */
public final class AlertGrouper {

  /** What the grouper remembers of an alert until it resolves. A plain value class (Flink POJO). */
  public static class Entry {
    public String seriesKey;
    /** Alert id of the open ancestor alert this one is grouped under; null when published on its own. */
    public String groupedUnder;
    public int version;
    public List<String> children = new ArrayList<>();
    public List<AlertTrack.Step> history = new ArrayList<>();
    /** For a resolved alert: until when a reopening continues its versions (event time, epoch millis). */
    public long reopenUntil;

    public Entry() {}
  }

  /** The open and grouped alerts of one detector and window length. A Flink POJO. */
  public static class Groups {
    public Map<String, Entry> entries = new HashMap<>();
    /** The last alert published per id, encoded (for a parent that must be republished with a new child). */
    public Map<String, byte[]> lastPublished = new HashMap<>();
    /**
     * Alerts published on their own and resolved, kept while their detector could still reopen them
     * (an anomaly within the cooldown reopens the same alert id): a reopened alert continues its
     * versions and history, so no subscriber sees an id's version 1 twice.
     */
    public Map<String, Entry> resolved = new HashMap<>();

    public Groups() {}
  }

  private static final Comparator<Alert> PARENTS_FIRST = Comparator
      .comparingInt((Alert a) -> a.getDimensions().size())
      .thenComparing(Alert::getSeriesKey)
      .thenComparing(Alert::getAlertId)
      .thenComparingInt(Alert::getVersion);

  private final earshot.schemas.SingleObjectCodec<Alert> codec = earshot.schemas.SingleObjectCodec.of(Alert.class);
  private final int cooldownWindows;

  /**
   * @param cooldownWindows the detectors' cooldown ({@link DetectorSettings#cooldownWindows}): how many
   *     windows after its resolution an alert can reopen
   */
  public AlertGrouper(int cooldownWindows) {
    this.cooldownWindows = cooldownWindows;
  }

  /** Processes the alert states of one window; returns what to publish. */
  public List<Alert> onWindow(List<Alert> alerts, Groups groups) {
    List<Alert> sorted = new ArrayList<>(alerts);
    sorted.sort(PARENTS_FIRST);
    forgetResolvedBefore(sorted, groups);
    List<Alert> out = new ArrayList<>();
    // Parents that gained children in this window, republished once each after the window's alerts.
    Map<String, Instant> joined = new LinkedHashMap<>();
    for (Alert alert : sorted) {
      Entry entry = groups.entries.get(alert.getAlertId());
      if (entry == null && alert.getState() != AlertState.RESOLVED) {
        // Reopened within its cooldown: the same alert, from its last version on.
        entry = groups.resolved.remove(alert.getAlertId());
      }
      if (entry == null) {
        entry = new Entry();
        entry.seriesKey = alert.getSeriesKey();
      }
      if (!groups.entries.containsKey(alert.getAlertId())) {
        if (alert.getState() == AlertState.OPEN) {
          entry.groupedUnder = openAncestor(alert, groups);
        }
        groups.entries.put(alert.getAlertId(), entry);
      }
      boolean subscribersSeeItClosed = entry.version == 0 || lastPublishedResolved(entry);
      if (subscribersSeeItClosed && alert.getState() == AlertState.RESOLVED) {
        // Resolved while grouped under its parent: nothing to publish.
        groups.entries.remove(alert.getAlertId());
        if (entry.version > 0) {
          keepResolved(alert, entry, groups);
        }
        continue;
      }
      if (entry.groupedUnder != null && isOpen(groups, entry.groupedUnder)) {
        Entry parent = groups.entries.get(entry.groupedUnder);
        if (!parent.children.contains(alert.getSeriesKey())) {
          parent.children.add(alert.getSeriesKey());
          joined.merge(entry.groupedUnder, alert.getUpdatedAt(), (a, b) -> a.isAfter(b) ? a : b);
        }
        continue;
      }
      // Published on its own (its parent, if any, has resolved since).
      AlertState state = subscribersSeeItClosed ? AlertState.OPEN : alert.getState();
      out.add(publish(alert, state, entry, groups));
      if (state == AlertState.RESOLVED) {
        groups.entries.remove(alert.getAlertId());
        groups.lastPublished.remove(alert.getAlertId());
        keepResolved(alert, entry, groups);
      }
    }
    joined.forEach((parentId, at) -> {
      Entry parent = groups.entries.get(parentId);
      if (parent != null && parent.version > 0) {
        out.add(republish(parentId, parent, groups, at));
      }
    });
    return out;
  }

  /** Remembers an alert that subscribers last saw resolved, for as long as its detector may reopen it. */
  private void keepResolved(Alert alert, Entry entry, Groups groups) {
    entry.groupedUnder = null;
    entry.children = new ArrayList<>();
    entry.reopenUntil = alert.getUpdatedAt().toEpochMilli() + reopenMillis(alert);
    groups.resolved.put(alert.getAlertId(), entry);
  }

  private static boolean lastPublishedResolved(Entry entry) {
    return !entry.history.isEmpty()
        && AlertState.RESOLVED.name().equals(entry.history.get(entry.history.size() - 1).state);
  }

  /** How long after its resolution an alert may reopen: its detector's cooldown, in the detector's windows. */
  private long reopenMillis(Alert alert) {
    return (long) cooldownWindows * alert.getWindowSeconds() * 1000L;
  }

  /** Forgets resolved alerts that can no longer reopen, as of the latest event time in the window. */
  private static void forgetResolvedBefore(List<Alert> window, Groups groups) {
    if (groups.resolved == null) {
      groups.resolved = new HashMap<>(); // state from before resolved alerts were kept
    }
    long now = window.stream().mapToLong(a -> a.getUpdatedAt().toEpochMilli()).max().orElse(Long.MIN_VALUE);
    groups.resolved.values().removeIf(entry -> entry.reopenUntil < now);
  }

  private Alert publish(Alert alert, AlertState state, Entry entry, Groups groups) {
    entry.version++;
    entry.history.add(new AlertTrack.Step(state, entry.version, alert.getUpdatedAt().toEpochMilli(), alert.getSeverity(),
        alert.getObserved()));
    Alert published = Alert.newBuilder(alert)
        .setState(state)
        .setVersion(entry.version)
        .setChildren(List.copyOf(entry.children))
        .setHistory(history(entry))
        .build();
    groups.lastPublished.put(alert.getAlertId(), codec.encode(published));
    return published;
  }

  private Alert republish(String alertId, Entry parent, Groups groups, Instant at) {
    Alert last = codec.decode(groups.lastPublished.get(alertId));
    parent.version++;
    parent.history.add(new AlertTrack.Step(AlertState.UPDATED, parent.version, at.toEpochMilli(), last.getSeverity(),
        last.getObserved()));
    Alert published = Alert.newBuilder(last)
        .setState(AlertState.UPDATED)
        .setVersion(parent.version)
        .setUpdatedAt(at)
        .setChildren(List.copyOf(parent.children))
        .setSummary(withChildren(last.getSummary(), parent.children))
        .setHistory(history(parent))
        .build();
    groups.lastPublished.put(alertId, codec.encode(published));
    return published;
  }

  private static String withChildren(String summary, List<String> children) {
    int marker = summary.indexOf(" Also affected: ");
    String base = marker >= 0 ? summary.substring(0, marker) : summary;
    return base + " Also affected: " + String.join("; ", children) + ".";
  }

  /** The closest open, self-published ancestor alert, or null. */
  private static String openAncestor(Alert alert, Groups groups) {
    Map<String, String> dims = alert.getDimensions();
    String best = null;
    int bestSize = -1;
    for (Map.Entry<String, Entry> candidate : groups.entries.entrySet()) {
      Entry entry = candidate.getValue();
      if (entry.groupedUnder != null || entry.version == 0) {
        continue;
      }
      Map<String, String> parentDims = SeriesCatalog.dimensionsOf(entry.seriesKey);
      if (parentDims.size() < dims.size() && dims.entrySet().containsAll(parentDims.entrySet())) {
        boolean closer = parentDims.size() > bestSize
            || (parentDims.size() == bestSize && candidate.getKey().compareTo(best) < 0);
        if (closer) {
          best = candidate.getKey();
          bestSize = parentDims.size();
        }
      }
    }
    return best;
  }

  private static boolean isOpen(Groups groups, String alertId) {
    Entry entry = groups.entries.get(alertId);
    return entry != null && entry.version > 0;
  }

  private static List<AlertTransition> history(Entry entry) {
    return entry.history.stream().map(AlertTrack.Step::transition).toList();
  }
}
