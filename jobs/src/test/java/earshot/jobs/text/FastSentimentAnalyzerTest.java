package earshot.jobs.text;

import static org.assertj.core.api.Assertions.assertThat;

import earshot.schemas.SentimentLabel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import java.util.stream.Stream;

/** The shipped fast model on the cases customer language is known for, and on hostile input. */
class FastSentimentAnalyzerTest {

  private static FastSentimentAnalyzer analyzer;

  @BeforeAll
  static void load() {
    // Without prior adaptation: each case is judged on its own, whatever ran before it.
    analyzer = new FastSentimentAnalyzer(FastSentimentModel.load(), IntentRules.builtIn());
  }

  @Test
  void readsTheComplaintsTheStockModelGetsWrong() {
    // CoreNLP's RNTN calls the first positive and the other two neutral.
    assertThat(analyzer.analyze("waiting three weeks, nobody answered").label()).isEqualTo(SentimentLabel.NEGATIVE);
    assertThat(analyzer.analyze("the app keeps crashing").label()).isEqualTo(SentimentLabel.NEGATIVE);
    TextResult cancel = analyzer.analyze("I want to cancel my subscription");
    assertThat(cancel.label()).isNotEqualTo(SentimentLabel.POSITIVE);
    assertThat(cancel.intents()).contains("cancellation");
  }

  /** Negation cases; {@link TrainingOverlapTest} checks that none is a training text. */
  static final List<LabelledText> NEGATION = List.of(
      new LabelledText("I am really not happy with how the service went", SentimentLabel.NEGATIVE),
      new LabelledText("not bad at all, better than I expected it to be", SentimentLabel.POSITIVE),
      new LabelledText("Never had a problem with them", SentimentLabel.POSITIVE),
      new LabelledText("no complaints at all, everything went smoothly", SentimentLabel.POSITIVE),
      new LabelledText("Never again. Never.", SentimentLabel.NEGATIVE),
      new LabelledText("The agent on the phone was not helpful at all", SentimentLabel.NEGATIVE),
      new LabelledText("Honestly I can't fault the service", SentimentLabel.POSITIVE),
      new LabelledText("Nobody answered my two emails for a week", SentimentLabel.NEGATIVE));

  /** Contrast cases; not training texts either. */
  static final List<LabelledText> CONTRAST = List.of(
      new LabelledText("great staff in the shop but the app is useless", SentimentLabel.NEGATIVE),
      new LabelledText("Long wait, but the advisor was excellent and fixed everything", SentimentLabel.POSITIVE),
      new LabelledText("Although the engineer was friendly, the line is still dead", SentimentLabel.NEGATIVE),
      new LabelledText("The product itself is fine. However the delivery took three weeks", SentimentLabel.NEGATIVE));

  static Stream<Arguments> negation() {
    return NEGATION.stream().map(t -> Arguments.of(t.text(), t.label()));
  }

  static Stream<Arguments> contrast() {
    return CONTRAST.stream().map(t -> Arguments.of(t.text(), t.label()));
  }

  @ParameterizedTest(name = "{0} → {1}")
  @MethodSource("negation")
  void negation(String text, SentimentLabel expected) {
    assertThat(analyzer.analyze(text).label()).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} → {1}")
  @MethodSource("contrast")
  void contrastPutsTheWeightOnTheVerdict(String text, SentimentLabel expected) {
    // The verdict after the contrast decides the sign of the score and rules out the opposite label
    // (the model trained on tweets calls "The product itself is fine. However the delivery took
    // three weeks" neutral, score -0.15: mild, but on the verdict's side).
    TextResult result = analyzer.analyze(text);
    SentimentLabel opposite = expected == SentimentLabel.NEGATIVE ? SentimentLabel.POSITIVE : SentimentLabel.NEGATIVE;
    assertThat(result.label()).isNotEqualTo(opposite);
    assertThat(Math.signum(result.score())).isEqualTo(expected == SentimentLabel.NEGATIVE ? -1.0 : 1.0);
  }

