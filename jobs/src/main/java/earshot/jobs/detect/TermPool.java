package earshot.jobs.detect;

import earshot.jobs.metrics.Breakdown;
import earshot.jobs.metrics.MetricSnapshots;
import earshot.schemas.MetricSnapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The recent windows of a series whose theme counts the emerging-topic detector judges together.
 * How many windows is chosen from the series' own rate of analysed texts: enough for about
 * {@link #TARGET_TEXTS} texts, at most {@link #MAX_WINDOWS}. A series with hundreds of texts per
 * window is judged on each window alone, as before; one with 15 texts an hour on the last 24
 * hours, re-judged at every window (a sliding span, so a rise is wholly inside it after at most
 * that span, wherever it starts).
 *
 * <p>A plain value class (Flink POJO) kept in keyed state. It holds the term counts of at most
 * {@link #MAX_WINDOWS} windows, and of one window on a busy series.
 */
public class TermPool {

  /** Texts a judged span should hold: a theme at 4% of texts is then expected 16 times, enough for a 3-fold rise to show. */
  public static final double TARGET_TEXTS = 400;
  /** Longest span, in windows of the series: older evidence says little about today. */
  public static final int MAX_WINDOWS = 24;
  /** Weight of the newest window in the series' rate of texts per window. */
  static final double RATE_WEIGHT = 0.05;

  /** Exponentially weighted texts per window, NaN before the first window. */
  public double textsPerWindow = Double.NaN;
  /** The pooled windows, oldest first. */
  public List<Slot> slots = new ArrayList<>();
  /**
   * The sums of {@link #slots}, kept as windows come and go rather than summed again at every window
   * (24 windows of a sparse series): per theme its count and the slots holding it. Not state: rebuilt
   * from the slots after a restore.
   */
  private transient Map<String, long[]> pooled;
  private transient long pooledTexts;
  /** The starts of the slots that left the pool since the last {@link #keepMentions}: their samples go too. */
  private transient List<Long> departed;

  public TermPool() {}

  /** One window's texts and theme counts. A Flink POJO. */
  public static class Slot {
    public long start;
    public long end;
    public long texts;
    public Map<String, Long> counts = new HashMap<>();
    /**
     * Where the window's mentions of each theme came from, in state saved before the samples were kept
     * apart ({@link SeriesParts#poolMentions()}): moved there at the first use, empty from then on.
     */
    public Map<String, String> mentions = new HashMap<>();
    /** The slice keys {@link #mentions} refer to, in state saved by earlier releases. */
    public String mentionKeys = "";

    public Slot() {}

    Slot(long start, long end, long texts, Map<String, Long> counts) {
      this.start = start;
      this.end = end;
      this.texts = texts;
      this.counts = new HashMap<>(counts);
    }
  }

  /** The span to judge: its start, its texts, its term counts and how many windows it holds. */
  public record Span(long start, long texts, Map<String, Long> counts, int windows) {}

  /** Windows to pool at the series' current rate of texts per window. */
  public int spanWindows() {
    if (Double.isNaN(textsPerWindow) || textsPerWindow <= 0) {
      return MAX_WINDOWS;
    }
    return (int) Math.max(1, Math.min(MAX_WINDOWS, Math.ceil(TARGET_TEXTS / textsPerWindow)));
  }

  /** Adds a window and returns the span ending with it to judge. */
  public Span add(long start, long end, long texts, Map<String, Long> counts) {
    textsPerWindow = Double.isNaN(textsPerWindow) ? texts : textsPerWindow + RATE_WEIGHT * (texts - textsPerWindow);
    if (pooled == null) {
      pooled = new HashMap<>();
      pooledTexts = 0;
      slots.forEach(slot -> pool(slot, 1));
    }
    long windowMillis = end - start;
    long from = end - spanWindows() * windowMillis;
    for (java.util.Iterator<Slot> kept = slots.iterator(); kept.hasNext(); ) {
      Slot slot = kept.next();
      if (slot.start < from) {
        pool(slot, -1);
        kept.remove();
        departed().add(slot.start);
      }
    }
    if (spanWindows() == 1) {
      // A busy series: nothing is kept between windows.
      slots.forEach(slot -> departed().add(slot.start));
      slots.clear();
      pooled.clear();
      pooledTexts = 0;
      return new Span(start, texts, counts, 1);
    }
    Slot slot = new Slot(start, end, texts, counts);
    slots.add(slot);
    pool(slot, 1);
    Map<String, Long> span = new HashMap<>(Math.max(16, (int) (pooled.size() / 0.75f) + 1));
    pooled.forEach((term, tally) -> span.put(term, tally[0]));
    return new Span(slots.get(0).start, pooledTexts, span, slots.size());
  }

  /** Adds a slot to the running sums of the pool ({@code sign} 1), or takes it out of them (-1). */
  private void pool(Slot slot, int sign) {
    pooledTexts += sign * slot.texts;
    slot.counts.forEach((term, count) -> {
      long[] tally = pooled.computeIfAbsent(term, t -> new long[2]);
      tally[0] += sign * count;
      tally[1] += sign;
      if (tally[1] == 0) {
        pooled.remove(term);
      }
    });
  }

  private List<Long> departed() {
    if (departed == null) {
      departed = new ArrayList<>();
    }
    return departed;
  }

  /**
   * Keeps the theme samples of the window that starts at {@code start} with its pooled slot, so that a
   * topic alert on the span can say where the span's mentions lie (nothing when the window is not
   * pooled), and drops the samples of the slots that left the pool. The samples are entries of their
   * own, by slot start: a window writes its own, and reads none.
   */
  public void keepMentions(long start, Breakdown window, StateEntries<Long, Breakdown> samples) {
    moveEarlierState(samples);
    if (departed != null) {
      departed.forEach(samples::remove);
      departed.clear();
    }
    if (slots.isEmpty() || window == null || window.mentions == null || window.mentions.isEmpty()) {
      return;
    }
    if (slots.get(slots.size() - 1).start == start) {
      Breakdown sample = new Breakdown();
      sample.mentions = new HashMap<>(window.mentions);
      sample.mentionKeys = window.mentionKeys;
      samples.put(start, sample);
    }
  }

  /** The theme samples of the pooled windows that start at {@code from} or later, merged (a bottom-k of them all). */
  public Breakdown mentionsFrom(long from, StateEntries<Long, Breakdown> samples) {
    moveEarlierState(samples);
    Breakdown merged = new Breakdown();
    for (Slot slot : slots) {
      Breakdown window = slot.start >= from ? samples.get(slot.start) : null;
      if (window != null && window.mentions != null && !window.mentions.isEmpty()) {
        if (window.mentionKeys == null) {
          window.mentionKeys = "";
        }
        merged.merge(window, 0, true);
      }
    }
    return merged;
  }

  /** Moves the samples that state saved by an earlier release keeps in its slots to the entries. */
  private void moveEarlierState(StateEntries<Long, Breakdown> samples) {
    for (Slot slot : slots) {
      if (slot.mentions != null && !slot.mentions.isEmpty()) {
        Breakdown sample = new Breakdown();
        sample.mentions = slot.mentions;
        sample.mentionKeys = slot.mentionKeys == null ? "" : slot.mentionKeys;
        samples.put(slot.start, sample);
        slot.mentions = new HashMap<>();
        slot.mentionKeys = "";
      }
    }
  }

  /** The judged span as one snapshot: the last window's id, examples and themes, the span's texts and times. */
  static MetricSnapshot snapshot(MetricSnapshot last, Span span) {
    if (span.windows() == 1 && span.start() == last.getWindowStart().toEpochMilli()) {
      return last;
    }
    long end = last.getWindowEnd().toEpochMilli();
    return MetricSnapshot.newBuilder(last)
        .setMetricId(MetricSnapshots.metricId(last.getSeriesKey(), (end - span.start()) / 1000, span.start()))
        .setWindowSeconds((end - span.start()) / 1000)
        .setWindowStart(Instant.ofEpochMilli(span.start()))
        .setSentimentCount(span.texts())
        .build();
  }
}
