package earshot.jobs.signals;

import earshot.jobs.churn.FollowUpCounts;
import earshot.jobs.churn.LoopEvent;
import earshot.jobs.detect.DetectorSettings;
import earshot.jobs.detect.OverdueShareDetector;
import earshot.jobs.detect.OverdueShareState;
import earshot.schemas.Alert;
import earshot.schemas.AvroTrust;
import earshot.schemas.MetricSnapshot;
import java.time.Duration;
import java.util.Collection;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.assigners.WindowStagger;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * The follow-up metrics and the overdue-share alert, from the churn path's {@link LoopEvent}s:
 *
 * <pre>
 *   loop events ─► per series (all, team, channel) ─► window of loop.window ─► metric snapshots
 *                                                                          └─► team series: FOLLOW_UP_OVERDUE alerts
 * </pre>
 *
 * Each event counts in the window of its own event time ({@link LoopEvent#at}: opening, closing or
 * due time), whatever the time of the contact or timer that produced it. Snapshots are
 * {@link MetricSnapshot}s with the follow-up fields filled, under the series keys {@code followups},
 * {@code followups|team=...} and {@code followups|channel=...}; a window fires at the watermark and
 * again, with the next revision, for an event within the allowed lateness.
 */
public final class LoopMetrics {

  private LoopMetrics() {}

  /** Snapshots of every follow-up series, and alert states of the team series. */
  public record Outputs(DataStream<MetricSnapshot> metrics, DataStream<Alert> alerts) {}

  public static Outputs build(DataStream<LoopEvent> events, Duration window, Duration allowedLateness,
      DetectorSettings detectors) {
    SingleOutputStreamOperator<MetricSnapshot> metrics = events
        .flatMap((LoopEvent e, Collector<LoopEvent> out) -> FollowUpCounts.seriesOf(e).forEach(s -> out.collect(e.in(s))),
            TypeInformation.of(LoopEvent.class))
        .uid("signals-loop-series").name("Follow-ups: one event per series")
        .keyBy(e -> e.series)
        .window(new ByEventTime(window))
        .allowedLateness(allowedLateness)
        .aggregate(new CountFollowUps(), new EmitFollowUps(), TypeInformation.of(FollowUpCounts.class),
            TypeInformation.of(FollowUpCounts.class), new AvroTypeInfo<>(MetricSnapshot.class))
        .uid("signals-loop-metrics").name("Follow-up metrics per series");
    SingleOutputStreamOperator<Alert> alerts = metrics
        .filter(m -> m.getDimensions().containsKey("team"))
        .uid("signals-loop-teams").name("Follow-up metrics of teams")
        .keyBy(MetricSnapshot::getSeriesKey)
        .process(new WatchOverdueShare(detectors), new AvroTypeInfo<>(Alert.class))
        .uid("signals-loop-overdue").name("Follow-ups: overdue share of each team");
    return new Outputs(metrics, alerts);
  }

  /** Tumbling event-time windows over the event's own time rather than the record's timestamp. */
  static final class ByEventTime extends TumblingEventTimeWindows {
    private static final long serialVersionUID = 1L;

    ByEventTime(Duration size) {
      super(size.toMillis(), 0, WindowStagger.ALIGNED);
    }

    @Override
    public Collection<TimeWindow> assignWindows(Object element, long timestamp, WindowAssignerContext context) {
      return super.assignWindows(element, ((LoopEvent) element).at, context);
    }
  }

  static final class CountFollowUps implements AggregateFunction<LoopEvent, FollowUpCounts, FollowUpCounts> {
    private static final long serialVersionUID = 1L;

    @Override
    public FollowUpCounts createAccumulator() {
      return new FollowUpCounts();
    }

    @Override
    public FollowUpCounts add(LoopEvent value, FollowUpCounts accumulator) {
      accumulator.add(value);
      return accumulator;
    }

    @Override
    public FollowUpCounts getResult(FollowUpCounts accumulator) {
      return accumulator;
    }

    @Override
    public FollowUpCounts merge(FollowUpCounts a, FollowUpCounts b) {
      return a.merge(b);
    }
  }

  /** Publishes a window's counts; each later firing (a late event) is the next revision of the same metric id. */
  static final class EmitFollowUps extends ProcessWindowFunction<FollowUpCounts, MetricSnapshot, String, TimeWindow> {

    static {
      AvroTrust.install();
    }

    private static final long serialVersionUID = 1L;
    private final ValueStateDescriptor<Integer> firings = new ValueStateDescriptor<>("firings", Integer.class);

    @Override
    public void process(String series, Context context, Iterable<FollowUpCounts> elements,
        Collector<MetricSnapshot> out) throws Exception {
      ValueState<Integer> fired = context.windowState().getState(firings);
      int revision = fired.value() == null ? 0 : fired.value();
      fired.update(revision + 1);
      out.collect(elements.iterator().next().snapshot(series, context.window().getStart(), context.window().getEnd(),
          revision));
    }

    @Override
    public void clear(Context context) throws Exception {
      context.windowState().getState(firings).clear();
    }
  }

  /** Runs {@link OverdueShareDetector} over one team's follow-up windows. */
  static final class WatchOverdueShare extends KeyedProcessFunction<String, MetricSnapshot, Alert> {

    static {
      AvroTrust.install();
    }

    private static final long serialVersionUID = 1L;
    private final DetectorSettings settings;
    private transient ValueState<OverdueShareState> state;
    private transient OverdueShareDetector detector;

    WatchOverdueShare(DetectorSettings settings) {
      this.settings = settings;
    }

    @Override
    public void open(OpenContext context) {
      state = getRuntimeContext().getState(
          new ValueStateDescriptor<>("overdue-share", TypeInformation.of(OverdueShareState.class)));
      detector = new OverdueShareDetector(settings);
    }

    @Override
    public void processElement(MetricSnapshot window, Context context, Collector<Alert> out) throws Exception {
      OverdueShareState current = state.value();
      if (current == null) {
        current = new OverdueShareState();
      }
      detector.onWindow(current, window).ifPresent(out::collect);
      state.update(current);
    }
  }
}
