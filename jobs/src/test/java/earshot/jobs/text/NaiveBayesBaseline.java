package earshot.jobs.text;

import earshot.schemas.SentimentLabel;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The trivial model the fast model must beat: multinomial naive Bayes over lower-case word
 * unigrams (letters, digits and apostrophes), add-one smoothing, class priors from the training
 * texts. Trained inside the tests, from the texts they are given.
 */
final class NaiveBayesBaseline {

  private final Map<String, int[]> counts = new HashMap<>();
  private final int[] totals = new int[3];
  private final int[] documents = new int[3];
  private final Set<String> vocabulary = new HashSet<>();

  NaiveBayesBaseline(List<LabelledText> texts) {
    for (LabelledText text : texts) {
      int c = text.label().ordinal();
      documents[c]++;
      for (String word : words(text.text())) {
        counts.computeIfAbsent(word, k -> new int[3])[c]++;
        totals[c]++;
        vocabulary.add(word);
      }
    }
  }

  /** Probabilities in the order of {@link SentimentLabel#values()}. */
  double[] probabilities(String text) {
    int n = documents[0] + documents[1] + documents[2];
    double[] log = new double[3];
    for (int c = 0; c < 3; c++) {
      log[c] = Math.log((documents[c] + 1.0) / (n + 3.0));
    }
    for (String word : words(text)) {
      int[] count = counts.get(word);
      if (count == null) {
        continue; // unknown words say nothing
      }
      for (int c = 0; c < 3; c++) {
        log[c] += Math.log((count[c] + 1.0) / (totals[c] + vocabulary.size()));
      }
    }
    double max = Math.max(log[0], Math.max(log[1], log[2]));
    double sum = 0;
    double[] p = new double[3];
    for (int c = 0; c < 3; c++) {
      p[c] = Math.exp(log[c] - max);
      sum += p[c];
    }
    for (int c = 0; c < 3; c++) {
      p[c] /= sum;
    }
    return p;
  }

  /** The label and score (probability of positive minus negative) as an {@link ClassifierScores} takes them. */
  void addTo(ClassifierScores evaluation, LabelledText text) {
    double[] p = probabilities(text.text());
    int best = p[0] >= p[1] && p[0] >= p[2] ? 0 : p[2] > p[1] ? 2 : 1;
    evaluation.add(text.label(), SentimentLabel.values()[best],
        p[SentimentLabel.POSITIVE.ordinal()] - p[SentimentLabel.NEGATIVE.ordinal()]);
  }

  static List<String> words(String text) {
    return List.of(text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}']+")).stream().filter(w -> !w.isEmpty())
        .toList();
  }
}
