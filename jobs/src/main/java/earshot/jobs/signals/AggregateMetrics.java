package earshot.jobs.signals;

import earshot.schemas.AvroTrust;
import earshot.jobs.metrics.CxMetrics;
import earshot.jobs.metrics.Observation;
import earshot.jobs.metrics.PartialWindow;
import earshot.jobs.metrics.WindowFold;
import org.apache.flink.api.common.functions.AggregateFunction;

/**
 * Folds a window's parts ({@link PartialWindow}, counted by {@link PreAggregate}) into {@link CxMetrics},
 * with the window's counts per slice below its series bounded by its {@link WindowFold}: at most
 * {@code maxSlices} slices per window and series (none when 0). The global series may count more
 * ({@code globalSlices}): the slice watch judges its slices, and a watched slice left out of a full window
 * cannot be judged there. At the length the watch judges, the global series also sketches the slices its
 * cap leaves out ({@link earshot.jobs.metrics.Breakdown#overflowEstimate}), so a catalog larger than the
 * cap still has a count for every watched slice.
 */
public final class AggregateMetrics implements AggregateFunction<PartialWindow, CxMetrics, CxMetrics> {

  // Task managers read Earshot's Avro records as soon as this function is deployed (state
  // restore comes before open()): trust the generated classes when this class loads.
  static {
    AvroTrust.install();
  }

  private static final long serialVersionUID = 1L;

  private final WindowFold fold;

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
    this.fold = new WindowFold(maxSlices, globalSlices, sketchGlobal, mentionDimensions);
  }

  /**
   * The aggregation of one window length: at the length the slice watch judges (the longest), the global
   * series counts the watch's {@code detect.slices.counted-per-window} slices.
   */
  public static AggregateMetrics forWindow(SignalsSettings settings, boolean watched) {
    return new AggregateMetrics(settings.rootCauses().maxSlices(), globalSlices(settings, watched),
        watched && settings.slices().enabled(), settings.emergingMaxDimensions());
  }

  /** How the windows' parts are counted: with the widest caps of any window length ({@link #forWindow}). */
  public static WindowFold partsFold(SignalsSettings settings) {
    return WindowFold.widest(java.util.List.of(forWindow(settings, true).fold, forWindow(settings, false).fold));
  }

  private static int globalSlices(SignalsSettings settings, boolean watched) {
    return watched && settings.slices().enabled() ? settings.slices().countedPerWindow()
        : settings.rootCauses().maxSlices();
  }

  /** The fold this window length counts with. */
  public WindowFold fold() {
    return fold;
  }

  @Override
  public CxMetrics createAccumulator() {
    return new CxMetrics();
  }

  /** Counts one observation (outside a job: tests and tools that fold a window themselves). */
  public CxMetrics add(Observation value, CxMetrics totals) {
    // A late record after the window fired: its result, already with the detectors, stays as it was.
    return fold.add(value, totals.forUpdate());
  }

  @Override
  public CxMetrics add(PartialWindow part, CxMetrics totals) {
    // A late record after the window fired: its result, already with the detectors, stays as it was.
    return fold.addPart(part.seriesKey, part.totals, totals.forUpdate());
  }

  @Override
  public CxMetrics getResult(CxMetrics accumulator) {
    return accumulator;
  }

  @Override
  public CxMetrics merge(CxMetrics first, CxMetrics b) {
    return fold.merge(first.forUpdate(), b);
  }
}
