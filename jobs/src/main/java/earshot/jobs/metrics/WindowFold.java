package earshot.jobs.metrics;

import java.io.Serializable;

/**
 * How one window length folds what it counts into a series' {@link CxMetrics}: single observations
 * ({@link #add(Observation, CxMetrics)}) or parts of the window counted apart ({@link #addPart}), with the
 * window's counts per slice below its series bounded by its caps. Every series counts at most
 * {@code maxSlices} slices (none when 0); the global series may count more ({@code globalSlices}) and, at
 * the length the slice watch judges, sketches the slices its cap leaves out
 * ({@link Breakdown#overflowEstimate}). Series of at most {@code mentionDimensions} dimensions also sample
 * where each theme's mentions come from ({@link MentionSample}); -1: none.
 */
public final class WindowFold implements Serializable {

  private static final long serialVersionUID = 1L;

  private final int maxSlices;
  private final int globalSlices;
  private final boolean sketchGlobal;
  private final int mentionDimensions;

  public WindowFold(int maxSlices, int globalSlices, boolean sketchGlobal, int mentionDimensions) {
    this.maxSlices = maxSlices;
    this.globalSlices = maxSlices > 0 ? Math.max(maxSlices, globalSlices) : 0;
    this.sketchGlobal = sketchGlobal;
    this.mentionDimensions = maxSlices > 0 ? mentionDimensions : -1;
  }

  /** Counts one observation of the totals' series and window. */
  public CxMetrics add(Observation value, CxMetrics totals) {
    totals.add(value);
    if (maxSlices > 0) {
      boolean global = SeriesCatalog.GLOBAL.equals(value.seriesKey);
      totals.breakdown.add(value, global ? globalSlices : maxSlices, global && sketchGlobal);
      if (mentionDimensions >= 0 && SeriesCatalog.dimensionsIn(value.seriesKey) <= mentionDimensions) {
        totals.breakdown.sampleMentions(value);
      }
    }
    return totals;
  }

  /**
   * Adds totals of the same series and window counted apart, by a fold whose caps are at least these
   * ({@link #widest}): while no cap is reached the result is what adding their observations one by one
   * gives; once one is, this window's caps decide which slices are kept.
   */
  public CxMetrics addPart(String seriesKey, CxMetrics part, CxMetrics totals) {
    if (maxSlices > 0) {
      boolean global = SeriesCatalog.GLOBAL.equals(seriesKey);
      totals.breakdown.addPart(part.breakdown, global ? globalSlices : maxSlices, global && sketchGlobal);
    }
    return totals.merge(part);
  }

  /** Merges two windows' totals (window merging; the larger cap bounds both). */
  public CxMetrics merge(CxMetrics a, CxMetrics b) {
    a.breakdown.merge(b.breakdown, Math.max(globalSlices, 1));
    return a.merge(b);
  }

  /** A fold whose caps are the largest of these folds': parts it counts lose nothing the others keep. */
  public static WindowFold widest(Iterable<WindowFold> folds) {
    int max = 0;
    int global = 0;
    boolean sketch = false;
    int mentions = -1;
    for (WindowFold fold : folds) {
      max = Math.max(max, fold.maxSlices);
      global = Math.max(global, fold.globalSlices);
      sketch |= fold.sketchGlobal;
      mentions = Math.max(mentions, fold.mentionDimensions);
    }
    return new WindowFold(max, global, sketch, mentions);
  }
}
