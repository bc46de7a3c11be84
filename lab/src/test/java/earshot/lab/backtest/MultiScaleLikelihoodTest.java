package earshot.lab.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MultiScaleLikelihoodTest {

  private static final int[] SCALES = {1, 6, 36};

  private static MultiScaleLikelihood warmed(long seed) {
    MultiScaleLikelihood likelihood = new MultiScaleLikelihood(SCALES, 500, 100, 30);
    SplittableRandom random = new SplittableRandom(seed);
    // Tail probabilities of ordinary rows: uniform, as a well-calibrated detector gives.
    for (int i = 0; i < 1000; i++) {
      likelihood.next(random.nextDouble());
    }
    return likelihood;
  }

  @Test
  void aSpikeScoresOnItsOwnRowAndALargerOneRanksHigherWithoutReachingOne() {
    double moderate = warmed(1).next(1e-6);
    double extreme = warmed(1).next(1e-60);
    assertThat(moderate).isGreaterThan(0.5).isLessThan(extreme);
    assertThat(extreme).isLessThan(1.0);
    assertThat(warmed(1).next(0.5)).as("an ordinary row").isLessThan(0.3);
  }

  @Test
  void aSmallSustainedChangeIsSeenByTheLongScaleThoughNoRowIsRare() {
    MultiScaleLikelihood shifted = warmed(2);
    MultiScaleLikelihood single = new MultiScaleLikelihood(new int[] {1}, 500, 100, 30);
    SplittableRandom random = new SplittableRandom(2);
    for (int i = 0; i < 1000; i++) {
      single.next(random.nextDouble());
    }
    double multiPeak = 0;
    double singlePeak = 0;
    // Forty rows each about a 1-in-50 event: unremarkable alone, unlikely together.
    for (int i = 0; i < 40; i++) {
      multiPeak = Math.max(multiPeak, shifted.next(0.02));
      singlePeak = Math.max(singlePeak, single.next(0.02));
    }
    assertThat(multiPeak).isGreaterThan(0.5).isGreaterThan(singlePeak);
  }

  @Test
  void aNoisySeriesNeedsALargerSurpriseThanACalmOne() {
    MultiScaleLikelihood calm = warmed(3);
    MultiScaleLikelihood noisy = new MultiScaleLikelihood(SCALES, 500, 100, 30);
    SplittableRandom random = new SplittableRandom(3);
    for (int i = 0; i < 1000; i++) {
      // A badly modelled series: one row in ten looks like a 1e-4 event.
      noisy.next(random.nextDouble() < 0.1 ? 1e-4 : random.nextDouble());
    }
    assertThat(calm.next(1e-4)).isGreaterThan(noisy.next(1e-4));
  }

  @Test
  void anEpisodeIsScoredHighOnce() {
    MultiScaleLikelihood likelihood = warmed(4);
    int high = 0;
    int lateHigh = 0;
    for (int i = 0; i < 20; i++) {
      if (likelihood.next(1e-5) >= 0.5) {
        high++;
        lateHigh += i >= 6 ? 1 : 0;
      }
    }
    // The score may rise while the 6-row mean fills up; after that the episode only continues.
    assertThat(high).as("rows of a 20-row episode scoring 0.5 or more").isBetween(1, 6);
    assertThat(lateHigh).as("rows after the sixth scoring 0.5 or more").isZero();
  }

  @Test
  void aRobustHistoryDoesNotLetOneHugeAnomalyHideTheNext() {
    double[] second = new double[2];
    for (int r = 0; r < 2; r++) {
      MultiScaleLikelihood likelihood = new MultiScaleLikelihood(SCALES, 500, 100, 30, r == 1);
      SplittableRandom random = new SplittableRandom(6);
      for (int i = 0; i < 1000; i++) {
        likelihood.next(random.nextDouble());
      }
      likelihood.next(1e-40);
      for (int i = 0; i < 100; i++) {
        likelihood.next(random.nextDouble());
      }
      second[r] = likelihood.next(1e-8);
    }
    assertThat(second[0]).as("plain: the first anomaly raised the bar").isLessThan(0.5);
    assertThat(second[1]).as("robust").isGreaterThan(0.5).isGreaterThan(second[0]);
  }

  @Test
  void givesZeroWhileWarmingUpAndRejectsAnEmptyScale() {
    MultiScaleLikelihood likelihood = new MultiScaleLikelihood(SCALES, 500, 100, 30);
    for (int i = 0; i < 100; i++) {
      assertThat(likelihood.next(i % 2 == 0 ? 1e-9 : Double.NaN)).isZero();
    }
    assertThat(MultiScaleLikelihood.surprise(0)).isFinite();
    assertThatThrownBy(() -> new MultiScaleLikelihood(new int[] {0}, 500, 100, 30))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theSortedWindowRanksLikeAPlainCount() {
    MultiScaleLikelihood.SortedWindow window = new MultiScaleLikelihood.SortedWindow(50);
    double[] kept = new double[50];
    SplittableRandom random = new SplittableRandom(5);
    for (int i = 0; i < 400; i++) {
      double v = random.nextInt(20);
      window.add(v);
      kept[i % 50] = v;
      int n = Math.min(i + 1, 50);
      double x = random.nextInt(22);
      int expected = 0;
      double max = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < n; j++) {
        expected += kept[j] >= x ? 1 : 0;
        max = Math.max(max, kept[j]);
      }
      assertThat(window.countAtLeast(x)).isEqualTo(expected);
      assertThat(window.max()).isEqualTo(max);
      assertThat(window.size()).isEqualTo(n);
    }
  }

  @Test
  void theGaussianTailRanksASpikeAboveAnOrdinaryRowAndStaysBelowOne() {
    double[] scores = new double[3];
    double[] last = {0.5, 1e-6, 1e-60};
    for (int k = 0; k < 3; k++) {
      MultiScaleLikelihood gaussian = new MultiScaleLikelihood(SCALES, 500, 100, 30, true,
          MultiScaleLikelihood.Tail.GAUSSIAN);
      SplittableRandom random = new SplittableRandom(3);
      for (int i = 0; i < 1000; i++) {
        gaussian.next(random.nextDouble());
      }
      scores[k] = gaussian.next(last[k]);
    }
    assertThat(scores[0]).as("an ordinary row").isLessThan(0.3);
    assertThat(scores[1]).isGreaterThan(0.5).isLessThan(scores[2]);
    assertThat(scores[2]).isLessThan(1.0);
  }
}
