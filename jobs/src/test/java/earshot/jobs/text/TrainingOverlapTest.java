package earshot.jobs.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * No sentence a test judges the model by is a sentence the model was trained on: the held-out
 * customer-service texts and the cases of {@link FastSentimentAnalyzerTest} are checked against
 * the committed training texts, compared without differences of case, spacing or final punctuation.
 */
class TrainingOverlapTest {

  @Test
  void noTestSentenceIsATrainingSentence() {
    Set<String> training = new HashSet<>();
    TestTexts.cxTrain().texts().forEach(t -> training.add(key(t.text())));
    List<LabelledText> tested = new ArrayList<>(TestTexts.cxEval().texts());
    tested.addAll(FastSentimentAnalyzerTest.NEGATION);
    tested.addAll(FastSentimentAnalyzerTest.CONTRAST);
    assertThat(tested).hasSizeGreaterThan(300);
    assertThat(tested).filteredOn(t -> training.contains(key(t.text()))).as("test sentences that are training sentences")
        .isEmpty();
  }

  @Test
  void theComparisonIgnoresCaseAndPunctuation() {
    assertThat(key("Never again.")).isEqualTo(key(" never  again!"));
    assertThat(key("Never again.")).isNotEqualTo(key("never again, never"));
    assertThat(key("Thanks!")).isNotEqualTo(key(":) thanks"));
  }

  /** Lower case, single spaces, without the punctuation that ends or opens it. */
  static String key(String text) {
    return text.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").replaceAll("^[\\s.!?,;]+|[\\s.!?,;]+$", "");
  }
}
