package earshot.jobs.detect.slices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import earshot.jobs.detect.Stats;
import org.junit.jupiter.api.Test;

class NpsTailTest {

  /** The Dirichlet-multinomial probability of each (promoters, detractors) on n answers, summed by brute force. */
  private static double bruteForce(int n, double aP, double aO, double aD, java.util.function.IntPredicate npsHolds) {
    double a = aP + aO + aD;
    double sum = 0;
    for (int p = 0; p <= n; p++) {
      for (int d = 0; d + p <= n; d++) {
        int o = n - p - d;
        double log = Stats.logGamma(n + 1.0) + Stats.logGamma(a) - Stats.logGamma(a + n)
            + Stats.logGamma(aP + p) - Stats.logGamma(aP) - Stats.logGamma(p + 1.0)
            + Stats.logGamma(aO + o) - Stats.logGamma(aO) - Stats.logGamma(o + 1.0)
            + Stats.logGamma(aD + d) - Stats.logGamma(aD) - Stats.logGamma(d + 1.0);
        sum += npsHolds.test(p - d) ? Math.exp(log) : 0;
      }
    }
    return sum;
  }

  @Test
  void bothTailsAndTheMidPComeFromOneSummation() {
    // A baseline of 1,000 answers at NPS +35 (50% promoters, 15% detractors); windows of 21 answers.
    double aP = 501;
    double aO = 351;
    double aD = 151;
    int n = 21;
    for (int[] window : new int[][] {{1, 10}, {11, 3}, {20, 0}, {0, 21}, {8, 6}}) {
      int s = window[0] - window[1];
      double[] scores = NpsTail.scores(window[0], window[1], n, aP, aO, aD);
      double atMost = bruteForce(n, aP, aO, aD, nps -> nps <= s);
      double atLeast = bruteForce(n, aP, aO, aD, nps -> nps >= s);
      double below = bruteForce(n, aP, aO, aD, nps -> nps < s);
      assertThat(scores[0]).as("drop score of %s", java.util.Arrays.toString(window))
          .isCloseTo(Stats.zForUpperTail(atMost), within(1e-6));
      if (atLeast < 0.5) {
        // The rise's tail is 1 less the rest: precise where it is small, which is where it is read.
        assertThat(scores[1]).as("rise score of %s", java.util.Arrays.toString(window))
            .isCloseTo(Stats.zForUpperTail(atLeast), within(1e-4));
      } else {
        assertThat(scores[1]).as("rise score of %s", java.util.Arrays.toString(window)).isNegative();
      }
      assertThat(scores[2]).as("mid-p drop score of %s", java.util.Arrays.toString(window))
          .isCloseTo(Stats.zForUpperTail((below + atMost) / 2), within(1e-6));
      assertThat(scores[2]).isCloseTo(Stats.zForUpperTail(NpsTail.midLower(window[0], window[1], n, aP, aO, aD)),
          within(1e-9));
    }
    // The window of 1 promoter and 10 detractors: far out, but less so than a normal approximation says (4.7).
    assertThat(NpsTail.scores(1, 10, n, aP, aO, aD)[0]).isBetween(4.0, 4.6);
  }
}
