package earshot.lab.intents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class IntentScoresTest {

  /**
   * Seven texts worked out by hand:
   * refund: hit; hit with an extra billing code; missed (no code at all).
   * billing: missed, called refund; hit.
   * none: called billing; nothing; an unscored code (praise) only.
   * refund: TP 2, FP 1, support 3 -> P 2/3, R 2/3. billing: TP 1, FP 2, support 2 -> P 1/3, R 1/2.
   */
  private static IntentScores example() {
    IntentScores scores = new IntentScores(List.of("refund", "billing_problem"));
    scores.add("refund", List.of("refund"));
    scores.add("refund", List.of("refund", "billing_problem"));
    scores.add("refund", List.of());
    scores.add("billing_problem", List.of("refund"));
    scores.add("billing_problem", List.of("billing_problem", "billing_problem"));
    scores.add("none", List.of("billing_problem"));
    scores.add("none", List.of());
    scores.add("none", List.of("praise"));
    return scores;
  }

  @Test
  void perCodeCountsPrecisionRecallAndF1() {
    IntentScores scores = example();
    assertThat(scores.texts()).isEqualTo(8);
    assertThat(scores.support("refund")).isEqualTo(3);
    assertThat(scores.truePositives("refund")).isEqualTo(2);
    assertThat(scores.falsePositives("refund")).isEqualTo(1);
    assertThat(scores.precision("refund")).isCloseTo(2 / 3.0, within(1e-12));
    assertThat(scores.recall("refund")).isCloseTo(2 / 3.0, within(1e-12));
    assertThat(scores.f1("refund")).isCloseTo(2 / 3.0, within(1e-12));
    assertThat(scores.support("billing_problem")).isEqualTo(2);
    assertThat(scores.truePositives("billing_problem")).as("a code given twice counts once").isEqualTo(1);
    assertThat(scores.falsePositives("billing_problem")).isEqualTo(2);
    assertThat(scores.precision("billing_problem")).isCloseTo(1 / 3.0, within(1e-12));
    assertThat(scores.recall("billing_problem")).isCloseTo(0.5, within(1e-12));
    assertThat(scores.f1("billing_problem")).isCloseTo(2 * (1 / 3.0) * 0.5 / (1 / 3.0 + 0.5), within(1e-12));
  }

  @Test
  void microAndMacroAverages() {
    IntentScores scores = example();
    // micro: TP 3 of 6 predictions, 3 of 5 true codes
    assertThat(scores.microPrecision()).isCloseTo(0.5, within(1e-12));
    assertThat(scores.microRecall()).isCloseTo(0.6, within(1e-12));
    assertThat(scores.microF1()).isCloseTo(2 * 0.5 * 0.6 / 1.1, within(1e-12));
    assertThat(scores.macroPrecision()).isCloseTo((2 / 3.0 + 1 / 3.0) / 2, within(1e-12));
    assertThat(scores.macroRecall()).isCloseTo((2 / 3.0 + 0.5) / 2, within(1e-12));
    assertThat(scores.macroF1()).isCloseTo((scores.f1("refund") + scores.f1("billing_problem")) / 2, within(1e-12));
  }

  @Test
  void confusionCountsEachPredictedCodeAndNoneForTextsWithoutAScoredCode() {
    IntentScores scores = example();
    assertThat(scores.confusion("refund", "refund")).isEqualTo(2);
    assertThat(scores.confusion("refund", "billing_problem")).isEqualTo(1);
    assertThat(scores.confusion("refund", "none")).isEqualTo(1);
    assertThat(scores.confusion("billing_problem", "refund")).isEqualTo(1);
    assertThat(scores.confusion("billing_problem", "none")).isZero();
    assertThat(scores.confusion("none", "billing_problem")).isEqualTo(1);
    assertThat(scores.confusion("none", "none")).as("nothing, and praise only").isEqualTo(2);
    assertThat(scores.unscoredHits()).containsExactly(java.util.Map.entry("praise", 1L));
    assertThat(scores.report()).contains("refund").contains("macro average").contains("praise 1");
  }

  @Test
  void aCodeNeverPredictedHasPrecisionZeroAndAnUnknownTruthIsRefused() {
    IntentScores scores = new IntentScores(List.of("refund", "cancellation"));
    scores.add("cancellation", List.of());
    scores.add("refund", List.of("refund"));
    assertThat(scores.precision("cancellation")).isZero();
    assertThat(scores.macroPrecision()).isCloseTo(0.5, within(1e-12));
    assertThatThrownBy(() -> scores.add("praise", List.of())).isInstanceOf(IllegalArgumentException.class);
  }
}
