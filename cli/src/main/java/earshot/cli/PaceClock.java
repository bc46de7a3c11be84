package earshot.cli;

/**
 * The clocks and the sleep that pacing and progress reports use; tests give a fake one so that
 * the pacing logic runs without waiting for real.
 */
interface PaceClock {

  /** Wall-clock time in epoch milliseconds, compared with the records' event times. */
  long wallMillis();

  /** A monotonic clock for rates and intervals. */
  long nanoTime();

  /** Waits for about this long. */
  void sleepNanos(long nanos) throws InterruptedException;

  static PaceClock system() {
    return new PaceClock() {
      @Override
      public long wallMillis() {
        return System.currentTimeMillis();
      }

      @Override
      public long nanoTime() {
        return System.nanoTime();
      }

      @Override
      public void sleepNanos(long nanos) throws InterruptedException {
        if (nanos > 0) {
          Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        }
      }
    };
  }
}
