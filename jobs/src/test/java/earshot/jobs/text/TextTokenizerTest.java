package earshot.jobs.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TextTokenizerTest {

  @Test
  void textWithoutLongRunsIsLeftAlone() {
    String text = "https://example.com/track?id=12345 the parcel never came";
    assertThat(TextTokenizer.breakLongRuns(text)).isSameAs(text);
  }

  @Test
  void longRunsAreCutWithoutLosingCharacters() {
    String text = "well-".repeat(100) + " ok " + "+".repeat(300);
    String cut = TextTokenizer.breakLongRuns(text);
    assertThat(Arrays.stream(cut.split("\\s+")).mapToInt(String::length).max().orElse(0))
        .isLessThanOrEqualTo(TextTokenizer.MAX_RUN);
    assertThat(cut.replace(" ", "")).isEqualTo(text.replace(" ", ""));
  }

  @Test
  void surrogatePairsAreNotSplit() {
    String text = "a" + "\uD83D\uDE21".repeat(200);
    String cut = TextTokenizer.breakLongRuns(text);
    for (int i = 0; i < cut.length(); i++) {
      if (Character.isHighSurrogate(cut.charAt(i))) {
        assertThat(Character.isLowSurrogate(cut.charAt(i + 1))).as("pair at %d", i).isTrue();
      }
    }
    assertThat(cut.replace(" ", "")).isEqualTo(text);
  }

  @Test
  void tokenizingAHugeWordGivesTokens() {
    assertThat(new TextTokenizer().tokenize("hyphen-".repeat(5_000)).size()).isPositive();
  }
}
