package earshot.lab.sentiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import earshot.jobs.text.FastSentimentModel;
import earshot.jobs.text.PosteriorCalibration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Calibration recovers the temperature and biases that made synthetic labels, and leaves decisions
 * alone when it fits a temperature only.
 */
class PosteriorCalibrationFitTest {

  /** Labels drawn from softmax(z / t + b): a model over-confident by t, biased by b. */
  private static List<double[]> scores(int n, double t, double[] b, int[] labels, long seed) {
    Random random = new Random(seed);
    List<double[]> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double[] z = {random.nextGaussian() * 3, random.nextGaussian() * 3, random.nextGaussian() * 3};
      double[] s = {z[0] / t + b[0], z[1] / t + b[1], z[2] / t + b[2]};
      double[] p = FastSentimentModel.softmax(s);
      double u = random.nextDouble();
      labels[i] = u < p[0] ? 0 : u < p[0] + p[1] ? 1 : 2;
      out.add(z);
    }
    return out;
  }

  @Test
  void biasCorrectedScalingRecoversTheTemperatureAndTheBiases() {
    int[] labels = new int[20_000];
    List<double[]> scores = scores(labels.length, 2.5, new double[] {0.8, 0, -0.6}, labels, 1);
    PosteriorCalibration.Calibration fit = PosteriorCalibrationFit.fit(scores, labels,
        PosteriorCalibrationFit.Kind.BIAS_CORRECTED);
    assertThat(fit.temperature()).isCloseTo(2.5, within(0.15));
    assertThat(fit.biases()[0]).isCloseTo(0.8, within(0.1));
    assertThat(fit.biases()[1]).isEqualTo(0.0);
    assertThat(fit.biases()[2]).isCloseTo(-0.6, within(0.1));
    // At the optimum the mean calibrated posterior equals the label shares (the gradient in b is zero).
    double[] mean = new double[3];
    double[] shares = new double[3];
    for (int i = 0; i < labels.length; i++) {
      double[] z = scores.get(i).clone();
      fit.apply(z);
      double[] p = FastSentimentModel.softmax(z);
      for (int c = 0; c < 3; c++) {
        mean[c] += p[c] / labels.length;
      }
      shares[labels[i]] += 1.0 / labels.length;
    }
    for (int c = 0; c < 3; c++) {
      assertThat(mean[c]).isCloseTo(shares[c], within(1e-3));
      assertThat(fit.priors()[c]).isCloseTo(shares[c], within(1e-9));
    }
  }

  @Test
  void temperatureScalingFitsTheTemperatureAloneAndKeepsTheDecisions() {
    int[] labels = new int[10_000];
    List<double[]> scores = scores(labels.length, 0.5, new double[3], labels, 2);
    PosteriorCalibration.Calibration fit = PosteriorCalibrationFit.fit(scores, labels, PosteriorCalibrationFit.Kind.TEMPERATURE);
    assertThat(fit.temperature()).as("an under-confident model is sharpened").isCloseTo(0.5, within(0.05));
    assertThat(fit.biases()).containsExactly(0, 0, 0);
  }

  @Test
  void calibrationLowersTheNegativeLogLikelihoodOfAnOverconfidentModel() {
    int[] labels = new int[5_000];
    List<double[]> scores = scores(labels.length, 3, new double[] {0.5, 0, 0}, labels, 3);
    double raw = PosteriorCalibrationFit.nll(scores, labels, new double[] {1});
    PosteriorCalibration.Calibration fit = PosteriorCalibrationFit.fit(scores, labels,
        PosteriorCalibrationFit.Kind.BIAS_CORRECTED);
    double calibrated = PosteriorCalibrationFit.nll(scores, labels,
        new double[] {1 / fit.temperature(), fit.biases()[0], fit.biases()[2]});
    assertThat(calibrated).isLessThan(raw * 0.9);
  }
}
