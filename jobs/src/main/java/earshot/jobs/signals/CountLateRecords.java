package earshot.jobs.signals;

import earshot.jobs.detect.LateShare;
import earshot.jobs.detect.LateTally;
import earshot.jobs.metrics.SeriesCatalog;
import earshot.schemas.Alert;
import earshot.schemas.AvroTrust;
import earshot.schemas.MetricSnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
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
 * and emits DATA_QUALITY alerts ({@link LateShare}) to the {@link #DATA_QUALITY} side output. There it
 * also tallies late and on-time interactions per dimension value below the series, by hour (or by window,
 * for windows of an hour or more), for as long as the windows are tracked, so that an alert names the
 * values its late records come from ({@link earshot.jobs.detect.LateRootCauses}); a window published
 * again within the allowed lateness counts by its difference with what it published before.
 *
 * <p>Its two inputs come from different tasks, so a late record may meet a window's snapshot before or
 * after it, as the tasks' timing has it. With {@code watermarkOrder} (replays, {@link SignalsSettings#reproducible})
 * it holds both inputs and takes them when the watermark has passed the one each was emitted at: first the
 * windows, then the late records, each in the order its input sent them. The same input then gives the same
 * outputs, at the cost of holding each snapshot until the next watermark; live jobs take them as they come.
 */
public final class CountLateRecords extends KeyedCoProcessFunction<String, TrackedWindow, LateWindow, MetricSnapshot> {

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
  private final long allowedLatenessMillis;
  private final boolean watermarkOrder;

  private transient MapState<Long, MetricSnapshot> windows;
  private transient MapState<Long, Long> lateCounts;
  private transient ValueState<LateShare.Ledger> ledger;
  /** Late and on-time interactions per dimension value, by stretch of {@link #tallyMillis} (alert windows only). */
  private transient MapState<Long, LateTally> tallies;
  /** What each alert window still open to late records counted per value, to count a republished one by difference. */
  private transient MapState<Long, Map<String, Long>> countedByValue;
  /** Inputs held until the watermark passes the one they were emitted at (watermark order only). */
  private transient ListState<TrackedWindow> heldWindows;
  private transient ListState<LateWindow> heldLate;

  /**
   * @param alertWindowSeconds the window length whose series carry the DATA_QUALITY alert (the
   *     shortest: every late record counts in each length, one alert per series is enough)
   * @param allowedLateness how long after its end a window may be published again
   */
  public CountLateRecords(LateShare rule, Duration tracking, long alertWindowSeconds, Duration allowedLateness) {
    this(rule, tracking, alertWindowSeconds, allowedLateness, false);
  }

  /** @param watermarkOrder whether to take the inputs in watermark order rather than as they come (see above) */
  public CountLateRecords(LateShare rule, Duration tracking, long alertWindowSeconds, Duration allowedLateness,
      boolean watermarkOrder) {
    this.rule = rule;
    this.trackingMillis = tracking.toMillis();
    this.alertWindowSeconds = alertWindowSeconds;
    this.allowedLatenessMillis = allowedLateness.toMillis();
    this.watermarkOrder = watermarkOrder;
  }

  /** Length of the stretches whose values are tallied: an hour, or the alert window when longer. */
  private long tallyMillis() {
    return Math.max(3_600_000L, alertWindowSeconds * 1000);
  }

  private long tallyStart(long windowStart) {
    return windowStart - Math.floorMod(windowStart, tallyMillis());
  }

  @Override
  public void open(OpenContext context) {
    windows = getRuntimeContext().getMapState(
        new MapStateDescriptor<>("windows", Types.LONG, new AvroTypeInfo<>(MetricSnapshot.class)));
    lateCounts = getRuntimeContext().getMapState(new MapStateDescriptor<>("late-counts", Types.LONG, Types.LONG));
    ledger = getRuntimeContext().getState(
        new ValueStateDescriptor<>("ledger", TypeInformation.of(LateShare.Ledger.class)));
    tallies = getRuntimeContext().getMapState(
        new MapStateDescriptor<>("value-tallies", Types.LONG, TypeInformation.of(LateTally.class)));
    countedByValue = getRuntimeContext().getMapState(
        new MapStateDescriptor<>("counted-by-value", Types.LONG, Types.MAP(Types.STRING, Types.LONG)));
    if (watermarkOrder) {
      heldWindows = getRuntimeContext().getListState(new ListStateDescriptor<>("held-windows", TrackedWindow.type()));
      heldLate = getRuntimeContext().getListState(
          new ListStateDescriptor<>("held-late", TypeInformation.of(LateWindow.class)));
    }
  }

  @Override
  public void processElement1(TrackedWindow window, Context context, Collector<MetricSnapshot> out)
      throws Exception {
    if (watermarkOrder) {
      heldWindows.add(window);
      context.timerService().registerEventTimeTimer(WatermarkHold.passed(window.emittedAtWatermark));
    } else {
      takeWindow(window, context.timerService().currentWatermark(), context, out);
    }
  }

  /** Publishes a window's snapshot (with its late records so far) and counts its on-time interactions. */
  private void takeWindow(TrackedWindow window, long watermark, Context context, Collector<MetricSnapshot> out)
      throws Exception {
    MetricSnapshot snapshot = window.snapshot;
    long start = snapshot.getWindowStart().toEpochMilli();
    LateShare.Ledger figures = ledgerOrNew();
    MetricSnapshot previous = windows.get(start);
    long newInteractions = snapshot.getInteractions() - (previous == null ? 0 : previous.getInteractions());
    figures.onTime += newInteractions;
    if (snapshot.getWindowSeconds() == alertWindowSeconds && !window.interactionsByValue.isEmpty()) {
      tallyOnTime(start, newInteractions, window.interactionsByValue, window.allPairs, watermark, context);
    }
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

  /** Counts a window's on-time interactions per value: all of them, or what changed since it was last published. */
  private void tallyOnTime(long start, long newInteractions, Map<String, Long> byValue, boolean allPairs,
      long watermark, Context context) throws Exception {
    Map<String, Long> before = countedByValue.get(start);
    Map<String, Long> added = new HashMap<>(byValue);
    if (before != null) {
      before.forEach((value, count) -> added.merge(value, -count, Long::sum));
    }
    LateTally tally = tallyFor(start, context);
    tally.addOnTime(newInteractions, added, allPairs);
    tallies.put(tallyStart(start), tally);
    countedByValue.put(start, byValue);
    // A window can only be published again within the allowed lateness: forget the older ones.
    long windowMillis = alertWindowSeconds * 1000;
    for (Iterator<Long> starts = countedByValue.keys().iterator(); starts.hasNext(); ) {
      if (starts.next() + windowMillis + allowedLatenessMillis < watermark) {
        starts.remove();
      }
    }
  }

  private LateTally tallyFor(long windowStart, Context context) throws Exception {
    long stretch = tallyStart(windowStart);
    LateTally tally = tallies.get(stretch);
    if (tally == null) {
      tally = new LateTally();
      context.timerService().registerEventTimeTimer(stretch + tallyMillis() + trackingMillis);
    }
    return tally;
  }

  @Override
  public void processElement2(LateWindow late, Context context, Collector<MetricSnapshot> out) throws Exception {
    if (watermarkOrder) {
      heldLate.add(late);
      context.timerService().registerEventTimeTimer(WatermarkHold.passed(late.emittedAtWatermark));
    } else {
      takeLate(late, context.timerService().currentWatermark(), context, out);
    }
  }

  /** Counts a late record on its window, publishes the window again if it is held, and judges the late share. */
  private void takeLate(LateWindow late, long watermark, Context context, Collector<MetricSnapshot> out)
      throws Exception {
    LateShare.Ledger figures = ledgerOrNew();
    figures.late++;
    if (late.windowSeconds == alertWindowSeconds && late.values != null) {
      LateTally tally = tallyFor(late.windowStart, context);
      tally.addLate(late.values);
      tallies.put(tallyStart(late.windowStart), tally);
    }
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
    // Stamped at the end of the watermark's current window, so that the alerts this late stretch raises on
    // many series are held and grouped together downstream (GroupIncidents), the broadest series first.
    // In watermark order the record is taken once the watermark has passed the one it was found at, and its
    // alert must still be ahead of the watermark downstream: stamped after that, never on it.
    long at = Math.max(windowEnd, endOfWindowAfter(watermarkOrder ? WatermarkHold.passed(watermark) : watermark));
    evaluate(figures, late.seriesKey, late.windowSeconds, late.windowStart, at, context);
  }

  @Override
  public void onTimer(long time, OnTimerContext context, Collector<MetricSnapshot> out) throws Exception {
    if (watermarkOrder) {
      takeHeld(time, context, out);
    }
    String[] key = splitKey(context.getCurrentKey());
    long windowSeconds = Long.parseLong(key[1]);
    if (windowSeconds == alertWindowSeconds) {
      // A stretch's tally leaves with the last of its windows.
      tallies.remove(time - trackingMillis - tallyMillis());
    }
    LateShare.Ledger figures = ledger.value();
    if (figures == null) {
      return;
    }
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
      countedByValue.clear();
      return;
    }
    evaluate(figures, key[0], windowSeconds, start, time, context);
  }

  /**
   * Takes the held inputs whose watermark the timer at {@code time} has passed: windows first, then late
   * records, each in its input's order and judged at the watermark it was emitted at.
   */
  private void takeHeld(long time, Context context, Collector<MetricSnapshot> out) throws Exception {
    List<TrackedWindow> windowsLeft = new ArrayList<>();
    List<TrackedWindow> windowsDue = new ArrayList<>();
    for (TrackedWindow window : heldWindows.get()) {
      (WatermarkHold.passed(window.emittedAtWatermark) <= time ? windowsDue : windowsLeft).add(window);
    }
    List<LateWindow> lateLeft = new ArrayList<>();
    List<LateWindow> lateDue = new ArrayList<>();
    for (LateWindow late : heldLate.get()) {
      (WatermarkHold.passed(late.emittedAtWatermark) <= time ? lateDue : lateLeft).add(late);
    }
    if (windowsDue.isEmpty() && lateDue.isEmpty()) {
      return;
    }
    heldWindows.update(windowsLeft);
    heldLate.update(lateLeft);
    for (TrackedWindow window : windowsDue) {
      takeWindow(window, window.emittedAtWatermark, context, out);
    }
    for (LateWindow late : lateDue) {
      takeLate(late, late.emittedAtWatermark, context, out);
    }
  }

  private void evaluate(LateShare.Ledger figures, String seriesKey, long windowSeconds, long windowStart, long at,
      Context context) throws Exception {
    if (windowSeconds == alertWindowSeconds) {
      Alert alert = rule.evaluate(figures, seriesKey, SeriesCatalog.dimensionsOf(seriesKey), windowSeconds,
          windowStart, at);
      if (alert != null) {
        String stretches = tallyMillis() == 3_600_000L ? "hours" : "windows";
        context.output(DATA_QUALITY, LateShare.withCauses(alert, tallied(), stretches));
      }
    }
    ledger.update(figures);
  }

  /** The end of the alert window that holds the given watermark (a watermark on a window's end belongs to the next). */
  private long endOfWindowAfter(long watermark) {
    long windowMillis = alertWindowSeconds * 1000;
    if (watermark == Long.MIN_VALUE || watermark > Long.MAX_VALUE - windowMillis) {
      return watermark;
    }
    return watermark - Math.floorMod(watermark, windowMillis) + windowMillis;
  }

  /**
   * The tallies of the tracked stretches that hold late records, together: late records are compared with
   * the traffic of their own hours, whose mix of values may differ from the day's. Null when none was kept
   * (root causes off).
   */
  private LateTally tallied() throws Exception {
    LateTally all = null;
    for (LateTally tally : tallies.values()) {
      if (tally.late > 0) {
        all = all == null ? new LateTally().merge(tally) : all.merge(tally);
      }
    }
    return all;
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
