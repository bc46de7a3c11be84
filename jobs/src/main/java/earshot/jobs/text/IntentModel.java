package earshot.jobs.text;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A learned intent classifier that works beside the intent rules: multinomial logistic regression
 * over a text's lemma unigrams (marked when negated), lemma bigrams and a question mark, with one
 * class per intent code it was trained for and a class {@value #NONE} for texts with none of them.
 *
 * <p>Consumes a tokenized, redacted text; emits the codes whose probability reaches the model's
 * threshold (with a threshold above 0.5, at most one). The rules stay the explanation and the
 * precision; the model adds the paraphrases the rules miss, and only when it is confident. Written
 * as text ({@value #RESOURCE}: the classes, the threshold, then one feature per line with a weight
 * per class) so a retrained model can be compared line by line. Immutable; safe to share between
 * threads.
 */
public final class IntentModel {

  public static final String RESOURCE = "intent.model";
  /** The class of texts that have none of the model's codes. */
  public static final String NONE = "none";

  private static final String CLASSES = "classes";
  private static final String THRESHOLD = "threshold";

  private final List<String> classes;
  private final Map<String, double[]> weights;
  private final double threshold;
  private final List<String> comments;

  public IntentModel(List<String> classes, Map<String, double[]> weights, double threshold, List<String> comments) {
    if (classes.isEmpty() || !classes.get(0).equals(NONE)) {
      throw new IllegalArgumentException("the first class of an intent model must be '" + NONE + "', got " + classes);
    }
    if (!(threshold > 0 && threshold <= 1)) {
      throw new IllegalArgumentException("threshold must be in (0, 1], got " + threshold);
    }
    this.classes = List.copyOf(classes);
    this.weights = Map.copyOf(weights);
    this.threshold = threshold;
    this.comments = List.copyOf(comments);
  }

  /** The model shipped in the jar. */
  public static IntentModel load() {
    try (BufferedReader reader = TextResources.reader(RESOURCE)) {
      return read(reader, TextResources.BASE + RESOURCE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static IntentModel read(BufferedReader reader, String origin) throws IOException {
    List<String> classes = null;
    Double threshold = null;
    Map<String, double[]> weights = new HashMap<>();
    CommentedLines lines = new CommentedLines(reader);
    CommentedLines.Line next;
    while ((next = lines.next()) != null) {
      String line = next.text();
      int number = next.number();
      String[] parts = line.split("\t", -1);
      String where = origin + " line " + number + ": ";
      if (classes == null) {
        if (!parts[0].equals(CLASSES) || parts.length < 3) {
          throw new IOException(where + "expected 'classes<TAB>none<TAB>code...'");
        }
        classes = List.of(parts).subList(1, parts.length);
        continue;
      }
      try {
        if (threshold == null) {
          if (!parts[0].equals(THRESHOLD) || parts.length != 2) {
            throw new IOException(where + "expected 'threshold<TAB>probability'");
          }
          threshold = Double.parseDouble(parts[1]);
          continue;
        }
        if (parts.length != classes.size() + 1) {
          throw new IOException(where + "expected a feature and " + classes.size() + " weights");
        }
        double[] w = new double[classes.size()];
        for (int c = 0; c < w.length; c++) {
          w[c] = Double.parseDouble(parts[c + 1]);
        }
        weights.put(parts[0], w);
      } catch (NumberFormatException e) {
        throw new IOException(where + "bad number", e);
      }
    }
    if (classes == null || threshold == null) {
      throw new IOException(origin + ": not an intent model (no classes and threshold lines)");
    }
    try {
      return new IntentModel(classes, weights, threshold, lines.comments());
    } catch (IllegalArgumentException e) {
      throw new IOException(origin + ": " + e.getMessage(), e);
    }
  }

  public static IntentModel parse(String text, String origin) {
    try {
      return read(new BufferedReader(new StringReader(text)), origin);
    } catch (IOException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /** The model as text: weights rounded to four decimals, features sorted, features with only zero weights left out. */
  public String toText() {
    StringBuilder out = new StringBuilder();
    for (String comment : comments) {
      out.append("# ").append(comment).append('\n');
    }
    out.append(CLASSES).append('\t').append(String.join("\t", classes)).append('\n');
    out.append(THRESHOLD).append('\t').append(String.format(Locale.ROOT, "%.2f", threshold)).append('\n');
    for (Map.Entry<String, double[]> entry : new TreeMap<>(weights).entrySet()) {
      StringBuilder row = new StringBuilder(entry.getKey());
      boolean any = false;
      for (double w : entry.getValue()) {
        String rounded = String.format(Locale.ROOT, "%.4f", w);
        any |= Double.parseDouble(rounded) != 0;
        row.append('\t').append(rounded);
      }
      if (any) {
        out.append(row).append('\n');
      }
    }
    return out.toString();
  }

  /** The same weights with another threshold. */
  public IntentModel withThreshold(double threshold) {
    return new IntentModel(classes, weights, threshold, comments);
  }

  /** The same weights and threshold with other header comments. */
  public IntentModel withComments(List<String> comments) {
    return new IntentModel(classes, weights, threshold, comments);
  }

  /** The classes: {@value #NONE} first, then the intent codes. */
  public List<String> classes() {
    return classes;
  }

  /** The intent codes the model can emit. */
  public List<String> codes() {
    return classes.subList(1, classes.size());
  }

  /** Probability a code must reach before the model emits it. */
  public double threshold() {
    return threshold;
  }

  public List<String> comments() {
    return comments;
  }

  public int featureCount() {
    return weights.size();
  }

  /** Probability of each class (in the order of {@link #classes()}) for a text. */
  public double[] probabilities(TokenizedText text) {
    double[] scores = new double[classes.size()];
    features(text, feature -> {
      double[] w = weights.get(feature);
      if (w != null) {
        for (int c = 0; c < scores.length; c++) {
          scores[c] += w[c];
        }
      }
    });
    return softmax(scores);
  }

  /** The codes whose probability reaches the threshold, in the order of {@link #codes()}. */
  public List<String> confident(TokenizedText text) {
    if (text.size() == 0) {
      return List.of();
    }
    double[] p = probabilities(text);
    List<String> out = new ArrayList<>(1);
    for (int c = 1; c < p.length; c++) {
      if (p[c] >= threshold) {
        out.add(classes.get(c));
      }
    }
    return out;
  }

  static double[] softmax(double[] scores) {
    double max = Double.NEGATIVE_INFINITY;
    for (double s : scores) {
      max = Math.max(max, s);
    }
    double sum = 0;
    double[] p = new double[scores.length];
    for (int c = 0; c < p.length; c++) {
      p[c] = Math.exp(scores[c] - max);
      sum += p[c];
    }
    for (int c = 0; c < p.length; c++) {
      p[c] /= sum;
    }
    return p;
  }

  /** Receives each feature of a text once; every feature has the value 1. */
  public interface FeatureSink {
    void add(String feature);
  }

  /**
   * The features of a text: the bias, lemma unigrams (prefixed "not_" inside a negation: "not
   * arrive" differs from "arrive"), lemma bigrams within a sentence, and whether the text asks a
   * question. The same code serves training and prediction.
   */
  public static void features(TokenizedText text, FeatureSink sink) {
    Set<String> seen = new HashSet<>();
    FeatureSink once = feature -> {
      if (seen.add(feature)) {
        sink.add(feature);
      }
    };
    once.add("bias");
    int n = text.size();
    String previous = null;
    int previousSentence = -1;
    for (int i = 0; i < n; i++) {
      String lemma = text.lemma[i];
      if (text.punctuation[i]) {
        if (lemma.indexOf('?') >= 0) {
          once.add("q");
        }
        previous = null;
        continue;
      }
      boolean negated = "true".equals(text.tokens.get(i).get(TokenKeys.Negated.class));
      once.add(negated ? "w=not_" + lemma : "w=" + lemma);
      if (previous != null && previousSentence == text.sentence[i]) {
        once.add("b=" + previous + "_" + lemma);
      }
      previous = lemma;
      previousSentence = text.sentence[i];
    }
  }
}
