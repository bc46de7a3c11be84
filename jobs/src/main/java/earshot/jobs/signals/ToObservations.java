package earshot.jobs.signals;

import earshot.schemas.AvroTrust;
import earshot.jobs.metrics.Observation;
import earshot.jobs.metrics.Observations;
import earshot.jobs.metrics.SeriesCatalog;
import earshot.schemas.EnrichedInteraction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
  private final boolean slices;
  private transient Map<String, Integer> masks;

  public ToObservations(SeriesCatalog series) {
    this(series, false);
  }

  /** @param slices whether to cut each interaction into the slices root causes are found among */
  public ToObservations(SeriesCatalog series, boolean slices) {
    this.series = series;
    this.slices = slices;
  }

  @Override
  public void flatMap(EnrichedInteraction enriched, Collector<Observation> out) {
    Observation base = Observations.of(enriched);
    if (slices) {
      base.sliceKeys = series.sliceKeysFor(enriched.getInteraction());
      if (masks == null) {
        masks = new HashMap<>();
      }
    }
    for (String key : series.keysFor(enriched.getInteraction())) {
      out.collect(slices ? base.inSeries(key, masks.computeIfAbsent(key, series::sliceMaskOf)) : base.inSeries(key));
    }
  }
}
