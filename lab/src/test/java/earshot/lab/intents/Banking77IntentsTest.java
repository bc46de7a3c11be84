package earshot.lab.intents;

import static org.assertj.core.api.Assertions.assertThat;

import earshot.jobs.text.FastSentimentAnalyzer;
import earshot.jobs.text.FastSentimentModel;
import earshot.jobs.text.IntentModel;
import earshot.jobs.text.IntentRules;
import earshot.jobs.text.TextPipeline;
import earshot.lab.intents.LabelledQueries.Query;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The text stage's intents on Banking77's 3,080 real test queries, which neither the rules nor the
 * learned model saw: rules + model must find far more of the mapped codes than the rules alone,
 * without losing precision.
 */
class Banking77IntentsTest {

  private static IntentEvaluation.Result rulesAlone;
  private static IntentEvaluation.Result withModel;

  @BeforeAll
  static void evaluate() throws Exception {
    List<Query> test = LabelledQueries.read(IntentMapTest.home().resolve("data/real/banking77/test.csv"));
    IntentMap map = IntentMap.read(IntentMapTest.home().resolve(IntentMap.BANKING77));
    IntentRules rules = IntentRules.builtIn();
    Set<String> codes = new HashSet<>(rules.intents());
    FastSentimentAnalyzer alone = new FastSentimentAnalyzer(FastSentimentModel.load(), rules, null, null);
    try (TextPipeline a = new TextPipeline(alone);
        TextPipeline b = new TextPipeline(alone.withIntentModel(IntentModel.load()))) {
      rulesAlone = IntentEvaluation.evaluate(test, map, codes, a);
      withModel = IntentEvaluation.evaluate(test, map, codes, b);
    }
  }

  @Test
  void everyQueryIsScoredOrSkippedByItsCategory() {
    assertThat(rulesAlone.scores().texts() + rulesAlone.skipped()).isEqualTo(3080);
    assertThat(rulesAlone.skipped()).isEqualTo(7 * 40);
    assertThat(rulesAlone.scores().support("refund")).isEqualTo(80);
    assertThat(rulesAlone.scores().support("cancellation")).isEqualTo(40);
  }

  @Test
  void rulesPlusModelRecallFarMoreThanRulesAloneWithoutLosingPrecision() {
    IntentScores before = rulesAlone.scores();
    IntentScores after = withModel.scores();
    // Measured: macro recall 0.337 -> 0.894, macro precision 0.532 -> 0.747, micro-F1 0.374 -> 0.861.
    assertThat(after.macroRecall()).isGreaterThan(before.macroRecall() + 0.40);
    assertThat(after.macroPrecision()).isGreaterThan(before.macroPrecision() - 0.02);
    assertThat(after.microF1()).isGreaterThan(before.microF1() + 0.30);
    for (String code : before.codes()) {
      assertThat(after.recall(code)).as(code).isGreaterThanOrEqualTo(before.recall(code));
      assertThat(after.precision(code)).as(code).isGreaterThan(before.precision(code) - 0.05);
    }
  }

  @Test
  void theRulesAloneMissMostOfTheseQueries() {
    // Why the model exists: written for telecom, retail and delivery language, the rules find under
    // half of the bank customers' problems (they were not tuned on this set, and are not here).
    assertThat(rulesAlone.scores().macroRecall()).isLessThan(0.5);
  }
}
