package earshot.jobs.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import earshot.schemas.Channel;
import earshot.schemas.EnrichedInteraction;
import earshot.schemas.Interaction;
import earshot.schemas.TextAnalysis;
import earshot.schemas.TextStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The ordering step: held until the watermark passes, released sorted, late ones at once, state restored. */
class ReleaseInEventTimeOrderHarnessTest {

  private static final long T0 = Instant.parse("2026-11-02T00:00:00Z").toEpochMilli();

  private static KeyedOneInputStreamOperatorTestHarness<Integer, EnrichedInteraction, EnrichedInteraction> harness()
      throws Exception {
    return new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new ReleaseInEventTimeOrder(Duration.ofSeconds(30))),
        e -> 0, Types.INT);
  }

  private static EnrichedInteraction at(String id, long offsetMillis) {
    long time = T0 + offsetMillis;
    return EnrichedInteraction.newBuilder()
        .setInteraction(Interaction.newBuilder().setInteractionId(id).setChannel(Channel.CHAT)
            .setOccurredAt(Instant.ofEpochMilli(time)).build())
        .setAnalysis(TextAnalysis.newBuilder().setStatus(TextStatus.NO_TEXT).build())
        .setEnrichedAt(Instant.ofEpochMilli(time))
        .build();
  }

  private static void send(KeyedOneInputStreamOperatorTestHarness<Integer, EnrichedInteraction, EnrichedInteraction> h,
      EnrichedInteraction e) throws Exception {
    h.processElement(new StreamRecord<>(e, e.getInteraction().getOccurredAt().toEpochMilli()));
  }

  private static List<String> ids(List<EnrichedInteraction> records) {
    return records.stream().map(e -> e.getInteraction().getInteractionId()).toList();
  }

  @Test
  void recordsAreHeldUntilTheWatermarkPassesThemAndReleasedInTimeOrder() throws Exception {
    try (var h = harness()) {
      h.open();
      // Two input partitions hours apart, interleaved as a catching-up reader delivers them.
      send(h, at("b-5h", 5 * 3_600_000L));
      send(h, at("a-1h", 3_600_000L));
      send(h, at("b-6h", 6 * 3_600_000L));
      send(h, at("a-2h", 2 * 3_600_000L));
      send(h, at("a-2h-bis", 2 * 3_600_000L));
      assertThat(h.extractOutputValues()).as("nothing before the watermark").isEmpty();

      h.processWatermark(T0 + 2 * 3_600_000L);
      assertThat(ids(h.extractOutputValues())).containsExactly("a-1h", "a-2h", "a-2h-bis");

      h.processWatermark(Long.MAX_VALUE);
      assertThat(ids(h.extractOutputValues())).containsExactly("a-1h", "a-2h", "a-2h-bis", "b-5h", "b-6h");
    }
  }

  @Test
  void aRecordAlreadyBehindTheWatermarkGoesOutAtOnce() throws Exception {
    try (var h = harness()) {
      h.open();
      h.processWatermark(T0 + 3_600_000L);
      send(h, at("behind", 60_000L));
      send(h, at("ahead", 2 * 3_600_000L));
      assertThat(ids(h.extractOutputValues())).containsExactly("behind");
    }
  }

  @Test
  void heldRecordsSurviveARestoreFromACheckpoint() throws Exception {
    OperatorSubtaskState snapshot;
    try (var h = harness()) {
      h.open();
      send(h, at("second", 2_000L));
      send(h, at("first", 1_000L));
      snapshot = h.snapshot(1L, 1L);
    }
    try (var restored = harness()) {
      restored.initializeState(snapshot);
      restored.open();
      restored.processWatermark(Long.MAX_VALUE);
      assertThat(ids(restored.extractOutputValues())).containsExactly("first", "second");
    }
  }

  @Test
  void whenTheWatermarkStandsStillHeldRecordsAreReleasedInOrderAndOlderOnesAfterThemAreBehind() throws Exception {
    try (var h = harness()) {
      h.open();
      h.setProcessingTime(0);
      h.processWatermark(T0);
      send(h, at("b", 20_000L));
      send(h, at("a", 10_000L));
      h.setProcessingTime(29_000);
      assertThat(h.extractOutputValues()).as("not quiet long enough").isEmpty();
      h.setProcessingTime(30_000);
      assertThat(ids(h.extractOutputValues())).containsExactly("a", "b");

      send(h, at("older", 15_000L));
      send(h, at("newer", 25_000L));
      assertThat(ids(h.extractOutputValues())).as("older than what was released: out at once")
          .containsExactly("a", "b", "older");
      h.processWatermark(T0 + 25_000L);
      assertThat(ids(h.extractOutputValues())).containsExactly("a", "b", "older", "newer");
    }
  }

  @Test
  void aMovingWatermarkKeepsRecordsHeldPastTheQuietPeriod() throws Exception {
    try (var h = harness()) {
      h.open();
      h.setProcessingTime(0);
      h.processWatermark(T0);
      send(h, at("far-ahead", 3_600_000L));
      h.processWatermark(T0 + 1_000L);
      h.setProcessingTime(30_000);
      assertThat(h.extractOutputValues()).as("the watermark moved: the stream is not quiet").isEmpty();
      h.setProcessingTime(60_000);
      assertThat(ids(h.extractOutputValues())).containsExactly("far-ahead");
    }
  }
}
