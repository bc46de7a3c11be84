package earshot.jobs.signals;

import static org.assertj.core.api.Assertions.assertThat;

import earshot.jobs.metrics.SeriesCatalog;
import earshot.schemas.Alert;
import earshot.schemas.AlertState;
import earshot.schemas.Severity;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.ListTypeInfo;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class GroupAlertsHarnessTest {

  private static Alert alert(String id, String series, long windowEnd) {
    Instant end = Instant.ofEpochMilli(windowEnd);
    return Alert.newBuilder().setAlertId(id).setVersion(1).setState(AlertState.OPEN).setDetector("NPS_DROP")
        .setSeverity(Severity.WARNING).setSeriesKey(series).setDimensions(SeriesCatalog.dimensionsOf(series))
        .setWindowSeconds(3600).setWindowStart(end.minusSeconds(3600)).setWindowEnd(end).setOpenedAt(end)
        .setUpdatedAt(end).setMetric("nps").setObserved(-20).setBaseline(30).setExpectedLow(20).setExpectedHigh(40)
        .setStatisticName("z").setStatistic(6).setPValue(1e-9).setSampleSize(300).setSummary("NPS fell.").build();
  }

  @Test
  void holdsAWindowsAlertsUntilTheWatermarkAndGroupsChildrenUnderTheirParent() throws Exception {
    var harness = new KeyedOneInputStreamOperatorTestHarness<String, Alert, Alert>(
        new KeyedProcessOperator<>(new GroupAlerts(6)), a -> a.getDetector() + "|" + a.getWindowSeconds(), Types.STRING);
    harness.open();
    long end = HarnessFixtures.START + HarnessFixtures.HOUR;
    // The child arrives first, from another detector task.
    harness.processElement(new StreamRecord<>(alert("child", "region=north", end), end - 1));
    harness.processElement(new StreamRecord<>(alert("parent", "global", end), end - 1));
    assertThat(harness.extractOutputValues()).as("nothing before the window is complete").isEmpty();
    assertThat(harness.numEventTimeTimers()).isEqualTo(1);

    harness.processWatermark(end - 1);
    List<Alert> out = harness.extractOutputValues();
    assertThat(out).extracting(Alert::getAlertId).containsOnly("parent");
    assertThat(out.get(out.size() - 1).getChildren()).containsExactly("region=north");
    assertThat(harness.numEventTimeTimers()).isZero();
    harness.close();
  }

  /** Holds alerts as the version before {@link WatermarkQueue} did: one list per window, in state "pending". */
  private static final class HeldAsBefore extends KeyedProcessFunction<String, Alert, Alert> {
    private transient WatermarkHold<Alert> pending;

    @Override
    public void open(OpenContext context) {
      pending = new WatermarkHold<>(getRuntimeContext().getMapState(new MapStateDescriptor<>("pending", Types.LONG,
          new ListTypeInfo<>(new AvroTypeInfo<>(Alert.class)))));
    }

    @Override
    public void processElement(Alert alert, Context context, Collector<Alert> out) throws Exception {
      assertThat(pending.hold(alert.getUpdatedAt().toEpochMilli() - 1, alert, context.timerService())).isTrue();
    }
  }

  /** What GroupAlerts releases when a window's two alerts were held by {@code holder} and a restore came between. */
  private static List<Alert> releasedAfterRestore(KeyedProcessFunction<String, Alert, Alert> holder) throws Exception {
    long end = HarnessFixtures.START + HarnessFixtures.HOUR;
    var before = new KeyedOneInputStreamOperatorTestHarness<String, Alert, Alert>(
        new KeyedProcessOperator<>(holder), a -> a.getDetector() + "|" + a.getWindowSeconds(), Types.STRING);
    before.open();
    before.processElement(new StreamRecord<>(alert("child", "region=north", end), end - 1));
    before.processElement(new StreamRecord<>(alert("parent", "global", end), end - 1));
    OperatorSubtaskState savepoint = before.snapshot(1, 1);
    before.close();
    var after = new KeyedOneInputStreamOperatorTestHarness<String, Alert, Alert>(
        new KeyedProcessOperator<>(new GroupAlerts(6)), a -> a.getDetector() + "|" + a.getWindowSeconds(), Types.STRING);
    after.initializeState(savepoint);
    after.open();
    after.processWatermark(end - 1);
    List<Alert> out = after.extractOutputValues();
    assertThat(after.numEventTimeTimers()).isZero();
    after.close();
    return out;
  }

  @Test
  void alertsHeldByThePreviousLayoutAreGroupedAfterAnUpgrade() throws Exception {
    List<Alert> sameVersion = releasedAfterRestore(new GroupAlerts(6));
    assertThat(sameVersion).extracting(Alert::getAlertId).containsOnly("parent");
    assertThat(sameVersion.get(sameVersion.size() - 1).getChildren()).containsExactly("region=north");
    assertThat(releasedAfterRestore(new HeldAsBefore())).as("held as one list per window before the upgrade")
        .isEqualTo(sameVersion);
  }
}
