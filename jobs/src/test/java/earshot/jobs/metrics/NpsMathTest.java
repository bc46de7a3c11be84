package earshot.jobs.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class NpsMathTest {

  @Test
  void npsIsPromotersMinusDetractorsInPercent() {
    assertThat(NpsMath.nps(50, 20, 100)).isEqualTo(30.0);
    assertThat(NpsMath.nps(0, 10, 10)).isEqualTo(-100.0);
    assertThat(NpsMath.nps(10, 0, 10)).isEqualTo(100.0);
  }

  @Test
  void scoresAreClassifiedOnTheStandardBands() {
    assertThat(NpsMath.isDetractor(6)).isTrue();
    assertThat(NpsMath.isDetractor(7)).isFalse();
    assertThat(NpsMath.isPromoter(8)).isFalse();
    assertThat(NpsMath.isPromoter(9)).isTrue();
  }

  @Test
  void emptyWindowsHaveNoNpsAndNoInterval() {
    assertThat(NpsMath.nps(0, 0, 0)).isNaN();
    assertThat(NpsMath.halfWidth95(0, 0, 0)).isNaN();
    assertThat(NpsMath.csatPercent(0, 0)).isNaN();
  }

  @Test
  void aSingleAnswerHasAnNpsButAZeroWidthInterval() {
    assertThat(NpsMath.nps(1, 0, 1)).isEqualTo(100.0);
    // One promoter: p = 1, d = 0, variance p + d - (p - d)^2 = 0.
    assertThat(NpsMath.halfWidth95(1, 0, 1)).isZero();
  }

  @Test
  void intervalMatchesTheNormalApproximationWorkedByHand() {
    // 50 promoters, 20 detractors of 100: p = .5, d = .2, var = .7 - .09 = .61, se = sqrt(.61 / 100) = .0781
    // half width = 100 * 1.95996 * .0781 = 15.31
    assertThat(NpsMath.halfWidth95(50, 20, 100)).isCloseTo(15.31, within(0.01));
    double[] interval = NpsMath.interval95(50, 20, 100);
    assertThat(interval[0]).isCloseTo(14.69, within(0.01));
    assertThat(interval[1]).isCloseTo(45.31, within(0.01));
  }

  @Test
  void intervalIsClippedToTheScale() {
    double[] interval = NpsMath.interval95(9, 1, 10);
    assertThat(interval[1]).isLessThanOrEqualTo(100.0);
    assertThat(NpsMath.interval95(1, 9, 10)[0]).isGreaterThanOrEqualTo(-100.0);
  }

  @Test
  void csatIsTheShareOfSatisfiedAnswers() {
    assertThat(NpsMath.csatPercent(8, 10)).isEqualTo(80.0);
  }
}
