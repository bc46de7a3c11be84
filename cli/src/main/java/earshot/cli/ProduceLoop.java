package earshot.cli;

import earshot.jobs.enrich.InteractionValidator;
import earshot.schemas.Interaction;
import earshot.schemas.JsonCodec;
import earshot.schemas.RecordFormatException;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;

/**
 * The work of {@code ./earshot produce} without Kafka: reads JSON lines, decodes and validates each
 * one as the enrich job does (JSON codec, then the enrich job's validator), hands the valid ones to
 * a sink in file order, paced by a {@link Pacer}, and reports the rejected ones with their line
 * numbers (the first {@value #DETAILED} in detail, then a count), progress every few seconds and a
 * summary at the end. Blank lines are skipped.
 */
final class ProduceLoop {

  /** Rejected lines reported one by one; beyond them only counted. */
  static final int DETAILED = 20;
  /** Longest line accepted; a longer one is rejected (and not held in memory). */
  static final int MAX_LINE_BYTES = 1 << 20;

  /** Where valid interactions go. */
  interface Sink {
    void send(Interaction interaction) throws SendException;

    /** Returns when everything sent so far is acknowledged. */
    void flush() throws SendException;
  }

  /** A record could not be written: the run stops. */
  static final class SendException extends Exception {
    private static final long serialVersionUID = 1L;

    SendException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** What a run did. {@code failure} is null unless sending failed and the run stopped. */
  record Totals(long read, long sent, long rejected, double seconds, String failure) {

    /** 0: every line sent; 1: sending failed; 3: all valid lines sent, some lines rejected. */
    int exitCode() {
      return failure != null ? 1 : rejected > 0 ? 3 : 0;
    }

    String summary() {
      return String.format("read %,d lines, sent %,d, rejected %,d in %.1f s (%s records/s)%s", read, sent,
          rejected, seconds, perSecond(seconds > 0 ? sent / seconds : 0.0),
          failure == null ? "" : "; stopped: sending failed");
    }
  }

  /** A rate for people: whole numbers, with a decimal below 10 (a live run may send one every few seconds). */
  static String perSecond(double rate) {
    return String.format(rate < 10 ? "%.1f" : "%,.0f", rate);
  }

  private final InteractionValidator validator;
  private final boolean live;
  private final double ratePerSecond;
  private final PaceClock clock;
  private final PrintStream err;
  private final long progressEveryNanos;

  ProduceLoop(InteractionValidator validator, boolean live, double ratePerSecond, PaceClock clock, PrintStream err,
      long progressEveryNanos) {
    this.validator = validator;
    this.live = live;
    this.ratePerSecond = ratePerSecond;
    this.clock = clock;
    this.err = err;
    this.progressEveryNanos = progressEveryNanos;
  }

  /**
   * One line as an interaction, or a {@link RecordFormatException} with the reason. Live, a record
   * goes when its time comes, so it is checked for "in the future" against that time.
   */
  static Interaction decode(String line, InteractionValidator validator, long nowMillis, boolean live) {
    Interaction interaction = JsonCodec.fromJson(line, Interaction.class);
    long checkedAt = live && interaction.getOccurredAt() != null
        ? Math.max(nowMillis, interaction.getOccurredAt().toEpochMilli()) : nowMillis;
    validator.validate(interaction, checkedAt);
    return interaction;
  }

  Totals run(LineReader lines, Sink sink) throws IOException, InterruptedException {
    long start = clock.nanoTime();
    Progress progress = new Progress(start);
    Pacer pacer = new Pacer(clock, live, ratePerSecond, progress::maybeReport);
    long lineNumber = 0;
    long read = 0;
    long rejected = 0;
    String line;
    try {
      while ((line = lines.readLine()) != null) {
        lineNumber++;
        if (line.isBlank()) {
          continue;
        }
        read++;
        Interaction interaction;
        try {
          if (lines.truncated()) {
            throw new RecordFormatException("line is longer than " + MAX_LINE_BYTES + " bytes");
          }
          interaction = decode(line, validator, clock.wallMillis(), live);
        } catch (RecordFormatException e) {
          if (++rejected <= DETAILED) {
            err.println("earshot produce: line " + lineNumber + " rejected: " + e.getMessage());
          }
          continue;
        }
        progress.next = interaction.getOccurredAt();
        pacer.await(interaction.getOccurredAt());
        sink.send(interaction);
        progress.sent++;
        progress.maybeReport();
      }
      sink.flush();
    } catch (SendException e) {
      err.println("earshot produce: " + e.getMessage() + " (at line " + lineNumber + "; stopped there. Sending the "
          + "file again is safe: the enrich job drops an interaction id it has seen)");
      return finish(read, progress.sent, rejected, start, e.getMessage());
    }
    return finish(read, progress.sent, rejected, start, null);
  }

  private Totals finish(long read, long sent, long rejected, long start, String failure) {
    if (rejected > DETAILED) {
      err.printf("earshot produce: ... and %,d more rejected lines (%,d in all)%n", rejected - DETAILED, rejected);
    }
    return new Totals(read, sent, rejected, (clock.nanoTime() - start) / 1e9, failure);
  }

  /** Prints how far the run is every few seconds, whether records flow or wait for their time. */
  private final class Progress {
    long sent;
    Instant next;
    private long lastNanos;
    private long lastSent;

    Progress(long start) {
      this.lastNanos = start;
    }

    void maybeReport() {
      long now = clock.nanoTime();
      if (now - lastNanos < progressEveryNanos) {
        return;
      }
      double seconds = (now - lastNanos) / 1e9;
      boolean waiting = live && next != null && next.toEpochMilli() > clock.wallMillis();
      err.printf("  %,d sent (%s/s), %s %s%n", sent, perSecond((sent - lastSent) / seconds),
          waiting ? "waiting for the next record's time" : "at", next);
      lastNanos = now;
      lastSent = sent;
    }
  }
}
