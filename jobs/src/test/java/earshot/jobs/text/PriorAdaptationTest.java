package earshot.jobs.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * EM and BBSE prior estimation on a synthetic problem whose true posteriors are known: three
 * classes whose one-dimensional scores are Gaussians at -2, 0 and 2 (standard deviation 1). A
 * classifier calibrated on balanced training data gives Bayes posteriors under priors 1/3 each; an
 * over-confident one, those posteriors' log-odds scaled up.
 */
class PriorAdaptationTest {

  private static final double[] UNIFORM = {1 / 3.0, 1 / 3.0, 1 / 3.0};
  private static final double[] MEANS = {-2, 0, 2};

  @Test
  void batchEstimateRecoversTheStreamsPriors() {
    double[] truth = {0.6, 0.3, 0.1};
    List<double[]> posteriors = sample(new Random(11), truth, 5000);
    double[] estimate = PriorAdaptation.estimate(posteriors, UNIFORM, 200);
    for (int c = 0; c < 3; c++) {
      assertThat(estimate[c]).as("class %d", c).isCloseTo(truth[c], within(0.03));
    }
  }

  @Test
  void aStreamStartsAtItsStartPriorAndEstimatesAgainstTheReferencePriors() {
    // Posteriors calibrated for uniform priors, a model whose training texts were mostly neutral.
    double[] start = {0.2, 0.6, 0.2};
    PriorAdaptation adaptation = new PriorAdaptation(UNIFORM, start, new PriorAdaptation.Settings(2000, 50, 200, 0.05,
        50));
    double[] first = adaptation.adapt(new double[] {0.4, 0.3, 0.3});
    assertThat(adaptation.priors()).containsExactly(start, within(1e-12));
    assertThat(first).containsExactly(PriorAdaptation.correct(new double[] {0.4, 0.3, 0.3}, UNIFORM, start),
        within(1e-12));
    assertThat(first[1]).as("before any estimate the start prior is in use").isGreaterThan(first[0]);
    for (double[] p : sample(new Random(3), new double[] {0.6, 0.3, 0.1}, 1999)) {
      adaptation.adapt(p);
    }
    assertThat(adaptation.priors()[0]).isCloseTo(0.6, within(0.05));
  }

  @Test
  void correctionWithTheTrainingPriorsChangesNothingAndAShiftMovesTheLabel() {
    double[] posterior = {0.3, 0.4, 0.3};
    assertThat(PriorAdaptation.correct(posterior, UNIFORM, UNIFORM)).containsExactly(posterior, within(1e-12));
    double[] corrected = PriorAdaptation.correct(posterior, UNIFORM, new double[] {0.6, 0.3, 0.1});
    assertThat(corrected[0]).isGreaterThan(corrected[1]).isGreaterThan(corrected[2]);
    assertThat(corrected[0] + corrected[1] + corrected[2]).isCloseTo(1.0, within(1e-12));
  }

  @Test
  void onlineEstimateStartsFromTheTrainingPriorsThenFollowsTheLastWindow() {
    PriorAdaptation.Settings settings = new PriorAdaptation.Settings(1000, 50, 200, 0.05, 30);
    PriorAdaptation adaptation = new PriorAdaptation(UNIFORM, settings);
    Random random = new Random(5);
    for (double[] p : sample(random, new double[] {0.7, 0.2, 0.1}, 199)) {
      adaptation.adapt(p);
    }
    assertThat(adaptation.priors()).containsExactly(UNIFORM, within(1e-12));
    assertThat(adaptation.estimates()).isZero();
    for (double[] p : sample(random, new double[] {0.7, 0.2, 0.1}, 1801)) {
      adaptation.adapt(p);
    }
    assertThat(adaptation.priors()[0]).isCloseTo(0.7, within(0.05));
    // The stream turns positive: after a full window of new texts the old ones are forgotten.
    for (double[] p : sample(random, new double[] {0.1, 0.2, 0.7}, 1000)) {
      adaptation.adapt(p);
    }
    assertThat(adaptation.priors()[2]).isCloseTo(0.7, within(0.05));
    assertThat(adaptation.texts()).isEqualTo(3000);
  }

