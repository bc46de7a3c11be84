package earshot.jobs.metrics;

import earshot.schemas.MetricSnapshot;
import java.util.HashMap;
import java.util.Map;

/**
 * What a metric window hands to the detectors: the published {@link MetricSnapshot} and the count
 * of every intent and key phrase of the window. The snapshot lists only the most frequent few, but
 * a theme's usual frequency can only be learned from all of them: a baseline that saw a theme only
 * in the windows where it reached a short top list would find every mid-frequency theme "new".
 * A plain value class (Flink POJO).
 */
public class WindowResult {

  public MetricSnapshot snapshot;
  /** Intent and key-phrase counts of the window. */
  public Map<String, Long> terms = new HashMap<>();
  /** The window's counts per slice below the series, for root causes; empty when not counted. */
  public earshot.jobs.metrics.Breakdown breakdown = new earshot.jobs.metrics.Breakdown();
  /**
   * The window operator's watermark when it emitted this result: the watermark that closed the window,
   * or the last one before the late record that fired it again. Long.MIN_VALUE when not known.
   */
  public long emittedAtWatermark = Long.MIN_VALUE;

  public WindowResult() {}

  public WindowResult(MetricSnapshot snapshot, Map<String, Long> terms) {
    this.snapshot = snapshot;
    this.terms = terms;
  }

  /**
   * The result of a window's totals. It shares their slice breakdown, which is why the totals are
   * handed out: a late record then updates a copy of them, and this result never changes.
   */
  public static WindowResult of(String seriesKey, long start, long end, int revision, CxMetrics metrics) {
    metrics.handOut();
    Map<String, Long> terms = new HashMap<>(metrics.keyPhrases);
    metrics.intents.forEach((term, count) -> terms.merge(term, count, Long::sum));
    WindowResult result = new WindowResult(MetricSnapshots.of(seriesKey, start, end, revision, metrics), terms);
    result.breakdown = metrics.breakdown;
    return result;
  }
}
