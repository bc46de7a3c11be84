package earshot.lab.sentiment;

import edu.stanford.nlp.optimization.DiffFunction;
import edu.stanford.nlp.optimization.QNMinimizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Multinomial logistic regression with an L2 (Gaussian) penalty, fitted to sparse real-valued
 * features by full-batch L-BFGS. The objective and its gradient are computed here; CoreNLP's
 * quasi-Newton minimiser only walks downhill. Full-batch optimisation of a strictly convex
 * objective has one optimum and no random order: the same examples give the same weights.
 *
 * <p>Consumes examples (feature → value maps, a class index, a weight); emits one weight per
 * feature and class, for features seen in at least {@code minFeatureCount} examples.
 */
public final class SoftmaxRegression {

  /** One training text as features. */
  public record Example(Map<String, Double> features, int label, double weight) {}

  private SoftmaxRegression() {}

  /**
   * @param classes number of classes
   * @param sigma standard deviation of the Gaussian prior on each weight
   * @param biasFeature a feature exempt from the penalty (the class prior), or null
   */
  public static Map<String, double[]> fit(List<Example> examples, int classes, double sigma, int minFeatureCount,
      String biasFeature, double tolerance) {
    Map<String, Integer> counts = new HashMap<>();
    for (Example example : examples) {
      for (String feature : example.features().keySet()) {
        counts.merge(feature, 1, Integer::sum);
      }
    }
    Map<String, Integer> index = new HashMap<>();
    List<String> names = new ArrayList<>();
    counts.keySet().stream().sorted().forEach(feature -> {
      if (counts.get(feature) >= minFeatureCount || feature.equals(biasFeature)) {
        index.put(feature, names.size());
        names.add(feature);
      }
    });
    int n = examples.size();
    int[][] ids = new int[n][];
    double[][] values = new double[n][];
    int[] labels = new int[n];
    double[] weights = new double[n];
    for (int i = 0; i < n; i++) {
      Example example = examples.get(i);
      List<Map.Entry<String, Double>> kept = example.features().entrySet().stream()
          .filter(e -> index.containsKey(e.getKey())).sorted(Map.Entry.comparingByKey()).toList();
      ids[i] = new int[kept.size()];
      values[i] = new double[kept.size()];
      for (int k = 0; k < kept.size(); k++) {
        ids[i][k] = index.get(kept.get(k).getKey());
        values[i][k] = kept.get(k).getValue();
      }
      labels[i] = example.label();
      weights[i] = example.weight();
    }
    int bias = biasFeature == null || !index.containsKey(biasFeature) ? -1 : index.get(biasFeature);
    Objective objective = new Objective(ids, values, labels, weights, classes, names.size(), 1 / (sigma * sigma), bias);
    QNMinimizer minimizer = new QNMinimizer(15);
    minimizer.shutUp();
    double[] theta = minimizer.minimize(objective, tolerance, new double[objective.domainDimension()]);
    Map<String, double[]> model = new HashMap<>();
    for (int f = 0; f < names.size(); f++) {
      double[] w = new double[classes];
      System.arraycopy(theta, f * classes, w, 0, classes);
      model.put(names.get(f), w);
    }
    return model;
  }

  /** Weighted negative log-likelihood plus the L2 penalty; weights laid out feature-major. */
  static final class Objective implements DiffFunction {
    private final int[][] ids;
    private final double[][] values;
    private final int[] labels;
    private final double[] weights;
    private final int classes;
    private final int features;
    private final double l2;
    private final int bias;
    private double[] lastX;
    private double lastValue;
    private double[] lastGradient;

    Objective(int[][] ids, double[][] values, int[] labels, double[] weights, int classes, int features, double l2,
        int bias) {
      this.ids = ids;
      this.values = values;
      this.labels = labels;
      this.weights = weights;
      this.classes = classes;
      this.features = features;
      this.l2 = l2;
      this.bias = bias;
    }

    @Override
    public int domainDimension() {
      return features * classes;
    }

    @Override
    public double valueAt(double[] x) {
      compute(x);
      return lastValue;
    }

    @Override
    public double[] derivativeAt(double[] x) {
      compute(x);
      return lastGradient;
    }

    private void compute(double[] x) {
      if (lastX != null && java.util.Arrays.equals(lastX, x)) {
        return;
      }
      double value = 0;
      double[] gradient = new double[x.length];
      double[] scores = new double[classes];
      for (int i = 0; i < ids.length; i++) {
        java.util.Arrays.fill(scores, 0);
        int[] f = ids[i];
        double[] v = values[i];
        for (int k = 0; k < f.length; k++) {
          int base = f[k] * classes;
          for (int c = 0; c < classes; c++) {
            scores[c] += x[base + c] * v[k];
          }
        }
        double max = scores[0];
        for (int c = 1; c < classes; c++) {
          max = Math.max(max, scores[c]);
        }
        double sum = 0;
        for (int c = 0; c < classes; c++) {
          sum += Math.exp(scores[c] - max);
        }
        double logZ = max + Math.log(sum);
        value -= weights[i] * (scores[labels[i]] - logZ);
        for (int c = 0; c < classes; c++) {
          double residual = weights[i] * (Math.exp(scores[c] - logZ) - (c == labels[i] ? 1 : 0));
          for (int k = 0; k < f.length; k++) {
            gradient[f[k] * classes + c] += residual * v[k];
          }
        }
      }
      for (int j = 0; j < x.length; j++) {
        if (j / classes != bias) {
          value += 0.5 * l2 * x[j] * x[j];
          gradient[j] += l2 * x[j];
        }
      }
      lastX = x.clone();
      lastValue = value;
      lastGradient = gradient;
    }
  }
}
