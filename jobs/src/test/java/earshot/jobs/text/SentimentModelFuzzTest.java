package earshot.jobs.text;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Fuzz target for sentiment model files ({@code text.sentiment-model}, {@code sentiment --model}),
 * which an operator may train and ship. Corpus:
 * {@code src/test/resources/earshot/jobs/text/SentimentModelFuzzTestInputs/read/}.
 *
 * <p>Invariants: a file either reads or is refused with an IOException that names it; a model that
 * reads writes out as text that reads back to the same text; a model that reads gives every text a
 * label, a score in [-1, 1] and a confidence in [0, 1], calibrated or not, with priors adapted or not.
 */
class SentimentModelFuzzTest {

  private static final String ORIGIN = "fuzzed.model";
  private static final IntentRules RULES = IntentRules.builtIn();
  private static final List<String> TEXTS = List.of(
      "great service, thanks", "I hate this, not good at all!!", "how do I change my address?",
      "soooo bad @airline #fail :(", "ok");

  @FuzzTest
  void read(byte[] input) throws IOException {
    FastSentimentModel model;
    try {
      model = FastSentimentModel.read(reader(new String(input, StandardCharsets.UTF_8)), ORIGIN);
    } catch (IOException refused) {
      assertThat(refused.getMessage()).startsWith(ORIGIN);
      return;
    }
    String text = model.toText();
    assertThat(FastSentimentModel.read(reader(text), ORIGIN).toText()).isEqualTo(text);
    FastSentimentAnalyzer plain = new FastSentimentAnalyzer(model, RULES);
    FastSentimentAnalyzer adapting = new FastSentimentAnalyzer(model, RULES,
        PriorAdaptation.Settings.DEFAULT);
    for (String sample : TEXTS) {
      for (FastSentimentAnalyzer analyzer : List.of(plain, adapting)) {
        TextResult result = analyzer.analyze(sample);
        assertThat(result.label()).as(sample).isNotNull();
        assertThat(result.score()).as(sample).isBetween(-1.0, 1.0);
        assertThat(result.confidence()).as(sample).isBetween(0.0, 1.0);
      }
    }
  }

  private static BufferedReader reader(String text) {
    return new BufferedReader(new StringReader(text));
  }
}
