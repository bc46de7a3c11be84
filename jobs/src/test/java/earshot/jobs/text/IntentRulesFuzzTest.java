package earshot.jobs.text;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Fuzz target for intent-rule files ({@code text.intent-rules}), which an analyst edits by hand:
 * parsed, and when accepted applied to a few texts. Corpus:
 * {@code src/test/resources/earshot/jobs/text/IntentRulesFuzzTestInputs/parse/}.
 *
 * <p>Invariants: a file either parses or fails with {@link InvalidIntentRulesException} listing its
 * problems, each with the file and line; accepted rules produce only intents the file names, and
 * match every text without failing.
 */
class IntentRulesFuzzTest {

  private static final TextTokenizer TOKENIZER = new TextTokenizer();
  private static final List<TokenizedText> TEXTS = List.of(
      TOKENIZER.tokenize("I want to cancel my subscription, the app keeps crashing"),
      TOKENIZER.tokenize("Still waiting for my refund after three weeks on hold!"),
      TOKENIZER.tokenize("Great service, thank you"),
      TOKENIZER.tokenize(""));

  @FuzzTest
  void parse(byte[] input) {
    IntentRules rules;
    try {
      rules = IntentRules.parse(new IntentRules.Source("fuzz.txt", new String(input, StandardCharsets.UTF_8)));
    } catch (InvalidIntentRulesException expected) {
      assertThat(expected.getMessage()).contains("fuzz.txt:");
      return;
    }
    IntentRules.Matcher matcher = rules.matcher();
    for (TokenizedText text : TEXTS) {
      assertThat(rules.intents()).containsAll(matcher.match(text));
    }
  }
}
