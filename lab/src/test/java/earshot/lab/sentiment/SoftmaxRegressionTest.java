package earshot.lab.sentiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SoftmaxRegressionTest {

  @Test
  void gradientMatchesFiniteDifferences() {
    int[][] ids = {{0, 1}, {1, 2}, {0, 2, 3}, {3}};
    double[][] values = {{1, 0.5}, {1, -1}, {1, 2, 1}, {0.3}};
    int[] labels = {0, 1, 2, 1};
    double[] weights = {1, 2, 1, 0.5};
    SoftmaxRegression.Objective objective = new SoftmaxRegression.Objective(ids, values, labels, weights, 3, 4, 0.7, 0);
    Random random = new Random(7);
    double[] x = new double[objective.domainDimension()];
    for (int j = 0; j < x.length; j++) {
      x[j] = random.nextGaussian();
    }
    double[] gradient = objective.derivativeAt(x).clone();
    double h = 1e-6;
    for (int j = 0; j < x.length; j++) {
      double[] up = x.clone();
      double[] down = x.clone();
      up[j] += h;
      down[j] -= h;
      double numeric = (objective.valueAt(up) - objective.valueAt(down)) / (2 * h);
      assertThat(gradient[j]).as("coordinate %d", j).isCloseTo(numeric, within(1e-5));
    }
  }

  @Test
  void separatesSeparableClassesAndKeepsTheBiasUnpenalised() {
    List<SoftmaxRegression.Example> examples = List.of(
        new SoftmaxRegression.Example(Map.of("bias", 1.0, "bad", 1.0), 0, 1),
        new SoftmaxRegression.Example(Map.of("bias", 1.0, "bad", 1.0, "awful", 1.0), 0, 1),
        new SoftmaxRegression.Example(Map.of("bias", 1.0, "meh", 1.0), 1, 1),
        new SoftmaxRegression.Example(Map.of("bias", 1.0, "meh", 1.0, "ok", 1.0), 1, 1),
        new SoftmaxRegression.Example(Map.of("bias", 1.0, "good", 1.0), 2, 1),
        new SoftmaxRegression.Example(Map.of("bias", 1.0, "good", 1.0, "ok", 1.0), 2, 1));
    Map<String, double[]> model = SoftmaxRegression.fit(examples, 3, 1.0, 2, "bias", 1e-8);
    assertThat(model).containsKeys("bias", "bad", "meh", "good", "ok").doesNotContainKey("awful");
    assertThat(model.get("bad")[0]).isGreaterThan(model.get("bad")[1]).isGreaterThan(0);
    assertThat(model.get("good")[2]).isGreaterThan(model.get("good")[0]);
    assertThat(model.get("meh")[1]).isGreaterThan(model.get("meh")[2]);
  }
}
