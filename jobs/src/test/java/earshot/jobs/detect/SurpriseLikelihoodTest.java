package earshot.jobs.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SurpriseLikelihoodTest {

  /** Tail probabilities of ordinary rows: uniform, as a well-calibrated detector gives. */
  private static double ordinary(SplittableRandom random) {
    return random.nextDouble();
  }

  @Test
  void scoresStayBelowOneAndALargerSurpriseRanksHigher() {
    SurpriseLikelihood calm = new SurpriseLikelihood(5, 500, 100);
    SurpriseLikelihood other = new SurpriseLikelihood(5, 500, 100);
    SplittableRandom random = new SplittableRandom(1);
    for (int i = 0; i < 1000; i++) {
      calm.next(ordinary(random));
      other.next(ordinary(random));
    }
    double moderate = calm.next(1e-6);
    double extreme = other.next(1e-60);
    assertThat(moderate).isBetween(0.5, 1.0).isLessThan(extreme);
    assertThat(extreme).isLessThan(1.0);
  }

  @Test
  void aNoisySeriesNeedsALargerSurpriseThanACalmOne() {
    SurpriseLikelihood calm = new SurpriseLikelihood(5, 500, 100);
    SurpriseLikelihood noisy = new SurpriseLikelihood(5, 500, 100);
    SplittableRandom random = new SplittableRandom(2);
    for (int i = 0; i < 1000; i++) {
      calm.next(ordinary(random));
      // A badly modelled series: one row in ten looks like a 1e-4 event.
      noisy.next(random.nextDouble() < 0.1 ? 1e-4 : ordinary(random));
    }
    assertThat(calm.next(1e-4)).isGreaterThan(noisy.next(1e-4));
  }

  @Test
  void aSustainedChangeOutranksOneOutlierAndAnEpisodeIsScoredHighOnce() {
    SurpriseLikelihood single = new SurpriseLikelihood(5, 500, 100);
    SurpriseLikelihood sustained = new SurpriseLikelihood(5, 500, 100);
    SplittableRandom random = new SplittableRandom(3);
    for (int i = 0; i < 1000; i++) {
      single.next(ordinary(random));
      sustained.next(ordinary(random));
    }
    double outlier = single.next(1e-5);
    double peak = 0;
    int high = 0;
    for (int i = 0; i < 20; i++) {
      double score = sustained.next(1e-5);
      peak = Math.max(peak, score);
      if (score >= 0.5) {
        high++;
      }
    }
    assertThat(peak).isGreaterThan(outlier);
    assertThat(high).as("rows of the 20-row episode scoring 0.5 or more").isLessThanOrEqualTo(5);
  }

  @Test
  void givesZeroWhileWarmingUpAndTreatsUnjudgedRowsAsOrdinary() {
    SurpriseLikelihood likelihood = new SurpriseLikelihood(5, 500, 100);
    for (int i = 0; i < 100; i++) {
      assertThat(likelihood.next(i % 2 == 0 ? 1e-9 : Double.NaN)).isZero();
    }
    assertThat(SurpriseLikelihood.surprise(0)).isFinite();
  }
}
