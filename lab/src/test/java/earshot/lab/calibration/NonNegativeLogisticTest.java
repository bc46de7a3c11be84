package earshot.lab.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NonNegativeLogisticTest {

  /** Rows drawn from a known model: logit = -3 + 0.08 x0 + 0.02 x1 - 0.05 x2. */
  private static List<NonNegativeLogistic.Row> drawn(int n, long seed, long[] empty) {
    Random random = new Random(seed);
    List<NonNegativeLogistic.Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double[] x = new double[3];
      for (int j = 0; j < 3; j++) {
        x[j] = random.nextDouble() < 0.4 ? 5 + 40 * random.nextDouble() : 0;
      }
      double eta = -3 + 0.08 * x[0] + 0.02 * x[1] - 0.05 * x[2];
      boolean positive = random.nextDouble() < 1 / (1 + Math.exp(-eta));
      if (x[0] == 0 && x[1] == 0 && x[2] == 0) {
        empty[positive ? 0 : 1]++;
      } else {
        rows.add(new NonNegativeLogistic.Row(x, positive));
      }
    }
    return rows;
  }

  @Test
  void recoversTheCoefficientsThatRaiseTheOddsAndKeepsTheOneThatLowersThemAtZero() {
    long[] empty = new long[2];
    List<NonNegativeLogistic.Row> rows = drawn(40_000, 7, empty);

    NonNegativeLogistic.Fit fit = new NonNegativeLogistic(0.0, 500).fit(3, rows, empty[0], empty[1]);

    // The intercept absorbs the average of the effect held at zero.
    assertThat(fit.intercept()).isBetween(-3.6, -3.0);
    assertThat(fit.coefficients()[0]).isCloseTo(0.08, within(0.008));
    assertThat(fit.coefficients()[1]).isCloseTo(0.02, within(0.006));
    assertThat(fit.coefficients()[2]).as("a reason never turns round").isZero();
  }

  @Test
  void thePenaltyShrinksTheCoefficientsAndTheFitIsDeterministic() {
    long[] empty = new long[2];
    List<NonNegativeLogistic.Row> rows = drawn(5_000, 11, empty);
    NonNegativeLogistic.Fit loose = new NonNegativeLogistic(0.0, 500).fit(3, rows, empty[0], empty[1]);
    NonNegativeLogistic.Fit tight = new NonNegativeLogistic(500.0, 500).fit(3, rows, empty[0], empty[1]);
    NonNegativeLogistic.Fit again = new NonNegativeLogistic(500.0, 500).fit(3, rows, empty[0], empty[1]);

    assertThat(tight.coefficients()[0]).isLessThan(loose.coefficients()[0]).isGreaterThan(0);
    assertThat(again.coefficients()).containsExactly(tight.coefficients());
    assertThat(again.intercept()).isEqualTo(tight.intercept());
  }

  @Test
  void oneOutcomeAloneCannotBeFitted() {
    List<NonNegativeLogistic.Row> rows = List.of(new NonNegativeLogistic.Row(new double[] {1}, false));
    assertThatThrownBy(() -> new NonNegativeLogistic(1, 10).fit(1, rows, 0, 5))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("both outcomes");
  }
}
