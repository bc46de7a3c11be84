package earshot.jobs.detect;

import static org.assertj.core.api.Assertions.assertThat;

import earshot.jobs.metrics.Breakdown;
import earshot.jobs.metrics.Observation;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The pooled windows' counts per slice, summed only when asked, as the pools summed them window by window. */
class PooledSlicesTest {

  private static final long HOUR = 3_600_000L;

  /** A window of 40 interactions over four dimensions of 6 values each, at random. */
  private static Breakdown window(Random random) {
    Breakdown window = new Breakdown();
    for (int i = 0; i < 40; i++) {
      Observation o = new Observation();
      o.interactionId = "i" + i;
      o.nps = random.nextInt(11);
      o.sliceKeys = new String[4];
      for (int d = 0; d < 4; d++) {
        o.sliceKeys[d] = "d" + d + "=v" + random.nextInt(6);
      }
      o.keyPhrases = java.util.List.of("late parcel");
      window.add(o, 400);
      window.sampleMentions(o);
    }
    assertThat(window.mentions).isNotEmpty();
    return window;
  }

  @Test
  void theWindowsFromASpansStartWithTheLastOneSumAsThePoolsSummedThem() {
    Random random = new Random(4);
    List<Breakdown> windows = new ArrayList<>();
    PooledSlices pooled = new PooledSlices();
    for (int w = 0; w < 5; w++) {
      windows.add(window(random));
      pooled.add(w * HOUR, windows.get(w));
    }
    Breakdown last = window(random);
    for (int cap : new int[] {400, 30}) {
      Breakdown expected = new Breakdown();
      for (int w = 2; w < 5; w++) {
        expected.merge(windows.get(w), cap, false);
      }
      expected.merge(last, cap, false);
      Breakdown summed = pooled.from(2 * HOUR, last, cap);
      assertThat(summed.slices).as("cap %d", cap).usingRecursiveComparison().isEqualTo(expected.slices);
      assertThat(summed.total).usingRecursiveComparison().isEqualTo(expected.total);
      assertThat(summed.dropped).isEqualTo(expected.dropped);
      assertThat(summed.slices.size()).isLessThanOrEqualTo(cap);
    }
    assertThat(pooled.from(2 * HOUR, last, 400).total.interactions).isEqualTo(4 * 40);
    // Kept without mention samples or sketch, which a pooled judgement does not read; summing changes none of them.
    assertThat(pooled.windows.get(0).slices.slices).isSameAs(windows.get(0).slices);
    assertThat(pooled.windows.get(0).slices.mentions).isEmpty();
    assertThat(pooled.windows.get(0).slices.overflow).isNull();
    assertThat(windows.get(2).total.interactions).isEqualTo(40);
    assertThat(last.total.interactions).isEqualTo(40);
  }

  @Test
  void keepsNoWindowBeforeTheOldestOpenPoolAndNoneWhenNoPoolIsOpen() {
    Random random = new Random(5);
    PooledSlices pooled = new PooledSlices();
    for (int w = 0; w < 4; w++) {
      pooled.add(w * HOUR, window(random));
    }
    pooled.keepFrom(2 * HOUR);
    assertThat(pooled.windows).extracting(w -> w.start).containsExactly(2 * HOUR, 3 * HOUR);
    pooled.keepFrom(Long.MIN_VALUE);
    assertThat(pooled.windows).isEmpty();
  }
}
