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
 * left out of a full window cannot be judged there.
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

  public AggregateMetrics() {
    this(0);
  }

  public AggregateMetrics(int maxSlices) {
    this(maxSlices, maxSlices);
  }

  public AggregateMetrics(int maxSlices, int globalSlices) {
    this.maxSlices = maxSlices;
    this.globalSlices = maxSlices > 0 ? Math.max(maxSlices, globalSlices) : 0;
  }

  /**
   * The aggregation of one window length: at the length the slice watch judges (the longest), the global
   * series counts the watch's {@code detect.slices.counted-per-window} slices.
   */
  public static AggregateMetrics forWindow(SignalsSettings settings, boolean watched) {
    int slices = settings.rootCauses().maxSlices();
    return new AggregateMetrics(slices,
        watched && settings.slices().enabled() ? settings.slices().countedPerWindow() : slices);
  }

  @Override
  public CxMetrics createAccumulator() {
    return new CxMetrics();
  }

  @Override
  public CxMetrics add(Observation value, CxMetrics accumulator) {
    accumulator.add(value);
    if (maxSlices > 0) {
      accumulator.breakdown.add(value, SeriesCatalog.GLOBAL.equals(value.seriesKey) ? globalSlices : maxSlices);
    }
    return accumulator;
  }

  @Override
  public CxMetrics getResult(CxMetrics accumulator) {
    return accumulator;
  }

  @Override
  public CxMetrics merge(CxMetrics a, CxMetrics b) {
    a.breakdown.merge(b.breakdown, Math.max(globalSlices, 1)); // merging windows only; the larger cap bounds both
    return a.merge(b);
  }
}
