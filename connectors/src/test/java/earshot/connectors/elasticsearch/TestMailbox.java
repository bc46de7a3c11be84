package earshot.connectors.elasticsearch;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.flink.api.common.operators.MailboxExecutor;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.util.FlinkRuntimeException;
import org.apache.flink.util.function.ThrowingRunnable;

/**
 * A task mailbox for unit tests: mails and timer callbacks are queued and run only in the thread
 * that calls {@link #yield} (the test thread, standing for Flink's task thread), exactly as the
 * writer expects. Waiting for a mail gives up after a minute so a bug cannot hang the build.
 */
final class TestMailbox implements MailboxExecutor, ProcessingTimeService, AutoCloseable {

  private static final Duration PATIENCE = Duration.ofMinutes(1);

  private final BlockingQueue<ThrowingRunnable<? extends Exception>> mails = new LinkedBlockingQueue<>();
  private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();

  @Override
  public void execute(MailOptions options, ThrowingRunnable<? extends Exception> command, String descriptionFormat,
      Object... descriptionArgs) {
    mails.add(command);
  }

  @Override
  public void yield() throws InterruptedException {
    ThrowingRunnable<? extends Exception> mail = mails.poll(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
    if (mail == null) {
      throw new IllegalStateException("no mail arrived within " + PATIENCE);
    }
    run(mail);
  }

  @Override
  public boolean tryYield() {
    ThrowingRunnable<? extends Exception> mail = mails.poll();
    if (mail == null) {
      return false;
    }
    run(mail);
    return true;
  }

  @Override
  public boolean shouldInterrupt() {
    return false;
  }

  /** Runs mails until the condition holds. */
  void runUntil(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("condition not reached within " + PATIENCE);
      }
      ThrowingRunnable<? extends Exception> mail = mails.poll(20, TimeUnit.MILLISECONDS);
      if (mail != null) {
        run(mail);
      }
    }
  }

  @Override
  public long getCurrentProcessingTime() {
    return System.currentTimeMillis();
  }

  @Override
  public ScheduledFuture<?> registerTimer(long timestamp, ProcessingTimeCallback callback) {
    long delay = Math.max(0, timestamp - getCurrentProcessingTime());
    return timers.schedule(() -> mails.add(() -> callback.onProcessingTime(timestamp)), delay, TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    timers.shutdownNow();
  }

  private static void run(ThrowingRunnable<? extends Exception> mail) {
    try {
      mail.run();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new FlinkRuntimeException(e);
    }
  }
}
