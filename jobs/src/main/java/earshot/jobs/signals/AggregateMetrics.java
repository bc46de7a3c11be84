package earshot.jobs.signals;

import earshot.jobs.metrics.CxMetrics;
import earshot.jobs.metrics.Observation;
import org.apache.flink.api.common.functions.AggregateFunction;

/** Folds a window's observations into {@link CxMetrics}, incrementally. */
public final class AggregateMetrics implements AggregateFunction<Observation, CxMetrics, CxMetrics> {

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
