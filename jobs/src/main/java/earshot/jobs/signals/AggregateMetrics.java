package earshot.jobs.signals;

import earshot.schemas.AvroTrust;
import earshot.jobs.metrics.CxMetrics;
import earshot.jobs.metrics.Observation;
import org.apache.flink.api.common.functions.AggregateFunction;

/** Folds a window's observations into {@link CxMetrics}, incrementally. */
public final class AggregateMetrics implements AggregateFunction<Observation, CxMetrics, CxMetrics> {

  // Task managers read Earshot's Avro records as soon as this function is deployed (state
  // restore comes before open()): trust the generated classes when this class loads.
  static {
    AvroTrust.install();
  }

  private static final long serialVersionUID = 1L;

  @Override
  public CxMetrics createAccumulator() {
    return new CxMetrics();
  }

  @Override
  public CxMetrics add(Observation value, CxMetrics accumulator) {
    return accumulator.add(value);
  }

  @Override
  public CxMetrics getResult(CxMetrics accumulator) {
    return accumulator;
  }

  @Override
  public CxMetrics merge(CxMetrics a, CxMetrics b) {
    return a.merge(b);
  }
}
