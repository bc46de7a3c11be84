package earshot.cli;

import java.time.Instant;

/**
 * Decides when the next record may go. Live: not before the wall clock reaches the record's event
 * time (a record already in the past goes at once). With a rate: records follow a schedule one
 * interval apart, so that no more than the rate go per second (give or take a couple of
 * milliseconds' worth, so that high rates do not sleep for every record); time spent waiting
 * for a live record earns no credit, which would otherwise be spent in a burst afterwards.
 * Long waits are cut into pieces of at most a second, after each of which {@code whileWaiting}
 * runs (for progress reports).
 */
final class Pacer {

  /** How far ahead of the schedule the sender may be before it sleeps. */
  static final long SLACK_NANOS = 2_000_000;
  private static final long MAX_SLEEP_NANOS = 1_000_000_000;

  private final PaceClock clock;
  private final boolean live;
  private final long intervalNanos;
  private final Runnable whileWaiting;
  private boolean started;
  private long nextNanos;

  /**
   * @param live wait for each record's event time
   * @param ratePerSecond at most this many records per second; 0 for no limit
   */
  Pacer(PaceClock clock, boolean live, double ratePerSecond, Runnable whileWaiting) {
    if (ratePerSecond < 0 || Double.isNaN(ratePerSecond)) {
      throw new IllegalArgumentException("rate must be 0 (no limit) or positive, got " + ratePerSecond);
    }
    this.clock = clock;
    this.live = live;
    this.intervalNanos = ratePerSecond == 0 ? 0 : Math.max(1, Math.round(1e9 / ratePerSecond));
    this.whileWaiting = whileWaiting;
  }

  /** Returns when the record that happened at {@code occurredAt} may be sent. */
  void await(Instant occurredAt) throws InterruptedException {
    if (live) {
      long due = occurredAt.toEpochMilli();
      for (long wait = due - clock.wallMillis(); wait > 0; wait = due - clock.wallMillis()) {
        clock.sleepNanos(Math.min(wait * 1_000_000, MAX_SLEEP_NANOS));
        whileWaiting.run();
      }
    }
    if (intervalNanos > 0) {
      long now = clock.nanoTime();
      if (!started) {
        started = true;
        nextNanos = now;
      }
      while (nextNanos - now > SLACK_NANOS) {
        clock.sleepNanos(Math.min(nextNanos - now, MAX_SLEEP_NANOS));
        now = clock.nanoTime();
        if (nextNanos - now > SLACK_NANOS) {
          whileWaiting.run();
        }
      }
      nextNanos = Math.max(nextNanos, now) + intervalNanos;
    }
  }
}
