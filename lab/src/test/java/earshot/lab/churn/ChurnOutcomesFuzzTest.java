package earshot.lab.churn;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import earshot.lab.generator.PlantedChurner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Fuzz target for outcome files ({@code churn calibrate --outcomes}), exported from a company's
 * systems. Corpus: {@code src/test/resources/earshot/lab/churn/ChurnOutcomesFuzzTestInputs/read/}.
 *
 * <p>Invariants: a file either reads or fails with an IllegalArgumentException naming the file;
 * every cancellation read has a non-blank customer id and a time; what is read survives a write and
 * a second read unchanged.
 */
class ChurnOutcomesFuzzTest {

  @FuzzTest
  void read(byte[] input) throws Exception {
    Path file = Files.createTempFile("earshot-outcomes-", ".csv");
    Path again = Files.createTempFile("earshot-outcomes-", ".csv");
    try {
      Files.write(file, input);
      List<PlantedChurner> outcomes;
      try {
        outcomes = ChurnOutcomes.read(file);
      } catch (IllegalArgumentException expected) {
        assertThat(expected.getMessage()).contains(file.toString());
        return;
      }
      for (PlantedChurner outcome : outcomes) {
        assertThat(outcome.customerId()).isNotBlank();
        assertThat(outcome.cancelledAt()).isNotNull();
      }
      ChurnOutcomes.write(again, outcomes);
      assertThat(ChurnOutcomes.read(again)).extracting(PlantedChurner::customerId, PlantedChurner::cancelledAt)
          .containsExactlyElementsOf(outcomes.stream()
              .map(o -> org.assertj.core.groups.Tuple.tuple(o.customerId(), o.cancelledAt())).toList());
    } finally {
      Files.deleteIfExists(file);
      Files.deleteIfExists(again);
    }
  }
}
