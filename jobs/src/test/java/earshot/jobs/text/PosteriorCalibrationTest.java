package earshot.jobs.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.BufferedReader;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A calibration travels in the model file and the model applies it (older files without it still
 * read; malformed calibration lines are refused with their line number).
 */
class PosteriorCalibrationTest {

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
