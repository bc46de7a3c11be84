package earshot.jobs.detect;

import java.util.HashMap;
import java.util.Map;

/**
 * Late and on-time interactions of one series over a stretch of its windows, in total, per dimension
 * value below the series ({@code channel=EMAIL}) and per pair of such values ({@code
 * channel=CHAT|region=north}), so that a DATA_QUALITY alert can say which producer lags ({@link
 * LateRootCauses}). Bounded: at most {@link #MAX_VALUES} values and {@link #MAX_PAIRS} pairs per kind are
 * counted; later new ones are counted in the totals only, and a pair left out marks the pairs incomplete.
 * A plain value class (Flink POJO) kept in keyed state.
 */
public class LateTally {

  /** Values counted per kind (late, on time): far more than the values of a few dimensions. */
  public static final int MAX_VALUES = 256;
  /** Pairs counted per kind: the pairs of a few dimensions' values, a window's slice cap and more. */
  public static final int MAX_PAIRS = 1024;

  public long late;
  public long onTime;
  /** Late interactions per dimension value (dimension=value). */
  public Map<String, Long> lateByValue = new HashMap<>();
  /** On-time interactions per dimension value. */
  public Map<String, Long> onTimeByValue = new HashMap<>();
  /** Late interactions per pair of values below the series (two dimension=value joined by '|', in dimension order). */
  public Map<String, Long> lateByPair = new HashMap<>();
  /** On-time interactions per pair of values. */
  public Map<String, Long> onTimeByPair = new HashMap<>();
  /**
   * Whether some pair's count is missing: a window at its slice cap did not count all its pairs, or a cap
   * here left one out. Pairs are then not judged (a missing on-time count would make a pair look late).
   */
  public boolean pairsIncomplete;

  public LateTally() {}

  /**
   * Counts one late interaction in its dimension values (those the series does not fix, in dimension
   * order) and in each pair of them.
   */
  public void addLate(String[] values) {
    late++;
    if (values != null) {
      for (int i = 0; i < values.length; i++) {
        add(lateByValue, values[i], 1, MAX_VALUES);
        for (int j = i + 1; j < values.length; j++) {
          if (values[i] != null && values[j] != null) {
            addPair(lateByPair, values[i] + "|" + values[j], 1);
          }
        }
      }
    }
  }

  /**
   * Counts on-time interactions: {@code interactions} in all, and per slice, single values and pairs (a
   * count may be negative when a window published again is counted as its difference with what it
   * published before).
   *
   * @param allPairs whether {@code bySlice} holds every pair of the window's interactions
   */
  public void addOnTime(long interactions, Map<String, Long> bySlice, boolean allPairs) {
    onTime += interactions;
    pairsIncomplete |= !allPairs;
    if (bySlice != null) {
      bySlice.forEach((slice, count) -> {
        if (slice.indexOf('|') >= 0) {
          addPair(onTimeByPair, slice, count);
        } else {
          add(onTimeByValue, slice, count, MAX_VALUES);
        }
      });
    }
  }

  /** Adds another stretch's counts. */
  public LateTally merge(LateTally other) {
    late += other.late;
    onTime += other.onTime;
    other.lateByValue.forEach((value, count) -> add(lateByValue, value, count, MAX_VALUES));
    other.onTimeByValue.forEach((value, count) -> add(onTimeByValue, value, count, MAX_VALUES));
    pairsIncomplete |= other.pairsIncomplete;
    other.lateByPair.forEach((pair, count) -> addPair(lateByPair, pair, count));
    other.onTimeByPair.forEach((pair, count) -> addPair(onTimeByPair, pair, count));
    return this;
  }

  private void addPair(Map<String, Long> counts, String pair, long count) {
    if (!add(counts, pair, count, MAX_PAIRS)) {
      pairsIncomplete = true;
    }
  }

  /** False when the count was left out because the map is full. */
  private static boolean add(Map<String, Long> counts, String value, long count, int max) {
    if (value == null || count == 0) {
      return true;
    }
    Long before = counts.get(value);
    if (before == null && counts.size() >= max) {
      return false;
    }
    counts.put(value, (before == null ? 0 : before) + count);
    return true;
  }
}
