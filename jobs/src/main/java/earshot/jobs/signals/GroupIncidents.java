package earshot.jobs.signals;

import earshot.jobs.detect.IncidentGrouper;
import earshot.schemas.Alert;
import earshot.schemas.AvroTrust;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.ListTypeInfo;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Marks the alerts of one incident as one primary and the others grouped under it
 * ({@link IncidentGrouper}). All detectors' published alerts under one key (alerts are few); a window's
 * alerts are held until the watermark passes its end, so they are grouped together, the most specific
 * slice first, whatever order the detectors' tasks sent them in.
 */
public final class GroupIncidents extends KeyedProcessFunction<String, Alert, Alert> {

  static {
    AvroTrust.install();
  }

  private static final long serialVersionUID = 1L;

  private transient WatermarkHold<Alert> pending;
  private transient ValueState<IncidentGrouper.Incidents> incidents;
  private transient IncidentGrouper grouper;

  @Override
  public void open(OpenContext context) {
    pending = new WatermarkHold<>(getRuntimeContext().getMapState(new MapStateDescriptor<>("pending-incidents",
        Types.LONG, new ListTypeInfo<>(new AvroTypeInfo<>(Alert.class)))));
    incidents = getRuntimeContext().getState(new ValueStateDescriptor<>("incidents",
        TypeInformation.of(IncidentGrouper.Incidents.class)));
    grouper = new IncidentGrouper();
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
    IncidentGrouper.Incidents current = incidents.value();
    if (current == null) {
      current = new IncidentGrouper.Incidents();
    }
    grouper.onWindow(batch, current).forEach(out::collect);
    incidents.update(current);
  }
}
