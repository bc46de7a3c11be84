package earshot.jobs.churn;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Fuzz target for churn weights files ({@code churn.weights}), written by {@code churn calibrate} and
 * edited by hand. Corpus: {@code src/test/resources/earshot/jobs/churn/ChurnWeightsFuzzTestInputs/parse/}.
 *
 * <p>Invariants: a file either parses or fails with {@link ChurnWeights.InvalidChurnWeightsException}
 * naming the file and a line; accepted weights hold only known codes with finite multipliers of 0 or
 * more, and read back the same after being written.
 */
class ChurnWeightsFuzzTest {

  @FuzzTest
  void parse(byte[] input) throws Exception {
    ChurnWeights weights;
    try {
      weights = ChurnWeights.parse(new String(input, StandardCharsets.UTF_8).lines().toList(), "fuzz.weights");
    } catch (ChurnWeights.InvalidChurnWeightsException expected) {
      assertThat(expected.getMessage()).contains("fuzz.weights:");
      return;
    }
    assertThat(ChurnRiskModel.CODES).containsAll(weights.multipliers().keySet());
    for (String code : ChurnRiskModel.CODES) {
      double multiplier = weights.multiplier(code);
      assertThat(multiplier).as(code).isFinite().isGreaterThanOrEqualTo(0);
    }
    ChurnWeights back = ChurnWeights.parse(weights.format(java.util.List.of("fuzz")).lines().toList(), "back");
    for (String code : ChurnRiskModel.CODES) {
      assertThat(back.multiplier(code)).as(code).isCloseTo(weights.multiplier(code),
          org.assertj.core.api.Assertions.within(1e-4 * Math.max(1, weights.multiplier(code))));
    }
  }
}
