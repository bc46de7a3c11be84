package earshot.jobs.text;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Moves a classifier's posteriors to a stream whose class balance differs from its training texts,
 * from the stream's own unlabelled texts. Each posterior is reweighted by the ratio of the stream's
 * prior to the training prior; the stream's prior is estimated in one of two ways ({@link
 * Estimator}):
 *
 * <ul>
 *   <li>EM (Saerens, Latinne and Decaestecker, "Adjusting the outputs of a classifier to new a
 *       priori probabilities", Neural Computation 2002): the prior is the mean of the reweighted
 *       posteriors, the two steps repeated until it settles. It trusts the posteriors to be
 *       calibrated on the stream, and overshoots when they are not.
 *   <li>BBSE, black-box shift estimation (Lipton, Wang and Smola, ICML 2018): the share of texts
 *       the model labels each class is, under label shift, the confusion matrix {@code P(label |
 *       true class)} measured on held-out labelled texts times the stream's prior; the prior is the
 *       solution of that 3x3 system. It needs only the model's decisions, not calibrated
 *       posteriors. Without a confusion matrix (a model file that has none) EM is used.
 * </ul>
 *
 * <p>Online and bounded: the raw posteriors of the last {@code window} texts are kept in a ring
 * buffer (3 floats each) and the prior is re-estimated every {@code every} texts, warm-started from
 * the previous estimate; before {@code minTexts} texts the training priors are used unchanged.
 * The "training" priors are those the posteriors are for: a calibrated model's calibration priors.
 * Each estimated prior is clamped to [{@code floor}, 1] (then renormalised) so that a burst of one
 * class cannot silence another. The prior in use is observable ({@link #priors()}), for a gauge;
 * that one method may be called from any thread. Otherwise not thread-safe: one per stream and thread.
 */
public final class PriorAdaptation {

  /**
   * @param window how many recent texts the estimate reads
   * @param every re-estimate after this many new texts
   * @param minTexts texts needed before the first estimate
   * @param floor smallest prior a class may get
   * @param iterations most EM iterations per estimate
   * @param shrink how far the prior in use moves from the training prior towards the estimate: 1
   *     takes the estimate as it is, 0.5 goes half way, 0 never adapts. Both estimators overshoot
   *     when the stream's texts are written unlike the training texts (the shift is not only in
   *     the balance), and shrinking bounds what that error can do.
   */
  public record Settings(int window, int every, int minTexts, double floor, int iterations, Estimator estimator,
      double shrink) {
    /** EM: BBSE, measured on real tweets, was not better overall (see the README). */
    public static final Settings DEFAULT = new Settings(2_000, 50, 200, 0.05, 20, Estimator.EM, 1.0);

    public Settings {
      if (window < 1 || every < 1 || minTexts < 1 || minTexts > window || !(floor >= 0 && floor < 1.0 / 3)
          || iterations < 1 || estimator == null || !(shrink >= 0 && shrink <= 1)) {
        throw new IllegalArgumentException("bad prior adaptation settings: " + this);
      }
    }

    public Settings(int window, int every, int minTexts, double floor, int iterations, Estimator estimator) {
      this(window, every, minTexts, floor, iterations, estimator, 1.0);
    }

    /** EM settings (the form before BBSE). */
    public Settings(int window, int every, int minTexts, double floor, int iterations) {
      this(window, every, minTexts, floor, iterations, Estimator.EM);
    }

    /** The same settings with another estimator. */
    public Settings with(Estimator other) {
      return new Settings(window, every, minTexts, floor, iterations, other, shrink);
    }

    /** The same settings with another shrink factor (see {@link Settings}). */
    public Settings withShrink(double factor) {
      return new Settings(window, every, minTexts, floor, iterations, estimator, factor);
    }
  }

  /** How the stream's prior is estimated from its unlabelled texts. */
  public enum Estimator {
    /** Expectation-maximisation over the posteriors (Saerens et al. 2002). */
    EM,
    /** Black-box shift estimation from the model's decisions and its held-out confusion matrix (Lipton et al. 2018). */
    BBSE;

    public static Estimator parse(String name) {
      return valueOf(name.strip().toUpperCase(Locale.ROOT));
    }
  }

  private final double[] training;
  private final Settings settings;
  /** P(label i | true class j) as confusion[j][i], or null: EM whatever the settings say. */
  private final double[][] confusion;
  private final float[] buffer;
  /** The last raw estimate, before shrinking: EM warm-starts from it. */
  private double[] raw;
  private long seen;
  /** Replaced, never changed in place, and volatile: a metric reporter on another thread may read it. */
  private volatile double[] current;
  private long estimates;

  public PriorAdaptation(double[] trainingPriors, Settings settings) {
    this(trainingPriors, trainingPriors, settings);
  }

  /**
   * @param trainingPriors the priors the posteriors are for (a calibrated model's calibration priors)
   * @param start the prior in use until the first estimate, from which EM also starts (such as the
   *     training texts' priors, when they differ from the calibration texts')
   */
  public PriorAdaptation(double[] trainingPriors, double[] start, Settings settings) {
    this(trainingPriors, start, null, settings);
  }

  /**
   * @param confusion for BBSE: {@code confusion[j][i]} the share of held-out texts of true class j
   *     that the model labels i (each row sums to 1), or null, when the estimate is EM's
   */
  public PriorAdaptation(double[] trainingPriors, double[] start, double[][] confusion, Settings settings) {
    if (trainingPriors.length != 3 || start.length != 3) {
      throw new IllegalArgumentException("three class priors expected");
    }
    this.training = trainingPriors.clone();
    this.settings = settings;
    this.confusion = settings.estimator() == Estimator.BBSE && confusion != null ? copy(confusion) : null;
    this.buffer = new float[settings.window() * 3];
    this.current = start.clone();
    this.raw = start.clone();
  }

  /**
   * Records a text's raw posterior and returns it corrected to the stream's current prior. The
   * text counts towards the next estimate, not the one its own correction uses.
   */
  public double[] adapt(double[] posterior) {
    double[] corrected = correct(posterior, training, current);
    int slot = (int) (seen % settings.window()) * 3;
    for (int c = 0; c < 3; c++) {
      buffer[slot + c] = (float) posterior[c];
    }
    seen++;
    if (seen >= settings.minTexts() && seen % settings.every() == 0) {
      int n = (int) Math.min(seen, settings.window());
      double[] estimate = confusion != null ? bbse(buffer, n, confusion)
          : estimate(buffer, n, training, raw, settings.iterations(), 1e-6);
      if (estimate != null) {
        raw = estimate;
        current = clamp(shrink(training, estimate, settings.shrink()), settings.floor());
      }
      estimates++;
    }
    return corrected;
  }

  /** The prior in use (negative, neutral, positive). */
  public double[] priors() {
    return current.clone();
  }

  public double[] trainingPriors() {
    return training.clone();
  }

  /** Texts seen so far. */
  public long texts() {
    return seen;
  }

  /** Estimates made so far (0: still on the training priors). */
  public long estimates() {
    return estimates;
  }

  /** {@code training + factor * (estimate - training)}: the estimate moved back towards the training prior. */
  static double[] shrink(double[] training, double[] estimate, double factor) {
    double[] out = new double[3];
    for (int c = 0; c < 3; c++) {
      out[c] = training[c] + factor * (estimate[c] - training[c]);
    }
    return out;
  }

  /** p(c|x) reweighted by target(c) / training(c) and renormalised. */
  public static double[] correct(double[] posterior, double[] training, double[] target) {
    double[] out = new double[3];
    double sum = 0;
    for (int c = 0; c < 3; c++) {
      out[c] = posterior[c] * target[c] / training[c];
      sum += out[c];
    }
    if (!(sum > 0)) {
      return posterior.clone();
    }
    for (int c = 0; c < 3; c++) {
      out[c] /= sum;
    }
    return out;
  }

  /** Batch EM over a whole set of posteriors, from the training priors. */
  public static double[] estimate(List<double[]> posteriors, double[] training, int iterations) {
    float[] flat = new float[posteriors.size() * 3];
    for (int i = 0; i < posteriors.size(); i++) {
      for (int c = 0; c < 3; c++) {
        flat[i * 3 + c] = (float) posteriors.get(i)[c];
      }
    }
    return estimate(flat, posteriors.size(), training, training, iterations, 1e-6);
  }

  static double[] estimate(float[] posteriors, int n, double[] training, double[] start, int iterations,
      double tolerance) {
    double[] prior = start.clone();
    double[] ratio = new double[3];
    for (int it = 0; it < iterations; it++) {
      for (int c = 0; c < 3; c++) {
        ratio[c] = prior[c] / training[c];
      }
      double[] next = new double[3];
      for (int i = 0; i < n; i++) {
        double a = posteriors[i * 3] * ratio[0];
        double b = posteriors[i * 3 + 1] * ratio[1];
        double d = posteriors[i * 3 + 2] * ratio[2];
        double sum = a + b + d;
        if (sum > 0) {
          next[0] += a / sum;
          next[1] += b / sum;
          next[2] += d / sum;
        }
      }
      double change = 0;
      for (int c = 0; c < 3; c++) {
        next[c] /= n;
        change = Math.max(change, Math.abs(next[c] - prior[c]));
      }
      prior = next;
      if (change < tolerance) {
        break;
      }
    }
    return prior;
  }

  /** The estimator in use: BBSE only when the settings ask for it and a confusion matrix was given. */
  public Estimator estimator() {
    return confusion != null ? Estimator.BBSE : Estimator.EM;
  }

  /**
   * BBSE over a set of posteriors: the shares of their decisions (argmax) solved against the
   * confusion matrix. Null when the matrix cannot be inverted.
   */
  public static double[] bbse(List<double[]> posteriors, double[][] confusion) {
    float[] flat = new float[posteriors.size() * 3];
    for (int i = 0; i < posteriors.size(); i++) {
      for (int c = 0; c < 3; c++) {
        flat[i * 3 + c] = (float) posteriors.get(i)[c];
      }
    }
    return bbse(flat, posteriors.size(), confusion);
  }

  static double[] bbse(float[] posteriors, int n, double[][] confusion) {
    double[] decided = new double[3];
    for (int i = 0; i < n; i++) {
      float a = posteriors[i * 3];
      float b = posteriors[i * 3 + 1];
      float d = posteriors[i * 3 + 2];
      // The analyzer's own tie-breaking, so that the shares are those of the labels it gives.
      decided[a >= b && a >= d ? 0 : d > b ? 2 : 1] += 1.0 / n;
    }
    return solve(confusion, decided);
  }

  /**
   * The prior {@code q} with {@code sum_j confusion[j][i] q[j] = decided[i]} for each label i,
   * negative parts cut to 0 and the rest renormalised (sampling noise can push a small class
   * below 0); null when the system is singular or nothing positive remains.
   */
  static double[] solve(double[][] confusion, double[] decided) {
    // Augmented matrix of A q = decided with A[i][j] = confusion[j][i]; Gaussian elimination, partial pivoting.
    double[][] m = new double[3][4];
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        m[i][j] = confusion[j][i];
      }
      m[i][3] = decided[i];
    }
    for (int col = 0; col < 3; col++) {
      int pivot = col;
      for (int r = col + 1; r < 3; r++) {
        if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) {
          pivot = r;
        }
      }
      if (Math.abs(m[pivot][col]) < 1e-9) {
        return null;
      }
      double[] swap = m[col];
      m[col] = m[pivot];
      m[pivot] = swap;
      for (int r = 0; r < 3; r++) {
        if (r != col) {
          double f = m[r][col] / m[col][col];
          for (int k = col; k < 4; k++) {
            m[r][k] -= f * m[col][k];
          }
        }
      }
    }
    double[] q = new double[3];
    double sum = 0;
    for (int j = 0; j < 3; j++) {
      q[j] = Math.max(0, m[j][3] / m[j][j]);
      sum += q[j];
    }
    if (!(sum > 0)) {
      return null;
    }
    for (int j = 0; j < 3; j++) {
      q[j] /= sum;
    }
    return q;
  }

  private static double[][] copy(double[][] confusion) {
    if (confusion.length != 3) {
      throw new IllegalArgumentException("a 3x3 confusion matrix expected");
    }
    double[][] out = new double[3][];
    for (int j = 0; j < 3; j++) {
      if (confusion[j].length != 3) {
        throw new IllegalArgumentException("a 3x3 confusion matrix expected");
      }
      out[j] = confusion[j].clone();
    }
    return out;
  }

  /** Each prior at least {@code floor}, summing to one: classes under the floor are raised to it, the others scaled down. */
  static double[] clamp(double[] prior, double floor) {
    double[] out = prior.clone();
    boolean[] fixed = new boolean[3];
    for (int round = 0; round < 3; round++) {
      double fixedMass = 0;
      double freeMass = 0;
      for (int c = 0; c < 3; c++) {
        if (fixed[c]) {
          fixedMass += floor;
        } else {
          freeMass += out[c];
        }
      }
      boolean changed = false;
      for (int c = 0; c < 3; c++) {
        if (!fixed[c]) {
          out[c] = freeMass > 0 ? out[c] * (1 - fixedMass) / freeMass : (1 - fixedMass);
          if (out[c] < floor) {
            fixed[c] = true;
            changed = true;
          }
        }
      }
      for (int c = 0; c < 3; c++) {
        if (fixed[c]) {
          out[c] = floor;
        }
      }
      if (!changed) {
        break;
      }
    }
    return out;
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "prior negative %.3f neutral %.3f positive %.3f after %d texts (%s, shrink %s, training %s)",
        current[0], current[1], current[2], seen, estimator(), settings.shrink(), Arrays.toString(training));
  }
}
