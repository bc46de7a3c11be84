package earshot.jobs.signals;

import earshot.jobs.detect.IncidentGrouper;
import earshot.schemas.Alert;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.util.Collector;

/**
 * Marks the alerts of one incident as one primary and the others grouped under it
 * ({@link IncidentGrouper}). All detectors' published alerts under one key (alerts are few); a window's
 * alerts are held until the watermark passes its end, so they are grouped together, the most specific
 * slice first, whatever order the detectors' tasks sent them in.
 */
public final class GroupIncidents extends AlertWindowBatches {

  private static final long serialVersionUID = 1L;

  private transient ValueState<IncidentGrouper.Incidents> incidents;
  private transient IncidentGrouper grouper;

  public GroupIncidents() {
    super("pending-incidents");
  }

  @Override
  public void open(OpenContext context) throws Exception {
    super.open(context);
    incidents = getRuntimeContext().getState(new ValueStateDescriptor<>("incidents",
        TypeInformation.of(IncidentGrouper.Incidents.class)));
    grouper = new IncidentGrouper();
  }

  @Override
  void process(List<Alert> batch, Collector<Alert> out) throws Exception {
    IncidentGrouper.Incidents current = incidents.value();
    if (current == null) {
      current = new IncidentGrouper.Incidents();
    }
    grouper.onWindow(batch, current).forEach(out::collect);
    incidents.update(current);
  }
}
