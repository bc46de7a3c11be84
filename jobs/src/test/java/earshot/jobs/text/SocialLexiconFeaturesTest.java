package earshot.jobs.text;

import static earshot.jobs.text.FeatureTexts.PLAIN;
import static earshot.jobs.text.FeatureTexts.TOKENIZER;
import static earshot.jobs.text.FeatureTexts.features;
import static org.assertj.core.api.Assertions.assertThat;

import earshot.schemas.SentimentLabel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The social-media lexicon's features: off unless asked for, computed from the lexicon's polarity
 * with negation and intensifiers as Earshot's own lexicon is, and switched on for a model exactly
 * when it has weights for them.
 */
class SocialLexiconFeaturesTest {

  private static final SentimentFeatures SOCIAL = PLAIN.withSocialLexicon();

  @Test
  void theLexiconHoldsSlangAndEmoticonsThatEarshotsOwnDoesNot() {
    SentimentLexicon social = SentimentLexicon.social();
    SentimentLexicon own = SentimentLexicon.load(TOKENIZER);
    // About 7,500 terms as published, less the few that read the same once tokenized.
    assertThat(social.size()).isBetween(7_000, 7_600);
    assertThat(social.word("meh", "meh")).isNegative();
    assertThat(own.word("meh", "meh")).isZero();
    assertThat(social.word("lmao", "lmao")).isPositive();
    assertThat(own.word("lmao", "lmao")).isZero();
    // Listed twice as published ("lol" 2.9, then 1.8): the first is kept.
    assertThat(social.word("lol", "lol")).isEqualTo(2.9);
    assertThat(social.word("the", "the")).isZero();
  }

  @Test
  void offByDefaultAndAddedOnTopWhenAskedFor() {
    String text = "@united ugh, 3 hours on the tarmac smh";
    Map<String, Double> plain = features(PLAIN, text);
    Map<String, Double> social = features(SOCIAL, text);
    assertThat(plain.keySet()).noneMatch(name -> name.startsWith(SentimentFeatures.SOCIAL_PREFIX));
    assertThat(social).containsAllEntriesOf(plain);
    assertThat(social.get("slex-neg")).isPositive();
    assertThat(social.get("slex-net")).isNegative();
  }

  @Test
  void negationTurnsAWordRoundAndIntensifiersStrengthenIt() {
    double plainGood = features(SOCIAL, "the app is awesome").get("slex-pos");
    double veryGood = features(SOCIAL, "the app is really awesome").get("slex-pos");
    Map<String, Double> negated = features(SOCIAL, "the app is not awesome");
    assertThat(veryGood).isGreaterThan(plainGood);
    assertThat(negated.get("slex-neg")).isPositive();
    assertThat(negated.get("slex-pos")).isZero();
  }

  @Test
  void aTextWithoutAnyTermOfTheLexiconSaysSo() {
    assertThat(features(SOCIAL, "my order is at the depot").keySet())
        .contains("slex-none").doesNotContain("slex-pos", "slex-neg", "slex-net");
  }

  @Test
  void aModelWithSocialWeightsReadsTextsWithThemAndOneWithoutDoesNot() {
    Map<String, double[]> weights = new LinkedHashMap<>();
    weights.put("bias", new double[] {0, 0, 0});
    weights.put("slex-neg", new double[] {2.0, 0, -2.0});
    FastSentimentModel withSocial = new FastSentimentModel(weights, new double[] {0.3, 0.4, 0.3}, List.of("test"));
    FastSentimentModel without = new FastSentimentModel(Map.of("bias", new double[] {0, 0, 0}),
        new double[] {0.3, 0.4, 0.3}, List.of("test"));
    assertThat(withSocial.usesSocialLexicon()).isTrue();
    assertThat(without.usesSocialLexicon()).isFalse();
    assertThat(PLAIN.forModel(withSocial).socialLexicon()).isTrue();
    assertThat(SOCIAL.forModel(without).socialLexicon()).isFalse();
    // Only the social feature carries weight, so the analyzer must extract it to find the text negative.
    String text = "ugh smh";
    assertThat(new FastSentimentAnalyzer(withSocial, IntentRules.none()).analyze(text).label())
        .isEqualTo(SentimentLabel.NEGATIVE);
    assertThat(new FastSentimentAnalyzer(without, IntentRules.none()).analyze(text).score()).isZero();
  }

  @Test
  void theShippedModelUsesTheSocialLexicon() {
    assertThat(FastSentimentModel.load().usesSocialLexicon()).isTrue();
  }
}
