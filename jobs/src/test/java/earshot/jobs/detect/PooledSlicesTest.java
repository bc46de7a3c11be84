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
    RecordingEntries<Long, Breakdown> counts = new RecordingEntries<>();
    for (int w = 0; w < 5; w++) {
      windows.add(window(random));
      pooled.add(w * HOUR, windows.get(w), counts);
    }
    Breakdown last = window(random);
    for (int cap : new int[] {400, 30}) {
      Breakdown expected = new Breakdown();
      for (int w = 2; w < 5; w++) {
        expected.merge(windows.get(w), cap, false);
      }
      expected.merge(last, cap, false);
      Breakdown summed = pooled.from(2 * HOUR, last, cap, counts);
      assertThat(summed.slices).as("cap %d", cap).usingRecursiveComparison().isEqualTo(expected.slices);
      assertThat(summed.total).usingRecursiveComparison().isEqualTo(expected.total);
      assertThat(summed.dropped).isEqualTo(expected.dropped);
      assertThat(summed.slices.size()).isLessThanOrEqualTo(cap);
    }
    assertThat(pooled.from(2 * HOUR, last, 400, counts).total.interactions).isEqualTo(4 * 40);
    // Kept without mention samples or sketch, which a pooled judgement does not read; summing changes none of them.
    assertThat(counts.map.get(0L).slices).isSameAs(windows.get(0).slices);
    assertThat(counts.map.get(0L).mentions).isEmpty();
    assertThat(counts.map.get(0L).overflow).isNull();
    // Each window's counts were written once, as it came, and only the span's were read back.
    assertThat(counts.puts).isEqualTo(5);
    assertThat(counts.gets).isEqualTo(3 * 3);
    assertThat(windows.get(2).total.interactions).isEqualTo(40);
    assertThat(last.total.interactions).isEqualTo(40);
  }

  @Test
  void keepsNoWindowBeforeTheOldestOpenPoolAndNoneWhenNoPoolIsOpen() {
    Random random = new Random(5);
    PooledSlices pooled = new PooledSlices();
    RecordingEntries<Long, Breakdown> counts = new RecordingEntries<>();
    for (int w = 0; w < 4; w++) {
      pooled.add(w * HOUR, window(random), counts);
    }
    pooled.keepFrom(2 * HOUR, counts);
    assertThat(pooled.starts).containsExactly(2 * HOUR, 3 * HOUR);
    assertThat(counts.map).containsOnlyKeys(2 * HOUR, 3 * HOUR);
    pooled.keepFrom(Long.MIN_VALUE, counts);
    assertThat(pooled.starts).isEmpty();
    assertThat(counts.map).isEmpty();
    assertThat(counts.gets).isZero();
  }

  @Test
  void windowsThatStateSavedByAnEarlierReleaseHeldMoveToTheEntriesAtTheFirstUse() {
    Random random = new Random(6);
    PooledSlices saved = new PooledSlices();
    saved.starts = null;
    List<Breakdown> windows = new ArrayList<>();
    for (int w = 0; w < 3; w++) {
      windows.add(window(random).countsOnly());
      saved.windows.add(new PooledSlices.Window(w * HOUR, windows.get(w)));
    }
    RecordingEntries<Long, Breakdown> counts = new RecordingEntries<>();
    Breakdown last = window(random);
    Breakdown expected = new Breakdown();
    for (int w = 1; w < 3; w++) {
      expected.merge(windows.get(w), 400, false);
    }
    expected.merge(last, 400, false);

    Breakdown summed = saved.from(HOUR, last, 400, counts);

    assertThat(summed.slices).usingRecursiveComparison().isEqualTo(expected.slices);
    assertThat(saved.windows).isEmpty();
    assertThat(saved.starts).containsExactly(0L, HOUR, 2 * HOUR);
    assertThat(counts.map).containsOnlyKeys(0L, HOUR, 2 * HOUR);
  }
}
