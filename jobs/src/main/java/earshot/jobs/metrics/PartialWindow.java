package earshot.jobs.metrics;

/**
 * The totals of one series over part of a window: the observations one task saw between two
 * hand-overs ({@link PartialWindows}), all within {@code [start, start + length)}, a span that lies inside
 * one window of every window length. A plain value class (Flink POJO).
 */
public class PartialWindow {

  public String seriesKey;
  /** Start of the span its observations lie in, epoch milliseconds. */
  public long start;
  /** What its observations add up to; {@code totals.interactions} is how many were counted. */
  public CxMetrics totals = new CxMetrics();

  public PartialWindow() {}

  public PartialWindow(String seriesKey, long start) {
    this.seriesKey = seriesKey;
    this.start = start;
  }
}
