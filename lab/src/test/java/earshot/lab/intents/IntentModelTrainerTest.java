package earshot.lab.intents;

import static org.assertj.core.api.Assertions.assertThat;

import earshot.jobs.text.FastSentimentAnalyzer;
import earshot.jobs.text.FastSentimentModel;
import earshot.jobs.text.IntentModel;
import earshot.jobs.text.IntentRules;
import earshot.jobs.text.TextTokenizer;
import earshot.jobs.text.TokenizedText;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A model trained on a handful of texts emits only codes that reach its threshold, round-trips
 * through its text form, and adds its codes to the rules' in the fast analyzer.
 */
class IntentModelTrainerTest {

  private static IntentModel tiny;

  /** A model trained on a handful of texts: refunds, card deliveries and other questions. */
  @BeforeAll
  static void train() {
    List<IntentModelTrainer.Example> examples = new ArrayList<>();
    for (String text : List.of("I want my cash returned for this", "please return my cash",
        "can I get my cash returned", "cash returned now please", "I would like my cash returned")) {
      examples.add(new IntentModelTrainer.Example(text, "refund"));
    }
    for (String text : List.of("my card still has not come", "the card has not come yet",
        "when will my card come", "card not come after two weeks", "still waiting, card has not come")) {
      examples.add(new IntentModelTrainer.Example(text, "delivery_problem"));
    }
    for (String text : List.of("what are your opening hours", "how do I change my address",
        "what is the exchange rate today", "how do I change my pin", "what hours are you open")) {
      examples.add(new IntentModelTrainer.Example(text, IntentModel.NONE));
    }
    tiny = new IntentModelTrainer().train(examples, List.of("refund", "delivery_problem"),
        new IntentModelTrainer.Settings(3.0, 1), 0.6, List.of("a test model"));
  }

  private static TokenizedText tokens(String text) {
    return new TextTokenizer().tokenize(text);
  }

  @Test
  void emitsOnlyCodesWhoseProbabilityReachesTheThreshold() {
    assertThat(tiny.classes()).containsExactly("none", "refund", "delivery_problem");
    assertThat(tiny.confident(tokens("can I have my cash returned"))).containsExactly("refund");
    assertThat(tiny.confident(tokens("my card has still not come"))).containsExactly("delivery_problem");
    assertThat(tiny.confident(tokens("what are the opening hours"))).isEmpty();
    double[] p = tiny.probabilities(tokens("can I have my cash returned"));
    assertThat(p[0] + p[1] + p[2]).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-9));
    assertThat(tiny.withThreshold(1.0).confident(tokens("can I have my cash returned"))).isEmpty();
    assertThat(tiny.confident(tokens(""))).isEmpty();
  }

  @Test
  void theTextFormRoundTrips() {
    IntentModel again = IntentModel.parse(tiny.toText(), "again");
    assertThat(again.toText()).isEqualTo(tiny.toText());
    assertThat(again.threshold()).isEqualTo(0.6);
    assertThat(again.comments()).contains("a test model");
  }

  @Test
  void theAnalyzerGivesTheRulesCodesUnionTheModelsConfidentOnes() {
    FastSentimentAnalyzer rulesAlone = new FastSentimentAnalyzer(FastSentimentModel.load(), IntentRules.builtIn());
    FastSentimentAnalyzer both = rulesAlone.withIntentModel(tiny);
    String paraphrase = "can I have my cash returned";
    assertThat(rulesAlone.analyze(paraphrase).intents()).doesNotContain("refund");
    assertThat(both.analyze(paraphrase).intents()).contains("refund");
    String ruleHit = "I want to cancel my contract";
    assertThat(both.analyze(ruleHit).intents()).containsAll(rulesAlone.analyze(ruleHit).intents())
        .contains("cancellation");
    // the codes keep the rule file's order: refund comes after cancellation there
    assertThat(both.analyze("I want to cancel my contract and get my cash returned please").intents())
        .containsSubsequence("cancellation", "refund");
  }
}
