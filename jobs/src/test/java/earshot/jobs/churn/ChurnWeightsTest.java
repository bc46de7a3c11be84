package earshot.jobs.churn;

import static earshot.jobs.churn.Contacts.at;
import static earshot.jobs.churn.Contacts.day;
import static earshot.jobs.churn.Contacts.journey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import earshot.jobs.config.ConfigurationException;
import earshot.jobs.config.EarshotConfig;
import earshot.jobs.config.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChurnWeightsTest {

  @Test
  void aFileSetsTheMultipliersItNamesAndLeavesTheOthersAtOne() throws Exception {
    ChurnWeights weights = ChurnWeights.parse(List.of("# fitted", "", "CANCEL_INTENT = 1.5  # stated intent",
        "PROMOTER=0"), "w");
    assertThat(weights.multiplier("CANCEL_INTENT")).isEqualTo(1.5);
    assertThat(weights.multiplier("PROMOTER")).isZero();
    assertThat(weights.multiplier("REPEAT_CONTACT")).isEqualTo(1.0);
  }

  @Test
  void everyMistakeIsRefusedWithItsLine() {
    assertThatThrownBy(() -> ChurnWeights.parse(List.of("CANCEL_INTENT = 1", "CANCEL_INTNET = 2", "DETRACTOR = -1",
        "LATE_ANSWER = lots", "REPEAT_CONTACT 3", "CANCEL_INTENT = 4"), "w"))
        .isInstanceOf(ChurnWeights.InvalidChurnWeightsException.class)
        .hasMessageContaining("w:2: unknown reason code 'CANCEL_INTNET'")
        .hasMessageContaining("w:3: DETRACTOR: the multiplier must be a finite number of 0 or more")
        .hasMessageContaining("w:4: 'lots' is not a number")
        .hasMessageContaining("w:5: expected CODE = multiplier")
        .hasMessageContaining("w:6: CANCEL_INTENT is set twice");
  }

  @Test
  void theWrittenFileReadsBackTheSame() throws Exception {
    ChurnWeights weights = ChurnWeights.of(Map.of("DETRACTOR", 1.888, "NEGATIVE_TONE", 0.0), "fit");
    String text = weights.format(List.of("header line"));
    ChurnWeights back = ChurnWeights.parse(text.lines().toList(), "back");
    for (String code : ChurnRiskModel.CODES) {
      assertThat(back.multiplier(code)).as(code).isEqualTo(weights.multiplier(code));
    }
    assertThat(text).startsWith("# header line\n");
  }

  @Test
  void aMultiplierScalesItsReasonAndTheReasonsStillAddUpToTheScore() {
    CustomerJourney cancel = journey(at(day(0)).intents(ChurnIntent.CANCELLATION).sentiment(-0.8).nps(3));
    ChurnSettings defaults = ChurnSettings.defaults();
    RiskScore before = new ChurnRiskModel(defaults).score(cancel, day(0));
    RiskScore after = new ChurnRiskModel(defaults.withWeights(ChurnWeights.of(Map.of("CANCEL_INTENT", 1.2,
        "DETRACTOR", 0.0), "test"))).score(cancel, day(0));
    assertThat(before.score()).isEqualTo(55);
    assertThat(after.score()).isEqualTo(54);
    assertThat(after.contributions()).extracting(RiskScore.Contribution::code).containsExactly("CANCEL_INTENT");
    assertThat(after.contributions().get(0).points()).isCloseTo(54, within(1e-9));
  }

  @Test
  void theFeaturesAreTheBuiltInPointsAfterDecayWhateverTheWeights() {
    CustomerJourney cancel = journey(at(day(0)).intents(ChurnIntent.CANCELLATION).sentiment(-0.8));
    ChurnRiskModel weighted = new ChurnRiskModel(ChurnSettings.defaults().withWeights(ChurnWeights.of(
        Map.of("CANCEL_INTENT", 3.0), "test")));
    assertThat(weighted.features(cancel, day(30))).containsOnlyKeys("CANCEL_INTENT", "NEGATIVE_CONTACTS");
    assertThat(weighted.features(cancel, day(30)).get("CANCEL_INTENT")).isCloseTo(22.5, within(1e-9));
  }

  @Test
  void badExperiencesCountOnlyOnceCalibrated() {
    CustomerJourney unhappy = journey(at(day(0)).nps(5), at(day(2)).sentiment(-0.7), at(day(4)).sentiment(-0.5));
    ChurnSettings defaults = ChurnSettings.defaults();
    RiskScore builtIn = new ChurnRiskModel(defaults).score(unhappy, day(4));
    assertThat(new ChurnRiskModel(defaults).features(unhappy, day(4))).containsKey("NEGATIVE_CONTACTS");
    assertThat(builtIn.contributions()).extracting(RiskScore.Contribution::code).doesNotContain("NEGATIVE_CONTACTS");
    RiskScore calibrated = new ChurnRiskModel(defaults.withWeights(ChurnWeights.of(Map.of("NEGATIVE_CONTACTS", 1.0),
        "test"))).score(unhappy, day(4));
    assertThat(calibrated.score() - builtIn.score()).isCloseTo(12 * Math.pow(0.5, 0), within(0.1));
    assertThat(ChurnWeights.BUILT_IN.multiplier("NEGATIVE_CONTACTS")).isZero();
  }

  @Test
  void theJobReadsTheFileAtStartAndABadOneStopsItNamingTheSetting(@TempDir Path dir) throws Exception {
    Path good = dir.resolve("churn.weights");
    Files.writeString(good, "REPEAT_CONTACT = 2\n");
    ChurnSettings settings = ChurnSettings.from(EarshotConfig.defaults().with(Settings.CHURN_WEIGHTS, good.toString()));
    assertThat(settings.weights().multiplier("REPEAT_CONTACT")).isEqualTo(2);
    assertThat(ChurnSettings.defaults().weights()).isSameAs(ChurnWeights.BUILT_IN);

    Path bad = dir.resolve("bad.weights");
    Files.writeString(bad, "REPEAT = 2\n");
    assertThatThrownBy(() -> ChurnSettings.from(EarshotConfig.defaults().with(Settings.CHURN_WEIGHTS, bad.toString())))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("churn.weights")
        .hasMessageContaining("bad.weights:1: unknown reason code 'REPEAT'");
    assertThatThrownBy(() -> ChurnSettings.from(EarshotConfig.defaults().with(Settings.CHURN_WEIGHTS,
        dir.resolve("none").toString()))).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("churn.weights").hasMessageContaining("cannot read");
  }
}
