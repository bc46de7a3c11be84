package earshot.jobs.signals;

import earshot.schemas.AvroTrust;
import earshot.jobs.detect.AlertGrouper;
import earshot.schemas.Alert;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.ListTypeInfo;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Groups child-series alerts under an open parent alert ({@link AlertGrouper}). Keyed by detector
 * and window length. Alerts of a window are held until the watermark passes the window's end, when
 * every series' alerts for it have arrived, then processed together, parents first, in a fixed
 * order: the output does not depend on which task produced an alert first.
 */
public final class GroupAlerts extends KeyedProcessFunction<String, Alert, Alert> {

  // Task managers read Earshot's Avro records as soon as this function is deployed (state
  // restore comes before open()): trust the generated classes when this class loads.
  static {
    AvroTrust.install();
  }

  private static final long serialVersionUID = 1L;

  private transient WatermarkHold<Alert> pending;
  private transient ValueState<AlertGrouper.Groups> groups;
  private transient AlertGrouper grouper;
  private transient Counter alertsRaised;

  @Override
  public void open(OpenContext context) {
    pending = new WatermarkHold<>(getRuntimeContext().getMapState(new MapStateDescriptor<>("pending", Types.LONG,
        new ListTypeInfo<>(new AvroTypeInfo<>(Alert.class)))));
    groups = getRuntimeContext().getState(new ValueStateDescriptor<>("groups",
        TypeInformation.of(AlertGrouper.Groups.class)));
    grouper = new AlertGrouper();
    alertsRaised = getRuntimeContext().getMetricGroup().counter("earshotAlertsRaised");
  }

  @Override
  public void processElement(Alert alert, Context context, Collector<Alert> out) throws Exception {
    if (!pending.hold(alert.getWindowEnd().toEpochMilli() - 1, alert, context.timerService())) {
      process(List.of(alert), out);
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext context, Collector<Alert> out) throws Exception {
    List<Alert> batch = pending.release(timestamp);
    if (batch != null) {
      process(batch, out);
    }
  }

  private void process(List<Alert> batch, Collector<Alert> out) throws Exception {
    AlertGrouper.Groups current = groups.value();
    if (current == null) {
      current = new AlertGrouper.Groups();
    }
    for (Alert alert : grouper.onWindow(batch, current)) {
      if (alert.getState() == earshot.schemas.AlertState.OPEN) {
        alertsRaised.inc();
      }
      out.collect(alert);
    }
    groups.update(current);
  }
}
