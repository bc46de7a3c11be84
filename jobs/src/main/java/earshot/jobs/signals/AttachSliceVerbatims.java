package earshot.jobs.signals;

import earshot.jobs.detect.slices.SliceVerbatims;
import earshot.jobs.metrics.Observation;
import earshot.schemas.Alert;
import earshot.schemas.AlertState;
import earshot.schemas.AvroTrust;
import earshot.schemas.Verbatim;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.ListTypeInfo;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Gives alerts that quote no verbatim (the slice watch's alerts on pairs that have no series, hence no
 * window examples) the verbatims of their slice and span ({@link SliceVerbatims}).
 *
 * <p>Consumes the global series' candidate observations ({@link SliceVerbatims#candidate}) and the
 * detectors' alerts, all under one key. Keeps the latest {@code capacity} candidates in a ring of map
 * state (bounded). An alert that needs verbatims is held until the watermark passes its window's end,
 * so every interaction of its span has arrived; every other alert passes at once.
 *
 * <p>Candidates enter the ring in event time, a second at a time as the watermark passes it, not as they
 * come: the candidates' path runs ahead of the alerts' (alerts wait for their windows to close), and a
 * ring filled in arrival order would have turned over, by the time an alert is released, as far as that
 * path happened to have got. So the ring an alert reads holds the latest candidates up to its window's
 * end, whatever the timing, and a replay quotes the same verbatims on every run. A candidate that comes
 * behind the watermark (late within the allowed lateness) enters at once.
 *
 * <p>All candidates share one key, so a second can hold thousands: they are held one map entry each
 * ({@link WatermarkQueue}), which costs the same per candidate on RocksDB as on the heap. The previous
 * layout (one list per second, state {@value #LEGACY_ARRIVING}) is still read when its timers fire, so
 * a savepoint taken by the version that wrote it loses none of the candidates it held.
 */
public final class AttachSliceVerbatims extends KeyedCoProcessFunction<String, Observation, Alert, Alert> {

  static {
    AvroTrust.install();
  }

  private static final long serialVersionUID = 1L;

  /** The held candidates' state before they were held one entry each; read only to drain a restored savepoint. */
  static final String LEGACY_ARRIVING = "verbatim-candidates-arriving";

  private static final java.util.Comparator<Observation> IN_EVENT_TIME =
      java.util.Comparator.<Observation>comparingLong(o -> o.occurredAt).thenComparing(o -> o.interactionId);

  private final int capacity;
  private transient MapState<Integer, Observation> ring;
  private transient ValueState<Long> added;
  private transient WatermarkHold<Alert> pending;
  private transient WatermarkQueue<Observation> arriving;

  public AttachSliceVerbatims(int capacity) {
    this.capacity = capacity;
  }

  @Override
  public void open(OpenContext context) {
    ring = getRuntimeContext().getMapState(new MapStateDescriptor<>("verbatim-candidates", Types.INT,
        TypeInformation.of(Observation.class)));
    added = getRuntimeContext().getState(new ValueStateDescriptor<>("verbatim-candidates-added", Types.LONG));
    pending = new WatermarkHold<>(getRuntimeContext().getMapState(new MapStateDescriptor<>("verbatim-alerts",
        Types.LONG, new ListTypeInfo<>(new AvroTypeInfo<>(Alert.class)))));
    arriving = WatermarkQueue.in(getRuntimeContext(), "verbatim-candidates-held", TypeInformation.of(Observation.class),
        LEGACY_ARRIVING);
  }

  /**
   * When a candidate enters the ring: at the last millisecond of its second. Alerts are released at the last
   * millisecond before their window's end (a whole second), so candidates of that second enter first.
   */
  static long entersAt(long occurredAt) {
    return Math.floorDiv(occurredAt, 1000L) * 1000L + 999L;
  }

  /** Whether an alert should quote its slice's verbatims: it quotes none yet and is about a slice. */
  static boolean needsVerbatims(Alert alert) {
    return alert.getState() != AlertState.RESOLVED && alert.getExamples().isEmpty() && !alert.getDimensions().isEmpty();
  }

  @Override
  public void processElement1(Observation candidate, Context context, Collector<Alert> out) throws Exception {
    Observation kept = SliceVerbatims.keep(candidate);
    if (!arriving.hold(entersAt(kept.occurredAt), kept, context.timerService())) {
      enter(kept);
    }
  }

  private void enter(Observation candidate) throws Exception {
    long count = added.value() == null ? 0 : added.value();
    ring.put((int) (count % capacity), candidate);
    added.update(count + 1);
  }

  @Override
  public void processElement2(Alert alert, Context context, Collector<Alert> out) throws Exception {
    if (!needsVerbatims(alert)) {
      out.collect(alert);
    } else if (!pending.hold(alert.getWindowEnd().toEpochMilli() - 1, alert, context.timerService())) {
      out.collect(withVerbatims(alert, ringContents()));
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext context, Collector<Alert> out) throws Exception {
    List<Observation> second = arriving.release(timestamp);
    // In event time, then by id: the order the candidates' upstream tasks interleaved in does not count.
    second.sort(IN_EVENT_TIME);
    for (Observation candidate : second) {
      enter(candidate);
    }
    List<Alert> batch = pending.release(timestamp);
    if (batch != null) {
      // One read of the ring for the whole batch: on RocksDB each read deserialises every candidate.
      List<Observation> kept = ringContents();
      for (Alert alert : batch) {
        out.collect(withVerbatims(alert, kept));
      }
    }
  }

  private List<Observation> ringContents() throws Exception {
    List<Observation> kept = new ArrayList<>();
    for (Observation o : ring.values()) {
      kept.add(o);
    }
    return kept;
  }

  private static Alert withVerbatims(Alert alert, List<Observation> kept) {
    List<Verbatim> verbatims = SliceVerbatims.pick(kept, alert.getSeriesKey(), alert.getWindowStart().toEpochMilli(),
        alert.getWindowEnd().toEpochMilli());
    return verbatims.isEmpty() ? alert : Alert.newBuilder(alert).setExamples(verbatims).build();
  }
}
