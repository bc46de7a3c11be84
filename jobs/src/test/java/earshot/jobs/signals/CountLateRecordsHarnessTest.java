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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.flink.api.common.typeinfo.Types;
import org.assertj.core.data.Offset;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** Late records counted on their windows, windows re-published, DATA_QUALITY alerts, tracking expiry. */
class CountLateRecordsHarnessTest {

  private static KeyedTwoInputStreamOperatorTestHarness<String, TrackedWindow, LateWindow, MetricSnapshot> harness()
      throws Exception {
    return harness(false);
  }

  private static KeyedTwoInputStreamOperatorTestHarness<String, TrackedWindow, LateWindow, MetricSnapshot> harness(
      boolean watermarkOrder) throws Exception {
    CountLateRecords function = new CountLateRecords(new LateShare(0.05, 3, Duration.ofHours(6)),
        Duration.ofHours(6), 3600, Duration.ofMinutes(10), watermarkOrder);
    return new KeyedTwoInputStreamOperatorTestHarness<>(new KeyedCoProcessOperator<>(function),
        m -> m.snapshot.getSeriesKey() + "|" + m.snapshot.getWindowSeconds(), LateWindow::key, Types.STRING);
  }

  private static StreamRecord<TrackedWindow> window(MetricSnapshot snapshot) {
    return window(snapshot, Map.of());
  }

  private static StreamRecord<TrackedWindow> window(MetricSnapshot snapshot, Map<String, Long> byValue) {
    return new StreamRecord<>(new TrackedWindow(snapshot, new HashMap<>(byValue)),
        snapshot.getWindowEnd().toEpochMilli() - 1);
  }

  private static StreamRecord<LateWindow> late(long windowStart) {
    return new StreamRecord<>(new LateWindow("global", 3600, windowStart), windowStart);
  }

  private static StreamRecord<LateWindow> late(long windowStart, String... values) {
    return new StreamRecord<>(new LateWindow("global", 3600, windowStart, values), windowStart);
  }

  private static List<Alert> alerts(KeyedTwoInputStreamOperatorTestHarness<String, TrackedWindow, LateWindow,
      MetricSnapshot> h) {
    return h.getSideOutput(CountLateRecords.DATA_QUALITY) == null ? List.of()
        : h.getSideOutput(CountLateRecords.DATA_QUALITY).stream().map(StreamRecord::getValue).toList();
  }

