package earshot.jobs.signals;

import static earshot.jobs.signals.HarnessFixtures.HOUR;
import static earshot.jobs.signals.HarnessFixtures.START;
import static earshot.jobs.signals.HarnessFixtures.hour;
import static org.assertj.core.api.Assertions.assertThat;

import earshot.jobs.detect.LateShare;
import earshot.schemas.Alert;
import earshot.schemas.AlertState;
import earshot.schemas.MetricSnapshot;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** Late records counted on their windows, windows re-published, DATA_QUALITY alerts, tracking expiry. */
class CountLateRecordsHarnessTest {

  private static KeyedTwoInputStreamOperatorTestHarness<String, MetricSnapshot, LateWindow, MetricSnapshot> harness()
      throws Exception {
    CountLateRecords function = new CountLateRecords(new LateShare(0.05, 3, Duration.ofHours(6)),
        Duration.ofHours(6), 3600);
    return new KeyedTwoInputStreamOperatorTestHarness<>(new KeyedCoProcessOperator<>(function),
        m -> m.getSeriesKey() + "|" + m.getWindowSeconds(), LateWindow::key, Types.STRING);
  }

  private static StreamRecord<LateWindow> late(long windowStart) {
    return new StreamRecord<>(new LateWindow("global", 3600, windowStart), windowStart);
  }

  private static List<Alert> alerts(KeyedTwoInputStreamOperatorTestHarness<String, MetricSnapshot, LateWindow,
      MetricSnapshot> h) {
    return h.getSideOutput(CountLateRecords.DATA_QUALITY) == null ? List.of()
        : h.getSideOutput(CountLateRecords.DATA_QUALITY).stream().map(StreamRecord::getValue).toList();
  }

  @Test
  void lateRecordsAreCountedOnTheirWindowWhichIsPublishedAgain() throws Exception {
    try (var h = harness()) {
      h.open();
      h.processElement1(new StreamRecord<>(hour(START, 40), START + HOUR - 1));
      h.processBothWatermarks(new org.apache.flink.streaming.api.watermark.Watermark(START + 2 * HOUR));
      h.processElement2(late(START));
      h.processElement2(late(START));
      List<MetricSnapshot> out = h.extractOutputValues();
      assertThat(out).hasSize(3);
      assertThat(out).extracting(MetricSnapshot::getRevision).containsExactly(0, 1, 2);
      assertThat(out).extracting(MetricSnapshot::getLateRecords).containsExactly(0L, 1L, 2L);
      assertThat(out).extracting(MetricSnapshot::getMetricId).containsOnly(out.get(0).getMetricId());
      assertThat(out.get(2).getInteractions()).as("the other figures stay as computed").isEqualTo(40);
      assertThat(alerts(h)).as("2 late records: below the minimum of 3").isEmpty();
    }
  }

  @Test
  void aSeriesWithAQuarterOfItsDataLateRaisesAndLaterResolvesADataQualityAlert() throws Exception {
    try (var h = harness()) {
      h.open();
      h.processElement1(new StreamRecord<>(hour(START, 30), START + HOUR - 1));
      for (int i = 0; i < 10; i++) {
        h.processElement2(late(START));
      }
      List<Alert> alerts = alerts(h);
      assertThat(alerts).extracting(Alert::getState).startsWith(AlertState.OPEN);
      assertThat(alerts.get(0).getSummary()).contains("arrived after their windows had closed");
      // Six hours after the window closed it is no longer tracked: the series' late share is 0 again.
      IntStream.range(1, 8).forEach(i -> {
        try {
          h.processElement1(new StreamRecord<>(hour(START + i * HOUR, 30), START + (i + 1) * HOUR - 1));
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      h.processBothWatermarks(new org.apache.flink.streaming.api.watermark.Watermark(START + 8 * HOUR));
      assertThat(alerts(h)).extracting(Alert::getState).last().isEqualTo(AlertState.RESOLVED);
      assertThat(alerts(h)).extracting(Alert::getAlertId).containsOnly(alerts.get(0).getAlertId());
    }
  }

  @Test
  void aLateRecordBeforeItsWindowsSnapshotIsAppliedWhenTheSnapshotComes() throws Exception {
    try (var h = harness()) {
      h.open();
      h.processElement2(late(START));
      assertThat(h.extractOutputValues()).isEmpty();
      h.processElement1(new StreamRecord<>(hour(START, 12), START + HOUR - 1));
      assertThat(h.extractOutputValues()).singleElement()
          .satisfies(m -> assertThat(m.getLateRecords()).isEqualTo(1L));
    }
  }
}
