package earshot.jobs.signals;

import earshot.schemas.AvroTrust;
import earshot.jobs.detect.DetectorSettings;
import earshot.jobs.detect.SeriesMonitor;
import earshot.jobs.detect.SeriesParts;
import earshot.jobs.metrics.Breakdown;
import earshot.jobs.detect.SeriesState;
import earshot.jobs.rootcause.RootCauseSettings;
import earshot.schemas.Alert;
import earshot.jobs.metrics.WindowResult;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Runs the detectors ({@link SeriesMonitor}) over one series' windows and publishes alert states.
 * Keyed by series; one instance per window length. An event-time timer at the end of the next
 * window notices when a series falls silent (no interaction, so no window at all) and judges that
 * window as a count of zero. End of input is not silence: the final watermark judges nothing.
 */
public final class DetectAnomalies extends KeyedProcessFunction<String, WindowResult, Alert> {

  // Task managers read Earshot's Avro records as soon as this function is deployed (state
  // restore comes before open()): trust the generated classes when this class loads.
  static {
    AvroTrust.install();
  }

  private static final long serialVersionUID = 1L;

  private final DetectorSettings settings;
  private final int emergingMaxDimensions;
  private final long windowMillis;
  private final RootCauseSettings rootCauses;
  private final earshot.jobs.detect.slices.SliceWatchSettings slices;
  private transient ValueState<SeriesState> state;
  /**
   * The end of the series' latest window, beside {@link #state}: a silence timer whose window came needs
   * only this, not the whole series state (on RocksDB a read of every baseline and slice). Absent for a
   * series restored from a release without it; the full state then answers.
   */
  private transient ValueState<Long> lastWindowEnd;
  /** The parts of the series' state kept beside {@link #state}, read and written an entry at a time. */
  private transient SeriesParts parts;
  private transient SeriesMonitor monitor;

  public DetectAnomalies(DetectorSettings settings, int emergingMaxDimensions, long windowMillis) {
    this(settings, emergingMaxDimensions, windowMillis, RootCauseSettings.off());
  }

  /** @param rootCauses how the root causes of alerts are found (max slices 0: none) */
  public DetectAnomalies(DetectorSettings settings, int emergingMaxDimensions, long windowMillis,
      RootCauseSettings rootCauses) {
    this(settings, emergingMaxDimensions, windowMillis, rootCauses, earshot.jobs.detect.slices.SliceWatchSettings.off());
  }

  /** @param slices the slice watch of the global series (off: none at this window length) */
  public DetectAnomalies(DetectorSettings settings, int emergingMaxDimensions, long windowMillis,
      RootCauseSettings rootCauses, earshot.jobs.detect.slices.SliceWatchSettings slices) {
    this.slices = slices;
    this.rootCauses = rootCauses;
    this.settings = settings;
    this.emergingMaxDimensions = emergingMaxDimensions;
    this.windowMillis = windowMillis;
  }

  @Override
  public void open(OpenContext context) {
    state = getRuntimeContext().getState(new ValueStateDescriptor<>("series", TypeInformation.of(SeriesState.class)));
    lastWindowEnd = getRuntimeContext().getState(new ValueStateDescriptor<>("last-window-end", Types.LONG));
    parts = new SeriesParts(
        new MapStateEntries<>(getRuntimeContext().getMapState(
            new MapStateDescriptor<>("pooled-windows", Types.LONG, TypeInformation.of(Breakdown.class)))),
        new MapStateEntries<>(getRuntimeContext().getMapState(
            new MapStateDescriptor<>("pool-mentions", Types.LONG, TypeInformation.of(Breakdown.class)))));
    monitor = new SeriesMonitor(settings, emergingMaxDimensions, rootCauses, slices);
  }

  @Override
  public void processElement(WindowResult window, Context context, Collector<Alert> out) throws Exception {
    SeriesState series = state.value();
    if (series == null) {
      series = new SeriesState();
    }
    emit(monitor.onWindow(series, parts, window.snapshot, window.terms, window.breakdown), out);
    state.update(series);
    lastWindowEnd.update(series.lastWindowEnd);
    watchForSilence(series, context);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext context, Collector<Alert> out) throws Exception {
    long start = timestamp + 1 - windowMillis;
    Long end = lastWindowEnd.value();
    if (end != null && start + windowMillis <= end) {
      // The window came: it registered the next timer itself, and nothing is silent.
      return;
    }
    SeriesState series = state.value();
    if (series == null || context.timerService().currentWatermark() == Long.MAX_VALUE) {
      return;
    }
    if (start + windowMillis > series.lastWindowEnd) {
      emit(monitor.onSilentWindow(series, context.getCurrentKey(), start, windowMillis), out);
      state.update(series);
      lastWindowEnd.update(series.lastWindowEnd);
    }
    watchForSilence(series, context);
  }

  /** A timer at the last millisecond of the next window: by then its metrics would have arrived. */
  private void watchForSilence(SeriesState series, Context context) {
    if (monitor.watchesForSilence(series)) {
      context.timerService().registerEventTimeTimer(series.lastWindowEnd + windowMillis - 1);
    }
  }

  private void emit(List<Alert> alerts, Collector<Alert> out) {
    alerts.forEach(out::collect);
  }
}
