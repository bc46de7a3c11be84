package earshot.jobs.signals;

import earshot.schemas.AvroTrust;
import earshot.jobs.metrics.CxMetrics;
import earshot.jobs.metrics.Observation;
import org.apache.flink.api.common.functions.AggregateFunction;

/**
 * Folds a window's observations into {@link CxMetrics}, incrementally, with the window's counts per
 * slice below its series (at most {@code maxSlices} slices; none when 0).
 */
public final class AggregateMetrics implements AggregateFunction<Observation, CxMetrics, CxMetrics> {

  // Task managers read Earshot's Avro records as soon as this function is deployed (state
  // restore comes before open()): trust the generated classes when this class loads.
  static {
    AvroTrust.install();
  }

  private static final long serialVersionUID = 1L;

  private final int maxSlices;

  public AggregateMetrics() {
    this(0);
  }

  public AggregateMetrics(int maxSlices) {
    this.maxSlices = maxSlices;
  }

  @Override
  public CxMetrics createAccumulator() {
    return new CxMetrics();
  }

  @Override
  public CxMetrics add(Observation value, CxMetrics accumulator) {
    accumulator.add(value);
    if (maxSlices > 0) {
      accumulator.breakdown.add(value, maxSlices);
    }
    return accumulator;
  }

  @Override
  public CxMetrics getResult(CxMetrics accumulator) {
    return accumulator;
  }

  @Override
  public CxMetrics merge(CxMetrics a, CxMetrics b) {
    a.breakdown.merge(b.breakdown, Math.max(maxSlices, 1));
    return a.merge(b);
  }
}
