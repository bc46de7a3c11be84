package earshot.lab.intents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import earshot.deploy.testing.RealServicesExtension;
import earshot.jobs.text.IntentModel;
import earshot.jobs.text.IntentRules;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class IntentMapTest {

  static Path home() {
    return RealServicesExtension.projectHome();
  }

  @Test
  void theBanking77MapNamesEveryCategoryOnceWithACodeOfTheRulesNoneOrSkip() throws Exception {
    IntentMap map = IntentMap.read(home().resolve(IntentMap.BANKING77));
    Set<String> categories = new TreeSet<>();
    LabelledQueries.read(home().resolve("data/real/banking77/test.csv")).forEach(q -> categories.add(q.category()));
    LabelledQueries.read(home().resolve("data/real/banking77/train.csv")).forEach(q -> categories.add(q.category()));
    assertThat(categories).hasSize(77);
    assertThat(map.categories()).containsExactlyInAnyOrderElementsOf(categories);
    Set<String> ruleCodes = Set.copyOf(IntentRules.builtIn().intents());
    assertThat(map.unknownCodes(ruleCodes)).isEmpty();
    for (String category : categories) {
      String value = map.valueOf(category);
      assertThat(ruleCodes.contains(value) || value.equals(IntentMap.NONE) || value.equals(IntentMap.SKIP))
          .as(category + " -> " + value).isTrue();
    }
    assertThat(map.codes()).containsExactlyInAnyOrder("refund", "cancellation", "delivery_problem",
        "billing_problem", "technical_problem");
  }

  @Test
  void theShippedIntentModelLearnedExactlyTheMappedCodes() throws Exception {
    IntentMap map = IntentMap.read(home().resolve(IntentMap.BANKING77));
    assertThat(IntentModel.load().codes()).containsExactlyInAnyOrderElementsOf(map.codes());
  }

  @Test
  void malformedLinesAndCategoriesMappedTwiceAreRefusedWithTheirLine() {
    assertThatThrownBy(() -> IntentMap.parse("m", "# comment\na\trefund\nb refund\n"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("m:3:");
    assertThatThrownBy(() -> IntentMap.parse("m", "a\trefund\na\tnone\n"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mapped twice");
    IntentMap map = IntentMap.parse("m", "a\trefund\nb\tnone\nc\tskip\nd\tbogus_code\n");
    assertThat(map.codes()).containsExactly("refund", "bogus_code");
    assertThat(map.unknownCodes(Set.of("refund"))).containsExactly("bogus_code");
    assertThat(map.valueOf("zzz")).isNull();
  }
}
