package earshot.jobs.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The shipped model file round-trips: parsed from its own text, it writes the same text and
 * version. A confusion matrix travels in the file and reaches prior adaptation; malformed
 * confusion lines are refused with their line number.
 */
class FastSentimentModelTest {

  @Test
  void modelFileRoundTrips() {
    FastSentimentModel shipped = FastSentimentModel.load();
    FastSentimentModel copy = FastSentimentModel.parse(shipped.toText(), "copy");
    assertThat(copy.toText()).isEqualTo(shipped.toText());
    assertThat(copy.version()).isEqualTo(shipped.version());
    assertThat(copy.priors()).containsExactly(shipped.priors());
  }

  @Test
  void theConfusionMatrixTravelsInTheFileAndSelectsBbse() {
    FastSentimentModel raw = new FastSentimentModel(Map.of("bias", new double[] {0.2, 0.1, -0.3}),
        new double[] {0.2, 0.5, 0.3}, List.of("test model"));
    assertThat(raw.confusion()).isNull();
    double[][] matrix = {{0.7, 0.25, 0.05}, {0.1, 0.8, 0.1}, {0.05, 0.15, 0.8}};
    FastSentimentModel with = raw.withConfusion(matrix, List.of("confusion-on: test"));
    assertThat(with.toText()).contains("\nconfusion\t0.700000\t0.250000\t0.050000\t0.100000\t0.800000\t0.100000"
        + "\t0.050000\t0.150000\t0.800000\n");
    FastSentimentModel copy = FastSentimentModel.parse(with.toText(), "copy");
    assertThat(copy.toText()).isEqualTo(with.toText());
    assertThat(copy.confusion()).isDeepEqualTo(matrix);
    assertThat(copy.version()).isNotEqualTo(raw.version());
    PriorAdaptation.Settings bbse = PriorAdaptation.Settings.DEFAULT.with(PriorAdaptation.Estimator.BBSE);
    FastSentimentAnalyzer analyzer = new FastSentimentAnalyzer(copy, IntentRules.none(), bbse);
    analyzer.analyze("the app is down again", "chat");
    assertThat(analyzer.adaptation("chat").estimator()).isEqualTo(PriorAdaptation.Estimator.BBSE);
    FastSentimentAnalyzer old = new FastSentimentAnalyzer(raw, IntentRules.none(), bbse);
    old.analyze("the app is down again", "chat");
    assertThat(old.adaptation("chat").estimator()).isEqualTo(PriorAdaptation.Estimator.EM);
  }

  @Test
  void malformedConfusionLinesAreRefusedWithTheirLineNumber() {
    String head = "# a model\nclasses\tnegative\tneutral\tpositive\nbias\t0\t0\t0\n";
    String good = "confusion\t0.8\t0.2\t0\t0.1\t0.8\t0.1\t0\t0.2\t0.8\n";
    Map<String, String> bad = Map.of(
        head + "confusion\t0.8\t0.2\t0\t0.1\t0.8\t0.1\t0\t0.2\n", "line 4",
        head + "confusion\t0.8\t0.2\t0\t0.1\t0.8\t0.1\t0\tx\t0.8\n", "line 4",
        head + "confusion\t0.8\t0.3\t0\t0.1\t0.8\t0.1\t0\t0.2\t0.8\n", "line 4",
        head + "confusion\t1.2\t-0.2\t0\t0.1\t0.8\t0.1\t0\t0.2\t0.8\n", "line 4",
        head + "confusion\tNaN\t0.2\t0\t0.1\t0.8\t0.1\t0\t0.2\t0.8\n", "line 4",
        head + good + good, "line 5");
    bad.forEach((text, line) -> assertThatThrownBy(() -> FastSentimentModel.read(new BufferedReader(
        new StringReader(text)), "m.model")).as(text).hasMessageContaining("m.model " + line));
    assertThat(FastSentimentModel.parse(head + good, "ok").confusion()[2]).containsExactly(0, 0.2, 0.8);
  }
}
