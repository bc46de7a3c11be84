package earshot.jobs.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TermPoolTest {

  private static final long HOUR = 3_600_000L;

  /**
   * The pool keeps running sums instead of adding its windows up again at every window: each span it
   * returns holds the sums of exactly its windows, while windows leave it, the span's length changes
   * with the series' rate, and after a restore (the sums are not state).
   */
  @Test
  void everySpanHoldsTheSumsOfItsOwnWindows() {
    Random random = new Random(5);
    TermPool pool = new TermPool();
    List<long[]> windows = new ArrayList<>();
    List<Map<String, Long>> counts = new ArrayList<>();
    int busySpans = 0;
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
  }
}
