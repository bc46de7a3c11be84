package earshot.jobs.signals;

/**
 * One interaction that arrived too late for a window of a series: the series, the window length, the
 * start of the window it belongs to and, on the windows that carry DATA_QUALITY alerts, the interaction's
 * dimension values below the series (where the late records come from). A plain value class (Flink POJO).
 */
public class LateWindow {
  public String seriesKey;
  public long windowSeconds;
  public long windowStart;
  /** The interaction's values (dimension=value) along the dimensions the series does not fix; null when not wanted. */
  public String[] values;
  /** The watermark of the operator that found the interaction too late, when it did; Long.MIN_VALUE when not known. */
  public long emittedAtWatermark = Long.MIN_VALUE;

  public LateWindow() {}

  public LateWindow(String seriesKey, long windowSeconds, long windowStart) {
    this(seriesKey, windowSeconds, windowStart, null);
  }

  public LateWindow(String seriesKey, long windowSeconds, long windowStart, String[] values) {
    this.seriesKey = seriesKey;
    this.windowSeconds = windowSeconds;
    this.windowStart = windowStart;
    this.values = values;
  }

  /** The key of the series' windows of this length, as {@link CountLateRecords} is keyed. */
  public String key() {
    return seriesKey + "|" + windowSeconds;
  }
}
