package earshot.jobs.signals;

import static org.assertj.core.api.Assertions.assertThat;

import earshot.jobs.metrics.Observation;
import earshot.jobs.metrics.PartialWindow;
import earshot.jobs.metrics.SeriesCatalog;
import earshot.jobs.metrics.WindowFold;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The count ahead of the metric windows, driven record by record, watermark by watermark and checkpoint by checkpoint. */
class PreAggregateHarnessTest {

  private static final long START = HarnessFixtures.START;
  private static final long MINUTE = 60_000;

  private static OneInputStreamOperatorTestHarness<Observation, PartialWindow> harness(int maxObservations)
      throws Exception {
    var harness = new OneInputStreamOperatorTestHarness<>(new PreAggregate(
        List.of(Duration.ofMinutes(5), Duration.ofHours(1)), maxObservations, new WindowFold(10, 10, false, -1)));
    harness.open();
    return harness;
  }

  private static StreamRecord<Observation> answer(String series, String id, long at) {
    Observation o = new Observation();
    o.seriesKey = series;
    o.interactionId = id;
    o.occurredAt = at;
    o.nps = 9;
    return new StreamRecord<>(o, at);
  }

  /** The output in order, parts as series@offset-from-START x observations, watermarks as W@offset. */
  private static List<String> output(OneInputStreamOperatorTestHarness<Observation, PartialWindow> harness) {
    List<String> out = new ArrayList<>();
    for (Object element : harness.getOutput()) {
      if (element instanceof Watermark mark) {
        out.add("W@" + (mark.getTimestamp() - START));
      } else {
        @SuppressWarnings("unchecked")
        StreamRecord<PartialWindow> record = (StreamRecord<PartialWindow>) element;
        PartialWindow part = record.getValue();
        assertThat(record.getTimestamp()).isEqualTo(part.start + 5 * MINUTE - 1);
        out.add(part.seriesKey + "@" + (part.start - START) + "x" + part.totals.interactions);
      }
    }
    return out;
  }

  @Test
  void aSpanGoesOnBeforeTheWatermarkThatClosesIt() throws Exception {
    var harness = harness(1_000);
    harness.processElement(answer(SeriesCatalog.GLOBAL, "a", START + MINUTE));
    harness.processElement(answer("channel=CALL", "a", START + MINUTE));
    harness.processElement(answer(SeriesCatalog.GLOBAL, "b", START + 2 * MINUTE));
    harness.processElement(answer(SeriesCatalog.GLOBAL, "c", START + 6 * MINUTE));
    harness.processWatermark(START + 5 * MINUTE - 2);
    assertThat(output(harness)).as("nothing closed yet: only the watermark").containsExactly("W@" + (5 * MINUTE - 2));

    harness.processWatermark(START + 5 * MINUTE - 1);
    assertThat(output(harness)).containsExactly("W@" + (5 * MINUTE - 2), "global@0x2", "channel=CALL@0x1",
        "W@" + (5 * MINUTE - 1));
    // After its span closed an observation goes on alone, at once (a late record revises its window).
    harness.processElement(answer(SeriesCatalog.GLOBAL, "late", START + 3 * MINUTE));
    assertThat(output(harness)).last().isEqualTo("global@0x1");
    harness.close();
  }

  @Test
  void nothingIsHeldAcrossACheckpointOrPastTheEndOfTheInput() throws Exception {
    var harness = harness(1_000);
    harness.processElement(answer(SeriesCatalog.GLOBAL, "a", START + MINUTE));
    harness.processElement(answer(SeriesCatalog.GLOBAL, "b", START + 6 * MINUTE));
    assertThat(output(harness)).isEmpty();
    harness.prepareSnapshotPreBarrier(1);
    assertThat(output(harness)).containsExactly("global@0x1", "global@" + 5 * MINUTE + "x1");

    harness.processElement(answer(SeriesCatalog.GLOBAL, "c", START + 7 * MINUTE));
    harness.close(); // finishes the operator: the input has ended
    assertThat(output(harness)).last().isEqualTo("global@" + 5 * MINUTE + "x1");
    assertThat(output(harness)).hasSize(3);
  }

  @Test
  void withoutRoomEachObservationGoesOnAlone() throws Exception {
    var harness = harness(0);
    harness.processElement(answer(SeriesCatalog.GLOBAL, "a", START + MINUTE));
    harness.processElement(answer(SeriesCatalog.GLOBAL, "b", START + 2 * MINUTE));
    assertThat(output(harness)).containsExactly("global@0x1", "global@0x1");
    harness.close();
  }
}
