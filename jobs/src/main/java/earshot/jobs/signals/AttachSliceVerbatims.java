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
 */
public final class AttachSliceVerbatims extends KeyedCoProcessFunction<String, Observation, Alert, Alert> {

  static {
    AvroTrust.install();
  }

  private static final long serialVersionUID = 1L;

  private final int capacity;
  private transient MapState<Integer, Observation> ring;
  private transient ValueState<Long> added;
  private transient WatermarkHold<Alert> pending;

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
  }

  /** Whether an alert should quote its slice's verbatims: it quotes none yet and is about a slice. */
  static boolean needsVerbatims(Alert alert) {
    return alert.getState() != AlertState.RESOLVED && alert.getExamples().isEmpty() && !alert.getDimensions().isEmpty();
  }

  @Override
  public void processElement1(Observation candidate, Context context, Collector<Alert> out) throws Exception {
    long count = added.value() == null ? 0 : added.value();
    ring.put((int) (count % capacity), SliceVerbatims.keep(candidate));
    added.update(count + 1);
  }

  @Override
  public void processElement2(Alert alert, Context context, Collector<Alert> out) throws Exception {
    if (!needsVerbatims(alert)) {
      out.collect(alert);
    } else if (!pending.hold(alert.getWindowEnd().toEpochMilli() - 1, alert, context.timerService())) {
      out.collect(withVerbatims(alert));
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext context, Collector<Alert> out) throws Exception {
    List<Alert> batch = pending.release(timestamp);
    if (batch != null) {
      for (Alert alert : batch) {
        out.collect(withVerbatims(alert));
      }
    }
  }

  private Alert withVerbatims(Alert alert) throws Exception {
    List<Observation> kept = new ArrayList<>();
    for (Observation o : ring.values()) {
      kept.add(o);
    }
    List<Verbatim> verbatims = SliceVerbatims.pick(kept, alert.getSeriesKey(), alert.getWindowStart().toEpochMilli(),
        alert.getWindowEnd().toEpochMilli());
    return verbatims.isEmpty() ? alert : Alert.newBuilder(alert).setExamples(verbatims).build();
  }
}
