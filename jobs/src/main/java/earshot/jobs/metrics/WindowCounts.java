package earshot.jobs.metrics;

import earshot.schemas.Interaction;
import earshot.schemas.MetricSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Interactions per series and window, keyed {@code series|windowSeconds|windowStartMillis}: worked
 * out from a stream's interactions, or read from the metric snapshots the signals job published, so
 * that the two can be compared window by window (a backfill or a recovery must give the input's
 * counts exactly).
 */
public final class WindowCounts {

  private WindowCounts() {}

  /** The counts the signals job should publish for these interactions. */
  public static Map<String, Long> expected(Iterable<Interaction> interactions, SeriesCatalog series,
      List<Duration> windows) {
    Map<String, Long> counts = new TreeMap<>();
    for (Interaction interaction : interactions) {
      long at = interaction.getOccurredAt().toEpochMilli();
      List<String> keys = series.keysFor(interaction);
      for (Duration window : windows) {
        long start = at - Math.floorMod(at, window.toMillis());
        for (String key : keys) {
          counts.merge(key(key, window.toSeconds(), start), 1L, Long::sum);
        }
      }
    }
    return counts;
  }

  /**
   * The counts of the latest revision of each published window that starts before {@code before}
   * (null for all).
   */
  public static Map<String, Long> published(Iterable<MetricSnapshot> snapshots, Instant before) {
    Map<String, MetricSnapshot> latest = new HashMap<>();
    for (MetricSnapshot snapshot : snapshots) {
      latest.merge(snapshot.getMetricId(), snapshot, (a, b) -> b.getRevision() >= a.getRevision() ? b : a);
    }
    Map<String, Long> counts = new TreeMap<>();
    for (MetricSnapshot snapshot : latest.values()) {
      if (before == null || snapshot.getWindowStart().isBefore(before)) {
        counts.put(key(snapshot.getSeriesKey(), snapshot.getWindowSeconds(), snapshot.getWindowStart().toEpochMilli()),
            snapshot.getInteractions());
      }
    }
    return counts;
  }

  /** The windows whose counts differ, at most {@code limit} of them, for a failure message. */
  public static List<String> differences(Map<String, Long> expected, Map<String, Long> published, int limit) {
    List<String> differences = new ArrayList<>();
    Map<String, Long> all = new TreeMap<>(expected);
    published.forEach(all::putIfAbsent);
    for (String window : all.keySet()) {
      Long want = expected.get(window);
      Long got = published.get(window);
      if (want == null || !want.equals(got)) {
        if (differences.size() == limit) {
          differences.add("...");
          break;
        }
        differences.add(window + ": expected " + want + ", published " + got);
      }
    }
    return differences;
  }

  private static String key(String series, long windowSeconds, long start) {
    return series + "|" + windowSeconds + "|" + start;
  }
}
