package earshot.jobs.text;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** A text's features as the fast model reads them, for the tests of the optional feature groups. */
final class FeatureTexts {

  static final TextTokenizer TOKENIZER = new TextTokenizer();
  /** The features without any optional group. */
  static final SentimentFeatures PLAIN = SentimentFeatures.load(TOKENIZER);

  private FeatureTexts() {}

  /** Each feature of the text once, with its value, in the order extracted. */
  static Map<String, Double> features(SentimentFeatures features, String text) {
    Map<String, Double> out = new LinkedHashMap<>();
    features.extract(TOKENIZER.tokenize(text), out::put);
    return out;
  }

  /** The names of the text's features that start with {@code prefix}, sorted. */
  static Set<String> named(SentimentFeatures features, String text, String prefix) {
    Set<String> out = new TreeSet<>();
    for (String name : features(features, text).keySet()) {
      if (name.startsWith(prefix)) {
        out.add(name);
      }
    }
    return out;
  }
}
