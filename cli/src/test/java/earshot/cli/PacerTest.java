package earshot.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When records may go, on a fake clock: live (event time), capped rate, and both. */
class PacerTest {

  private static final Instant NOW = Instant.parse("2026-11-02T10:00:00Z");

  @Test
  void withoutLiveOrRateNothingWaits() throws Exception {
    FakePaceClock clock = new FakePaceClock(NOW.toEpochMilli());
    Pacer pacer = new Pacer(clock, false, 0, () -> { });
    for (int i = 0; i < 1000; i++) {
      pacer.await(NOW.plusSeconds(3600));
    }
    assertThat(clock.sleeps).isEmpty();
  }

  @Test
  void liveWaitsUntilTheWallClockReachesEachRecordAndSendsThePastAtOnce() throws Exception {
    FakePaceClock clock = new FakePaceClock(NOW.toEpochMilli());
    int[] waits = {0};
    Pacer pacer = new Pacer(clock, true, 0, () -> waits[0]++);
    List<Long> sentAt = new ArrayList<>();
    for (Instant occurredAt : List.of(NOW.minusSeconds(7200), NOW.minusSeconds(1), NOW, NOW.plusMillis(250),
        NOW.plusSeconds(5), NOW.plusSeconds(2), NOW.plusSeconds(5))) {
      pacer.await(occurredAt);
      sentAt.add(clock.wallMillis - NOW.toEpochMilli());
    }
    // the past goes at once; a record earlier than the one before it (file order) too
    assertThat(sentAt).containsExactly(0L, 0L, 0L, 250L, 5000L, 5000L, 5000L);
    // five seconds of waiting come in pieces of at most a second, each followed by the callback
    assertThat(clock.sleeps).allMatch(sleep -> sleep <= 1_000_000_000L);
    assertThat(waits[0]).isEqualTo(clock.sleeps.size()).isGreaterThanOrEqualTo(5);
  }

  @Test
  void rateSpacesRecordsOneIntervalApart() throws Exception {
    FakePaceClock clock = new FakePaceClock(NOW.toEpochMilli());
    Pacer pacer = new Pacer(clock, false, 4, () -> { });
    List<Long> sentAtMillis = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      pacer.await(NOW);
      sentAtMillis.add(clock.nanos / 1_000_000);
    }
    assertThat(sentAtMillis).containsExactly(0L, 250L, 500L, 750L, 1000L, 1250L, 1500L, 1750L, 2000L);
  }

  @Test
  void aHighRateSleepsInBatchesButNeverExceedsTheRatePlusTheSlack() throws Exception {
    FakePaceClock clock = new FakePaceClock(NOW.toEpochMilli());
    double rate = 50_000;
    Pacer pacer = new Pacer(clock, false, rate, () -> { });
    List<Long> sentAt = new ArrayList<>();
    for (int i = 0; i < 100_000; i++) {
      pacer.await(NOW);
      sentAt.add(clock.nanos);
      clock.advanceNanos(1_000); // sending itself takes a microsecond
    }
    assertThat(clock.nanos / 1e9).isBetween(1.99, 2.01);
    assertThat(clock.sleeps.size()).isLessThan(2_000);
    // in any one-second window starting at a send: at most the rate plus what the slack allows
    long slackRecords = (long) Math.ceil(rate * Pacer.SLACK_NANOS / 1e9) + 1;
    for (int i = 0, j = 0; i < sentAt.size(); i++) {
      while (j < sentAt.size() && sentAt.get(j) < sentAt.get(i) + 1_000_000_000L) {
        j++;
      }
      assertThat(j - i).isLessThanOrEqualTo((int) (rate + slackRecords));
    }
  }

  @Test
  void timeSpentWaitingForALiveRecordIsNotSpentAsABurstAfterwards() throws Exception {
    FakePaceClock clock = new FakePaceClock(NOW.toEpochMilli());
    Pacer pacer = new Pacer(clock, true, 2, () -> { });
    pacer.await(NOW);
    pacer.await(NOW.plusSeconds(10));
    long afterWait = clock.nanos;
    pacer.await(NOW.plusSeconds(10));
    pacer.await(NOW.plusSeconds(10));
    assertThat(clock.nanos - afterWait).isEqualTo(1_000_000_000L);
  }

  @Test
  void aNegativeRateIsRefused() {
    assertThatThrownBy(() -> new Pacer(new FakePaceClock(0), false, -1, () -> { }))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