  @Test
  void aShrunkEstimateGoesPartWayFromTheTrainingPriorAndTheRawEstimateStaysUnshrunk() {
    double[] truth = {0.7, 0.2, 0.1};
    List<double[]> posteriors = sample(new Random(7), truth, 1000);
    PriorAdaptation full = new PriorAdaptation(UNIFORM, new PriorAdaptation.Settings(1000, 50, 200, 0.05, 30));
    PriorAdaptation half = new PriorAdaptation(UNIFORM,
        new PriorAdaptation.Settings(1000, 50, 200, 0.05, 30).withShrink(0.5));
    PriorAdaptation none = new PriorAdaptation(UNIFORM,
        new PriorAdaptation.Settings(1000, 50, 200, 0.05, 30).withShrink(0));
    for (double[] p : posteriors) {
      full.adapt(p);
      half.adapt(p);
      none.adapt(p);
    }
    assertThat(full.priors()[0]).isCloseTo(0.7, within(0.05));
    for (int c = 0; c < 3; c++) {
      // Half way between the training prior and the estimate the full adaptation uses.
      assertThat(half.priors()[c]).as("class %d", c)
          .isCloseTo((UNIFORM[c] + full.priors()[c]) / 2, within(0.005));
    }
    assertThat(none.priors()).containsExactly(UNIFORM, within(1e-12));
    assertThat(half.priors()[0] + half.priors()[1] + half.priors()[2]).isCloseTo(1.0, within(1e-9));
  }

