package earshot.lab.calibration;

import java.util.Arrays;
import java.util.List;

/**
 * A binary logistic regression with an L2 penalty and coefficients kept at 0 or more, fitted by
 * cyclic coordinate descent (one Newton step per coordinate, projected onto the non-negative side):
 * {@code P(y = 1 | x) = 1 / (1 + exp(-(b + sum_j beta_j x_j)))}. The intercept is free and not
 * penalised. Non-negative coefficients keep every reason pointing the way its signal says it does
 * (a reason that should raise the risk can be weighed down to nothing, never turned round).
 *
 * <p>Features are scaled inside the fit by their root mean square, so that the penalty treats them
 * alike; the coefficients returned are on the features' own scale. Rows whose features are all 0
 * only inform the intercept and are given as counts. Deterministic: the same rows give the same fit.
 */
public final class NonNegativeLogistic {

  /** One example: its feature values (dense, one per feature) and whether the outcome happened. */
  public record Row(double[] x, boolean positive) {}

  /** The fit: the intercept and one coefficient per feature (0 or more), on the features' own scale. */
  public record Fit(double intercept, double[] coefficients, int sweeps) {
    public double probability(double[] x) {
      double eta = intercept;
      for (int j = 0; j < x.length; j++) {
        eta += coefficients[j] * x[j];
      }
      return sigmoid(eta);
    }
  }

  private final double l2;
  private final int maxSweeps;

  /** @param l2 the penalty on the scaled coefficients (0 or more) */
  public NonNegativeLogistic(double l2, int maxSweeps) {
    if (!(l2 >= 0) || maxSweeps < 1) {
      throw new IllegalArgumentException("l2 must be 0 or more and sweeps 1 or more");
    }
    this.l2 = l2;
    this.maxSweeps = maxSweeps;
  }

  /**
   * @param features how many features each row has
   * @param rows the rows with at least one feature other than 0
   * @param emptyPositives rows with every feature 0 whose outcome happened
   * @param emptyNegatives rows with every feature 0 whose outcome did not happen
   */
  public Fit fit(int features, List<Row> rows, long emptyPositives, long emptyNegatives) {
    long total = rows.size() + emptyPositives + emptyNegatives;
    long positives = emptyPositives + rows.stream().filter(Row::positive).count();
    if (positives == 0 || positives == total) {
      throw new IllegalArgumentException("the rows need both outcomes to fit: " + positives + " of " + total + " happened");
    }
    double[] scale = new double[features];
    for (Row row : rows) {
      for (int j = 0; j < features; j++) {
        scale[j] += row.x()[j] * row.x()[j];
      }
    }
    for (int j = 0; j < features; j++) {
      scale[j] = scale[j] == 0 ? 1 : Math.sqrt(scale[j] / total);
    }
    double[][] x = new double[rows.size()][];
    double[] y = new double[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      x[i] = new double[features];
      for (int j = 0; j < features; j++) {
        x[i][j] = rows.get(i).x()[j] / scale[j];
      }
      y[i] = rows.get(i).positive() ? 1 : 0;
    }
    double intercept = Math.log((double) positives / (total - positives));
    double[] beta = new double[features];
    double[] eta = new double[rows.size()];
    Arrays.fill(eta, intercept);
    int sweep = 0;
    while (sweep < maxSweeps) {
      sweep++;
      double largestStep = 0;
      // The intercept: every row counts, the empty ones as two groups.
      double pEmpty = sigmoid(intercept);
      double gradient = emptyPositives * (pEmpty - 1) + emptyNegatives * pEmpty;
      double curvature = (emptyPositives + emptyNegatives) * pEmpty * (1 - pEmpty);
      for (int i = 0; i < eta.length; i++) {
        double p = sigmoid(eta[i]);
        gradient += p - y[i];
        curvature += p * (1 - p);
      }
      double step = -gradient / Math.max(curvature, 1e-12);
      intercept += step;
      for (int i = 0; i < eta.length; i++) {
        eta[i] += step;
      }
      largestStep = Math.max(largestStep, Math.abs(step));
      for (int j = 0; j < features; j++) {
        double g = l2 * beta[j];
        double h = l2;
        for (int i = 0; i < eta.length; i++) {
          double v = x[i][j];
          if (v != 0) {
            double p = sigmoid(eta[i]);
            g += (p - y[i]) * v;
            h += p * (1 - p) * v * v;
          }
        }
        if (h <= 0) {
          continue;
        }
        double next = Math.max(0, beta[j] - g / h);
        double delta = next - beta[j];
        if (delta != 0) {
          beta[j] = next;
          for (int i = 0; i < eta.length; i++) {
            eta[i] += delta * x[i][j];
          }
          largestStep = Math.max(largestStep, Math.abs(delta));
        }
      }
      if (largestStep < 1e-8) {
        break;
      }
    }
    double[] coefficients = new double[features];
    for (int j = 0; j < features; j++) {
      coefficients[j] = beta[j] / scale[j];
    }
    return new Fit(intercept, coefficients, sweep);
  }

  static double sigmoid(double eta) {
    return eta >= 0 ? 1 / (1 + Math.exp(-eta)) : Math.exp(eta) / (1 + Math.exp(eta));
  }
}
