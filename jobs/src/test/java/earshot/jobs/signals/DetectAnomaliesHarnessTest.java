package earshot.jobs.signals;

import static org.assertj.core.api.Assertions.assertThat;

import earshot.schemas.Alert;
import earshot.schemas.AlertState;
import earshot.jobs.metrics.WindowResult;
import earshot.schemas.MetricSnapshot;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DetectAnomaliesHarnessTest {

  private KeyedOneInputStreamOperatorTestHarness<String, WindowResult, Alert> harness;

  @BeforeEach
  void open() throws Exception {
    harness = new KeyedOneInputStreamOperatorTestHarness<>(
        new KeyedProcessOperator<>(new DetectAnomalies(HarnessFixtures.settings(), 1, HarnessFixtures.HOUR)),
        r -> r.snapshot.getSeriesKey(), Types.STRING);
    harness.open();
  }

  /** Three days of 100 interactions an hour: enough for the volume baseline to learn every hour. */
  private long learn() throws Exception {
    long t = HarnessFixtures.START;
    for (int h = 0; h < 72; h++, t += HarnessFixtures.HOUR) {
      harness.processElement(new StreamRecord<>(new WindowResult(HarnessFixtures.hour(t, 100), java.util.Map.of()), t + HarnessFixtures.HOUR - 1));
      harness.processWatermark(t + HarnessFixtures.HOUR - 1);
    }
    return t;
  }

  @Test
  void aSeriesThatFallsSilentRaisesAVolumeDropFromItsTimerAlone() throws Exception {
    long t = learn();
    assertThat(harness.extractOutputValues()).isEmpty();
    assertThat(harness.numEventTimeTimers()).isEqualTo(1);

    // No window at all for the next hour: only the watermark moves.
    harness.processWatermark(t + HarnessFixtures.HOUR - 1);
    List<Alert> alerts = harness.extractOutputValues();
    assertThat(alerts).singleElement().satisfies(alert -> {
      assertThat(alert.getDetector()).isEqualTo("VOLUME_DROP");
      assertThat(alert.getState()).isEqualTo(AlertState.OPEN);
      assertThat(alert.getObserved()).isZero();
      assertThat(alert.getBaseline()).isBetween(90.0, 110.0);
      assertThat(alert.getWindowStart().toEpochMilli()).isEqualTo(t);
    });
  }

  @Test
  void endOfInputIsNotSilence() throws Exception {
    learn();
    harness.processWatermark(Long.MAX_VALUE);
    assertThat(harness.extractOutputValues()).isEmpty();
  }

  @Test
  void aLateRevisionOfAJudgedWindowIsNotJudgedAgain() throws Exception {
    long t = learn();
    MetricSnapshot surge = HarnessFixtures.hour(t, 400);
    harness.processElement(new StreamRecord<>(new WindowResult(surge, java.util.Map.of()), t + HarnessFixtures.HOUR - 1));
    MetricSnapshot revised = MetricSnapshot.newBuilder(HarnessFixtures.hour(t, 401)).setRevision(1).build();
    harness.processElement(new StreamRecord<>(new WindowResult(revised, java.util.Map.of()), t + HarnessFixtures.HOUR - 1));
    assertThat(harness.extractOutputValues()).singleElement()
        .satisfies(a -> assertThat(a.getDetector()).isEqualTo("VOLUME_SURGE"));
  }

  @Test
  void detectorStateSurvivesASnapshotAndRestore() throws Exception {
    long t = learn();
    var snapshot = harness.snapshot(1, t);
    harness.close();

    harness = new KeyedOneInputStreamOperatorTestHarness<>(
        new KeyedProcessOperator<>(new DetectAnomalies(HarnessFixtures.settings(), 1, HarnessFixtures.HOUR)),
        r -> r.snapshot.getSeriesKey(), Types.STRING);
    harness.initializeState(snapshot);
    harness.open();
    harness.processElement(new StreamRecord<>(new WindowResult(HarnessFixtures.hour(t, 400), java.util.Map.of()), t + HarnessFixtures.HOUR - 1));
    assertThat(harness.extractOutputValues()).as("the restored baseline still knows 100 an hour").singleElement()
        .satisfies(a -> assertThat(a.getDetector()).isEqualTo("VOLUME_SURGE"));
  }
}
