package earshot.jobs.signals;

import static org.assertj.core.api.Assertions.assertThat;

import earshot.jobs.metrics.SeriesCatalog;
import earshot.schemas.Alert;
import earshot.schemas.AlertState;
import earshot.schemas.Severity;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
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
}
