package earshot.jobs.churn;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The hand-written date texts match the formatters they replaced, byte for byte. */
class DescribeTest {

  @Test
  void timeMatchesTheFormatter() {
    SplittableRandom random = new SplittableRandom(15);
    for (int i = 0; i < 200_000; i++) {
      // Years about -300 to 12000: inside and outside the hand-written range, minutes and seconds included.
      long millis = random.nextLong(-72_000_000_000_000L, 316_000_000_000_000L);
      assertThat(Describe.time(millis)).isEqualTo(Describe.TIME.format(Instant.ofEpochMilli(millis)));
    }
    for (long millis : new long[] {0, -1, 59_999, 60_000, -60_000, -60_001, 86_399_999, 86_400_000,
        Instant.parse("0001-01-01T00:00:00Z").toEpochMilli(), Instant.parse("0000-12-31T23:59:59Z").toEpochMilli(),
        Instant.parse("9999-12-31T23:59:59.999Z").toEpochMilli(), Instant.parse("+10000-01-01T00:00:00Z").toEpochMilli(),
        Long.MAX_VALUE, Long.MIN_VALUE}) {
      assertThat(Describe.time(millis)).isEqualTo(Describe.TIME.format(Instant.ofEpochMilli(millis)));
    }
  }

  @Test
  void dayMatchesTheFormatter() {
    SplittableRandom random = new SplittableRandom(16);
    for (int i = 0; i < 200_000; i++) {
      long millis = random.nextLong(-72_000_000_000_000L, 316_000_000_000_000L);
      assertThat(NextStep.day(millis)).isEqualTo(NextStep.DAY.format(Instant.ofEpochMilli(millis)));
    }
    for (long millis : new long[] {0, -1, 86_399_999, 86_400_000, Long.MAX_VALUE, Long.MIN_VALUE}) {
      assertThat(NextStep.day(millis)).isEqualTo(NextStep.DAY.format(Instant.ofEpochMilli(millis)));
    }
  }

  @Test
  void codesAreSortedAndFiltered() {
    RiskScore score = new RiskScore(40, java.util.List.of(
        new RiskScore.Contribution("REPEAT_CONTACT", "", 20, java.util.List.of()),
        new RiskScore.Contribution("DETRACTOR", "", 15, java.util.List.of()),
        new RiskScore.Contribution("PROMOTER", "", -5, java.util.List.of()),
        new RiskScore.Contribution("LATE_ANSWER", "", 4, java.util.List.of())));
    assertThat(score.codes(5)).containsExactly("DETRACTOR", "REPEAT_CONTACT");
  }
}
