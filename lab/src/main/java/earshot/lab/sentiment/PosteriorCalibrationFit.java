package earshot.lab.sentiment;

import earshot.jobs.text.FastSentimentModel;
import earshot.jobs.text.PosteriorCalibration.Calibration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Fits a {@link Calibration} of a classifier's posteriors on held-out labelled texts: temperature
 * scaling fits {@code T} alone, bias-corrected temperature scaling (BCTS) also one bias per class
 * (see {@link earshot.jobs.text.PosteriorCalibration} for what the job does with the result).
 *
 * <p>Consumes scores and true classes of texts the model was not trained on; emits a {@link
 * Calibration} that records the calibration texts' class shares. Fitting minimises the negative
 * log-likelihood, which is convex in (1/T, b), by Newton's method: deterministic, one optimum.
 */
public final class PosteriorCalibrationFit {

  /** Which parameters are fitted. */
  public enum Kind {
    /** 1/T only. */
    TEMPERATURE,
    /** 1/T and a bias per class (the neutral class's bias is 0: softmax ignores a common shift). */
    BIAS_CORRECTED;

    public static Kind parse(String name) {
      return switch (name.toLowerCase(Locale.ROOT)) {
        case "temperature", "ts" -> TEMPERATURE;
        case "bcts", "bias-corrected" -> BIAS_CORRECTED;
        default -> throw new IllegalArgumentException("calibration must be temperature or bcts, got '" + name + "'");
      };
    }
  }

  private PosteriorCalibrationFit() {}

  /**
   * @param scores each text's raw scores (negative, neutral, positive)
   * @param labels each text's true class index
   */
  public static Calibration fit(List<double[]> scores, int[] labels, Kind kind) {
    if (scores.size() != labels.length || scores.isEmpty()) {
      throw new IllegalArgumentException("one label per text, and at least one text");
    }
    double[] priors = new double[3];
    for (int label : labels) {
      priors[label]++;
    }
    for (int c = 0; c < 3; c++) {
      if (priors[c] == 0) {
        throw new IllegalArgumentException("every class needs calibration texts");
      }
      priors[c] /= labels.length;
    }
    // theta = (a = 1/T, b negative, b positive); the neutral bias stays 0.
    int dims = kind == Kind.TEMPERATURE ? 1 : 3;
    double[] theta = new double[dims];
    theta[0] = 1;
    double value = nll(scores, labels, theta);
    for (int iteration = 0; iteration < 100; iteration++) {
      double[] gradient = new double[dims];
      double[][] hessian = new double[dims][dims];
      derivatives(scores, labels, theta, gradient, hessian);
      for (int d = 0; d < dims; d++) {
        hessian[d][d] += 1e-9 * labels.length; // keeps the system solvable when a class is never confused
      }
      double[] step = solve(hessian, gradient);
      double rate = 1;
      double[] next = theta;
      double nextValue = value;
      // Halve the Newton step until the likelihood improves (the objective is convex: this ends).
      for (int halving = 0; halving < 30; halving++) {
        double[] candidate = theta.clone();
        for (int d = 0; d < dims; d++) {
          candidate[d] -= rate * step[d];
        }
        double candidateValue = nll(scores, labels, candidate);
        if (candidateValue <= value) {
          next = candidate;
          nextValue = candidateValue;
          break;
        }
        rate /= 2;
      }
      boolean settled = value - nextValue < 1e-10 * labels.length;
      theta = next;
      value = nextValue;
      if (settled) {
        break;
      }
    }
    if (!(theta[0] > 0)) {
      throw new IllegalStateException("calibration found no positive temperature (scores carry no signal?)");
    }
    double[] biases = dims == 1 ? new double[3] : new double[] {theta[1], 0, theta[2]};
    return new Calibration(1 / theta[0], biases, priors);
  }

  private static double[] logits(double[] z, double[] theta) {
    double[] s = new double[3];
    for (int c = 0; c < 3; c++) {
      s[c] = theta[0] * z[c];
    }
    if (theta.length == 3) {
      s[0] += theta[1];
      s[2] += theta[2];
    }
    return s;
  }

  static double nll(List<double[]> scores, int[] labels, double[] theta) {
    double value = 0;
    for (int i = 0; i < labels.length; i++) {
      double[] s = logits(scores.get(i), theta);
      double max = Math.max(s[0], Math.max(s[1], s[2]));
      double logZ = max + Math.log(Math.exp(s[0] - max) + Math.exp(s[1] - max) + Math.exp(s[2] - max));
      value += logZ - s[labels[i]];
    }
    return value;
  }

  /** Gradient and Hessian of the NLL: the scores are linear in theta with Jacobian J (3 x dims). */
  private static void derivatives(List<double[]> scores, int[] labels, double[] theta, double[] gradient,
      double[][] hessian) {
    int dims = theta.length;
    double[][] jacobian = new double[3][dims];
    for (int i = 0; i < labels.length; i++) {
      double[] z = scores.get(i);
      double[] p = FastSentimentModel.softmax(logits(z, theta));
      for (int c = 0; c < 3; c++) {
        Arrays.fill(jacobian[c], 0);
        jacobian[c][0] = z[c];
      }
      if (dims == 3) {
        jacobian[0][1] = 1;
        jacobian[2][2] = 1;
      }
      for (int c = 0; c < 3; c++) {
        double residual = p[c] - (c == labels[i] ? 1 : 0);
        for (int d = 0; d < dims; d++) {
          gradient[d] += residual * jacobian[c][d];
        }
      }
      // Hessian: J^T (diag(p) - p p^T) J
      for (int c = 0; c < 3; c++) {
        for (int k = 0; k < 3; k++) {
          double w = (c == k ? p[c] : 0) - p[c] * p[k];
          if (w == 0) {
            continue;
          }
          for (int d = 0; d < dims; d++) {
            for (int e = 0; e < dims; e++) {
              hessian[d][e] += jacobian[c][d] * w * jacobian[k][e];
            }
          }
        }
      }
    }
  }

  /** Solves a small symmetric positive definite system by Gaussian elimination with pivoting. */
  static double[] solve(double[][] matrix, double[] vector) {
    int n = vector.length;
    double[][] a = new double[n][n + 1];
    for (int r = 0; r < n; r++) {
      System.arraycopy(matrix[r], 0, a[r], 0, n);
      a[r][n] = vector[r];
    }
    for (int col = 0; col < n; col++) {
      int pivot = col;
      for (int r = col + 1; r < n; r++) {
        if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) {
          pivot = r;
        }
      }
      double[] swap = a[col];
      a[col] = a[pivot];
      a[pivot] = swap;
      if (a[col][col] == 0) {
        return new double[n];
      }
      for (int r = col + 1; r < n; r++) {
        double f = a[r][col] / a[col][col];
        for (int k = col; k <= n; k++) {
          a[r][k] -= f * a[col][k];
        }
      }
    }
    double[] x = new double[n];
    for (int r = n - 1; r >= 0; r--) {
      double sum = a[r][n];
      for (int k = r + 1; k < n; k++) {
        sum -= a[r][k] * x[k];
      }
      x[r] = sum / a[r][r];
    }
    return x;
  }
}
