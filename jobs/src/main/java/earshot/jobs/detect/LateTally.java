package earshot.jobs.detect;

import java.util.HashMap;
import java.util.Map;

/**
 * Late and on-time interactions of one series over a stretch of its windows, in total and per dimension
 * value below the series ({@code channel=EMAIL}), so that a DATA_QUALITY alert can say which producer
 * lags ({@link LateRootCauses}). Bounded: at most {@link #MAX_VALUES} values per kind are counted; later
 * new values are counted in the totals only. A plain value class (Flink POJO) kept in keyed state.
 */
public class LateTally {

  /** Values counted per kind (late, on time): far more than the values of a few dimensions. */
  public static final int MAX_VALUES = 256;

  public long late;
  public long onTime;
  /** Late interactions per dimension value (dimension=value). */
  public Map<String, Long> lateByValue = new HashMap<>();
  /** On-time interactions per dimension value. */
  public Map<String, Long> onTimeByValue = new HashMap<>();

  public LateTally() {}

  /** Counts one late interaction in its dimension values (those the series does not fix). */
  public void addLate(String[] values) {
    late++;
    if (values != null) {
      for (String value : values) {
        add(lateByValue, value, 1);
      }
    }
  }

  /**
   * Counts on-time interactions: {@code interactions} in all, and per dimension value (a value's count may
   * be negative when a window published again is counted as its difference with what it published before).
   */
  public void addOnTime(long interactions, Map<String, Long> byValue) {
    onTime += interactions;
    if (byValue != null) {
      byValue.forEach((value, count) -> add(onTimeByValue, value, count));
    }
  }

  /** Adds another stretch's counts. */
  public LateTally merge(LateTally other) {
    late += other.late;
    onTime += other.onTime;
    other.lateByValue.forEach((value, count) -> add(lateByValue, value, count));
    other.onTimeByValue.forEach((value, count) -> add(onTimeByValue, value, count));
    return this;
  }

  private static void add(Map<String, Long> counts, String value, long count) {
    if (value == null || count == 0) {
      return;
    }
    Long before = counts.get(value);
    if (before == null && counts.size() >= MAX_VALUES) {
      return;
    }
    counts.put(value, (before == null ? 0 : before) + count);
  }
}
