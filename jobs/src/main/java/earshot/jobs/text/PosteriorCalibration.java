package earshot.jobs.text;

import java.util.Arrays;
import java.util.Locale;

/**
 * A calibration of a classifier's posteriors: the scores (logits) {@code z} become {@code z / T + b}
 * before the softmax. Temperature scaling has {@code T} alone (the decisions stay those of the raw
 * model); bias-corrected temperature scaling (BCTS; Alexandari, Kundaje and Shrikumar, ICML 2020)
 * also one bias per class. Prior estimation by EM (Saerens et al. 2002, {@link PriorAdaptation})
 * assumes posteriors that are calibrated; a model trained with a penalty on tweets of another
 * balance is over- or under-confident on new texts, and EM then overshoots.
 *
 * <p>The job only reads a {@link Calibration} from the model file and applies it; fitting one on
 * held-out labelled texts is offline work, done by the lab's sentiment training. A calibration
 * records the calibration texts' class shares (the priors its posteriors are calibrated for, which
 * are EM's reference priors).
 */
public final class PosteriorCalibration {

  /**
   * @param temperature divides the scores (above 1: the raw model was over-confident)
   * @param biases added to the scaled scores (negative, neutral, positive)
   * @param priors class shares of the calibration texts: the prior the calibrated posteriors are for
   */
  public record Calibration(double temperature, double[] biases, double[] priors) {
    public Calibration {
      // Far below 1e-3 the scaled scores of a long text could overflow into NaN probabilities.
      if (!(temperature >= 1e-3) || Double.isInfinite(temperature) || biases.length != 3 || priors.length != 3) {
        throw new IllegalArgumentException("bad calibration: temperature " + temperature);
      }
      double sum = 0;
      for (int c = 0; c < 3; c++) {
        if (!Double.isFinite(biases[c]) || !(priors[c] > 0) || priors[c] > 1) {
          throw new IllegalArgumentException("bad calibration: biases " + Arrays.toString(biases) + ", priors "
              + Arrays.toString(priors));
        }
        sum += priors[c];
      }
      if (Math.abs(sum - 1) > 1e-3) {
        throw new IllegalArgumentException("bad calibration: priors sum to " + sum);
      }
      biases = biases.clone();
      priors = priors.clone();
    }

    @Override
    public double[] biases() {
      return biases.clone();
    }

    @Override
    public double[] priors() {
      return priors.clone();
    }

    /** Scores moved in place: {@code z / T + b}. */
    public void apply(double[] scores) {
      for (int c = 0; c < 3; c++) {
        scores[c] = scores[c] / temperature + biases[c];
      }
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "temperature %.3f, biases %.3f %.3f %.3f, calibrated for priors %.3f %.3f %.3f",
          temperature, biases[0], biases[1], biases[2], priors[0], priors[1], priors[2]);
    }
  }

  private PosteriorCalibration() {}
}
