package earshot.jobs.text;

import earshot.schemas.SentimentLabel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Accuracy, per-class and macro-averaged F1 and the confusion matrix of sentiment predictions
 * against human labels. For a binary set (labels negative and positive only) the macro average
 * is over those two classes, a neutral prediction counts as an error, and {@link
 * #forcedBinaryAccuracy()} also says how often the sign of the score was right.
 */
public final class ClassifierScores {

  private static final SentimentLabel[] LABELS = SentimentLabel.values();

  private final long[][] confusion = new long[3][3];
  private long total;
  private long signRight;

  /** @param result the text's analysis, or null when it was not analysed (counted as neutral, score 0) */
  public void add(SentimentLabel truth, TextResult result) {
    if (result == null) {
      add(truth, SentimentLabel.NEUTRAL, 0);
    } else {
      add(truth, result.label(), result.score());
    }
  }

  public void add(SentimentLabel truth, SentimentLabel predicted, double score) {
    confusion[truth.ordinal()][predicted.ordinal()]++;
    total++;
    if (truth == SentimentLabel.POSITIVE ? score > 0 || predicted == SentimentLabel.POSITIVE
        : truth == SentimentLabel.NEGATIVE && (score < 0 || predicted == SentimentLabel.NEGATIVE)) {
      signRight++;
    }
  }

  public long total() {
    return total;
  }

  public long count(SentimentLabel truth, SentimentLabel predicted) {
    return confusion[truth.ordinal()][predicted.ordinal()];
  }

  public double accuracy() {
    long right = 0;
    for (int c = 0; c < 3; c++) {
      right += confusion[c][c];
    }
    return total == 0 ? 0 : (double) right / total;
  }

  /** Classes that occur among the true labels. */
  public List<SentimentLabel> trueClasses() {
    List<SentimentLabel> classes = new ArrayList<>();
    for (SentimentLabel label : LABELS) {
      long row = 0;
      for (int p = 0; p < 3; p++) {
        row += confusion[label.ordinal()][p];
      }
      if (row > 0) {
        classes.add(label);
      }
    }
    return classes;
  }

  public double precision(SentimentLabel label) {
    long predicted = 0;
    for (int t = 0; t < 3; t++) {
      predicted += confusion[t][label.ordinal()];
    }
    return predicted == 0 ? 0 : (double) confusion[label.ordinal()][label.ordinal()] / predicted;
  }

  public double recall(SentimentLabel label) {
    long actual = 0;
    for (int p = 0; p < 3; p++) {
      actual += confusion[label.ordinal()][p];
    }
    return actual == 0 ? 0 : (double) confusion[label.ordinal()][label.ordinal()] / actual;
  }

  public double f1(SentimentLabel label) {
    double p = precision(label);
    double r = recall(label);
    return p + r == 0 ? 0 : 2 * p * r / (p + r);
  }

  /** Mean F1 over the classes that occur among the true labels. */
  public double macroF1() {
    List<SentimentLabel> classes = trueClasses();
    return classes.isEmpty() ? 0 : classes.stream().mapToDouble(this::f1).sum() / classes.size();
  }

  /** For binary sets: share of texts whose score has the sign of the label (a neutral label counts as wrong). */
  public double forcedBinaryAccuracy() {
    return total == 0 ? 0 : (double) signRight / total;
  }

  /** The confusion matrix as text, rows the true labels, columns the predictions. */
  public String confusionTable() {
    return confusionTable(truth -> truth.name().toLowerCase(Locale.ROOT));
  }

  /** As {@link #confusionTable()}, each row named by {@code rowName} (a set whose labels mean something else). */
  public String confusionTable(java.util.function.Function<SentimentLabel, String> rowName) {
    StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%-18s%10s%10s%10s%n", "true \\ predicted",
        "negative", "neutral", "positive"));
    for (SentimentLabel truth : trueClasses()) {
      out.append(String.format(Locale.ROOT, "%-18s", rowName.apply(truth)));
      for (SentimentLabel predicted : LABELS) {
        out.append(String.format(Locale.ROOT, "%10d", count(truth, predicted)));
      }
      out.append(String.format("%n"));
    }
    return out.toString();
  }
}
