package earshot.cli;

import java.util.ArrayList;
import java.util.List;

/** A clock for tests: time moves only when someone sleeps, and every sleep is recorded. */
final class FakePaceClock implements PaceClock {

  long wallMillis;
  long nanos;
  final List<Long> sleeps = new ArrayList<>();

  FakePaceClock(long wallMillis) {
    this.wallMillis = wallMillis;
  }

  @Override
  public long wallMillis() {
    return wallMillis;
  }

  @Override
  public long nanoTime() {
    return nanos;
  }

  @Override
  public void sleepNanos(long sleep) {
    sleeps.add(sleep);
    advanceNanos(sleep);
  }

  void advanceNanos(long delta) {
    nanos += delta;
    // the wall clock follows, to the millisecond, as a real one would
    wallMillis = wallMillis + (nanos / 1_000_000 - (nanos - delta) / 1_000_000);
  }
}
