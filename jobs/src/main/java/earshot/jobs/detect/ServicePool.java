package earshot.jobs.detect;

import earshot.jobs.metrics.Breakdown;
import earshot.jobs.metrics.MetricSnapshots;
import earshot.schemas.MetricSnapshot;
import java.time.Instant;

/**
 * Pools the waits and transfers of a sparse series' windows until they are enough to be judged,
 * as {@link EvidencePool} does for answers and texts: a window that holds enough on its own (and
 * nothing pooled before it) is judged as it is; a smaller one is added to the pool, and once the
 * pool holds enough the service-level detector judges the pooled windows as one, from the first
 * pooled window's start to the last one's end. How much is enough is the detector's to say
 * ({@link ServiceLevelDetector#enough}). Evidence older than {@link EvidencePool#MAX_WINDOWS}
 * windows is dropped.
 *
 * <p>Consumes metric windows of one series in event-time order; emits the window or the pooled
 * windows to judge. A plain value class (Flink POJO) kept in keyed state.
 */
public class ServicePool {

  /** Start of the first pooled window, or {@link Long#MIN_VALUE} when the pool is empty. */
  public long start = Long.MIN_VALUE;
  public int windows;
  public long interactions;
  public long transferCount;
  public long transferredInteractions;
  public long waitCount;
  /** Sum of the pooled waits, in seconds (each window's mean times its count). */
  public double waitSum;
  /**
   * Always empty now: releases before {@link PooledSlices} summed the pooled windows' counts per slice
   * here. Kept so that their savepoints restore; what they pooled is cleared at the next window, so the
   * root causes of the first pooled judgement after such an upgrade cover only the windows since.
   */
  public Breakdown breakdown = new Breakdown();

  public ServicePool() {}

  /** What a judgement needs: whether a window's (or a pool's) waits and transfers are enough. */
  @FunctionalInterface
  public interface Enough {
    boolean test(MetricSnapshot window, long waits, long transfers);
  }

  /**
   * Takes a window of the series and returns what to judge now: the window itself (enough on its
   * own, or still too little pooled: the detector then finds it insufficient) or the pooled windows
   * up to and including it, whose counts per slice are the series' {@link PooledSlices}.
   */
  public EvidencePool.Judged offer(MetricSnapshot window, Breakdown slices, Enough enough) {
    if (breakdown == null || !breakdown.isEmpty()) {
      breakdown = new Breakdown(); // pooled by an earlier release (see the field)
    }
    Breakdown windowSlices = slices == null ? new Breakdown() : slices;
    long windowMillis = window.getWindowEnd().toEpochMilli() - window.getWindowStart().toEpochMilli();
    if (start != Long.MIN_VALUE && window.getWindowEnd().toEpochMilli() - start > EvidencePool.MAX_WINDOWS * windowMillis) {
      clear();
    }
    long waits = window.getWaitMeanSeconds() == null ? 0 : window.getWaitCount();
    // Nothing to pool (a channel without waits or transfers), or enough alone: judged as it is.
    boolean nothing = waits == 0 && window.getTransferCount() == 0;
    if (start == Long.MIN_VALUE && (nothing || enough.test(window, waits, window.getTransferCount()))) {
      return new EvidencePool.Judged(window, windowSlices);
    }
    add(window);
    if (!enough.test(window, waitCount, transferCount)) {
      return new EvidencePool.Judged(window, windowSlices);
    }
    EvidencePool.Judged judged = windows == 1 ? new EvidencePool.Judged(window, windowSlices)
        : EvidencePool.Judged.pooled(merged(window));
    clear();
    return judged;
  }

  private void add(MetricSnapshot window) {
    if (start == Long.MIN_VALUE) {
      start = window.getWindowStart().toEpochMilli();
    }
    windows++;
    interactions += window.getInteractions();
    transferCount += window.getTransferCount();
    transferredInteractions += window.getTransferredInteractions();
    if (window.getWaitMeanSeconds() != null) {
      waitCount += window.getWaitCount();
      waitSum += window.getWaitMeanSeconds() * window.getWaitCount();
    }
  }

  /**
   * The pooled windows as one snapshot: the last window's id, dimensions and examples, the pool's
   * span, interactions, waits and transfers (the survey and text metrics are the last window's:
   * the service-level detector does not read them).
   */
  private MetricSnapshot merged(MetricSnapshot last) {
    long end = last.getWindowEnd().toEpochMilli();
    return MetricSnapshot.newBuilder(last)
        .setMetricId(MetricSnapshots.metricId(last.getSeriesKey(), (end - start) / 1000, start))
        .setWindowSeconds((end - start) / 1000)
        .setWindowStart(Instant.ofEpochMilli(start))
        .setInteractions(interactions)
        .setTransferCount(transferCount)
        .setTransferredInteractions(transferredInteractions)
        .setTransferRate(transferCount > 0 ? (double) transferredInteractions / transferCount : null)
        .setWaitCount(waitCount)
        .setWaitMeanSeconds(waitCount > 0 ? waitSum / waitCount : null)
        .build();
  }

  private void clear() {
    start = Long.MIN_VALUE;
    windows = 0;
    interactions = 0;
    transferCount = 0;
    transferredInteractions = 0;
    waitCount = 0;
    waitSum = 0;
  }
}
