package earshot.jobs.signals;

import earshot.schemas.AvroTrust;
import earshot.jobs.metrics.Observation;
import earshot.jobs.metrics.Observations;
import earshot.jobs.metrics.SeriesCatalog;
import earshot.schemas.EnrichedInteraction;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/** Emits one observation per series an interaction counts in. */
public final class ToObservations implements FlatMapFunction<EnrichedInteraction, Observation> {

  // Task managers read Earshot's Avro records as soon as this function is deployed (state
  // restore comes before open()): trust the generated classes when this class loads.
  static {
    AvroTrust.install();
  }

  private static final long serialVersionUID = 1L;

  private final SeriesCatalog series;

  public ToObservations(SeriesCatalog series) {
    this.series = series;
  }

  @Override
  public void flatMap(EnrichedInteraction enriched, Collector<Observation> out) {
    Observation base = Observations.of(enriched);
    for (String key : series.keysFor(enriched.getInteraction())) {
      out.collect(base.inSeries(key));
    }
  }
}
