package earshot.jobs.rootcause;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import earshot.jobs.metrics.Breakdown;
import earshot.jobs.metrics.SliceCounts;
import org.junit.jupiter.api.Test;

/** A series' usual slices: decayed counts, forgetting the slices that no longer come, bounded. */
class SliceBaselineTest {

  private static Breakdown window(String... slices) {
    Breakdown window = new Breakdown();
    window.total.interactions = 10;
    for (String slice : slices) {
      SliceCounts counts = new SliceCounts();
      counts.interactions = 2;
      window.slices.put(slice, counts);
    }
    return window;
  }

  @Test
  void decaysEverySliceAndForgetsOnlyThoseBelowTheBarThatTheWindowDoesNotCount() {
    SliceBaseline baseline = new SliceBaseline();
    baseline.learn(window("touchpoint=billing", "touchpoint=delivery"), 0.5, 100);
    // 2 interactions halved each window: 1, 0.5, ... 0.0625 after five windows, 0.03125 after six.
    for (int w = 0; w < 4; w++) {
      baseline.learn(window("touchpoint=billing"), 0.5, 100);
    }
    assertThat(baseline.slices.get("touchpoint=delivery").interactions).isCloseTo(0.125, within(1e-12));
    assertThat(baseline.slices.get("touchpoint=billing").interactions).isCloseTo(3.875, within(1e-12));
    baseline.learn(window("touchpoint=billing"), 0.5, 100);
    assertThat(baseline.slices.get("touchpoint=delivery").interactions).isCloseTo(0.0625, within(1e-12));
    baseline.learn(window("touchpoint=billing"), 0.5, 100);
    assertThat(baseline.slices).as("delivery fell below %s", SliceBaseline.FORGET_BELOW)
        .doesNotContainKey("touchpoint=delivery");
    assertThat(baseline.total.interactions).isCloseTo(10 * (2 - Math.pow(0.5, 6)), within(1e-9));
    assertThat(baseline.windows).isEqualTo(7);

    // A slice below the bar that the window counts again keeps its decayed past.
    SliceBaseline returning = new SliceBaseline();
    returning.learn(window("region=north"), 0.01, 100);
    returning.learn(window("region=north"), 0.01, 100);
    assertThat(returning.slices.get("region=north").interactions).isCloseTo(2.02, within(1e-12));
  }

  @Test
  void keepsTheBusiestSlicesWhenItHoldsMoreThanItsCap() {
    SliceBaseline baseline = new SliceBaseline();
    Breakdown window = window("a=1", "a=2", "a=3");
    window.slices.get("a=2").interactions = 5;
    window.slices.get("a=3").interactions = 7;
    baseline.learn(window, 0.9, 2);
    assertThat(baseline.slices).containsOnlyKeys("a=2", "a=3");
  }
}
