package earshot.jobs.text;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import earshot.schemas.SentimentLabel;
import java.nio.charset.StandardCharsets;

/**
 * Fuzz target for labelled-text files ({@code sentiment --eval FILE}, {@code bench sentiment --texts FILE},
 * the training files of {@code sentiment --train}). Corpus:
 * {@code src/test/resources/earshot/jobs/text/LabelledTextsFuzzTestInputs/parse/}.
 *
 * <p>Invariants: a file is read or refused with an {@link IllegalArgumentException} naming the file and
 * the line; what is read has one kind of label, no text holds a line feed, and no more texts than the
 * file has lines; a polarity file has no neutral label and a complaint file no positive one.
 */
class LabelledTextsFuzzTest {

  @FuzzTest
  void parse(byte[] input) {
    String content = new String(input, StandardCharsets.UTF_8);
    LabelledTexts texts;
    try {
      texts = LabelledTexts.parse("fuzz.tsv", content);
    } catch (IllegalArgumentException refused) {
      assertThat(refused.getMessage()).startsWith("fuzz.tsv line ");
      return;
    }
    assertThat(texts.kind()).isNotNull();
    assertThat(texts.texts().size()).isLessThanOrEqualTo(content.split("\n", -1).length);
    for (LabelledText text : texts.texts()) {
      assertThat(text.text()).doesNotContain("\n");
      assertThat(text.label()).isNotNull();
      if (texts.kind() == LabelledTexts.Kind.POLARITY) {
        assertThat(text.label()).isNotEqualTo(SentimentLabel.NEUTRAL);
      }
      if (texts.kind() == LabelledTexts.Kind.COMPLAINT) {
        assertThat(text.label()).isNotEqualTo(SentimentLabel.POSITIVE);
      }
    }
  }
}
