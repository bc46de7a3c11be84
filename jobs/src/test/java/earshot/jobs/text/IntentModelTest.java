package earshot.jobs.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The shipped intent model loads and is small; malformed model files are refused. */
class IntentModelTest {

  @Test
  void badFilesAreRefused() {
    assertThatThrownBy(() -> IntentModel.parse("classes\trefund\tnone\nthreshold\t0.5\n", "x"))
        .hasMessageContaining("none");
    assertThatThrownBy(() -> IntentModel.parse("classes\tnone\trefund\nthreshold\t0.5\nw=a\t1\n", "x"))
        .hasMessageContaining("line 3");
    assertThatThrownBy(() -> IntentModel.parse("w=a\t1\t2\n", "x")).hasMessageContaining("classes");
  }

  @Test
  void theShippedModelIsSmallAndLoads() throws Exception {
    IntentModel shipped = IntentModel.load();
    assertThat(shipped.codes()).isNotEmpty().isSubsetOf(IntentRules.builtIn().intents());
    assertThat(shipped.threshold()).isBetween(0.3, 0.95);
    try (var in = getClass().getClassLoader().getResourceAsStream(TextResources.BASE + IntentModel.RESOURCE)) {
      assertThat(in.readAllBytes().length).isLessThan(1_000_000);
    }
    assertThat(shipped.comments()).anyMatch(c -> c.contains("Banking77"));
  }
}
