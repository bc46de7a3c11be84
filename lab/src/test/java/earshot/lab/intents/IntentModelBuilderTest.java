package earshot.lab.intents;

import static org.assertj.core.api.Assertions.assertThat;

import earshot.jobs.text.IntentRules;
import earshot.lab.intents.LabelledQueries.Query;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IntentModelBuilderTest {

  @Test
  void leavesOutSkippedCategoriesAndTestTextsAndChoosesAThresholdFromItsGrid() {
    List<Query> train = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      train.add(new Query("my new card has still not come, day " + i, "card_arrival"));
      train.add(new Query("what are the fees for exchange number " + i, "exchange_charge"));
      train.add(new Query("something in between " + i, "unclear"));
    }
    train.add(new Query("  My new card has still not come, day 3 ", "card_arrival")); // a test text, other case
    List<Query> test = List.of(new Query("my new card has still not come, day 3", "card_arrival"));
    IntentMap map = IntentMap.parse("m", "card_arrival\tdelivery_problem\nexchange_charge\tnone\nunclear\tskip\n");

    IntentModelBuilder.Built built = new IntentModelBuilder().build(train, test, List.of("a lovely film"), map,
        IntentRules.builtIn(), new IntentModelTrainer.Settings(1.0, 1), List.of("test"));

    assertThat(built.log().get(0)).startsWith("31 training queries: 19 used, 10 of categories mapped to skip, "
        + "2 also in the test split (left out); 1 extra texts of other kinds as none");
    assertThat(built.model().codes()).containsExactly("delivery_problem");
    assertThat(IntentModelBuilder.THRESHOLDS).contains(built.model().threshold());
    assertThat(built.model().comments()).anyMatch(c -> c.startsWith("threshold "));
  }
}
