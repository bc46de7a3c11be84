package earshot.jobs.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.BufferedReader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Calibration recovers the temperature and biases that made synthetic labels, leaves decisions alone
 * when it fits a temperature only, and travels in the model file (older files without it still read;
 * malformed calibration lines are refused with their line number).
 */
class PosteriorCalibrationTest {

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
    PosteriorCalibration.Calibration fit = PosteriorCalibration.fit(scores, labels,
        PosteriorCalibration.Kind.BIAS_CORRECTED);
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
    PosteriorCalibration.Calibration fit = PosteriorCalibration.fit(scores, labels, PosteriorCalibration.Kind.TEMPERATURE);
    assertThat(fit.temperature()).as("an under-confident model is sharpened").isCloseTo(0.5, within(0.05));
    assertThat(fit.biases()).containsExactly(0, 0, 0);
  }

  @Test
  void calibrationLowersTheNegativeLogLikelihoodOfAnOverconfidentModel() {
    int[] labels = new int[5_000];
    List<double[]> scores = scores(labels.length, 3, new double[] {0.5, 0, 0}, labels, 3);
    double raw = PosteriorCalibration.nll(scores, labels, new double[] {1});
    PosteriorCalibration.Calibration fit = PosteriorCalibration.fit(scores, labels,
        PosteriorCalibration.Kind.BIAS_CORRECTED);
    double calibrated = PosteriorCalibration.nll(scores, labels,
        new double[] {1 / fit.temperature(), fit.biases()[0], fit.biases()[2]});
    assertThat(calibrated).isLessThan(raw * 0.9);
  }

  @Test
  void theModelFileCarriesTheCalibrationAndTheModelUsesIt() {
    FastSentimentModel raw = new FastSentimentModel(Map.of("bias", new double[] {0.2, 0.1, -0.3},
        "w=awful", new double[] {2, -1, -1}), new double[] {0.2, 0.5, 0.3}, List.of("test model"));
    PosteriorCalibration.Calibration calibration = new PosteriorCalibration.Calibration(2,
        new double[] {0.5, 0, -0.25}, new double[] {0.3, 0.4, 0.3});
    FastSentimentModel calibrated = raw.withCalibration(calibration, List.of("calibrated-on: test"));
    assertThat(calibrated.toText()).contains("\ncalibration\t2.000000\t0.500000\t0.000000\t-0.250000\n")
        .contains("\ncalibration-priors\t0.300000\t0.400000\t0.300000\n");
    FastSentimentModel copy = FastSentimentModel.parse(calibrated.toText(), "copy");
    assertThat(copy.toText()).isEqualTo(calibrated.toText());
    assertThat(copy.calibration().temperature()).isEqualTo(2.0);
    assertThat(copy.adaptationPriors()).containsExactly(0.3, 0.4, 0.3);
    assertThat(raw.adaptationPriors()).containsExactly(0.2, 0.5, 0.3);
    assertThat(copy.version()).isNotEqualTo(raw.version());
    FastSentimentAnalyzer a = new FastSentimentAnalyzer(raw, IntentRules.none());
    FastSentimentAnalyzer b = new FastSentimentAnalyzer(copy, IntentRules.none());
    double[] pa = a.probabilities("awful");
    double[] pb = b.probabilities("awful");
    double[] expected = FastSentimentModel.softmax(new double[] {
        Math.log(pa[0]) / 2 + 0.5, Math.log(pa[1]) / 2, Math.log(pa[2]) / 2 - 0.25});
    for (int c = 0; c < 3; c++) {
      assertThat(pb[c]).isCloseTo(expected[c], within(1e-9));
    }
    // A model without calibration lines (the format before calibration) reads as before.
    assertThat(FastSentimentModel.parse(raw.toText(), "old").calibration()).isNull();
  }

  @Test
  void malformedCalibrationLinesAreRefusedWithTheirLineNumber() {
    String head = "# a model\nclasses\tnegative\tneutral\tpositive\nbias\t0\t0\t0\n";
    String priors = "calibration-priors\t0.3\t0.4\t0.3\n";
    Map<String, String> bad = Map.of(
        head + "calibration\t2\t0\t0\n" + priors, "line 4",
        head + "calibration\tx\t0\t0\t0\n" + priors, "line 4",
        head + "calibration\t-1\t0\t0\t0\n" + priors, "line 5",
        head + "calibration\tNaN\t0\t0\t0\n" + priors, "line 4",
        head + "calibration\t2\t0\t0\t0\n", "line 4",
        head + "calibration\t2\t0\t0\t0\n" + priors + "calibration\t2\t0\t0\t0\n", "line 6",
        head + "calibration\t2\t0\t0\t0\ncalibration-priors\t0.9\t0.4\t0.3\n", "line 5",
        head + priors + "calibration-priors\t0.3\t0.4\t0.3\tx\n", "line 5");
    bad.forEach((text, line) -> assertThatThrownBy(() -> FastSentimentModel.read(new BufferedReader(
        new StringReader(text)), "m.model")).as(text).hasMessageContaining("m.model " + line));
  }

  @Test
  void weightsAndPriorsThatCouldTurnScoresIntoNaNAreRefusedWithTheirLineNumber() {
    String head = "# a model\nclasses\tnegative\tneutral\tpositive\n";
    Map<String, String> bad = Map.of(
        head + "w=ok\tNaN\t0\t0\n", "line 3",
        head + "w=ok\t0\t1e300\t0\n", "line 3",
        head + "w=ok\t0\t0\t1\nw=ok\t0\t0\t1\n", "line 4",
        head + "priors\t0\t0.5\t0.5\n", "line 3",
        head + "priors\t0.5\t0.5\t0.5\n", "line 3",
        head + "priors\t0.2\t0.3\t0.5\npriors\t0.2\t0.3\t0.5\n", "line 4",
        head + "calibration\t0.00001\t0\t0\t0\ncalibration-priors\t0.3\t0.4\t0.3\n", "line 4");
    bad.forEach((text, line) -> assertThatThrownBy(() -> FastSentimentModel.read(new BufferedReader(
        new StringReader(text)), "m.model")).as(text).hasMessageContaining("m.model " + line));
    // The largest weights a trained model holds are far inside the bound.
    assertThat(FastSentimentModel.load().toText().lines().filter(l -> !l.startsWith("#") && !l.startsWith("classes"))
        .flatMap(l -> java.util.Arrays.stream(l.split("\t")).skip(1)).mapToDouble(Double::parseDouble)
        .map(Math::abs).max().orElseThrow()).isLessThan(FastSentimentModel.MAX_WEIGHT / 10);
  }
}