  @Test
  void shrinkOutsideZeroToOneIsRefused() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> PriorAdaptation.Settings.DEFAULT.withShrink(1.5))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(PriorAdaptation.shrink(new double[] {0.2, 0.5, 0.3}, new double[] {0.6, 0.3, 0.1}, 0.25))
        .containsExactly(new double[] {0.3, 0.45, 0.25}, within(1e-12));
  }

  @Test
  void noClassFallsBelowTheFloor() {
    PriorAdaptation adaptation = new PriorAdaptation(UNIFORM, new PriorAdaptation.Settings(500, 10, 100, 0.1, 50));
    for (int i = 0; i < 500; i++) {
      adaptation.adapt(new double[] {0.98, 0.01, 0.01});
    }
    double[] priors = adaptation.priors();
    assertThat(priors[1]).isGreaterThanOrEqualTo(0.1 - 1e-9);
    assertThat(priors[2]).isGreaterThanOrEqualTo(0.1 - 1e-9);
    assertThat(priors[0] + priors[1] + priors[2]).isCloseTo(1.0, within(1e-9));
  }

  @Test
  void adaptationImprovesAccuracyOnAShiftedStream() {
    double[] truth = {0.1, 0.8, 0.1};
    Random random = new Random(3);
    int plain = 0;
    int adapted = 0;
    PriorAdaptation adaptation = new PriorAdaptation(UNIFORM, PriorAdaptation.Settings.DEFAULT);
    for (int i = 0; i < 5000; i++) {
      int label = draw(random, truth);
      double[] p = posterior(MEANS[label] + random.nextGaussian());
      plain += argmax(p) == label ? 1 : 0;
      adapted += argmax(adaptation.adapt(p)) == label ? 1 : 0;
    }
    assertThat(adapted).isGreaterThan(plain + 250); // at least 5 points over 5,000 texts
  }

  @Test
  void bbseRecoversTheStreamsPriorsFromTheDecisionsAndAHeldOutConfusionMatrix() {
    double[][] confusion = confusion(new Random(21), 1.0, 6000);
    double[] truth = {0.63, 0.21, 0.16};
    double[] estimate = PriorAdaptation.bbse(sample(new Random(22), truth, 5000, 1.0), confusion);
    for (int c = 0; c < 3; c++) {
      assertThat(estimate[c]).as("class %d", c).isCloseTo(truth[c], within(0.03));
    }
  }

  @Test
  void withOverConfidentPosteriorsBbseStaysCloseWhereEmOvershoots() {
    // The model's scores are twice what Bayes would give (temperature 0.5), as a penalised model's
    // are on texts unlike its training texts: EM trusts them, BBSE only counts decisions.
    double[][] confusion = confusion(new Random(31), 2.0, 6000);
    double[] truth = {0.63, 0.21, 0.16};
    List<double[]> stream = sample(new Random(32), truth, 5000, 2.0);
    double[] em = PriorAdaptation.estimate(stream, UNIFORM, 200);
    double[] bbse = PriorAdaptation.bbse(stream, confusion);
    double emError = 0;
    double bbseError = 0;
    for (int c = 0; c < 3; c++) {
      emError += Math.abs(em[c] - truth[c]);
      bbseError += Math.abs(bbse[c] - truth[c]);
    }
    assertThat(bbseError).isLessThan(0.06);
    assertThat(emError).isGreaterThan(bbseError + 0.03);
  }

  @Test
  void onlineBbseFollowsTheStreamAndWithoutAConfusionMatrixFallsBackToEm() {
    double[][] confusion = confusion(new Random(41), 1.0, 6000);
    PriorAdaptation.Settings settings = new PriorAdaptation.Settings(1000, 50, 200, 0.05, 30,
        PriorAdaptation.Estimator.BBSE);
    PriorAdaptation bbse = new PriorAdaptation(UNIFORM, UNIFORM, confusion, settings);
    PriorAdaptation fallback = new PriorAdaptation(UNIFORM, UNIFORM, null, settings);
    PriorAdaptation em = new PriorAdaptation(UNIFORM, UNIFORM, confusion, settings.with(PriorAdaptation.Estimator.EM));
    assertThat(bbse.estimator()).isEqualTo(PriorAdaptation.Estimator.BBSE);
    assertThat(fallback.estimator()).isEqualTo(PriorAdaptation.Estimator.EM);
    assertThat(em.estimator()).isEqualTo(PriorAdaptation.Estimator.EM);
    Random random = new Random(42);
    for (double[] p : sample(random, new double[] {0.7, 0.2, 0.1}, 1000, 1.0)) {
      bbse.adapt(p);
    }
    assertThat(bbse.priors()[0]).isCloseTo(0.7, within(0.05));
    for (double[] p : sample(random, new double[] {0.1, 0.2, 0.7}, 1000, 1.0)) {
      bbse.adapt(p);
    }
    assertThat(bbse.priors()[2]).isCloseTo(0.7, within(0.05));
    assertThat(bbse.toString()).contains("BBSE");
  }

  @Test
  void bbseCutsNegativeSharesAndRefusesASingularMatrix() {
    double[][] identity = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
    assertThat(PriorAdaptation.solve(identity, new double[] {0.5, 0.3, 0.2})).containsExactly(
        new double[] {0.5, 0.3, 0.2}, within(1e-12));
    // Labels a little more positive than even a stream without positives would give: the solution's
    // positive share is below 0, cut to 0, and the rest renormalised.
    double[][] confusion = {{0.8, 0.2, 0}, {0.1, 0.8, 0.1}, {0, 0.2, 0.8}};
    double[] q = PriorAdaptation.solve(confusion, new double[] {0.5, 0.5, 0.0});
    assertThat(q[2]).isZero();
    assertThat(q[0] + q[1] + q[2]).isCloseTo(1.0, within(1e-12));
    assertThat(q[0]).isGreaterThan(q[1]);
    double[][] singular = {{0.5, 0.5, 0}, {0.5, 0.5, 0}, {0, 0, 1}};
    assertThat(PriorAdaptation.solve(singular, new double[] {0.4, 0.4, 0.2})).isNull();
  }

  /** The confusion matrix [true][label] of the synthetic model (scores scaled by {@code sharpness}) on balanced texts. */
  private static double[][] confusion(Random random, double sharpness, int n) {
    double[][] counts = new double[3][3];
    for (int i = 0; i < n; i++) {
      int label = i % 3;
      counts[label][argmax(posterior(MEANS[label] + random.nextGaussian(), sharpness))]++;
    }
    for (double[] row : counts) {
      double sum = row[0] + row[1] + row[2];
      for (int c = 0; c < 3; c++) {
        row[c] /= sum;
      }
    }
    return counts;
  }

  private static List<double[]> sample(Random random, double[] priors, int n, double sharpness) {
    List<double[]> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(posterior(MEANS[draw(random, priors)] + random.nextGaussian(), sharpness));
    }
    return out;
  }

  private static List<double[]> sample(Random random, double[] priors, int n) {
    List<double[]> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(posterior(MEANS[draw(random, priors)] + random.nextGaussian()));
    }
    return out;
  }

  private static int draw(Random random, double[] priors) {
    double u = random.nextDouble();
    return u < priors[0] ? 0 : u < priors[0] + priors[1] ? 1 : 2;
  }

  /** Bayes posterior of a score under equal priors. */
  private static double[] posterior(double x) {
    return posterior(x, 1.0);
  }

  /** The Bayes posterior's log-odds times {@code sharpness} (above 1: over-confident). */
  private static double[] posterior(double x, double sharpness) {
    double[] p = new double[3];
    double sum = 0;
    for (int c = 0; c < 3; c++) {
      p[c] = Math.exp(-0.5 * sharpness * (x - MEANS[c]) * (x - MEANS[c]));
      sum += p[c];
    }
    for (int c = 0; c < 3; c++) {
      p[c] /= sum;
    }
    return p;
  }

  private static int argmax(double[] p) {
    return p[0] >= p[1] && p[0] >= p[2] ? 0 : p[2] > p[1] ? 2 : 1;
  }
}
