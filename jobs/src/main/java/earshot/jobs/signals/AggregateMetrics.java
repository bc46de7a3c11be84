package earshot.jobs.signals;

import earshot.schemas.AvroTrust;
import earshot.jobs.metrics.CxMetrics;
import earshot.jobs.metrics.Observation;
import earshot.jobs.metrics.SeriesCatalog;
import org.apache.flink.api.common.functions.AggregateFunction;

/**
 * Folds a window's observations into {@link CxMetrics}, incrementally, with the window's counts per
 * slice below its series (at most {@code maxSlices} slices, the first seen; none when 0). The global
 * series may count more ({@code globalSlices}): the slice watch judges its slices, and a watched slice
 * left out of a full window cannot be judged there. At the length the watch judges, the global series also
 * sketches the slices its cap leaves out ({@link earshot.jobs.metrics.Breakdown#overflowEstimate}), so a
 * catalog larger than the cap still has a count for every watched slice.
 */
public final class AggregateMetrics implements AggregateFunction<Observation, CxMetrics, CxMetrics> {

  // Task managers read Earshot's Avro records as soon as this function is deployed (state
  // restore comes before open()): trust the generated classes when this class loads.
  static {
    AvroTrust.install();
  }

  private static final long serialVersionUID = 1L;

  private final int maxSlices;
  private final int globalSlices;
  private final boolean sketchGlobal;
  /** Series with at most this many dimensions sample where their themes' mentions come from; -1: none. */
  private final int mentionDimensions;

  public AggregateMetrics() {
    this(0);
  }

  public AggregateMetrics(int maxSlices) {
    this(maxSlices, maxSlices, false);
  }

  /**
   * @param maxSlices slices counted per window of a series (0: none)
   * @param globalSlices slices counted per window of the global series (at least {@code maxSlices})
   * @param sketchGlobal whether the global series sketches the slices beyond {@code globalSlices}
   */
  public AggregateMetrics(int maxSlices, int globalSlices, boolean sketchGlobal) {
    this(maxSlices, globalSlices, sketchGlobal, -1);
  }

  /**
   * As {@link #AggregateMetrics(int, int, boolean)}; series of at most {@code mentionDimensions}
   * dimensions (those whose topics are watched) also sample where each theme's mentions come from
   * ({@link earshot.jobs.metrics.MentionSample}), for the root causes of topic alerts.
   */
  public AggregateMetrics(int maxSlices, int globalSlices, boolean sketchGlobal, int mentionDimensions) {
    this.maxSlices = maxSlices;
    this.globalSlices = maxSlices > 0 ? Math.max(maxSlices, globalSlices) : 0;
    this.sketchGlobal = sketchGlobal;
    this.mentionDimensions = maxSlices > 0 ? mentionDimensions : -1;
  }

  /**
   * The aggregation of one window length: at the length the slice watch judges (the longest), the global
   * series counts the watch's {@code detect.slices.counted-per-window} slices.
   */
  public static AggregateMetrics forWindow(SignalsSettings settings, boolean watched) {
    int slices = settings.rootCauses().maxSlices();
    boolean watching = watched && settings.slices().enabled();
    return new AggregateMetrics(slices, watching ? settings.slices().countedPerWindow() : slices, watching,
        settings.emergingMaxDimensions());
  }

  @Override
  public CxMetrics createAccumulator() {
    return new CxMetrics();
  }

  @Override
  public CxMetrics add(Observation value, CxMetrics totals) {
    // A late record after the window fired: its result, already with the detectors, stays as it was.
    CxMetrics accumulator = totals.forUpdate();
    accumulator.add(value);
    if (maxSlices > 0) {
      boolean global = SeriesCatalog.GLOBAL.equals(value.seriesKey);
      accumulator.breakdown.add(value, global ? globalSlices : maxSlices, global && sketchGlobal);
      if (mentionDimensions >= 0 && SeriesCatalog.dimensionsIn(value.seriesKey) <= mentionDimensions) {
        accumulator.breakdown.sampleMentions(value);
      }
    }
    return accumulator;
  }

  @Override
  public CxMetrics getResult(CxMetrics accumulator) {
    return accumulator;
  }

  @Override
  public CxMetrics merge(CxMetrics first, CxMetrics b) {
    CxMetrics a = first.forUpdate();
    a.breakdown.merge(b.breakdown, Math.max(globalSlices, 1)); // merging windows only; the larger cap bounds both
    return a.merge(b);
  }
}
