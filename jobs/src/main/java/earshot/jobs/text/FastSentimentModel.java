package earshot.jobs.text;

import earshot.schemas.SentimentLabel;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The weights of the fast sentiment model: multinomial logistic regression over the features of
 * {@link SentimentFeatures}, three classes. Written as text ({@value #RESOURCE}: one feature per
 * line with its weight for each class) so that a retrained model can be compared line by line.
 * Immutable; safe to share between threads.
 *
 * <p>A model may carry a {@link PosteriorCalibration.Calibration} (lines {@code calibration}
 * temperature and three biases, {@code calibration-priors} three priors), fitted on labelled texts
 * it was not trained on; its probabilities are then the calibrated ones and its {@link
 * #adaptationPriors()} the calibration texts' class shares. A model may also carry its {@link
 * #confusion()} matrix (line {@code confusion}: nine shares, row by row, the share of held-out
 * texts of each true class given each label), which BBSE prior estimation ({@link PriorAdaptation})
 * solves against. Files without those lines (older models) read as before. A malformed line is
 * refused with its line number.
 */
public final class FastSentimentModel {

  public static final String RESOURCE = "fast-sentiment.model";
  public static final List<SentimentLabel> CLASSES = List.of(SentimentLabel.NEGATIVE, SentimentLabel.NEUTRAL,
      SentimentLabel.POSITIVE);
  private static final String CLASSES_LINE = "classes\tnegative\tneutral\tpositive";

  private static final String PRIORS = "priors";
  private static final String CALIBRATION = "calibration";
  private static final String CALIBRATION_PRIORS = "calibration-priors";
  private static final String CONFUSION = "confusion";
  /** Trained weights stay within a few units; far larger ones mean a corrupt or hand-made file. */
  static final double MAX_WEIGHT = 1_000;

  private final Map<String, double[]> weights;
  /** The same weights, looked up by a feature name being built, without making a string of it. */
  private final WeightTable table;
  private final double[] priors;
  private final List<String> comments;
  private final PosteriorCalibration.Calibration calibration;
  /** confusion[j][i]: share of held-out texts of true class j labelled i; null when the file has none. */
  private final double[][] confusion;
  private final String version;
  /** Whether the model has weights for hashed character n-grams, which its features must then include. */
  private final boolean charGrams;
  /** Whether the model has weights for the social-lexicon features. */
  private final boolean socialLexicon;
  /** Whether the model has weights for word clusters. */
  private final boolean wordClusters;

  /** @param priors class priors of the training texts (negative, neutral, positive), or null when unknown */
  public FastSentimentModel(Map<String, double[]> weights, double[] priors, List<String> comments) {
    this(weights, priors, comments, null);
  }

  /** @param calibration how the scores are calibrated before the softmax, or null for raw posteriors */
  FastSentimentModel(Map<String, double[]> weights, double[] priors, List<String> comments,
      PosteriorCalibration.Calibration calibration) {
    this(weights, priors, comments, calibration, null);
  }

  private FastSentimentModel(Map<String, double[]> weights, double[] priors, List<String> comments,
      PosteriorCalibration.Calibration calibration, double[][] confusion) {
    this.confusion = confusion == null ? null : checkedConfusion(confusion);
    this.weights = new java.util.HashMap<>(weights);
    this.table = new WeightTable(this.weights);
    this.priors = priors == null ? null : priors.clone();
    this.comments = List.copyOf(comments);
    this.calibration = calibration;
    this.version = HexFormat.of().formatHex(sha256(toText())).substring(0, 12);
    this.charGrams = this.weights.keySet().stream().anyMatch(k -> k.startsWith(SentimentFeatures.CHAR_PREFIX));
    this.socialLexicon = this.weights.keySet().stream().anyMatch(k -> k.startsWith(SentimentFeatures.SOCIAL_PREFIX));
    this.wordClusters = this.weights.keySet().stream().anyMatch(k -> k.startsWith(SentimentFeatures.CLUSTER_PREFIX));
  }

  /** Whether texts must be read with {@link SentimentFeatures#withSocialLexicon()} for this model. */
  public boolean usesSocialLexicon() {
    return socialLexicon;
  }

  /** Whether texts must be read with {@link SentimentFeatures#withWordClusters()} for this model. */
  public boolean usesWordClusters() {
    return wordClusters;
  }

  /** Whether texts must be read with {@link SentimentFeatures#withCharGrams()} for this model. */
  public boolean usesCharGrams() {
    return charGrams;
  }

  /** The model shipped in the jar. */
  public static FastSentimentModel load() {
    try (BufferedReader reader = TextResources.reader(RESOURCE)) {
      return read(reader, TextResources.BASE + RESOURCE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static FastSentimentModel read(BufferedReader reader, String origin) throws IOException {
    Map<String, double[]> weights = new java.util.HashMap<>();
    double[] priors = null;
    double[] calibrationLine = null;
    double[] calibrationPriors = null;
    double[][] confusion = null;
    int calibrationNumber = 0;
    boolean classes = false;
    CommentedLines lines = new CommentedLines(reader);
    CommentedLines.Line next;
    while ((next = lines.next()) != null) {
      String line = next.text();
      int number = next.number();
      if (!classes) {
        if (!line.equals(CLASSES_LINE)) {
          throw new IOException(origin + " line " + number + ": expected '" + CLASSES_LINE.replace("\t", "<TAB>") + "'");
        }
        classes = true;
        continue;
      }
      String[] parts = line.split("\t", -1);
      if (parts[0].equals(CONFUSION)) {
        if (confusion != null) {
          throw new IOException(origin + " line " + number + ": a second '" + CONFUSION + "' line");
        }
        if (parts.length != 10) {
          throw new IOException(origin + " line " + number + ": expected " + CONFUSION + "<TAB>9 shares");
        }
        confusion = new double[3][3];
        for (int k = 0; k < 9; k++) {
          try {
            confusion[k / 3][k % 3] = Double.parseDouble(parts[k + 1]);
          } catch (NumberFormatException e) {
            throw new IOException(origin + " line " + number + ": bad number in " + CONFUSION, e);
          }
        }
        try {
          checkedConfusion(confusion);
        } catch (IllegalArgumentException e) {
          throw new IOException(origin + " line " + number + ": " + e.getMessage(), e);
        }
        continue;
      }
      if (parts[0].equals(CALIBRATION) || parts[0].equals(CALIBRATION_PRIORS)) {
        boolean scaling = parts[0].equals(CALIBRATION);
        if ((scaling ? calibrationLine : calibrationPriors) != null) {
          throw new IOException(origin + " line " + number + ": a second '" + parts[0] + "' line");
        }
        int expected = scaling ? 4 : 3;
        if (parts.length != expected + 1) {
          throw new IOException(origin + " line " + number + ": expected " + parts[0] + "<TAB>" + expected + " numbers");
        }
        double[] values = new double[expected];
        for (int k = 0; k < expected; k++) {
          try {
            values[k] = Double.parseDouble(parts[k + 1]);
          } catch (NumberFormatException e) {
            throw new IOException(origin + " line " + number + ": bad number in " + parts[0], e);
          }
          if (!Double.isFinite(values[k])) {
            throw new IOException(origin + " line " + number + ": " + parts[0] + " must be finite");
          }
        }
        if (scaling) {
          calibrationLine = values;
        } else {
          calibrationPriors = values;
        }
        calibrationNumber = number;
        continue;
      }
      if (parts.length != 4) {
        throw new IOException(origin + " line " + number + ": expected feature<TAB>3 weights");
      }
      double[] w = new double[3];
      try {
        for (int c = 0; c < 3; c++) {
          w[c] = Double.parseDouble(parts[c + 1]);
        }
      } catch (NumberFormatException e) {
        throw new IOException(origin + " line " + number + ": bad weight", e);
      }
      if (parts[0].equals(PRIORS)) {
        if (priors != null) {
          throw new IOException(origin + " line " + number + ": a second '" + PRIORS + "' line");
        }
        checkPriors(w, origin + " line " + number);
        priors = w;
        continue;
      }
      for (double weight : w) {
        // Bounded, so that no text's summed scores can overflow into NaN probabilities.
        if (!(Math.abs(weight) <= MAX_WEIGHT)) {
          throw new IOException(origin + " line " + number + ": weights must be finite numbers within +-" + MAX_WEIGHT);
        }
      }
      if (weights.put(parts[0], w) != null) {
        throw new IOException(origin + " line " + number + ": a second line for feature '" + parts[0] + "'");
      }
    }
    if (!classes) {
      throw new IOException(origin + ": not a sentiment model (no classes line)");
    }
    if ((calibrationLine == null) != (calibrationPriors == null)) {
      throw new IOException(origin + " line " + calibrationNumber + ": '" + CALIBRATION + "' and '"
          + CALIBRATION_PRIORS + "' go together");
    }
    PosteriorCalibration.Calibration calibration = null;
    if (calibrationLine != null) {
      try {
        calibration = new PosteriorCalibration.Calibration(calibrationLine[0],
            new double[] {calibrationLine[1], calibrationLine[2], calibrationLine[3]}, calibrationPriors);
      } catch (IllegalArgumentException e) {
        throw new IOException(origin + " line " + calibrationNumber + ": " + e.getMessage(), e);
      }
    }
    return new FastSentimentModel(weights, priors, lines.comments(), calibration, confusion);
  }

  /** A copy of a confusion matrix whose rows are shares summing to 1, or an exception saying what is wrong. */
  private static double[][] checkedConfusion(double[][] confusion) {
    if (confusion.length != 3) {
      throw new IllegalArgumentException("a confusion matrix has 3 rows");
    }
    double[][] out = new double[3][];
    for (int j = 0; j < 3; j++) {
      if (confusion[j].length != 3) {
        throw new IllegalArgumentException("a confusion matrix has 3 columns");
      }
      double sum = 0;
      for (double share : confusion[j]) {
        if (!(share >= 0 && share <= 1)) {
          throw new IllegalArgumentException("confusion shares must be between 0 and 1");
        }
        sum += share;
      }
      if (Math.abs(sum - 1) > 1e-3) {
        throw new IllegalArgumentException("each row of the confusion matrix must add up to 1");
      }
      out[j] = confusion[j].clone();
    }
    return out;
  }

  private static void checkPriors(double[] priors, String where) throws IOException {
    double sum = 0;
    for (double p : priors) {
      if (!(p > 0 && p <= 1)) {
        throw new IOException(where + ": priors must be three shares above 0 and at most 1");
      }
      sum += p;
    }
    if (Math.abs(sum - 1) > 1e-3) {
      throw new IOException(where + ": priors must add up to 1");
    }
  }

  /** The model as text, weights rounded to six decimals, features sorted by name. */
  public String toText() {
    StringBuilder out = new StringBuilder();
    for (String comment : comments) {
      out.append("# ").append(comment).append('\n');
    }
    out.append(CLASSES_LINE).append('\n');
    if (priors != null) {
      out.append(PRIORS);
      for (double p : priors) {
        out.append('\t').append(String.format(Locale.ROOT, "%.6f", p));
      }
      out.append('\n');
    }
    if (calibration != null) {
      out.append(CALIBRATION).append('\t').append(String.format(Locale.ROOT, "%.6f", calibration.temperature()));
      for (double b : calibration.biases()) {
        out.append('\t').append(String.format(Locale.ROOT, "%.6f", b));
      }
      out.append('\n').append(CALIBRATION_PRIORS);
      for (double p : calibration.priors()) {
        out.append('\t').append(String.format(Locale.ROOT, "%.6f", p));
      }
      out.append('\n');
    }
    if (confusion != null) {
      out.append(CONFUSION);
      for (double[] row : confusion) {
        for (double share : row) {
          out.append('\t').append(String.format(Locale.ROOT, "%.6f", share));
        }
      }
      out.append('\n');
    }
    for (Map.Entry<String, double[]> entry : new TreeMap<>(weights).entrySet()) {
      out.append(entry.getKey());
      for (double w : entry.getValue()) {
        out.append('\t').append(String.format(Locale.ROOT, "%.6f", w));
      }
      out.append('\n');
    }
    return out.toString();
  }

  /** Probabilities of negative, neutral and positive for a text, calibrated when the model carries a calibration. */
  public double[] probabilities(TokenizedText text, SentimentFeatures features) {
    double[] scores = scores(text, features);
    if (calibration != null) {
      calibration.apply(scores);
    }
    return softmax(scores);
  }

  /** The raw scores (logits) of negative, neutral and positive, before calibration and softmax. */
  public double[] scores(TokenizedText text, SentimentFeatures features) {
    double[] scores = new double[3];
    // Each feature counts once, with its first value, as SentimentFeatures.extract gives them;
    // features the model does not know add nothing, so only known ones need remembering.
    SlotSet seen = new SlotSet();
    features.extractAll(text, (feature, value) -> {
      int slot = table.slot(feature);
      if (slot >= 0 && seen.add(slot)) {
        double[] w = table.weights[slot];
        scores[0] += w[0] * value;
        scores[1] += w[1] * value;
        scores[2] += w[2] * value;
      }
    });
    return scores;
  }

  /**
   * Open addressing over the feature names, hashed as {@link String#hashCode} hashes them, so
   * that a name can be looked up from any character sequence. Immutable once built.
   */
  private static final class WeightTable {
    private final String[] keys;
    private final double[][] weights;
    private final int mask;

    WeightTable(Map<String, double[]> entries) {
      int capacity = Integer.highestOneBit(Math.max(4, entries.size() * 2) - 1) << 1;
      keys = new String[capacity];
      weights = new double[capacity][];
      mask = capacity - 1;
      entries.forEach((key, w) -> {
        int slot = spread(key.hashCode()) & mask;
        while (keys[slot] != null) {
          slot = (slot + 1) & mask;
        }
        keys[slot] = key;
        weights[slot] = w;
      });
    }

    /** The slot of a feature name, or -1 when the model does not know it. */
    int slot(CharSequence name) {
      int hash = 0;
      for (int i = 0; i < name.length(); i++) {
        hash = 31 * hash + name.charAt(i);
      }
      for (int slot = spread(hash) & mask; ; slot = (slot + 1) & mask) {
        String key = keys[slot];
        if (key == null) {
          return -1;
        }
        if (key.hashCode() == hash && key.contentEquals(name)) {
          return slot;
        }
      }
    }

    private static int spread(int hash) {
      return hash ^ (hash >>> 16);
    }
  }

  /** A small set of table slots, for one text's features. */
  private static final class SlotSet {
    private int[] slots = new int[64];
    private int size;

    SlotSet() {
      java.util.Arrays.fill(slots, -1);
    }

    /** Adds a slot (not negative); false when it was there already. */
    boolean add(int slot) {
      int mask = slots.length - 1;
      int at = (slot * 0x9E3779B9 >>> 7) & mask;
      while (slots[at] >= 0) {
        if (slots[at] == slot) {
          return false;
        }
        at = (at + 1) & mask;
      }
      slots[at] = slot;
      if (++size * 2 > slots.length) {
        grow();
      }
      return true;
    }

    private void grow() {
      int[] old = slots;
      slots = new int[old.length * 2];
      java.util.Arrays.fill(slots, -1);
      size = 0;
      for (int slot : old) {
        if (slot >= 0) {
          add(slot);
        }
      }
    }
  }

  public static double[] softmax(double[] scores) {
    double max = Math.max(scores[0], Math.max(scores[1], scores[2]));
    double[] p = new double[3];
    double sum = 0;
    for (int c = 0; c < 3; c++) {
      p[c] = Math.exp(scores[c] - max);
      sum += p[c];
    }
    for (int c = 0; c < 3; c++) {
      p[c] /= sum;
    }
    return p;
  }

  /** Class priors of the training texts (negative, neutral, positive); uniform when the file does not say. */
  public double[] priors() {
    return priors == null ? new double[] {1 / 3.0, 1 / 3.0, 1 / 3.0} : priors.clone();
  }

  /**
   * The priors the model's posteriors are for, which prior adaptation starts from and divides by:
   * the calibration texts' class shares when the model is calibrated (calibration fits the
   * posteriors to that balance), else the training texts' priors.
   */
  public double[] adaptationPriors() {
    return calibration != null ? calibration.priors() : priors();
  }

  /** The calibration applied to the scores, or null when the posteriors are raw. */
  public PosteriorCalibration.Calibration calibration() {
    return calibration;
  }

  /** The same weights with another calibration (null: raw posteriors) and extra header comments. */
  public FastSentimentModel withCalibration(PosteriorCalibration.Calibration calibration, List<String> moreComments) {
    List<String> header = new ArrayList<>(comments);
    header.removeIf(line -> line.startsWith("calibrated-on: "));
    header.addAll(moreComments);
    return parse(new FastSentimentModel(weights, priors, header, calibration, confusion).toText(), "calibrated model");
  }

  /**
   * The confusion matrix on held-out labelled texts, {@code [true class][label]} (negative,
   * neutral, positive; each row sums to 1), which BBSE prior estimation needs; null when the file
   * has none.
   */
  public double[][] confusion() {
    if (confusion == null) {
      return null;
    }
    double[][] out = new double[3][];
    for (int j = 0; j < 3; j++) {
      out[j] = confusion[j].clone();
    }
    return out;
  }

  /** The same weights and calibration with a confusion matrix (null: none) and extra header comments. */
  public FastSentimentModel withConfusion(double[][] matrix, List<String> moreComments) {
    List<String> header = new ArrayList<>(comments);
    header.removeIf(line -> line.startsWith("confusion-on: "));
    header.addAll(moreComments);
    return parse(new FastSentimentModel(weights, priors, header, calibration, matrix).toText(), "model with confusion");
  }

  /** The weights of a feature (negative, neutral, positive), or null when the model does not know it. */
  double[] weights(String feature) {
    double[] w = weights.get(feature);
    return w == null ? null : w.clone();
  }

  public int featureCount() {
    return weights.size();
  }

  /** Short hash of the weights, which changes whenever the model is retrained differently. */
  public String version() {
    return version;
  }

  public List<String> comments() {
    return comments;
  }

  /** Reads a model from its text. */
  public static FastSentimentModel parse(String text, String origin) {
    try {
      return read(new BufferedReader(new StringReader(text)), origin);
    } catch (IOException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
