package earshot.jobs.signals;

/**
 * One interaction that arrived too late for a window of a series: the series, the window length and
 * the start of the window it belongs to. A plain value class (Flink POJO).
 */
public class LateWindow {
  public String seriesKey;
  public long windowSeconds;
  public long windowStart;

  public LateWindow() {}

  public LateWindow(String seriesKey, long windowSeconds, long windowStart) {
    this.seriesKey = seriesKey;
    this.windowSeconds = windowSeconds;
    this.windowStart = windowStart;
  }

  /** The key of the series' windows of this length, as {@link CountLateRecords} is keyed. */
  public String key() {
    return seriesKey + "|" + windowSeconds;
  }
}
