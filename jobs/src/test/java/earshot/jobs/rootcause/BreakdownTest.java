package earshot.jobs.rootcause;

import earshot.jobs.metrics.Breakdown;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
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
}
