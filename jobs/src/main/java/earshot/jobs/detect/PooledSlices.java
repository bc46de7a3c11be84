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
 * <p>This class, a plain value class (Flink POJO) inside {@link SeriesState}, holds only the pooled
 * windows' starts; their counts are entries of their own ({@link SeriesParts#pooledWindows()}), so a
 * window writes its own counts and removes the ones that left, without reading the others. It holds
 * no window older than the oldest open pool ({@link #keepFrom}), so at most {@link EvidencePool#MAX_WINDOWS}.
 * The counts are the ones the window results carry (shared, not copied, where state is kept in
 * memory), which nothing changes once handed out.
 */
public class PooledSlices {

  /** The starts of the pooled windows, oldest first. */
  public List<Long> starts = new ArrayList<>();

  /**
   * The pooled windows with their counts, as state saved before the counts were kept apart holds them:
   * moved to the entries at the first use, empty from then on.
   */
  public List<Window> windows = new ArrayList<>();

  public PooledSlices() {}

  /** One pooled window's counts per slice, in state saved by earlier releases. A Flink POJO. */
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
   * Adds a window that some pool holds: its counts, without the mention samples and sketch that a
   * pooled judgement does not read.
   */
  public void add(long start, Breakdown slices, StateEntries<Long, Breakdown> counts) {
    moveEarlierState(counts);
    counts.put(start, slices.countsOnly());
    starts.add(start);
  }

  /**
   * The windows from {@code from} on, with {@code last} (the window being judged, not added yet) after
   * them, summed as the pools used to sum them: in order, at most {@code maxSlices} slices, counts only.
   */
  public Breakdown from(long from, Breakdown last, int maxSlices, StateEntries<Long, Breakdown> counts) {
    moveEarlierState(counts);
    Breakdown merged = new Breakdown();
    for (long start : starts) {
      if (start >= from) {
        merged.merge(counts.get(start), maxSlices, false);
      }
    }
    return merged.merge(last, maxSlices, false);
  }

  /** Forgets the windows before {@code start} (the oldest open pool's), or all of them when no pool is open. */
  public void keepFrom(long start, StateEntries<Long, Breakdown> counts) {
    moveEarlierState(counts);
    starts.removeIf(s -> {
      boolean leaves = start == Long.MIN_VALUE || s < start;
      if (leaves) {
        counts.remove(s);
      }
      return leaves;
    });
  }

  /** Moves the windows of state saved by an earlier release to the entries. */
  private void moveEarlierState(StateEntries<Long, Breakdown> counts) {
    if (starts == null) {
      starts = new ArrayList<>();
    }
    if (windows == null || windows.isEmpty()) {
      return;
    }
    for (Window window : windows) {
      counts.put(window.start, window.slices);
      starts.add(window.start);
    }
    windows.clear();
  }
}
