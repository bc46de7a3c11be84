package earshot.jobs.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.util.clock.ManualClock;
import org.junit.jupiter.api.Test;

class PartitionWatermarksTest {

  private static final Duration OUT_OF_ORDERNESS = Duration.ofSeconds(2);
  private static final Duration IDLENESS = Duration.ofSeconds(10);
  private static final Duration HOLD = Duration.ofSeconds(3);
  private static final Duration PERIOD = Duration.ofMillis(200);

  private final ManualClock clock = new ManualClock();
  private final Recorder output = new Recorder();
  private final PartitionWatermarks<String> partition = new PartitionWatermarks<>(OUT_OF_ORDERNESS, IDLENESS, HOLD, clock);

  @Test
  void followsTheLatestTimeLessTheOutOfOrdernessLikeFlinksBoundedStrategy() {
    partition.onEvent("a", 10_000, output);
    partition.onEvent("b", 8_000, output);
    emit();
    assertThat(output.last()).isEqualTo("watermark 7999");
    partition.onEvent("c", 15_000, output);
    emit();
    assertThat(output.last()).isEqualTo("watermark 12999");
  }

  @Test
  void aQuietPartitionGoesIdleAfterTheIdlenessTime() {
    partition.onEvent("a", 10_000, output);
    emit();
    wait(IDLENESS.minus(PERIOD));
    assertThat(output.last()).isEqualTo("watermark 7999");
    wait(PERIOD.multipliedBy(2));
    assertThat(output.last()).isEqualTo("idle");
  }

  @Test
  void aPartitionBackFromIdleHoldsItsOldWatermarkForTheHoldThenMovesOn() {
    partition.onEvent("a", 10_000, output);
    emit();
    wait(IDLENESS.plus(PERIOD));
    assertThat(output.last()).isEqualTo("idle");

    // A backlog comes back: ten minutes of records at once.
    for (long time = 10_000; time <= 610_000; time += 1_000) {
      partition.onEvent("backlog", time, output);
    }
    emit();
    assertThat(output.last()).as("active again, at the time it had reached").isEqualTo("watermark 7999");
    wait(HOLD.minus(PERIOD.multipliedBy(2)));
    assertThat(output.emitted).as("nothing beyond the old watermark during the hold")
        .filteredOn(line -> line.startsWith("watermark")).allMatch(line -> line.equals("watermark 7999"));
    wait(PERIOD.multipliedBy(2));
    assertThat(output.last()).isEqualTo("watermark 607999");
  }

  @Test
  void aPartitionThatNeverHadDataHoldsTheOthersBackFromTheStartOfItsHold() {
    wait(IDLENESS.plus(PERIOD));
    assertThat(output.last()).isEqualTo("idle");
    partition.onEvent("first", 50_000, output);
    emit();
    assertThat(output.last()).isEqualTo("watermark " + Long.MIN_VALUE);
    wait(HOLD);
    assertThat(output.last()).isEqualTo("watermark 47999");
  }

  @Test
  void withoutAHoldAPartitionMovesOnAtOnceWhenItComesBack() {
    PartitionWatermarks<String> unheld = new PartitionWatermarks<>(OUT_OF_ORDERNESS, IDLENESS, Duration.ZERO, clock);
    unheld.onEvent("a", 10_000, output);
    unheld.onPeriodicEmit(output);
    clock.advanceTime(IDLENESS.plus(PERIOD));
    unheld.onPeriodicEmit(output);
    assertThat(output.last()).isEqualTo("idle");
    unheld.onEvent("b", 70_000, output);
    unheld.onPeriodicEmit(output);
    assertThat(output.last()).isEqualTo("watermark 67999");
  }

  @Test
  void theWatermarkNeverGoesBack() {
    partition.onEvent("a", 100_000, output);
    emit();
    partition.onEvent("old", 5_000, output);
    emit();
    assertThat(output.emitted).containsOnly("watermark 97999");
  }

  private void emit() {
    partition.onPeriodicEmit(output);
  }

  /** Lets time pass with a periodic emission every 200 ms, as Flink calls it. */
  private void wait(Duration duration) {
    for (long waited = 0; waited < duration.toMillis(); waited += PERIOD.toMillis()) {
      clock.advanceTime(PERIOD);
      emit();
    }
  }

  private static final class Recorder implements WatermarkOutput {
    final List<String> emitted = new ArrayList<>();

    @Override
    public void emitWatermark(Watermark watermark) {
      emitted.add("watermark " + watermark.getTimestamp());
    }

    @Override
    public void markIdle() {
      emitted.add("idle");
    }

    @Override
    public void markActive() {
      emitted.add("active");
    }

    String last() {
      return emitted.get(emitted.size() - 1);
    }
  }
}
