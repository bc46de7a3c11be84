package earshot.jobs.signals;

import earshot.jobs.metrics.SeriesCatalog;
import earshot.schemas.AvroTrust;
import earshot.schemas.EnrichedInteraction;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/** For an interaction that came too late: each series and window length it should have counted in. */
public final class ToLateWindows implements FlatMapFunction<EnrichedInteraction, LateWindow> {

  // Task managers read Earshot's Avro records as soon as this function is deployed (state
  // restore comes before open()): trust the generated classes when this class loads.
  static {
    AvroTrust.install();
  }

  private static final long serialVersionUID = 1L;

  private final SeriesCatalog series;
  private final List<Duration> windows;

  public ToLateWindows(SeriesCatalog series, List<Duration> windows) {
    this.series = series;
    this.windows = List.copyOf(windows);
  }

  @Override
  public void flatMap(EnrichedInteraction enriched, Collector<LateWindow> out) {
    long at = enriched.getInteraction().getOccurredAt().toEpochMilli();
    for (String key : series.keysFor(enriched.getInteraction())) {
      for (Duration window : windows) {
        long length = window.toMillis();
        out.collect(new LateWindow(key, window.toSeconds(), at - Math.floorMod(at, length)));
      }
    }
  }
}