  @Test
  void lateRecordsAreCountedOnTheirWindowWhichIsPublishedAgain() throws Exception {
    try (var h = harness()) {
      h.open();
      h.processElement1(window(hour(START, 40)));
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
      h.processElement1(window(hour(START, 30)));
      for (int i = 0; i < 10; i++) {
        h.processElement2(late(START));
      }
      List<Alert> alerts = alerts(h);
      assertThat(alerts).extracting(Alert::getState).startsWith(AlertState.OPEN);
      assertThat(alerts.get(0).getSummary()).contains("arrived after their windows had closed");
      // Six hours after the window closed it is no longer tracked: the series' late share is 0 again.
      IntStream.range(1, 8).forEach(i -> {
        try {
          h.processElement1(window(hour(START + i * HOUR, 30)));
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
      h.processElement1(window(hour(START, 12)));
      assertThat(h.extractOutputValues()).singleElement()
          .satisfies(m -> assertThat(m.getLateRecords()).isEqualTo(1L));
    }
  }

  @Test
  void aDataQualityAlertNamesTheValueItsLateRecordsComeFrom() throws Exception {
    try (var h = harness()) {
      h.open();
      h.processElement1(window(hour(START, 100), Map.of("channel=EMAIL", 10L, "channel=CALL", 90L,
          "region=north", 50L, "region=south", 50L)));
      h.processElement2(late(START, "channel=CALL", "region=north"));
      for (int i = 0; i < 12; i++) {
        h.processElement2(late(START, "channel=EMAIL", i % 2 == 0 ? "region=north" : "region=south"));
      }
      List<Alert> alerts = alerts(h);
      assertThat(alerts).extracting(Alert::getState).startsWith(AlertState.OPEN);
      for (Alert alert : alerts) {
        long emailLate = (long) alert.getStatistic() - 1;
        assertThat(alert.getRootCauses()).as("region is spread evenly").singleElement().satisfies(cause -> {
          assertThat(cause.getSlice()).isEqualTo("channel=EMAIL");
          assertThat(cause.getSize()).isEqualTo(10 + emailLate);
          assertThat(cause.getObserved()).isCloseTo((double) emailLate / (10 + emailLate), Offset.offset(1e-9));
          assertThat(cause.getBaseline()).isCloseTo(1 / 91.0, Offset.offset(1e-9));
          assertThat(cause.getShare()).isCloseTo(emailLate / alert.getStatistic(), Offset.offset(1e-9));
        });
      }
      assertThat(alerts.get(0).getSummary()).contains("83% of the late records are channel=EMAIL: 33.3% of its 15 "
          + "interactions in the same hours came late, against 1.1% of the rest.");
    }
  }

  @Test
  void aWindowPublishedAgainCountsItsValuesByDifference() throws Exception {
    try (var h = harness()) {
      h.open();
      h.processElement1(window(hour(START, 100), Map.of("channel=EMAIL", 2L, "channel=CALL", 98L)));
      // Published again within the allowed lateness: e-mails that came late but in time for it.
      h.processElement1(window(hour(START, 110), Map.of("channel=EMAIL", 10L, "channel=CALL", 100L)));
      for (int i = 0; i < 10; i++) {
        h.processElement2(late(START, "channel=EMAIL"));
      }
      List<Alert> alerts = alerts(h);
      assertThat(alerts).isNotEmpty();
      for (Alert alert : alerts) {
        assertThat(alert.getSampleSize()).isEqualTo(110 + (long) alert.getStatistic());
        assertThat(alert.getRootCauses()).singleElement()
            .satisfies(cause -> assertThat(cause.getSize()).isEqualTo(10 + (long) alert.getStatistic()));
      }
    }
  }

  @Test
  void lateRecordsSpreadLikeTheTrafficNameNoValue() throws Exception {
    try (var h = harness()) {
      h.open();
      h.processElement1(window(hour(START, 100), Map.of("channel=EMAIL", 50L, "channel=CALL", 50L)));
      for (int i = 0; i < 12; i++) {
        h.processElement2(late(START, i % 2 == 0 ? "channel=EMAIL" : "channel=CALL"));
      }
      List<Alert> alerts = alerts(h);
      assertThat(alerts).isNotEmpty().allSatisfy(alert -> {
        assertThat(alert.getRootCauses()).isEmpty();
        assertThat(alert.getSummary()).contains("They are spread over the series");
      });
    }
  }

  @Test
  void withoutValuesTheAlertClaimsNothingAboutWhereItsRecordsComeFrom() throws Exception {
    try (var h = harness()) {
      h.open();
      h.processElement1(window(hour(START, 100)));
      for (int i = 0; i < 12; i++) {
        h.processElement2(late(START));
      }
      assertThat(alerts(h)).isNotEmpty().allSatisfy(alert -> {
        assertThat(alert.getRootCauses()).isEmpty();
        assertThat(alert.getSummary()).doesNotContain("spread over").doesNotContain("of the late records are");
      });
    }
  }

  @Test
  void lateRecordsAreComparedWithTheTrafficOfTheirOwnHours() throws Exception {
    try (var h = harness()) {
      h.open();
      // E-mail is most of the first hour's traffic and little of the next two hours'.
      h.processElement1(window(hour(START, 100), Map.of("channel=EMAIL", 80L, "channel=CALL", 20L)));
      h.processElement1(window(hour(START + HOUR, 400), Map.of("channel=EMAIL", 10L, "channel=CALL", 390L)));
      h.processElement1(window(hour(START + 2 * HOUR, 400), Map.of("channel=EMAIL", 10L, "channel=CALL", 390L)));
      h.processBothWatermarks(new org.apache.flink.streaming.api.watermark.Watermark(START + 3 * HOUR + 60_000));
      // The first hour's late records, in its own mix: against the whole day's, e-mail would look late.
      for (int i = 0; i < 50; i++) {
        h.processElement2(late(START, i % 5 == 0 ? "channel=CALL" : "channel=EMAIL"));
      }
      List<Alert> alerts = alerts(h);
      assertThat(alerts).isNotEmpty().allSatisfy(alert -> {
        assertThat(alert.getRootCauses()).isEmpty();
        assertThat(alert.getSummary()).contains("They are spread over the series");
        // Stamped at the end of the window the watermark is in, so that one late stretch's alerts are grouped.
        assertThat(alert.getUpdatedAt().toEpochMilli()).isEqualTo(START + 4 * HOUR);
      });
    }
  }
  /**
   * Three hours' windows and two stretches of late records, each stamped with the watermark its task
   * emitted it at, fed in one of three orders that different tasks' timing can give: windows first, late
   * records first, or each late record as soon as its watermark was reached.
   */
  private static List<String> outputsWhenFed(String order, boolean watermarkOrder) throws Exception {
    List<StreamRecord<TrackedWindow>> windows = new java.util.ArrayList<>();
    for (int h = 0; h < 3; h++) {
      StreamRecord<TrackedWindow> record = window(hour(START + h * HOUR, 40), Map.of("channel=CALL", 30L,
          "channel=EMAIL", 10L));
      record.getValue().emittedAtWatermark = START + (h + 1) * HOUR - 1;
      windows.add(record);
    }
    List<StreamRecord<LateWindow>> lates = new java.util.ArrayList<>();
    for (int i = 0; i < 12; i++) {
      // Found too late half an hour after their hour closed; the second stretch an hour later.
      long hourStart = i < 8 ? START : START + HOUR;
      StreamRecord<LateWindow> record = late(hourStart, "channel=EMAIL");
      record.getValue().emittedAtWatermark = hourStart + HOUR + 30 * 60_000L + i;
      lates.add(record);
    }
    try (var h = harness(watermarkOrder)) {
      h.open();
      switch (order) {
        case "windows first" -> {
          for (var w : windows) {
            h.processElement1(w);
          }
          for (var l : lates) {
            h.processElement2(l);
          }
        }
        case "late first" -> {
          for (var l : lates) {
            h.processElement2(l);
          }
          for (var w : windows) {
            h.processElement1(w);
          }
        }
        default -> {
          int next = 0;
          for (var w : windows) {
            h.processElement1(w);
            while (next < lates.size() && lates.get(next).getValue().emittedAtWatermark
                < w.getValue().emittedAtWatermark + HOUR) {
              h.processElement2(lates.get(next++));
            }
          }
        }
      }
      h.processBothWatermarks(new org.apache.flink.streaming.api.watermark.Watermark(START + 5 * HOUR));
      List<String> out = new java.util.ArrayList<>();
      h.extractOutputValues().forEach(m -> out.add(m.toString()));
      alerts(h).forEach(a -> out.add(a.toString()));
      return out;
    }
  }

  @Test
  void inWatermarkOrderTheOutputsDoNotDependOnWhichInputCameFirst() throws Exception {
    List<String> windowsFirst = outputsWhenFed("windows first", true);
    assertThat(outputsWhenFed("late first", true)).isEqualTo(windowsFirst);
    assertThat(outputsWhenFed("as reached", true)).isEqualTo(windowsFirst);
    assertThat(windowsFirst).as("every window, then each one published again as its late records come, and an alert")
        .hasSizeGreaterThan(3 + 12).anySatisfy(line -> assertThat(line).contains("DATA_QUALITY"));
    // Taken as they come, the same inputs give other outputs: what the watermark order is for.
    assertThat(outputsWhenFed("late first", false)).isNotEqualTo(outputsWhenFed("windows first", false));
  }
  @Test
  void inWatermarkOrderADataQualityAlertIsStampedAheadOfTheWatermarkItIsTakenAt() throws Exception {
    try (var h = harness(true)) {
      h.open();
      StreamRecord<TrackedWindow> window = window(hour(START, 20));
      window.getValue().emittedAtWatermark = START + HOUR - 1;
      h.processElement1(window);
      // Found too late one millisecond before the next hour's end: taken once the watermark is on that end.
      long foundAt = START + 2 * HOUR - 1;
      for (int i = 0; i < 10; i++) {
        StreamRecord<LateWindow> late = late(START);
        late.getValue().emittedAtWatermark = foundAt;
        h.processElement2(late);
      }
      h.processBothWatermarks(new org.apache.flink.streaming.api.watermark.Watermark(START + 4 * HOUR));
      // Held downstream until the watermark passes updatedAt - 1, which must come after the one it was taken at.
      assertThat(alerts(h)).isNotEmpty().allSatisfy(alert ->
          assertThat(alert.getUpdatedAt().toEpochMilli() - 1).isGreaterThan(foundAt));
    }
  }
}
