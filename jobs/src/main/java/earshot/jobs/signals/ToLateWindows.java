package earshot.jobs.signals;

import earshot.jobs.metrics.Observation;
import earshot.jobs.metrics.SeriesCatalog;
import earshot.schemas.AvroTrust;
import earshot.schemas.EnrichedInteraction;
import java.time.Duration;
import java.util.List;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * For an interaction that came too late: each series and window length it should have counted in, with the
 * interaction's dimension values below the series on the windows of {@code valuesWindow} (the length that
 * carries DATA_QUALITY alerts; none when it is null), stamped with the watermark the interaction was
 * found too late at (chained to {@link SeparateTooLate}, this function sees the same watermark).
 */
public final class ToLateWindows extends ProcessFunction<EnrichedInteraction, LateWindow> {

  // Task managers read Earshot's Avro records as soon as this function is deployed (state
  // restore comes before open()): trust the generated classes when this class loads.
  static {
    AvroTrust.install();
  }

  private static final long serialVersionUID = 1L;

  private final SeriesCatalog series;
  private final List<Duration> windows;
  private final Duration valuesWindow;

  public ToLateWindows(SeriesCatalog series, List<Duration> windows, Duration valuesWindow) {
    this.series = series;
    this.windows = List.copyOf(windows);
    this.valuesWindow = valuesWindow;
  }

  @Override
  public void processElement(EnrichedInteraction enriched, Context context, Collector<LateWindow> out) {
    emit(enriched, context.timerService().currentWatermark(), out);
  }

  void emit(EnrichedInteraction enriched, long watermark, Collector<LateWindow> out) {
    long at = enriched.getInteraction().getOccurredAt().toEpochMilli();
    String[] keys = valuesWindow == null ? null : series.sliceKeysFor(enriched.getInteraction());
    for (String key : series.keysFor(enriched.getInteraction())) {
      for (Duration window : windows) {
        long length = window.toMillis();
        String[] values = window.equals(valuesWindow) ? valuesBelow(keys, series.sliceMaskOf(key)) : null;
        LateWindow late = new LateWindow(key, window.toSeconds(), at - Math.floorMod(at, length), values);
        late.emittedAtWatermark = watermark;
        out.collect(late);
      }
    }
  }

  /** The slice keys the series does not fix (bit i of the mask fixes the i-th), without the missing ones. */
  static String[] valuesBelow(String[] keys, int seriesMask) {
    int count = 0;
    for (int i = 0; i < keys.length; i++) {
      if (Observation.isBelowSeries(keys, seriesMask, i)) {
        count++;
      }
    }
    String[] values = new String[count];
    int at = 0;
    for (int i = 0; i < keys.length; i++) {
      if (Observation.isBelowSeries(keys, seriesMask, i)) {
        values[at++] = keys[i];
      }
    }
    return values;
  }
}
