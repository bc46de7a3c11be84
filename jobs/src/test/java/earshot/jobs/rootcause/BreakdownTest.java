package earshot.jobs.rootcause;

import earshot.jobs.metrics.Breakdown;

import static org.assertj.core.api.Assertions.assertThat;

import earshot.jobs.metrics.Observation;
import earshot.jobs.metrics.SliceCounts;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BreakdownTest {

  @Test
  void anInteractionCountsInTheValuesAndPairsItsSeriesDoesNotFix() {
    Breakdown breakdown = new Breakdown();
    breakdown.add(Cells.observation("a", "billing", "north", "SMB", 2), 100);

    // channel is fixed by channel=CALL: touchpoint, region, segment and their three pairs remain.
    assertThat(breakdown.slices.keySet()).containsExactlyInAnyOrder("touchpoint=billing", "region=north",
        "segment=SMB", "touchpoint=billing|region=north", "touchpoint=billing|segment=SMB",
        "region=north|segment=SMB");
    assertThat(breakdown.slices.get("touchpoint=billing|segment=SMB").detractors).isEqualTo(1);
    assertThat(breakdown.total.npsAnswers).isEqualTo(1);
  }

  @Test
  void aWindowKeepsAtMostItsCapOfSlicesAndCountsWhatItDropped() {
    Breakdown breakdown = new Breakdown();
    breakdown.add(Cells.observation("a", "billing", "north", "SMB", 2), 4);
    breakdown.add(Cells.observation("b", "delivery", "south", "consumer", 9), 4);

    assertThat(breakdown.slices).hasSize(4);
    assertThat(breakdown.dropped).isEqualTo(8);
    assertThat(breakdown.total.interactions).isEqualTo(2);
  }

  @Test
  void aBaselineForgetsItsQuietestSlicesBeyondItsCap() {
    SliceBaseline baseline = new SliceBaseline();
    Breakdown busy = new Breakdown();
    for (int i = 0; i < 5; i++) {
      busy.add(Cells.observation("b" + i, "billing", "north", "SMB", 9), 100);
    }
    busy.add(Cells.observation("q", "support", "south", "consumer", 9), 100);
    baseline.learn(busy, 0.9, 6);

    assertThat(baseline.slices).hasSize(6);
    assertThat(baseline.slices.keySet()).allMatch(key -> List.of("touchpoint=billing", "region=north", "segment=SMB",
        "touchpoint=billing|region=north", "touchpoint=billing|segment=SMB", "region=north|segment=SMB").contains(key));
    baseline.learn(new Breakdown(), 0.5, 6);
    assertThat(baseline.slices.get("touchpoint=billing").interactions).isEqualTo(2.5);
    assertThat(baseline.windows).isEqualTo(2);
  }

  /**
   * The breakdown counts what the plain definition counts (every free value, then every pair of free
   * values, in dimension order, a new slice kept only below the cap), also when the window is copied
   * (as a state snapshot does) or merged with another between observations.
   */
  @Test
  void countsExactlyThePlainDefinitionAcrossCopiesAndMerges() {
    Random random = new Random(11);
    for (int cap : new int[] {5, 17, 400}) {
      Breakdown breakdown = new Breakdown();
      Map<String, double[]> expected = new LinkedHashMap<>();
      long[] dropped = {0};
      for (int n = 0; n < 300; n++) {
        Observation o = Cells.observation("o" + n, pick(random, Cells.TOUCHPOINTS), pick(random, Cells.REGIONS),
            pick(random, Cells.SEGMENTS), random.nextInt(11));
        if (random.nextInt(4) == 0) {
          o.sliceKeys[2] = null; // no region
        }
        breakdown.add(o, cap);
        countPlainly(o, cap, expected, dropped);
        if (n % 37 == 0) {
          breakdown = breakdown.copy();
        } else if (n % 53 == 0) {
          breakdown = new Breakdown().merge(breakdown, cap);
        }
      }
      assertThat(breakdown.slices.keySet()).as("cap %d", cap).containsExactlyInAnyOrderElementsOf(expected.keySet());
      for (Map.Entry<String, double[]> slice : expected.entrySet()) {
        SliceCounts counts = breakdown.slices.get(slice.getKey());
        assertThat(new double[] {counts.interactions, counts.detractors, counts.promoters})
            .as("%s, cap %d", slice.getKey(), cap).containsExactly(slice.getValue());
      }
      assertThat(breakdown.dropped).as("cap %d", cap).isEqualTo(dropped[0]);
    }
  }

  private static void countPlainly(Observation o, int cap, Map<String, double[]> slices, long[] dropped) {
    List<String> free = new java.util.ArrayList<>();
    for (int i = 0; i < o.sliceKeys.length; i++) {
      if (o.sliceKeys[i] != null && (o.seriesMask & (1 << i)) == 0) {
        free.add(o.sliceKeys[i]);
      }
    }
    List<String> keys = new java.util.ArrayList<>(free);
    for (int i = 0; i < free.size(); i++) {
      for (int j = i + 1; j < free.size(); j++) {
        keys.add(free.get(i) + "|" + free.get(j));
      }
    }
    for (String key : keys) {
      double[] counts = slices.get(key);
      if (counts == null) {
        if (slices.size() >= cap) {
          dropped[0]++;
          continue;
        }
        counts = new double[3];
        slices.put(key, counts);
      }
      counts[0]++;
      counts[1] += o.nps <= 6 ? 1 : 0;
      counts[2] += o.nps >= 9 ? 1 : 0;
    }
  }

  private static String pick(Random random, List<String> values) {
    return values.get(random.nextInt(values.size()));
  }
}
