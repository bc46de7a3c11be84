package earshot.connectors.elasticsearch;

import java.io.Serializable;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with jitter: attempt {@code n} (1-based) waits a random time between half
 * and all of {@code min(max, initial * 2^(n-1))}. The random half keeps many writers that failed
 * together from retrying in lockstep; the fixed half keeps the delay from collapsing to zero.
 */
record Backoff(Duration initial, Duration max) implements Serializable {

  Backoff {
    if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException("backoff needs 0 < initial <= max, got " + initial + " and " + max);
    }
  }

  /** The upper bound of the delay before retry number {@code attempt}, without jitter. */
  long ceilingMillis(int attempt) {
    if (attempt < 1) {
      throw new IllegalArgumentException("attempts count from 1");
    }
    long cap = max.toMillis();
    long delay = Math.max(1, initial.toMillis());
    for (int i = 1; i < attempt && delay < cap; i++) {
      delay = Math.min(cap, delay * 2);
    }
    return Math.min(cap, delay);
  }

  /** The delay before retry number {@code attempt}. */
  long delayMillis(int attempt, RandomGenerator random) {
    long ceiling = ceilingMillis(attempt);
    long half = ceiling / 2;
    return half + random.nextLong(ceiling - half + 1);
  }
}
