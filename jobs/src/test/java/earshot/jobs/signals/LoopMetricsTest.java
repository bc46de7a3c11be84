package earshot.jobs.signals;

import static org.assertj.core.api.Assertions.assertThat;

import earshot.jobs.churn.FollowUpCounts;
import earshot.jobs.churn.LoopEvent;
import earshot.jobs.detect.DetectorSettings;
import earshot.jobs.detect.OverdueShareDetector;
import earshot.schemas.Alert;
import earshot.schemas.AlertState;
import earshot.schemas.MetricSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.windowing.assigners.WindowAssigner;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The follow-up metrics' Flink functions: windows by the event's own time, and the team watch. */
class LoopMetricsTest {

  private static final long DAY = 86_400_000L;
  private static final long START = Instant.parse("2026-11-02T00:00:00Z").toEpochMilli();

  @Test
  void anEventFallsInTheWindowOfItsOwnTimeNotOfTheRecordsTimestamp() {
    LoopMetrics.ByEventTime windows = new LoopMetrics.ByEventTime(Duration.ofDays(1));
    LoopEvent overdue = new LoopEvent();
    overdue.kind = LoopEvent.Kind.OVERDUE;
    overdue.at = START + DAY + 5;
    // Flagged by a contact two days later: the record carries the contact's time.
    WindowAssigner.WindowAssignerContext context = new WindowAssigner.WindowAssignerContext() {
      @Override
      public long getCurrentProcessingTime() {
        return START + 3 * DAY;
      }
    };
    assertThat(windows.assignWindows(overdue, START + 3 * DAY, context))
        .containsExactly(new TimeWindow(START + DAY, START + 2 * DAY));
  }

  @Test
  void theWatchOfATeamOpensAnAlertWhenItsOverdueShareRises() throws Exception {
    DetectorSettings settings = new DetectorSettings(20, 3, 4.0, 2.0, 0.05, 3, 6, 24);
    try (KeyedOneInputStreamOperatorTestHarness<String, MetricSnapshot, Alert> harness =
        new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new LoopMetrics.WatchOverdueShare(settings)),
            MetricSnapshot::getSeriesKey, Types.STRING)) {
      harness.open();
      for (int day = 0; day < 10; day++) {
        harness.processElement(new StreamRecord<>(window(day, 90, 10), START + (day + 1) * DAY));
      }
      assertThat(harness.extractOutputValues()).isEmpty();
      harness.processElement(new StreamRecord<>(window(10, 50, 50), START + 11 * DAY));
      List<Alert> alerts = harness.extractOutputValues();
      assertThat(alerts).singleElement().satisfies(alert -> {
        assertThat(alert.getDetector()).isEqualTo(OverdueShareDetector.TYPE);
        assertThat(alert.getState()).isEqualTo(AlertState.OPEN);
        assertThat(alert.getSeriesKey()).isEqualTo("followups|team=care-digital");
        assertThat(alert.getSummary()).startsWith("Team care-digital let 50 of 100 follow-ups (50%)");
      });
    }
  }

  private static MetricSnapshot window(int day, long inTime, long overdue) {
    FollowUpCounts counts = new FollowUpCounts();
    counts.closedInTime = inTime;
    counts.closed = inTime;
    counts.overdue = overdue;
    return counts.snapshot("followups|team=care-digital", START + day * DAY, START + (day + 1) * DAY, 0);
  }
}
