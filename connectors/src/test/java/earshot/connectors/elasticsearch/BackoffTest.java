package earshot.connectors.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class BackoffTest {

  private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(30));

  @Test
  void doublesFromTheInitialDelayUpToTheMaximum() {
    assertThat(backoff.ceilingMillis(1)).isEqualTo(100);
    assertThat(backoff.ceilingMillis(2)).isEqualTo(200);
    assertThat(backoff.ceilingMillis(3)).isEqualTo(400);
    assertThat(backoff.ceilingMillis(9)).isEqualTo(25_600);
    assertThat(backoff.ceilingMillis(10)).isEqualTo(30_000);
    assertThat(backoff.ceilingMillis(Integer.MAX_VALUE)).isEqualTo(30_000);
  }

  @Test
  void jitterKeepsEachDelayBetweenHalfAndAllOfTheCeiling() {
    RandomGenerator random = new SplittableRandom(42);
    for (int attempt = 1; attempt <= 20; attempt++) {
      long ceiling = backoff.ceilingMillis(attempt);
      long low = Long.MAX_VALUE;
      long high = 0;
      for (int i = 0; i < 2000; i++) {
        long delay = backoff.delayMillis(attempt, random);
        assertThat(delay).isBetween(ceiling / 2, ceiling);
        low = Math.min(low, delay);
        high = Math.max(high, delay);
      }
      // Delays really spread over the range instead of all landing on one value.
      assertThat(high - low).isGreaterThan(ceiling / 4);
    }
  }

  @Test
  void refusesNonsense() {
    assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> backoff.ceilingMillis(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
