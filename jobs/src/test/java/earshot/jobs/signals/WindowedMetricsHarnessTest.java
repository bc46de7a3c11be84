package earshot.jobs.signals;

import static org.assertj.core.api.Assertions.assertThat;

import earshot.jobs.metrics.CxMetrics;
import earshot.jobs.metrics.Observation;
import earshot.jobs.metrics.PartialWindow;
import earshot.jobs.metrics.SeriesCatalog;
import earshot.jobs.metrics.WindowResult;
import earshot.schemas.EnrichedInteraction;
import earshot.schemas.MetricSnapshot;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.dag.Transformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.transformations.OneInputTransformation;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/**
 * The metric windows as the signals job builds them (tumbling event-time windows with allowed
 * lateness, incremental aggregation, revision numbering), driven record by record and watermark by
 * watermark.
 */
class WindowedMetricsHarnessTest {

  private static final long HOUR = HarnessFixtures.HOUR;
  private static final long START = HarnessFixtures.START;
  private static final Duration LATENESS = Duration.ofMinutes(10);

  @SuppressWarnings("unchecked")
  private static KeyedOneInputStreamOperatorTestHarness<String, PartialWindow, WindowResult> windowHarness() throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    DataStream<PartialWindow> input = env.fromData(TypeInformation.of(PartialWindow.class), new PartialWindow());
    DataStream<WindowResult> metrics = input
        .keyBy(part -> part.seriesKey)
        .window(TumblingEventTimeWindows.of(Duration.ofHours(1)))
        .allowedLateness(LATENESS)
        .aggregate(new AggregateMetrics(), new EmitSnapshot(), TypeInformation.of(CxMetrics.class),
            TypeInformation.of(CxMetrics.class), SignalsJob.windowResultType());
    Transformation<WindowResult> transformation = metrics.getTransformation();
    var operator = ((OneInputTransformation<PartialWindow, WindowResult>) transformation).getOperatorFactory();
    return new KeyedOneInputStreamOperatorTestHarness<>(operator, part -> part.seriesKey, Types.STRING);
  }

  private static List<MetricSnapshot> snapshots(List<WindowResult> results) {
    return results.stream().map(r -> r.snapshot).toList();
  }

  /** One answer, as the pre-aggregation hands on an observation that comes alone. */
  private static PartialWindow answer(String id, int nps) {
    Observation o = new Observation();
    o.seriesKey = SeriesCatalog.GLOBAL;
    o.interactionId = id;
    o.nps = nps;
    PartialWindow part = new PartialWindow(o.seriesKey, 0);
    new AggregateMetrics().fold().add(o, part.totals);
    return part;
  }

  @Test
  void aWindowFiresAtTheWatermarkAndALateRecordRevisesIt() throws Exception {
    var harness = windowHarness();
    harness.open();
    harness.processElement(new StreamRecord<>(answer("a", 10), START + 60_000));
    harness.processElement(new StreamRecord<>(answer("b", 3), START + 120_000));
    harness.processWatermark(START + HOUR - 2);
    assertThat(harness.extractOutputValues()).as("not before the window's end").isEmpty();

    harness.processWatermark(START + HOUR - 1);
    List<MetricSnapshot> first = snapshots(harness.extractOutputValues());
    assertThat(first).singleElement().satisfies(m -> {
      assertThat(m.getRevision()).isZero();
      assertThat(m.getNpsAnswers()).isEqualTo(2);
      assertThat(m.getNps()).isEqualTo(0.0);
    });

    // Five minutes after the window closed, within the allowed lateness: the window fires again.
    harness.processWatermark(START + HOUR + 5 * 60_000);
    harness.processElement(new StreamRecord<>(answer("c", 9), START + 30 * 60_000));
    List<MetricSnapshot> all = snapshots(harness.extractOutputValues());
    assertThat(all).hasSize(2);
    MetricSnapshot revised = all.get(1);
    assertThat(revised.getRevision()).isEqualTo(1);
    assertThat(revised.getMetricId()).isEqualTo(first.get(0).getMetricId());
    assertThat(revised.getNpsAnswers()).isEqualTo(3);
    assertThat(revised.getNps()).isCloseTo(100.0 / 3, org.assertj.core.api.Assertions.within(1e-9));

    // Past the lateness the window's state is gone.
    harness.processWatermark(START + HOUR + LATENESS.toMillis());
    assertThat(harness.numKeyedStateEntries()).isZero();
    harness.close();
  }

  @Test
  void recordsLaterThanTheAllowedLatenessAreSetAsideNotDropped() throws Exception {
    OneInputStreamOperatorTestHarness<EnrichedInteraction, EnrichedInteraction> harness =
        ProcessFunctionTestHarnesses.forProcessFunction(new SeparateTooLate(LATENESS));
    harness.processWatermark(START + 2 * HOUR);
    EnrichedInteraction onTime = HarnessFixtures.interaction("on-time", START + 2 * HOUR - 5 * 60_000, 9);
    EnrichedInteraction tooLate = HarnessFixtures.interaction("too-late", START + HOUR, 2);
    harness.processElement(onTime, START + 2 * HOUR - 5 * 60_000);
    harness.processElement(tooLate, START + HOUR);
    assertThat(harness.extractOutputValues()).containsExactly(onTime);
    assertThat(harness.getSideOutput(SeparateTooLate.TOO_LATE)).extracting(StreamRecord::getValue).containsExactly(tooLate);
  }
}
