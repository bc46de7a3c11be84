package earshot.jobs.churn;

import earshot.jobs.metrics.MetricSnapshots;
import earshot.jobs.metrics.CxMetrics;
import earshot.schemas.MetricSnapshot;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The follow-up metrics of one series over one window, from {@link LoopEvent}s: follow-ups opened,
 * closed (in time), gone overdue, the follow-up rate and the median time to close. The follow-up
 * rate counts each follow-up once, in the window where its service level was settled: closed in
 * time, or gone overdue (its due time passed while open). A Flink POJO used as window accumulator.
 */
public class FollowUpCounts {

  /** The series of every follow-up. */
  public static final String GLOBAL = "followups";
  /** Minutes to close kept for the median: beyond, the window's median is that of the first ones. */
  static final int MAX_SAMPLES = 100_000;

  public long opened;
  public long closed;
  public long closedInTime;
  public long overdue;
  /** Minutes to close of the follow-ups closed in the window. */
  public List<Long> minutesToClose = new ArrayList<>();

  public FollowUpCounts() {}

  /** The series an event counts in: every follow-up, its team's (when known) and its channel's. */
  public static List<String> seriesOf(LoopEvent event) {
    List<String> series = new ArrayList<>(3);
    series.add(GLOBAL);
    if (event.team != null) {
      series.add(GLOBAL + "|team=" + event.team);
    }
    if (event.channel != null) {
      series.add(GLOBAL + "|channel=" + event.channel);
    }
    return series;
  }

  /** The dimensions of a follow-up series ({@code followups|team=care} gives team=care). */
  public static Map<String, String> dimensionsOf(String seriesKey) {
    Map<String, String> dimensions = new LinkedHashMap<>();
    int bar = seriesKey.indexOf('|');
    if (bar >= 0) {
      String pair = seriesKey.substring(bar + 1);
      int eq = pair.indexOf('=');
      dimensions.put(pair.substring(0, eq), pair.substring(eq + 1));
    }
    return dimensions;
  }

  public void add(LoopEvent event) {
    switch (event.kind) {
      case OPENED -> opened++;
      case OVERDUE -> overdue++;
      case CLOSED -> {
        closed++;
        if (event.inTime) {
          closedInTime++;
        }
        if (minutesToClose.size() < MAX_SAMPLES) {
          minutesToClose.add(event.minutesToClose);
        }
      }
    }
  }

  public FollowUpCounts merge(FollowUpCounts other) {
    opened += other.opened;
    closed += other.closed;
    closedInTime += other.closedInTime;
    overdue += other.overdue;
    for (long m : other.minutesToClose) {
      if (minutesToClose.size() < MAX_SAMPLES) {
        minutesToClose.add(m);
      }
    }
    return this;
  }

  /** Follow-ups whose service level was settled in the window: closed in time or gone overdue. */
  public long settled() {
    return closedInTime + overdue;
  }

  /** Share of the settled follow-ups closed in time; NaN when none was settled. */
  public double followUpRate() {
    return settled() == 0 ? Double.NaN : (double) closedInTime / settled();
  }

  /** Median minutes to close of the follow-ups closed in the window; NaN when none closed. */
  public double medianMinutesToClose() {
    if (minutesToClose.isEmpty()) {
      return Double.NaN;
    }
    long[] sorted = minutesToClose.stream().mapToLong(Long::longValue).toArray();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
  }

  /** The window's metric snapshot: the follow-up fields filled, the interaction metrics empty. */
  public MetricSnapshot snapshot(String seriesKey, long windowStart, long windowEnd, int revision) {
    MetricSnapshot snapshot = MetricSnapshots.of("global", windowStart, windowEnd, revision, new CxMetrics());
    long windowSeconds = (windowEnd - windowStart) / 1000;
    snapshot.setMetricId(MetricSnapshots.metricId(seriesKey, windowSeconds, windowStart));
    snapshot.setSeriesKey(seriesKey);
    snapshot.setDimensions(dimensionsOf(seriesKey));
    snapshot.setFollowUpsOpened(opened);
    snapshot.setFollowUpsClosed(closed);
    snapshot.setFollowUpsClosedInTime(closedInTime);
    snapshot.setFollowUpsOverdue(overdue);
    double rate = followUpRate();
    snapshot.setFollowUpRate(Double.isNaN(rate) ? null : rate);
    double median = medianMinutesToClose();
    snapshot.setFollowUpMedianCloseMinutes(Double.isNaN(median) ? null : median);
    return snapshot;
  }
}
