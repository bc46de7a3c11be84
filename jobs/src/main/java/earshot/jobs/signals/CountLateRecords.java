package earshot.jobs.signals;

import earshot.jobs.detect.LateShare;
import earshot.jobs.metrics.SeriesCatalog;
import earshot.schemas.Alert;
import earshot.schemas.AvroTrust;
import earshot.schemas.MetricSnapshot;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Makes late data visible on the metrics. Keyed by series and window length, it passes every metric
 * snapshot through and keeps the windows that closed less than {@code signals.late-tracking} ago; an
 * interaction that arrives too late for one of them is counted in that window's {@code lateRecords},
 * and the window is published again (same metricId, next revision), so Elasticsearch and the metrics
 * topic say how many records each window is missing. Late records of a window that had no on-time
 * data, or that closed before the tracking period, are counted only in the series' late share.
 *
 * <p>On the series' shortest windows it also keeps the series' late share over the tracked windows
 * and emits DATA_QUALITY alerts ({@link LateShare}) to the {@link #DATA_QUALITY} side output.
 */
public final class CountLateRecords extends KeyedCoProcessFunction<String, MetricSnapshot, LateWindow, MetricSnapshot> {

  // Task managers read Earshot's Avro records as soon as this function is deployed (state
  // restore comes before open()): trust the generated classes when this class loads.
  static {
    AvroTrust.install();
  }

  private static final long serialVersionUID = 1L;

  public static final OutputTag<Alert> DATA_QUALITY = new OutputTag<>("data-quality", new AvroTypeInfo<>(Alert.class));

  private final LateShare rule;
  private final long trackingMillis;
  private final long alertWindowSeconds;

  private transient MapState<Long, MetricSnapshot> windows;
  private transient MapState<Long, Long> lateCounts;
  private transient ValueState<LateShare.Ledger> ledger;

  /**
   * @param alertWindowSeconds the window length whose series carry the DATA_QUALITY alert (the
   *     shortest: every late record counts in each length, one alert per series is enough)
   */
  public CountLateRecords(LateShare rule, Duration tracking, long alertWindowSeconds) {
    this.rule = rule;
    this.trackingMillis = tracking.toMillis();
    this.alertWindowSeconds = alertWindowSeconds;
  }

  @Override
  public void open(OpenContext context) {
    windows = getRuntimeContext().getMapState(
        new MapStateDescriptor<>("windows", Types.LONG, new AvroTypeInfo<>(MetricSnapshot.class)));
    lateCounts = getRuntimeContext().getMapState(new MapStateDescriptor<>("late-counts", Types.LONG, Types.LONG));
    ledger = getRuntimeContext().getState(
        new ValueStateDescriptor<>("ledger", TypeInformation.of(LateShare.Ledger.class)));
  }

  @Override
  public void processElement1(MetricSnapshot snapshot, Context context, Collector<MetricSnapshot> out)
      throws Exception {
    long start = snapshot.getWindowStart().toEpochMilli();
    LateShare.Ledger figures = ledgerOrNew();
    MetricSnapshot previous = windows.get(start);
    figures.onTime += snapshot.getInteractions() - (previous == null ? 0 : previous.getInteractions());
    Long late = lateCounts.get(start);
    MetricSnapshot published = snapshot;
    if (late != null) {
      published = MetricSnapshot.newBuilder(snapshot).setLateRecords(late)
          .setRevision(Math.max(snapshot.getRevision(), previous == null ? 0 : previous.getRevision() + 1)).build();
    }
    windows.put(start, published);
    context.timerService().registerEventTimeTimer(snapshot.getWindowEnd().toEpochMilli() + trackingMillis);
    out.collect(published);
    evaluate(figures, snapshot.getSeriesKey(), snapshot.getWindowSeconds(), start,
        snapshot.getWindowEnd().toEpochMilli(), context);
  }

  @Override
  public void processElement2(LateWindow late, Context context, Collector<MetricSnapshot> out) throws Exception {
    LateShare.Ledger figures = ledgerOrNew();
    figures.late++;
    Long count = lateCounts.get(late.windowStart);
    long now = count == null ? 1 : count + 1;
    lateCounts.put(late.windowStart, now);
    long windowEnd = late.windowStart + late.windowSeconds * 1000;
    context.timerService().registerEventTimeTimer(windowEnd + trackingMillis);
    MetricSnapshot held = windows.get(late.windowStart);
    if (held != null) {
      MetricSnapshot republished = MetricSnapshot.newBuilder(held).setLateRecords(now)
          .setRevision(held.getRevision() + 1).build();
      windows.put(late.windowStart, republished);
      out.collect(republished);
    }
    long at = Math.max(windowEnd, context.timerService().currentWatermark());
    evaluate(figures, late.seriesKey, late.windowSeconds, late.windowStart, at, context);
  }

  @Override
  public void onTimer(long time, OnTimerContext context, Collector<MetricSnapshot> out) throws Exception {
    LateShare.Ledger figures = ledger.value();
    if (figures == null) {
      return;
    }
    String[] key = splitKey(context.getCurrentKey());
    long windowSeconds = Long.parseLong(key[1]);
    long start = time - trackingMillis - windowSeconds * 1000;
    MetricSnapshot snapshot = windows.get(start);
    Long late = lateCounts.get(start);
    if (snapshot == null && late == null) {
      return;
    }
    figures.onTime -= snapshot == null ? 0 : snapshot.getInteractions();
    figures.late -= late == null ? 0 : late;
    windows.remove(start);
    lateCounts.remove(start);
    if (windows.isEmpty() && lateCounts.isEmpty() && !figures.track.open) {
      ledger.clear(); // nothing tracked any more: the series costs no state until it has data again
      return;
    }
    evaluate(figures, key[0], windowSeconds, start, time, context);
  }

  private void evaluate(LateShare.Ledger figures, String seriesKey, long windowSeconds, long windowStart, long at,
      Context context) throws Exception {
    if (windowSeconds == alertWindowSeconds) {
      Alert alert = rule.evaluate(figures, seriesKey, SeriesCatalog.dimensionsOf(seriesKey), windowSeconds,
          windowStart, at);
      if (alert != null) {
        context.output(DATA_QUALITY, alert);
      }
    }
    ledger.update(figures);
  }

  private LateShare.Ledger ledgerOrNew() throws Exception {
    LateShare.Ledger figures = ledger.value();
    return figures == null ? new LateShare.Ledger() : figures;
  }

  /** Series key and window length from this function's key (the series key may itself hold '|'). */
  private static String[] splitKey(String key) {
    int bar = key.lastIndexOf('|');
    return new String[] {key.substring(0, bar), key.substring(bar + 1)};
  }
}
