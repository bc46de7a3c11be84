package earshot.jobs.signals;

import static org.assertj.core.api.Assertions.assertThat;

import earshot.jobs.metrics.Observation;
import earshot.jobs.detect.slices.SliceVerbatims;
import earshot.jobs.metrics.SeriesCatalog;
import earshot.schemas.Alert;
import earshot.schemas.AlertState;
import earshot.schemas.Severity;
import earshot.schemas.Verbatim;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.ListTypeInfo;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** Verbatims of slice alerts: the same quotes however far the candidates ran ahead of the alert. */
class AttachSliceVerbatimsHarnessTest {

  private static final long HOUR = HarnessFixtures.HOUR;
  private static final long START = HarnessFixtures.START;
  private static final String SLICE = "channel=CHAT|touchpoint=billing";

  /** A detractor's comment on the slice, one every {@code minute} minutes of the first hour and after it. */
  private static Observation candidate(int i, long at) {
    Observation o = new Observation();
    o.seriesKey = SeriesCatalog.GLOBAL;
    o.interactionId = "c" + i;
    o.occurredAt = at;
    o.text = "Charged twice again, comment " + i;
    o.nps = i % 7;
    o.sliceKeys = new String[] {"channel=CHAT", "touchpoint=billing"};
    return o;
  }

  private static Alert sliceAlert(long windowEnd) {
    return sliceAlert(windowEnd, SLICE);
  }

  private static Alert sliceAlert(long windowEnd, String slice) {
    Instant end = Instant.ofEpochMilli(windowEnd);
    return Alert.newBuilder().setAlertId("slice-" + slice).setVersion(1).setState(AlertState.OPEN).setDetector("NPS_DROP")
        .setSeverity(Severity.WARNING).setSeriesKey(slice).setDimensions(SeriesCatalog.dimensionsOf(slice))
        .setWindowSeconds(3600).setWindowStart(end.minusSeconds(3600)).setWindowEnd(end).setOpenedAt(end)
        .setUpdatedAt(end).setMetric("nps").setObserved(-20).setBaseline(30).setExpectedLow(20).setExpectedHigh(40)
        .setStatisticName("z").setStatistic(6).setPValue(1e-9).setSampleSize(60).setSummary("NPS fell.").build();
  }

  /**
   * Feeds an hour of candidates and two hours after it, and the hour's alert, with the watermark at each
   * candidate; the alert comes after {@code aheadMinutes} minutes of the next hours' candidates.
   */
  private static List<String> quoted(int aheadMinutes, int capacity) throws Exception {
    var harness = new KeyedTwoInputStreamOperatorTestHarness<String, Observation, Alert, Alert>(
        new KeyedCoProcessOperator<>(new AttachSliceVerbatims(capacity)), o -> "global", a -> "global", Types.STRING);
    harness.open();
    long end = START + HOUR;
    List<Observation> all = new ArrayList<>();
    for (int i = 0; i < 180; i++) {
      all.add(candidate(i, START + i * 60_000L + 500));
    }
    boolean alertSent = false;
    for (Observation o : all) {
      if (!alertSent && o.occurredAt >= end + aheadMinutes * 60_000L) {
        harness.processElement2(new StreamRecord<>(sliceAlert(end), end - 1));
        alertSent = true;
      }
      harness.processElement1(new StreamRecord<>(o, o.occurredAt));
    }
    // The candidates' own path is far ahead; the alerts' path holds the watermark back until now.
    return quotesOfTheOneAlert(harness);
  }

  /** Moves the watermark past everything fed and returns the quotes of the one alert released. */
  private static List<String> quotesOfTheOneAlert(
      KeyedTwoInputStreamOperatorTestHarness<String, Observation, Alert, Alert> harness) throws Exception {
    harness.processBothWatermarks(new org.apache.flink.streaming.api.watermark.Watermark(START + 3 * HOUR));
    List<Alert> out = harness.extractOutputValues();
    harness.close();
    assertThat(out).singleElement();
    return out.get(0).getExamples().stream().map(Verbatim::getInteractionId).toList();
  }

