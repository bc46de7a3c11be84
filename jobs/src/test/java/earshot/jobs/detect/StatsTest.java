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
  void largeCountsUseTheNormalApproximation() {
    double[] tails = Stats.countTails(10_500, 10_000, 0);
    assertThat(Stats.zForUpperTail(tails[0])).isCloseTo(5.0, within(0.02));
  }
}
