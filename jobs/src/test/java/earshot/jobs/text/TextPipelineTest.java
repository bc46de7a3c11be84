package earshot.jobs.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import earshot.schemas.SentimentLabel;
import earshot.schemas.TextStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextPipelineTest {

  private final TextPipeline pipeline = new TextPipeline(new FastSentimentAnalyzer(IntentRules.builtIn()));

  @Test
  void englishTextIsRedactedThenAnalysed() {
    TextPipeline.Reading reading = pipeline.read(
        "I want to cancel, nobody answers! Call me on 07700 900461 or mail jo@example.com", null);
    assertThat(reading.status()).isEqualTo(TextStatus.ANALYSED);
    assertThat(reading.text()).isEqualTo("I want to cancel, nobody answers! Call me on [PHONE] or mail [EMAIL]");
    assertThat(reading.redactions()).containsExactly(entry("EMAIL", 1), entry("PHONE", 1));
    assertThat(reading.language()).isEqualTo("en");
    assertThat(reading.result().label()).isEqualTo(SentimentLabel.NEGATIVE);
    assertThat(reading.result().intents()).contains("cancellation", "callback_request");
  }

  @Test
  void otherLanguagesGetTheirLanguageAndNoSentiment() {
    TextPipeline.Reading reading = pipeline.read("Mon colis n'est toujours pas arrivé, appelez le 06 12 34 56 78", null);
    assertThat(reading.status()).isEqualTo(TextStatus.UNSUPPORTED_LANGUAGE);
    assertThat(reading.language()).isEqualTo("fr");
    assertThat(reading.result()).isNull();
    assertThat(reading.text()).endsWith("appelez le [PHONE]");
  }

  @Test
  void theDeclaredLanguageDecidesWhenTheTextIsTooShortToTell() {
    assertThat(pipeline.read("ok", "fr-CA").status()).isEqualTo(TextStatus.UNSUPPORTED_LANGUAGE);
    assertThat(pipeline.read("ok", "fr-CA").language()).isEqualTo("fr");
    assertThat(pipeline.read("ok", "en-GB").status()).isEqualTo(TextStatus.ANALYSED);
    assertThat(pipeline.read("ok", null).status()).isEqualTo(TextStatus.ANALYSED);
    // A text that is clearly English is read even if the channel said otherwise.
    assertThat(pipeline.read("My parcel still has not arrived and nobody answers my emails", "de").status())
        .isEqualTo(TextStatus.ANALYSED);
  }

  @Test
  void noText() {
    for (String text : new String[] {null, "", "  "}) {
      TextPipeline.Reading reading = pipeline.read(text, null);
      assertThat(reading.status()).isEqualTo(TextStatus.NO_TEXT);
      assertThat(reading.result()).isNull();
    }
  }

  @Test
  void aFailingAnalyzerCostsOneNeutralResultNotTheJob() {
    TextAnalyzer failing = new TextAnalyzer() {
      @Override
      public TextResult analyze(String text) {
        throw new IllegalStateException("boom");
      }

      @Override
      public String modelName() {
        return "failing";
      }
    };
    TextPipeline failingPipeline = new TextPipeline(failing);
    TextPipeline.Reading reading = failingPipeline.read("The app keeps crashing", null);
    assertThat(reading.status()).isEqualTo(TextStatus.ANALYSED);
    assertThat(reading.result()).isEqualTo(new TextResult(SentimentLabel.NEUTRAL, 0, 0, List.of(), List.of()));
    assertThat(failingPipeline.failures()).isEqualTo(1);
  }
}
