package earshot.jobs.signals;

import earshot.jobs.detect.AlertFactory;
import earshot.jobs.detect.AlertLifecycle;
import earshot.jobs.detect.DetectorSettings;
import earshot.jobs.detect.DetractorSpikeDetector;
import earshot.jobs.detect.Evaluation;
import earshot.schemas.Alert;
import earshot.schemas.AlertState;
import earshot.schemas.MetricSnapshot;
import java.util.Optional;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Runs the detectors over one series' windows, in order, and publishes alert states. Keyed by
 * series; one instance per window length. Late revisions of a window already judged only update
 * the metrics, not the detectors, so a replay judges exactly the same windows.
 */
public final class DetectAnomalies extends KeyedProcessFunction<String, MetricSnapshot, Alert> {

  private static final long serialVersionUID = 1L;

  private final DetectorSettings settings;
  private transient ValueState<SeriesDetectors> state;
  private transient DetractorSpikeDetector detractorSpike;
  private transient AlertLifecycle lifecycle;
  private transient Counter alertsRaised;

  public DetectAnomalies(DetectorSettings settings) {
    this.settings = settings;
  }

  @Override
  public void open(OpenContext context) {
    state = getRuntimeContext().getState(new ValueStateDescriptor<>("detectors", SeriesDetectors.class));
    detractorSpike = new DetractorSpikeDetector(settings);
    lifecycle = new AlertLifecycle(settings);
    alertsRaised = getRuntimeContext().getMetricGroup().counter("earshotAlertsRaised");
  }

  @Override
  public void processElement(MetricSnapshot window, Context context, Collector<Alert> out) throws Exception {
    SeriesDetectors detectors = state.value();
    if (detectors == null) {
      detectors = new SeriesDetectors();
    }
    long end = window.getWindowEnd().toEpochMilli();
    if (end <= detectors.lastWindowEnd) {
      return;
    }
    detectors.lastWindowEnd = end;
    long start = window.getWindowStart().toEpochMilli();

    Evaluation evaluation = detractorSpike.evaluate(window, detectors.detractorBaseline);
    Optional<AlertState> published = lifecycle.onWindow(detectors.detractorSpike, evaluation, window.getSeriesKey(),
        start, end);
    if (published.isPresent()) {
      if (published.get() == AlertState.OPEN) {
        alertsRaised.inc();
      }
      out.collect(AlertFactory.build(detectors.detractorSpike, published.get(), evaluation, window));
    }
    state.update(detectors);
  }
}
