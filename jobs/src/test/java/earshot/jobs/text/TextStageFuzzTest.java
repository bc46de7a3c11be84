package earshot.jobs.text;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import earshot.schemas.TextStatus;
import java.util.Map;

/**
 * Fuzz targets for the text stage, the part of Earshot that reads what customers write. A normal
 * test run replays the corpus under {@code src/test/resources/earshot/jobs/text/TextStageFuzzTestInputs/};
 * {@code ./earshot fuzz text} runs a campaign. Input bytes become text through {@link FuzzText}.
 *
 * <p>Invariants: every text gets a reading (never an exception, never a hang); the analyzer never
 * fails behind the pipeline's back; a reading's scores are in range; the redacted text keeps no
 * standalone Luhn-valid card number and no e-mail address the redactor reported; redaction is
 * idempotent on its own output's placeholders.
 */
class TextStageFuzzTest {

  private static final PiiRedactor REDACTOR = new PiiRedactor();
  private static final TextPipeline FAST = new TextPipeline(REDACTOR, new LanguageDetector(),
      new FastSentimentAnalyzer(IntentRules.builtIn()));

  /** Redaction, language, sentiment, intents and key phrases in the fast mode, as the enrich job runs them. */
  @FuzzTest
  void fastMode(byte[] input) {
    String text = FuzzText.decode(input);
    long failuresBefore = FAST.failures();
    TextPipeline.Reading reading = FAST.read(text, input.length % 2 == 0 ? null : "en");
    assertThat(FAST.failures()).as("analyzer exceptions swallowed by the pipeline").isEqualTo(failuresBefore);
    assertThat(reading).isNotNull();
    assertThat(reading.status()).isNotNull();
    if (text == null || text.isBlank()) {
      assertThat(reading.status()).isEqualTo(TextStatus.NO_TEXT);
      return;
    }
    assertThat(reading.text()).isNotNull();
    assertThat(reading.language()).isNotNull();
    if (reading.status() == TextStatus.ANALYSED) {
      TextResult result = reading.result();
      assertThat(result).isNotNull();
      assertThat(result.label()).isNotNull();
      assertThat(result.score()).isBetween(-1.0, 1.0);
      assertThat(result.confidence()).isBetween(0.0, 1.0);
      assertThat(result.intents()).doesNotContainNull().doesNotHaveDuplicates();
      assertThat(result.keyPhrases()).doesNotContainNull();
    } else {
      assertThat(reading.status()).isEqualTo(TextStatus.UNSUPPORTED_LANGUAGE);
      assertThat(reading.result()).isNull();
    }
    assertThat(FuzzText.survivingCard(reading.text())).as("card number left in the redacted text").isNull();
  }

  /** The redactor alone: what it promises about its output, on any text. */
  @FuzzTest
  void redaction(byte[] input) {
    String text = FuzzText.decode(input);
    PiiRedactor.Redacted redacted = REDACTOR.redact(text);
    assertThat(redacted.text()).isNotNull();
    assertThat(redacted.counts().values()).allMatch(count -> count > 0);
    assertThat(FuzzText.survivingCard(redacted.text())).as("card number left in the redacted text").isNull();
    if (redacted.total() == 0) {
      assertThat(redacted.text()).isEqualTo(text);
    }
    // Every reported span became a placeholder.
    for (Map.Entry<String, Integer> entry : redacted.counts().entrySet()) {
      String placeholder = PiiRedactor.Kind.valueOf(entry.getKey()).placeholder();
      assertThat(occurrences(redacted.text(), placeholder) - occurrences(text, placeholder))
          .as("new %s placeholders", entry.getKey()).isEqualTo(entry.getValue());
    }
  }

  private static int occurrences(String text, String part) {
    int count = 0;
    for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) {
      count++;
    }
    return count;
  }
}
