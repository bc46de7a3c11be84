package earshot.jobs.text;

import static earshot.jobs.text.FeatureTexts.PLAIN;
import static earshot.jobs.text.FeatureTexts.features;
import static org.assertj.core.api.Assertions.assertThat;

import earshot.schemas.SentimentLabel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Hashed character n-grams: off unless asked for, bounded in number, shared by a word and its
 * misspelt or elongated forms, and switched on for a model exactly when it has weights for them.
 */
class CharGramFeaturesTest {

  private static final SentimentFeatures GRAMS = PLAIN.withCharGrams();

  private static Set<String> grams(String text) {
    return FeatureTexts.named(GRAMS, text, SentimentFeatures.CHAR_PREFIX);
  }

  @Test
  void offByDefaultAndOnlyAddedWhenAskedFor() {
    String text = "@united the flight was terrible, 3 hours late http://t.co/x";
    Map<String, Double> plain = features(PLAIN, text);
    Map<String, Double> withGrams = features(GRAMS, text);
    assertThat(plain.keySet()).noneMatch(name -> name.startsWith(SentimentFeatures.CHAR_PREFIX));
    // The word features stay exactly as they were; the grams come on top.
    assertThat(withGrams).containsAllEntriesOf(plain);
    assertThat(withGrams.size()).isGreaterThan(plain.size());
  }

  @Test
  void gramsAreBucketedAndNoneComeFromMentionsLinksOrPunctuation() {
    Set<String> grams = grams("@united !!! http://t.co/abcdef ???");
    assertThat(grams).isEmpty();
    for (String name : grams("Absolutely disgraceful customer service from this airline")) {
      int bucket = Integer.parseInt(name.substring(SentimentFeatures.CHAR_PREFIX.length()));
      assertThat(bucket).isBetween(0, SentimentFeatures.CHAR_BUCKETS - 1);
    }
  }

  @Test
  void aWordOfNLettersGivesThreeToFiveGramsBetweenItsMarks() {
    // "bad" is "^bad$": 3-grams ^ba, bad, ad$; 4-grams ^bad, bad$; 5-gram ^bad$: six grams at most.
    assertThat(grams("bad")).hasSizeBetween(5, 6);
  }

  @Test
  void elongatedAndMisspeltFormsShareMostGramsWithTheWord() {
    Set<String> word = grams("terrible");
    Set<String> elongated = grams("terribleeee");
    Set<String> other = grams("wonderful");
    Set<String> shared = new TreeSet<>(word);
    shared.retainAll(elongated);
    assertThat(shared.size()).isGreaterThanOrEqualTo(word.size() / 2);
    Set<String> unrelated = new TreeSet<>(word);
    unrelated.retainAll(other);
    assertThat(unrelated.size()).isLessThan(shared.size());
  }

  @Test
  void aModelWithGramWeightsReadsTextsWithGramsAndOneWithoutDoesNot() {
    String text = "terrible service";
    double[] w = {1.0, 0, -1.0};
    Map<String, double[]> weights = new LinkedHashMap<>();
    weights.put("bias", new double[] {0, 0, 0});
    for (String gram : grams(text)) {
      weights.put(gram, w);
    }
    FastSentimentModel withGrams = new FastSentimentModel(weights, new double[] {0.3, 0.4, 0.3}, List.of("test"));
    FastSentimentModel without = new FastSentimentModel(Map.of("bias", new double[] {0, 0, 0}),
        new double[] {0.3, 0.4, 0.3}, List.of("test"));
    assertThat(withGrams.usesCharGrams()).isTrue();
    assertThat(without.usesCharGrams()).isFalse();
    assertThat(PLAIN.forModel(withGrams).charGrams()).isTrue();
    assertThat(GRAMS.forModel(without).charGrams()).isFalse();
    // Only the grams carry weight here, so the analyzer must extract them to find the text negative.
    TextResult result = new FastSentimentAnalyzer(withGrams, IntentRules.none()).analyze(text);
    assertThat(result.label()).isEqualTo(SentimentLabel.NEGATIVE);
    assertThat(new FastSentimentAnalyzer(without, IntentRules.none()).analyze(text).score())
        .isZero();
  }
}