  @Test
  void intensifiersStrengthenAndDiminishersWeaken() {
    assertThat(analyzer.analyze("The service was really terrible").score())
        .isLessThan(analyzer.analyze("The service was a bit slow").score());
    double[] plain = analyzer.probabilities("the delivery was late");
    double[] intensified = analyzer.probabilities("the delivery was extremely late");
    assertThat(intensified[0]).isGreaterThan(plain[0]);
  }

  @Test
  void serviceVocabularyIsNegative() {
    for (String text : List.of("I've been on hold for 40 minutes", "transferred four times and still no answer",
        "Still waiting for my refund", "charged twice this month", "my parcel never arrived")) {
      assertThat(analyzer.analyze(text).label()).as(text).isEqualTo(SentimentLabel.NEGATIVE);
    }
  }

  @Test
  void politeRequestsAreNeutral() {
    for (String text : List.of("Can you send me a copy of my invoice please? Thanks", "What time does the store open on Sunday?",
        "I'd like to change my delivery address")) {
      assertThat(analyzer.analyze(text).label()).as(text).isEqualTo(SentimentLabel.NEUTRAL);
    }
  }

  @Test
  void emptyTextIsNeutral() {
    for (String text : new String[] {null, "", "   ", "\n\t"}) {
      TextResult result = analyzer.analyze(text);
      assertThat(result.label()).isEqualTo(SentimentLabel.NEUTRAL);
      assertThat(result.score()).isZero();
    }
  }

  @Test
  void anyInputGivesAValidResult() {
    Random random = new Random(42);
    StringBuilder huge = new StringBuilder();
    while (huge.length() < 3_000_000) {
      huge.append("The app keeps crashing 😡 and nobody answers. ");
    }
    List<String> inputs = new java.util.ArrayList<>(List.of(huge.toString(), "\u0000\u0001\u0002", "😡😡😡👎",
        "\uD800 lone surrogate \uDFFF", "[EMAIL] [PHONE] [CARD]", "!!!???...", "a".repeat(100_000),
        "http://x.y/z?q=1 @someone #hashtag", "\u202Eright-to-left\u202C", "ｆｕｌｌｗｉｄｔｈ", "10/10 ⭐⭐⭐⭐⭐",
        "a/10 b/10 x/10 99/10 0/10", "5 stars one star 9 stars"));
    for (int i = 0; i < 200; i++) {
      byte[] bytes = new byte[random.nextInt(400)];
      random.nextBytes(bytes);
      inputs.add(new String(bytes, StandardCharsets.UTF_8));
      StringBuilder codePoints = new StringBuilder();
      for (int k = random.nextInt(200); k > 0; k--) {
        codePoints.appendCodePoint(random.nextInt(0x10FFFF + 1));
      }
      inputs.add(codePoints.toString());
    }
    for (String input : inputs) {
      TextResult result = analyzer.analyze(input);
      assertThat(result.score()).isBetween(-1.0, 1.0);
      assertThat(result.confidence()).isBetween(0.0, 1.0);
      assertThat(result.label()).isNotNull();
    }
  }

  @Test
  void scoreAgreesWithTheLabel() {
    for (LabelledText text : TestTexts.cxEval().texts()) {
      TextResult result = analyzer.analyze(text.text());
      if (result.label() == SentimentLabel.POSITIVE) {
        assertThat(result.score()).as(text.text()).isPositive();
      } else if (result.label() == SentimentLabel.NEGATIVE) {
        assertThat(result.score()).as(text.text()).isNegative();
      }
      assertThat(result.confidence()).isGreaterThanOrEqualTo(1.0 / 3);
    }
  }

  @Test
  void modelNameCarriesTheModelVersion() {
    assertThat(analyzer.modelName()).matches("earshot-fast-[0-9a-f]{12}");
  }
}
