package earshot.jobs.enrich;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TimeBoxedWorkerTest {

  /** Each test has its own registry, so that workers of other tests do not count. */
  private final TimeBoxedWorker.Abandoned abandoned = new TimeBoxedWorker.Abandoned();
  private final AtomicInteger made = new AtomicInteger();
  private final List<Integer> closed = new ArrayList<>();
  /** Releases the uninterruptible spinners at the end of each test. */
  private final AtomicBoolean release = new AtomicBoolean();

  @AfterEach
  void releaseSpinners() throws InterruptedException {
    release.set(true);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (abandoned.alive() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
  }

  private TimeBoxedWorker<Integer> worker(long maxMillis, int maxAbandoned) {
    return new TimeBoxedWorker<>("test-worker", made::incrementAndGet, id -> {
      synchronized (closed) {
        closed.add(id);
      }
    }, maxMillis, maxAbandoned, abandoned);
  }

  /** Busy work that does not look at interrupts, like a regular expression stuck in backtracking. */
  private int spinUntilReleased(int resource) {
    long spins = 0;
    while (!release.get()) {
      spins++;
    }
    return resource + (int) (spins & 0);
  }

  @Test
  void returnsTheValueOfWorkWithinTheBudgetOnTheSameWorker() throws Exception {
    try (TimeBoxedWorker<Integer> worker = worker(5_000, 2)) {
      assertThat(worker.run(r -> r * 10)).isEqualTo(new TimeBoxedWorker.Outcome<>(10, false));
      assertThat(worker.run(r -> Thread.currentThread().getName())).extracting(TimeBoxedWorker.Outcome::value)
          .asString().startsWith("test-worker-1");
      assertThat(made).hasValue(1);
      assertThat(worker.timeouts()).isZero();
    }
  }

  @Test
  void interruptibleWorkThatOverrunsIsAbandonedAndTheNextWorkGetsAFreshResource() throws Exception {
    CountDownLatch interrupted = new CountDownLatch(1);
    try (TimeBoxedWorker<Integer> worker = worker(50, 2)) {
      long start = System.nanoTime();
      TimeBoxedWorker.Outcome<Integer> outcome = worker.run(r -> {
        try {
          Thread.sleep(60_000);
        } catch (InterruptedException e) {
          interrupted.countDown();
        }
        return r;
      });
      assertThat(outcome.timedOut()).isTrue();
      assertThat(outcome.value()).isNull();
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(30_000);
      assertThat(interrupted.await(10, TimeUnit.SECONDS)).as("the stuck worker was interrupted").isTrue();
      assertThat(worker.run(r -> r)).isEqualTo(new TimeBoxedWorker.Outcome<>(2, false));
      assertThat(worker.timeouts()).isEqualTo(1);
    }
    // The interrupted worker ended and closed its resource; closing retired the second one.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (abandoned.alive() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(abandoned.alive()).isZero();
    synchronized (closed) {
      assertThat(closed).containsExactlyInAnyOrder(1, 2);
    }
  }

  @Test
  void workThatIgnoresInterruptsKeepsItsResourceAndIsCountedUntilItEnds() throws Exception {
    try (TimeBoxedWorker<Integer> worker = worker(50, 2)) {
      assertThat(worker.run(this::spinUntilReleased).timedOut()).isTrue();
      assertThat(abandoned.alive()).isEqualTo(1);
      assertThat(worker.run(r -> r)).isEqualTo(new TimeBoxedWorker.Outcome<>(2, false));
      synchronized (closed) {
        assertThat(closed).doesNotContain(1);
      }
      release.set(true);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (abandoned.alive() > 0 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(abandoned.alive()).isZero();
      synchronized (closed) {
        assertThat(closed).containsExactly(1);
      }
    }
  }

  @Test
  void failsLoudlyWhenTooManyAbandonedWorkersAreStillRunning() throws Exception {
    try (TimeBoxedWorker<Integer> worker = worker(20, 1)) {
      assertThat(worker.run(this::spinUntilReleased).timedOut()).isTrue();
      assertThatThrownBy(() -> worker.run(this::spinUntilReleased))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("2 text workers abandoned")
          .hasMessageContaining("at most 1");
    }
  }

  @Test
  void exceptionsOfTheWorkReachTheCaller() throws Exception {
    try (TimeBoxedWorker<Integer> worker = worker(5_000, 1)) {
      assertThatThrownBy(() -> worker.run(r -> {
        throw new IllegalArgumentException("bad input");
      })).isInstanceOf(IllegalArgumentException.class).hasMessage("bad input");
      assertThat(worker.run(r -> r)).isEqualTo(new TimeBoxedWorker.Outcome<>(1, false));
    }
  }
}
