package earshot.jobs.signals;

import earshot.schemas.AvroTrust;
import earshot.jobs.metrics.CxMetrics;
import earshot.jobs.metrics.WindowResult;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * Publishes a window's metrics (with every term count, for the detectors). The first firing (at the watermark) is revision 0; each late
 * record within the allowed lateness fires the window again with the next revision and the same
 * metric id, so the index document is overwritten and subscribers see the correction.
 */
public final class EmitSnapshot extends ProcessWindowFunction<CxMetrics, WindowResult, String, TimeWindow> {

  // Task managers read Earshot's Avro records as soon as this function is deployed (state
  // restore comes before open()): trust the generated classes when this class loads.
  static {
    AvroTrust.install();
  }

  private static final long serialVersionUID = 1L;

  private final ValueStateDescriptor<Integer> firings = new ValueStateDescriptor<>("firings", Integer.class);

  @Override
  public void process(String seriesKey, Context context, Iterable<CxMetrics> elements, Collector<WindowResult> out)
      throws Exception {
    ValueState<Integer> fired = context.windowState().getState(firings);
    int revision = fired.value() == null ? 0 : fired.value();
    fired.update(revision + 1);
    CxMetrics metrics = elements.iterator().next();
    WindowResult result = WindowResult.of(seriesKey, context.window().getStart(), context.window().getEnd(), revision,
        metrics);
    result.emittedAtWatermark = context.currentWatermark();
    out.collect(result);
  }

  @Override
  public void clear(Context context) throws Exception {
    context.windowState().getState(firings).clear();
  }
}
