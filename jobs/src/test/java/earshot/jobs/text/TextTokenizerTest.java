package earshot.jobs.text;

import static org.assertj.core.api.Assertions.assertThat;

import edu.stanford.nlp.ling.CoreLabel;
import edu.stanford.nlp.process.CoreLabelTokenFactory;
import edu.stanford.nlp.process.PTBTokenizer;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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

  @Test
  void oneLexerForEveryTextGivesWhatANewTokenizerPerTextGives() throws Exception {
    String options = "untokenizable=noneKeep,ptb3Escaping=false,normalizeParentheses=false,"
        + "normalizeOtherBrackets=false,invertible=false";
    PtbLexer reused = new PtbLexer(options);
    assertThat(reused.reuses()).as("CoreNLP's lexer is reachable and reset, not rebuilt").isTrue();
    List<String> texts = new ArrayList<>(TextStageEquivalenceTest.corpus().values());
    // The lexer reads the token before a hyphen ("-5"): a text must not see the last token of the one before.
    texts.addAll(List.of("it costs 5", "-5 off today", "well", "-- fine", "2", "-3", "", "x", "- 4", "u.s.",
        "-1.5 degrees", HostileTexts.repeat("well-", 3_000), "[EMAIL] wrote", "\uD83D\uDE21\uD83D\uDE21 no"));
    int compared = 0;
    for (String text : texts) {
      List<CoreLabel> expected = PTBTokenizer.factory(new CoreLabelTokenFactory(), options)
          .getTokenizer(new StringReader(text)).tokenize();
      assertThat(describe(reused.tokenize(text))).as(text).isEqualTo(describe(expected));
      compared++;
    }
    assertThat(compared).isGreaterThan(1_600);
  }

  @Test
  void theTokenizerResetsItsLexer() {
    assertThat(new TextTokenizer().reusesLexer()).isTrue();
  }

  private static List<String> describe(List<CoreLabel> tokens) {
    List<String> out = new ArrayList<>(tokens.size());
    for (CoreLabel token : tokens) {
      out.add(token.word() + '|' + token.value() + '|' + token.originalText() + '|' + token.beginPosition() + '|'
          + token.endPosition() + '|' + token.keySet());
    }
    return out;
  }
}
