package earshot.lab.intents;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Precision and recall of intent codes on texts that each have at most one true code. Consumes,
 * per text, its true code (or {@value IntentMap#NONE}) and the codes predicted for it (any number);
 * emits per scored code its support, true and false positives, precision, recall and F1, their
 * micro and macro averages, and a confusion table whose {@value IntentMap#NONE} column counts the
 * texts given no scored code at all. Predicted codes that are not scored are counted, not judged.
 *
 * <p>A code never predicted has precision 0 (nothing it said was right), so a silent code cannot
 * lift the macro average.
 */
public final class IntentScores {

  private static final int TP = 0;
  private static final int FP = 1;
  private static final int FN = 2;

  private final List<String> codes;
  private final Map<String, long[]> counts = new LinkedHashMap<>();
  /** Rows: true code then none; columns: predicted code then none. */
  private final long[][] confusion;
  private final Map<String, Long> unscored = new TreeMap<>();
  private long texts;

  /** @param codes the codes to score, in the order of the report */
  public IntentScores(List<String> codes) {
    this.codes = List.copyOf(codes);
    for (String code : codes) {
      counts.put(code, new long[3]);
    }
    confusion = new long[codes.size() + 1][codes.size() + 1];
  }

  /**
   * @param truth the text's true code, or {@value IntentMap#NONE}
   * @throws IllegalArgumentException when the true code is neither a scored code nor none
   */
  public void add(String truth, Collection<String> predicted) {
    int row = truth.equals(IntentMap.NONE) ? codes.size() : codes.indexOf(truth);
    if (row < 0) {
      throw new IllegalArgumentException("true code '" + truth + "' is not one of " + codes + " or none");
    }
    texts++;
    boolean anyScored = false;
    boolean hit = false;
    for (String code : predicted.stream().distinct().toList()) {
      int column = codes.indexOf(code);
      if (column < 0) {
        unscored.merge(code, 1L, Long::sum);
        continue;
      }
      anyScored = true;
      confusion[row][column]++;
      if (code.equals(truth)) {
        counts.get(code)[TP]++;
        hit = true;
      } else {
        counts.get(code)[FP]++;
      }
    }
    if (!anyScored) {
      confusion[row][codes.size()]++;
    }
    if (row < codes.size() && !hit) {
      counts.get(truth)[FN]++;
    }
  }

  public List<String> codes() {
    return codes;
  }

  public long texts() {
    return texts;
  }

  /** Texts whose true code is this one. */
  public long support(String code) {
    long[] c = counts.get(code);
    return c[TP] + c[FN];
  }

  public long truePositives(String code) {
    return counts.get(code)[TP];
  }

  public long falsePositives(String code) {
    return counts.get(code)[FP];
  }

  public double precision(String code) {
    long[] c = counts.get(code);
    return ratio(c[TP], c[TP] + c[FP]);
  }

  public double recall(String code) {
    long[] c = counts.get(code);
    return ratio(c[TP], c[TP] + c[FN]);
  }

  public double f1(String code) {
    return f1(precision(code), recall(code));
  }

  /** Precision over all scored codes' predictions together. */
  public double microPrecision() {
    long tp = 0;
    long predicted = 0;
    for (long[] c : counts.values()) {
      tp += c[TP];
      predicted += c[TP] + c[FP];
    }
    return ratio(tp, predicted);
  }

  public double microRecall() {
    long tp = 0;
    long support = 0;
    for (long[] c : counts.values()) {
      tp += c[TP];
      support += c[TP] + c[FN];
    }
    return ratio(tp, support);
  }

  public double microF1() {
    return f1(microPrecision(), microRecall());
  }

  public double macroPrecision() {
    return codes.stream().mapToDouble(this::precision).average().orElse(0);
  }

  public double macroRecall() {
    return codes.stream().mapToDouble(this::recall).average().orElse(0);
  }

  public double macroF1() {
    return codes.stream().mapToDouble(this::f1).average().orElse(0);
  }

  /** Texts with this true code (or none) given this predicted code (or, for none, no scored code). */
  public long confusion(String truth, String predicted) {
    int row = truth.equals(IntentMap.NONE) ? codes.size() : codes.indexOf(truth);
    int column = predicted.equals(IntentMap.NONE) ? codes.size() : codes.indexOf(predicted);
    return confusion[row][column];
  }

  /** How often each code that is not scored was predicted. */
  public Map<String, Long> unscoredHits() {
    return Map.copyOf(unscored);
  }

  /** The per-code table, the averages and the confusion table, as lines of text. */
  public String report() {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "  %-18s %7s %9s %7s %6s %5s %5s%n", "code", "support", "precision",
        "recall", "F1", "TP", "FP"));
    for (String code : codes) {
      out.append(String.format(Locale.ROOT, "  %-18s %7d %9.3f %7.3f %6.3f %5d %5d%n", code, support(code),
          precision(code), recall(code), f1(code), truePositives(code), falsePositives(code)));
    }
    out.append(String.format(Locale.ROOT, "  %-18s %7s %9.3f %7.3f %6.3f%n", "micro average", "", microPrecision(),
        microRecall(), microF1()));
    out.append(String.format(Locale.ROOT, "  %-18s %7s %9.3f %7.3f %6.3f%n", "macro average", "", macroPrecision(),
        macroRecall(), macroF1()));
    out.append("  confusion (rows: true code, columns: predicted; a text with several codes counts in each,\n"
        + "  'none' = no scored code predicted)\n");
    int width = codes.stream().mapToInt(String::length).max().orElse(4);
    StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "    %-" + width + "s", ""));
    for (String code : codes) {
      header.append(String.format(Locale.ROOT, " %" + Math.max(6, abbreviate(code).length()) + "s", abbreviate(code)));
    }
    header.append(String.format(Locale.ROOT, " %6s", IntentMap.NONE));
    out.append(header).append('\n');
    for (int row = 0; row <= codes.size(); row++) {
      String name = row < codes.size() ? codes.get(row) : IntentMap.NONE;
      out.append(String.format(Locale.ROOT, "    %-" + width + "s", name));
      for (int column = 0; column <= codes.size(); column++) {
        int w = column < codes.size() ? Math.max(6, abbreviate(codes.get(column)).length()) : 6;
        out.append(String.format(Locale.ROOT, " %" + w + "d", confusion[row][column]));
      }
      out.append('\n');
    }
    if (!unscored.isEmpty()) {
      out.append("  codes not scored on this set, predicted: ");
      out.append(String.join(", ", unscored.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList()));
      out.append('\n');
    }
    return out.toString();
  }

  private static String abbreviate(String code) {
    int underscore = code.indexOf('_');
    return underscore > 0 ? code.substring(0, underscore) : code;
  }

  private static double ratio(long a, long b) {
    return b == 0 ? 0 : (double) a / b;
  }

  private static double f1(double p, double r) {
    return p + r == 0 ? 0 : 2 * p * r / (p + r);
  }
}
