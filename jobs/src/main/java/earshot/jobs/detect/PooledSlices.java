package earshot.jobs.detect;

import earshot.jobs.metrics.Breakdown;
import java.util.ArrayList;
import java.util.List;

/**
 * The counts per slice of the windows that a pool of the series still holds ({@link EvidencePool},
 * {@link ServicePool}), kept once for all of the series' pools and merged only when a pooled judgement
 * raises or updates an alert whose root causes need them. Summing every pooled window into each pool
 * as it came cost a fifth of the metric windows' task, for breakdowns that are almost never read.
 *
 * <p>The windows' counts are the ones the window results carry (shared, not copied), which nothing
 * changes once handed out. A plain value class (Flink POJO) kept in keyed state; it holds no window older than the
 * oldest open pool ({@link #keepFrom}), so at most {@link EvidencePool#MAX_WINDOWS} windows.
 */
public class PooledSlices {

  /** The pooled windows' breakdowns, oldest first. */
  public List<Window> windows = new ArrayList<>();

  public PooledSlices() {}

  /** One pooled window's counts per slice. A Flink POJO. */
  public static class Window {
    public long start;
    public Breakdown slices = new Breakdown();

    public Window() {}

    Window(long start, Breakdown slices) {
      this.start = start;
      this.slices = slices;
    }
  }

  /**
   * Adds a window that some pool holds: its counts, shared with the window's result, without the mention
   * samples and sketch that a pooled judgement does not read.
   */
  public void add(long start, Breakdown slices) {
    windows.add(new Window(start, slices.countsOnly()));
  }

  /**
   * The windows from {@code from} on, with {@code last} (the window being judged, not added yet) after
   * them, summed as the pools used to sum them: in order, at most {@code maxSlices} slices, counts only.
   */
  public Breakdown from(long from, Breakdown last, int maxSlices) {
    Breakdown merged = new Breakdown();
    for (Window window : windows) {
      if (window.start >= from) {
        merged.merge(window.slices, maxSlices, false);
      }
    }
    return merged.merge(last, maxSlices, false);
  }

  /** Forgets the windows before {@code start} (the oldest open pool's), or all of them when no pool is open. */
  public void keepFrom(long start) {
    if (start == Long.MIN_VALUE) {
      windows.clear();
    } else {
      windows.removeIf(w -> w.start < start);
    }
  }
}
