package earshot.jobs.signals;

import earshot.jobs.detect.AlertGrouper;
import earshot.schemas.Alert;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;

/**
 * Groups child-series alerts under an open parent alert ({@link AlertGrouper}). Keyed by detector
 * and window length. Alerts of a window are held until the watermark passes the window's end, when
 * every series' alerts for it have arrived, then processed together, parents first, in a fixed
 * order: the output does not depend on which task produced an alert first.
 */
public final class GroupAlerts extends AlertWindowBatches {

  private static final long serialVersionUID = 1L;

  private transient ValueState<AlertGrouper.Groups> groups;
  private transient AlertGrouper grouper;
  private transient Counter alertsRaised;
  private final int cooldownWindows;

  /** @param cooldownWindows the detectors' cooldown, in windows: how long a resolved alert may reopen */
  public GroupAlerts(int cooldownWindows) {
    super("pending");
    this.cooldownWindows = cooldownWindows;
  }

  @Override
  public void open(OpenContext context) throws Exception {
    super.open(context);
    groups = getRuntimeContext().getState(new ValueStateDescriptor<>("groups",
        TypeInformation.of(AlertGrouper.Groups.class)));
    grouper = new AlertGrouper(cooldownWindows);
    alertsRaised = getRuntimeContext().getMetricGroup().counter("earshotAlertsRaised");
  }

  @Override
  void process(List<Alert> batch, Collector<Alert> out) throws Exception {
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
