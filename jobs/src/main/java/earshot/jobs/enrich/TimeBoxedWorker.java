package earshot.jobs.enrich;

import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs one piece of work at a time on a dedicated worker thread and waits for it at most a fixed
 * time, so that the calling thread (a Flink task thread) never waits longer than that on one record.
 *
 * <p>Each worker thread owns a private resource {@code R} (a text stage: not thread-safe) made by the
 * factory on the caller's thread, outside the time budget. When a piece of work overruns, the caller
 * gets {@link Outcome#timedOut()} at once; the worker is interrupted and <em>retired</em>: it finishes
 * (or abandons, if it reacts to the interrupt) the work it is stuck in, closes its resource and ends.
 * A fresh worker, with a fresh resource, takes the next piece of work, so a stuck worker never shares
 * its resource with anyone.
 *
 * <p>Java cannot stop a thread that ignores interruption (a regular expression that backtracks,
 * a loop that does not advance): such a worker keeps running, as a daemon thread, until its work
 * ends. Retired workers that are still alive are counted in an {@link Abandoned} registry (by
 * default one per JVM, since they all share its processors); when more than {@code maxAbandoned}
 * are alive, {@link #run} throws {@link IllegalStateException} so the job fails loudly and a
 * restart (of the TaskManager, which is the only cure for such threads) happens instead of a silent
 * leak of processors.
 *
 * <p>Not thread-safe: one caller thread per instance.
 *
 * @param <R> the worker's private resource
 */
public final class TimeBoxedWorker<R> implements AutoCloseable {

  /** What became of one piece of work: its value, or nothing because it overran the budget. */
  public record Outcome<T>(T value, boolean timedOut) {
    static <T> Outcome<T> done(T value) {
      return new Outcome<>(value, false);
    }

    static <T> Outcome<T> overran() {
      return new Outcome<>(null, true);
    }
  }

  /** Retired workers still running, shared by every {@link TimeBoxedWorker} that uses it. */
  public static final class Abandoned {
    private static final Abandoned JVM = new Abandoned();
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();

    /** The registry shared by the whole JVM. */
    public static Abandoned jvm() {
      return JVM;
    }

    /** Retired workers that are still running. */
    public int alive() {
      threads.removeIf(t -> !t.isAlive());
      return threads.size();
    }

    void add(Thread thread) {
      threads.add(thread);
    }

    void remove(Thread thread) {
      threads.remove(thread);
    }
  }

  private final String name;
  private final Supplier<R> factory;
  private final Consumer<R> closer;
  private final long maxNanos;
  private final int maxAbandoned;
  private final Abandoned abandoned;
  private Worker<R> worker;
  private int generation;
  private long timeouts;

  /**
   * @param name prefix of the worker threads' names
   * @param factory makes the resource of each new worker; called on the caller's thread (after an overrun,
   *     right away, so the last resource it made belongs to the current worker)
   * @param closer closes a worker's resource when the worker ends; called on the worker's thread
   * @param maxMillis budget of one piece of work, in milliseconds
   * @param maxAbandoned how many retired workers may still be running before {@link #run} fails
   */
  public TimeBoxedWorker(String name, Supplier<R> factory, Consumer<R> closer, long maxMillis, int maxAbandoned,
      Abandoned abandoned) {
    if (maxMillis <= 0 || maxAbandoned < 0) {
      throw new IllegalArgumentException("maxMillis must be positive and maxAbandoned not negative");
    }
    this.name = name;
    this.factory = factory;
    this.closer = closer;
    this.maxNanos = TimeUnit.MILLISECONDS.toNanos(maxMillis);
    this.maxAbandoned = maxAbandoned;
    this.abandoned = abandoned;
    this.worker = newWorker();
  }

  /**
   * Runs {@code work} on the worker's resource and waits for it at most the budget.
   *
   * @throws IllegalStateException when too many retired workers are still running
   * @throws RuntimeException what the work threw (unchecked exceptions as they are)
   * @throws InterruptedException when the calling thread is interrupted while waiting (the job is cancelled)
   */
  public <T> Outcome<T> run(Function<R, T> work) throws InterruptedException {
    if (worker == null) {
      worker = newWorker();
    }
    R resource = worker.resource;
    FutureTask<T> task = new FutureTask<>(() -> work.apply(resource));
    worker.inbox.put(task);
    try {
      return Outcome.done(task.get(maxNanos, TimeUnit.NANOSECONDS));
    } catch (TimeoutException e) {
      // cancel(true) interrupts the worker; when the work finished in the meantime, its value counts.
      if (!task.cancel(true)) {
        return Outcome.done(valueOf(task));
      }
      timeouts++;
      retire();
      int alive = abandoned.alive();
      if (alive > maxAbandoned) {
        throw new IllegalStateException(alive + " text workers abandoned after overrunning their budget are still "
            + "running (at most " + maxAbandoned + "); failing so that the TaskManager is restarted rather than "
            + "losing its processors to them");
      }
      // The replacement is made now rather than at the next call, so that the resource the factory
      // handed out last always belongs to a live, idle worker.
      worker = newWorker();
      return Outcome.overran();
    } catch (ExecutionException e) {
      throw unchecked(e);
    } catch (InterruptedException e) {
      task.cancel(true);
      retire();
      throw e;
    }
  }

  /** Pieces of work that overran the budget since this instance was made. */
  public long timeouts() {
    return timeouts;
  }

  /** Retires the current worker: it ends (closing its resource) as soon as its current work, if any, returns. */
  @Override
  public void close() {
    if (worker != null) {
      retire();
    }
  }

  private void retire() {
    Worker<R> old = worker;
    worker = null;
    old.retired = true;
    abandoned.add(old);
    old.interrupt();
  }

  private Worker<R> newWorker() {
    Worker<R> fresh = new Worker<>(name + "-" + (++generation), factory.get(), closer, abandoned);
    fresh.start();
    return fresh;
  }

  private static <T> T valueOf(FutureTask<T> task) {
    try {
      return task.get();
    } catch (ExecutionException e) {
      throw unchecked(e);
    } catch (InterruptedException | CancellationException e) {
      throw new IllegalStateException("a finished task has no value", e);
    }
  }

  private static RuntimeException unchecked(ExecutionException e) {
    Throwable cause = e.getCause();
    if (cause instanceof RuntimeException runtime) {
      return runtime;
    }
    if (cause instanceof Error error) {
      throw error;
    }
    return new IllegalStateException(cause);
  }

  /** A daemon thread that runs the tasks handed to it until it is retired. */
  private static final class Worker<R> extends Thread {
    final SynchronousQueue<FutureTask<?>> inbox = new SynchronousQueue<>();
    final R resource;
    final Consumer<R> closer;
    final Abandoned abandoned;
    volatile boolean retired;

    Worker(String name, R resource, Consumer<R> closer, Abandoned abandoned) {
      super(name);
      setDaemon(true);
      this.resource = resource;
      this.closer = closer;
      this.abandoned = abandoned;
    }

    @Override
    public void run() {
      try {
        while (!retired) {
          inbox.take().run();
        }
      } catch (InterruptedException e) {
        // retired while waiting for work
      } finally {
        try {
          closer.accept(resource);
        } finally {
          abandoned.remove(this);
        }
      }
    }
  }
}
