package earshot.jobs.detect;

import static org.assertj.core.api.Assertions.assertThat;

import earshot.jobs.metrics.Breakdown;
import earshot.jobs.metrics.Observation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TermPoolTest {

  private static final long HOUR = 3_600_000L;
  private static final String PHRASE = "late parcel";

  /** A window whose one text mentions {@link #PHRASE}, sampled with the touchpoint it came from. */
  private static Breakdown sampled(int w) {
    Breakdown window = new Breakdown();
    Observation o = new Observation();
    o.interactionId = "i" + w;
    o.sliceKeys = new String[] {"touchpoint=t" + (w % 3)};
    o.keyPhrases = List.of(PHRASE);
    window.add(o, 400);
    window.sampleMentions(o);
    return window;
  }

  /**
   * The pool keeps running sums instead of adding its windows up again at every window: each span it
   * returns holds the sums of exactly its windows, while windows leave it, the span's length changes
   * with the series' rate, and after a restore (the sums are not state).
   */
  @Test
  void everySpanHoldsTheSumsOfItsOwnWindows() {
    Random random = new Random(5);
    TermPool pool = new TermPool();
    RecordingEntries<Long, Breakdown> samples = new RecordingEntries<>();
    List<long[]> windows = new ArrayList<>();
    List<Map<String, Long>> counts = new ArrayList<>();
    int busySpans = 0;
    int pooledWindows = 0;
    for (int w = 0; w < 300; w++) {
      // Mostly sparse (a long span), with a busy stretch that shortens it to one window and back.
      long texts = w >= 100 && w < 130 ? 500 + random.nextInt(100) : 5 + random.nextInt(30);
      Map<String, Long> window = new HashMap<>();
      for (int t = 0; t < texts / 3; t++) {
        window.merge("theme" + random.nextInt(25), 1L, Long::sum);
      }
      windows.add(new long[] {w * HOUR, (w + 1) * HOUR, texts});
      counts.add(window);
      if (w == 200) {
        TermPool restored = new TermPool();
        restored.textsPerWindow = pool.textsPerWindow;
        restored.slots = new ArrayList<>(pool.slots);
        pool = restored;
      }
      TermPool.Span span = pool.add(w * HOUR, (w + 1) * HOUR, texts, window);
      busySpans += span.windows() == 1 ? 1 : 0;
      long start = w * HOUR;
      pooledWindows += pool.slots.stream().anyMatch(slot -> slot.start == start) ? 1 : 0;
      pool.keepMentions(start, sampled(w), samples);
      // The samples kept are those of the pooled windows, no more: a window that leaves takes its own along.
      assertThat(samples.map.keySet()).as("window %d", w)
          .containsExactlyInAnyOrderElementsOf(pool.slots.stream().map(slot -> slot.start).toList());

      long expectedTexts = 0;
      Map<String, Long> expected = new HashMap<>();
      for (int i = w - span.windows() + 1; i <= w; i++) {
        expectedTexts += windows.get(i)[2];
        counts.get(i).forEach((term, count) -> expected.merge(term, count, Long::sum));
      }
      assertThat(span.start()).as("window %d", w).isEqualTo(windows.get(w - span.windows() + 1)[0]);
      assertThat(span.texts()).as("window %d", w).isEqualTo(expectedTexts);
      assertThat(span.counts()).as("window %d", w).isEqualTo(expected);
    }
    assertThat(busySpans).isBetween(5, 60);
    // Written once per pooled window, and never read to keep them.
    assertThat(samples.gets).isZero();
    assertThat(samples.puts).isEqualTo(pooledWindows).isGreaterThan(200);
    long from = pool.slots.get(pool.slots.size() - 3).start;
    assertThat(pool.mentionsFrom(from, samples).mentionSlices(PHRASE)).hasSize(3);
  }

  @Test
  void samplesThatStateSavedByAnEarlierReleaseKeptInItsSlotsMoveToTheEntries() {
    TermPool saved = new TermPool();
    for (int w = 0; w < 3; w++) {
      TermPool.Slot slot = new TermPool.Slot();
      slot.start = w * HOUR;
      slot.end = (w + 1) * HOUR;
      slot.texts = 10;
      slot.counts = new HashMap<>(Map.of("theme1", 2L));
      slot.mentions = new HashMap<>(sampled(w).mentions);
      slot.mentionKeys = sampled(w).mentionKeys;
      saved.slots.add(slot);
    }
    RecordingEntries<Long, Breakdown> samples = new RecordingEntries<>();

    Breakdown merged = saved.mentionsFrom(HOUR, samples);

    assertThat(samples.map).containsOnlyKeys(0L, HOUR, 2 * HOUR);
    assertThat(samples.map.get(HOUR).mentions).isEqualTo(sampled(1).mentions);
    assertThat(samples.map.get(HOUR).mentionKeys).isEqualTo(sampled(1).mentionKeys);
    assertThat(saved.slots).allSatisfy(slot -> assertThat(slot.mentions).isEmpty());
    assertThat(merged.mentionSlices(PHRASE)).containsExactlyInAnyOrder(List.of("touchpoint=t1"), List.of("touchpoint=t2"));
  }
}
