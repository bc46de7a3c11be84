package earshot.jobs.metrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Observations counted per series and span before they reach the windows, so that a window reads and
 * writes its state once per series and hand-over rather than once per observation: on a state backend that
 * keeps state serialised (RocksDB) every access to a window reads and writes its whole totals.
 *
 * <p>The span is the greatest common divisor of the window lengths (windows are aligned to the epoch), so
 * each span lies in exactly one window of every length. A span is handed over once the watermark reaches
 * its end, before the watermark is passed on, so its windows receive it before they fire: on time, the
 * windows' results are those of counting the observations one by one. An observation whose span has ended
 * already (late) is handed over alone at once, so a late record revises its window as it would without
 * the counting. Everything is handed over when {@code maxObservations} are held, and whenever the caller
 * must hold nothing (a checkpoint, the end of the input). Plain Java; the caller hands the parts on.
 */
public final class PartialWindows {

  private final long spanMillis;
  private final int maxObservations;
  private final WindowFold fold;
  /** Held parts by series and span start, in the order they were opened. */
  private final Map<Key, PartialWindow> held = new LinkedHashMap<>();
  private int observations;
  /** The earliest last millisecond of a held span: a watermark before it hands nothing over. */
  private long earliestEnd = Long.MAX_VALUE;

  private record Key(String seriesKey, long start) {}

  /**
   * @param windows the window lengths the parts feed
   * @param maxObservations observations held before everything is handed over; 0 hands each over alone
   * @param fold counts observations into a part: its caps must be at least every window's
   */
  public PartialWindows(List<Duration> windows, int maxObservations, WindowFold fold) {
    if (windows.isEmpty() || maxObservations < 0) {
      throw new IllegalArgumentException("need window lengths and a non-negative limit");
    }
    long span = 0;
    for (Duration window : windows) {
      span = gcd(span, window.toMillis());
    }
    this.spanMillis = span;
    this.maxObservations = maxObservations;
    this.fold = fold;
  }

  /** The length of a span, milliseconds. */
  public long spanMillis() {
    return spanMillis;
  }

  /**
   * Counts an observation with event time {@code timestamp}, given the current watermark; parts it makes
   * ready go to {@code handOver}.
   */
  public void add(Observation observation, long timestamp, long watermark, Consumer<PartialWindow> handOver) {
    long start = timestamp - Math.floorMod(timestamp, spanMillis);
    long end = lastMillisOf(start);
    if (maxObservations == 0 || end <= watermark) {
      handOver.accept(single(observation, start));
      return;
    }
    PartialWindow part = held.computeIfAbsent(new Key(observation.seriesKey, start),
        key -> new PartialWindow(key.seriesKey(), key.start()));
    earliestEnd = Math.min(earliestEnd, end);
    fold.add(observation, part.totals);
    if (++observations >= maxObservations) {
      handOverAll(handOver);
    }
  }

  /** Hands over every part whose span ends at or before the watermark (its last millisecond is covered). */
  public void advance(long watermark, Consumer<PartialWindow> handOver) {
    // A replay moves the watermark with every record: most moves close nothing, and need no scan.
    if (watermark < earliestEnd) {
      return;
    }
    List<PartialWindow> ready = new ArrayList<>();
    earliestEnd = Long.MAX_VALUE;
    for (Iterator<PartialWindow> parts = held.values().iterator(); parts.hasNext(); ) {
      PartialWindow part = parts.next();
      long end = lastMillisOf(part.start);
      if (end <= watermark) {
        ready.add(part);
        observations -= (int) part.totals.interactions;
        parts.remove();
      } else {
        earliestEnd = Math.min(earliestEnd, end);
      }
    }
    ready.forEach(handOver);
  }

  /** Hands over every part held. */
  public void handOverAll(Consumer<PartialWindow> handOver) {
    List<PartialWindow> all = new ArrayList<>(held.values());
    held.clear();
    observations = 0;
    earliestEnd = Long.MAX_VALUE;
    all.forEach(handOver);
  }

  /** Observations held. */
  public int held() {
    return observations;
  }

  /** The timestamp a part is handed over with: the last millisecond of its span, inside every window it feeds. */
  public long timestampOf(PartialWindow part) {
    return lastMillisOf(part.start);
  }

  private long lastMillisOf(long spanStart) {
    return spanStart + spanMillis - 1;
  }

  private PartialWindow single(Observation observation, long start) {
    PartialWindow part = new PartialWindow(observation.seriesKey, start);
    fold.add(observation, part.totals);
    return part;
  }

  private static long gcd(long a, long b) {
    return b == 0 ? a : gcd(b, a % b);
  }
}
