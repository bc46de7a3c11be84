package earshot.jobs.signals;

import earshot.schemas.Alert;
import earshot.schemas.AvroTrust;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Alerts of one key handed on in batches, one per window: each alert is held until the watermark
 * passes the event time of its version ({@code updatedAt}: the end of the window that made it), when
 * every task's alerts for that window have arrived, so a subclass sees a window's alerts together
 * whatever order they came in. An alert whose window the watermark has passed already is handed on
 * alone, at once.
 *
 * <p>Held by {@code updatedAt}, not {@code windowEnd}: a parent alert republished because a child
 * joined it keeps the window of its own last evidence but belongs to the child's window; held by
 * its old window it would arrive after the watermark and be handed on alone, in whatever order.
 */
abstract class AlertWindowBatches extends KeyedProcessFunction<String, Alert, Alert> {

  // Task managers read Earshot's Avro records as soon as this function is deployed (state
  // restore comes before open()): trust the generated classes when this class loads.
  static {
    AvroTrust.install();
  }

  private static final long serialVersionUID = 1L;

  /**
   * The held alerts' state name: part of a savepoint, so it never changes for an operator. Alerts are
   * held one entry each in the states {@code <name>-held} and {@code <name>-held-items} ({@link
   * WatermarkQueue}: one key can hold every alert of an incident storm); the state of the name itself
   * is where the previous version held them, one list per window, and is only drained.
   */
  private final String pendingStateName;

  private transient WatermarkQueue<Alert> pending;

  AlertWindowBatches(String pendingStateName) {
    this.pendingStateName = pendingStateName;
  }

  @Override
  public void open(OpenContext context) throws Exception {
    pending = WatermarkQueue.in(getRuntimeContext(), pendingStateName + "-held", new AvroTypeInfo<>(Alert.class),
        pendingStateName);
  }

  @Override
  public final void processElement(Alert alert, Context context, Collector<Alert> out) throws Exception {
    if (!pending.hold(alert.getUpdatedAt().toEpochMilli() - 1, alert, context.timerService())) {
      process(List.of(alert), out);
    }
  }

  @Override
  public final void onTimer(long timestamp, OnTimerContext context, Collector<Alert> out) throws Exception {
    List<Alert> batch = pending.release(timestamp);
    if (!batch.isEmpty()) {
      process(batch, out);
    }
  }

  /** One window's alerts of this key (or one late alert). */
  abstract void process(List<Alert> batch, Collector<Alert> out) throws Exception;
}
