package earshot.jobs.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The reference deep mode, loaded once: it takes seconds to load and tens of milliseconds a text. */
class DeepSentimentAnalyzerTest {

  private static DeepSentimentAnalyzer deep;
  private static FastSentimentAnalyzer fast;

  @BeforeAll
  static void load() {
    IntentRules rules = IntentRules.builtIn();
    deep = new DeepSentimentAnalyzer(rules);
    fast = new FastSentimentAnalyzer(rules);
  }

  @AfterAll
  static void close() {
    deep.close();
  }

  @Test
  void validResultsAndTheSameIntentsAsTheFastMode() {
    for (String text : List.of("I want to cancel my subscription", "The engineer was brilliant, thank you!",
        "My parcel never arrived and nobody answers the phone. I want a refund.", "", "😡😡 !!! \u0000")) {
      TextResult result = deep.analyze(text);
      assertThat(result.score()).isBetween(-1.0, 1.0);
      assertThat(result.confidence()).isBetween(0.0, 1.0);
      assertThat(result.intents()).as(text).isEqualTo(fast.analyze(text).intents());
      assertThat(result.keyPhrases()).as(text).isEqualTo(fast.analyze(text).keyPhrases());
    }
  }

  @Test
  void readsLongTextsUpToItsLimit() {
    String longText = "The router keeps dropping the connection. ".repeat(500);
    TextResult result = deep.analyze(longText);
    assertThat(result.score()).isBetween(-1.0, 1.0);
    assertThat(deep.modelName()).isEqualTo("corenlp-rntn-4.5.10");
  }
}