  @Test
  void anAlertQuotesItsSpanHoweverFarTheCandidatesRanAhead() throws Exception {
    // A ring of 60 holds exactly one hour of candidates: filled as they came, the next hours' would have
    // pushed the alert's hour out of it before the alert was released.
    List<String> atOnce = quoted(0, 60);
    assertThat(atOnce).as("verbatims of the alert's hour").isNotEmpty();
    assertThat(quoted(30, 60)).as("after half an hour of later candidates").isEqualTo(atOnce);
    assertThat(quoted(119, 60)).as("after two hours of later candidates").isEqualTo(atOnce);
  }

  /** Holds candidates as the version before {@link WatermarkQueue} did: one list per second. */
  private static final class HeldAsBefore extends KeyedCoProcessFunction<String, Observation, Alert, Alert> {
    private transient WatermarkHold<Observation> arriving;

    @Override
    public void open(OpenContext context) {
      arriving = new WatermarkHold<>(getRuntimeContext().getMapState(new MapStateDescriptor<>(
          AttachSliceVerbatims.LEGACY_ARRIVING, Types.LONG, new ListTypeInfo<>(TypeInformation.of(Observation.class)))));
    }

    @Override
    public void processElement1(Observation candidate, Context context, Collector<Alert> out) throws Exception {
      assertThat(arriving.hold(AttachSliceVerbatims.entersAt(candidate.occurredAt), SliceVerbatims.keep(candidate),
          context.timerService())).isTrue();
    }

    @Override
    public void processElement2(Alert alert, Context context, Collector<Alert> out) {}
  }

  private static KeyedTwoInputStreamOperatorTestHarness<String, Observation, Alert, Alert> harness(
      KeyedCoProcessFunction<String, Observation, Alert, Alert> function) throws Exception {
    return new KeyedTwoInputStreamOperatorTestHarness<>(new KeyedCoProcessOperator<>(function), o -> "global",
        a -> "global", Types.STRING);
  }

  /** The alert's quotes when the hour's candidates are held by {@code holder} and the alert is judged after a restore. */
  private static List<String> quotedAfterRestore(KeyedCoProcessFunction<String, Observation, Alert, Alert> holder)
      throws Exception {
    var before = harness(holder);
    before.open();
    for (int i = 0; i < 60; i++) {
      Observation o = candidate(i, START + i * 60_000L + 500);
      before.processElement1(new StreamRecord<>(o, o.occurredAt));
    }
    OperatorSubtaskState savepoint = before.snapshot(1, 1);
    before.close();
    var after = harness(new AttachSliceVerbatims(60));
    after.initializeState(savepoint);
    after.open();
    after.processElement2(new StreamRecord<>(sliceAlert(START + HOUR), START + HOUR - 1));
    return quotesOfTheOneAlert(after);
  }

  @Test
  void candidatesHeldByThePreviousLayoutAreNotLostInAnUpgrade() throws Exception {
    List<String> sameVersion = quotedAfterRestore(new AttachSliceVerbatims(60));
    assertThat(sameVersion).as("quotes of candidates held across a restore").isNotEmpty();
    assertThat(quotedAfterRestore(new HeldAsBefore())).as("held as one list per second before the upgrade")
        .isEqualTo(sameVersion);
  }

  @Test
  void alertsReleasedTogetherEachQuoteTheirOwnSlice() throws Exception {
    var harness = harness(new AttachSliceVerbatims(60));
    harness.open();
    for (int i = 0; i < 40; i++) {
      Observation o = candidate(i, START + i * 60_000L + 500);
      if (i % 2 == 1) {
        o.sliceKeys = new String[] {"channel=CALL", "touchpoint=delivery"};
      }
      harness.processElement1(new StreamRecord<>(o, o.occurredAt));
    }
    String other = "channel=CALL|touchpoint=delivery";
    harness.processElement2(new StreamRecord<>(sliceAlert(START + HOUR), START + HOUR - 1));
    harness.processElement2(new StreamRecord<>(sliceAlert(START + HOUR, other), START + HOUR - 1));
    harness.processBothWatermarks(new org.apache.flink.streaming.api.watermark.Watermark(START + 3 * HOUR));
    List<Alert> out = harness.extractOutputValues();
    harness.close();
    assertThat(out).hasSize(2);
    for (Alert alert : out) {
      int parity = alert.getSeriesKey().equals(SLICE) ? 0 : 1;
      assertThat(alert.getExamples()).as(alert.getSeriesKey()).isNotEmpty().allSatisfy(v ->
          assertThat(Integer.parseInt(v.getInteractionId().substring(1)) % 2).isEqualTo(parity));
    }
  }
}
