package earshot.jobs.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class StatsTest {

  @Test
  void upperTailMatchesTheNormalTable() {
    assertThat(Stats.upperTail(0)).isCloseTo(0.5, within(1e-7));
    assertThat(Stats.upperTail(1.959964)).isCloseTo(0.025, within(1e-6));
    assertThat(Stats.upperTail(4)).isCloseTo(3.167e-5, within(1e-8));
  }

  @Test
  void zForUpperTailInvertsUpperTailEvenForTinyProbabilities() {
    for (double z : new double[] {-3, -1, 0, 0.5, 2, 4, 6, 9}) {
      assertThat(Stats.zForUpperTail(Stats.upperTail(z))).isCloseTo(z, within(1e-4));
    }
    assertThat(Stats.zForUpperTail(1e-30)).isGreaterThan(11);
    assertThat(Stats.zForUpperTail(0)).isEqualTo(40);
  }

  @Test
  void poissonTailsAreExact() {
    // P(X >= 20 | Poisson(7)) = 1 - sum_{k<20} e^-7 7^k / k! = 4.440e-5; P(X <= 0 | Poisson(3)) = e^-3.
    assertThat(Stats.countTails(20, 7, 0)[0]).isCloseTo(4.440e-5, within(0.01e-5));
    assertThat(Stats.countTails(0, 3, 0)[1]).isCloseTo(Math.exp(-3), within(1e-12));
    double[] median = Stats.countTails(10, 10, 0);
    assertThat(median[0] + median[1]).isGreaterThan(1.0);
  }

  @Test
  void overdispersionWidensTheTails() {
    assertThat(Stats.countTails(30, 15, 0.1)[0]).isGreaterThan(Stats.countTails(30, 15, 0)[0]);
    assertThat(Stats.countTails(2, 15, 0.1)[1]).isGreaterThan(Stats.countTails(2, 15, 0)[1]);
  }

  @Test
  void logGammaMatchesFactorials() {
    assertThat(Stats.logGamma(1)).isCloseTo(0, within(1e-12));
    assertThat(Stats.logGamma(11)).isCloseTo(Math.log(3628800), within(1e-10));
    assertThat(Stats.logGamma(0.5)).isCloseTo(Math.log(Math.sqrt(Math.PI)), within(1e-12));
  }

  @Test
  void betaBinomialTailsApproachTheBinomialWithACertainBaseline() {
    // Binomial(20, 0.2): P(X >= 9) = 0.00998 (sum of the pmf); a baseline from a million trials is certain.
    double[] certain = Stats.proportionTails(9, 20, 0.2e6, 0.8e6);
    assertThat(certain[0]).isCloseTo(0.00998, within(0.0001));
    // The same window against a baseline learned from 20 trials is less surprising.
    assertThat(Stats.proportionTails(9, 20, 4, 16)[0]).isGreaterThan(0.03);
    double[] both = Stats.proportionTails(4, 20, 4, 16);
    assertThat(both[0] + both[1]).isGreaterThan(1.0);
  }

  @Test
  void countsOfSomeThousandsAreSummedExactlyWithoutUnderflow() {
    // P(X = 0) for a mean of 2,000 is below the smallest double; the tails must still be right.
    double[] aboveMean = Stats.countTails(2085, 2008, 0.0006);
    assertThat(aboveMean[1]).as("P(X <= 2085) with a mean of 2008").isBetween(0.8, 0.95);
    double[] median = Stats.countTails(1000, 1000, 0);
    assertThat(median[0]).isBetween(0.5, 0.52);
    assertThat(median[1]).isBetween(0.5, 0.52);
    double[] farBelow = Stats.countTails(1800, 2000, 0);
    double normal = Stats.upperTail((2000 - 1800 - 0.5) / Math.sqrt(2000));
    assertThat(farBelow[1]).as("close to the normal tail this far from zero").isBetween(0.7 * normal, 1.3 * normal);
  }

  @Test
  void proportionsOfSomeThousandTrialsAreSummedExactlyWithoutUnderflow() {
    // P(X = 0) = 0.5^3000 is below the smallest double: half of 3,000 trials is still the middle.
    double[] half = Stats.proportionTails(1500, 3000, 5000, 5000);
    assertThat(half[0]).isBetween(0.49, 0.52);
    assertThat(half[1]).isBetween(0.49, 0.52);
  }

  @Test
  void largeCountsUseTheNormalApproximation() {
    double[] tails = Stats.countTails(10_500, 10_000, 0);
    assertThat(Stats.zForUpperTail(tails[0])).isCloseTo(5.0, within(0.02));
  }
}
