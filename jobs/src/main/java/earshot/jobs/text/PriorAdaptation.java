package earshot.jobs.text;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Moves a classifier's posteriors to a stream whose class balance differs from its training texts,
 * from the stream's own unlabelled texts: the EM procedure of Saerens, Latinne and Decaestecker
 * ("Adjusting the outputs of a classifier to new a priori probabilities", Neural Computation
 * 2002). Each posterior is reweighted by the ratio of the stream's prior to the training prior; the
 * stream's prior is the mean of the reweighted posteriors; the two steps repeat until the prior
 * settles.
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
   */
  public record Settings(int window, int every, int minTexts, double floor, int iterations) {
    public static final Settings DEFAULT = new Settings(2_000, 50, 200, 0.05, 20);

    public Settings {
      if (window < 1 || every < 1 || minTexts < 1 || minTexts > window || !(floor >= 0 && floor < 1.0 / 3)
          || iterations < 1) {
        throw new IllegalArgumentException("bad prior adaptation settings: " + this);
      }
    }
  }

  private final double[] training;
  private final Settings settings;
  private final float[] buffer;
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
    if (trainingPriors.length != 3 || start.length != 3) {
      throw new IllegalArgumentException("three class priors expected");
    }
    this.training = trainingPriors.clone();
    this.settings = settings;
    this.buffer = new float[settings.window() * 3];
    this.current = start.clone();
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
      current = clamp(estimate(buffer, n, training, current, settings.iterations(), 1e-6), settings.floor());
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
    return String.format(Locale.ROOT, "prior negative %.3f neutral %.3f positive %.3f after %d texts (training %s)",
        current[0], current[1], current[2], seen, Arrays.toString(training));
  }
}
