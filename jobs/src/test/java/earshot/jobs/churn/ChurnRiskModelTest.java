package earshot.jobs.churn;

import static earshot.jobs.churn.Contacts.at;
import static earshot.jobs.churn.Contacts.day;
import static earshot.jobs.churn.Contacts.journey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import earshot.schemas.Channel;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChurnRiskModelTest {

  private final ChurnRiskModel model = new ChurnRiskModel(ChurnSettings.defaults());

  private static double sum(RiskScore score) {
    return score.contributions().stream().mapToDouble(RiskScore.Contribution::points).sum();
  }

  /** A degrading journey: promoter, two unresolved billing calls (one transferred 3 times), an unanswered e-mail, a detractor answer. */
  static CustomerJourney degrading() {
    return journey(
        at(day(0)).id("survey-1").channel(Channel.SURVEY).nps(9),
        at(day(10)).id("call-1").touchpoint("billing").resolved(false).transfers(3).sentiment(-0.5),
        at(day(12)).id("call-2").touchpoint("billing").resolved(false).sentiment(-0.7),
        at(day(12.5)).id("mail-1").email().touchpoint("billing").sentiment(-0.8),
        at(day(14)).id("survey-2").channel(Channel.SURVEY).nps(2));
  }

  @Test
  void aDegradingJourneyCrossesTheThresholdWithEveryPointExplained() {
    RiskScore score = model.score(degrading(), day(14));
    assertThat(score.score()).isGreaterThanOrEqualTo(60);
    assertThat(score.contributions()).extracting(RiskScore.Contribution::code)
        .contains("PROMOTER_TO_DETRACTOR", "REPEAT_CONTACT", "TRANSFERRED_WITHIN_CONTACT", "UNANSWERED_MESSAGE",
            "NEGATIVE_TREND");
    assertThat(sum(score)).isCloseTo(score.score(), within(0.5));
    assertThat(score.contributions()).isSortedAccordingTo((a, b) -> Double.compare(b.points(), a.points()));
    assertThat(score.contributions()).filteredOn(c -> c.code().equals("REPEAT_CONTACT")).singleElement()
        .satisfies(c -> assertThat(c.interactionIds()).containsExactly("call-1", "call-2", "mail-1"));
  }

  @Test
  void aWishToCancelAloneStaysBelowTheThresholdAndAnotherSignalCrossesIt() {
    CustomerJourney alone = journey(at(day(0)).intents(ChurnIntent.CANCELLATION).sentiment(-0.8));
    assertThat(model.score(alone, day(0)).score()).isEqualTo(45);
    CustomerJourney withDetractor = journey(at(day(0)).intents(ChurnIntent.CANCELLATION).sentiment(-0.8).nps(3));
    assertThat(model.score(withDetractor, day(0)).score()).isEqualTo(55);
    CustomerJourney withRepeat = journey(at(day(0)).touchpoint("billing"),
        at(day(1)).touchpoint("billing").intents(ChurnIntent.CANCELLATION).sentiment(-0.8).nps(3));
    assertThat(model.score(withRepeat, day(1)).score()).isGreaterThanOrEqualTo(60);
  }

  @Test
  void pointsHalveOverTheirHalfLife() {
    CustomerJourney j = journey(at(day(0)).intents(ChurnIntent.CANCELLATION).sentiment(-0.8));
    assertThat(model.score(j, day(30)).score()).isEqualTo(22.5);
    assertThat(model.score(j, day(60)).score()).isCloseTo(11.25, within(0.1));
  }

  @Test
  void valueWeighsTheRiskAsAReasonOfItsOwn() {
    CustomerJourney gold = journey(at(day(0)).intents(ChurnIntent.CANCELLATION).sentiment(-0.8));
    gold.value(CustomerValue.of(Map.of("valueTier", "gold")));
    RiskScore score = model.score(gold, day(0));
    assertThat(score.score()).isEqualTo(56.3);
    assertThat(score.contributions()).extracting(RiskScore.Contribution::code).containsExactly("CANCEL_INTENT", "HIGH_VALUE");
    assertThat(score.contributions().get(1).points()).isEqualTo(11.3);
    assertThat(score.contributions().get(1).description()).contains("gold customer").contains("1.25");

    CustomerJourney bronze = journey(at(day(0)).intents(ChurnIntent.CANCELLATION).sentiment(-0.8));
    bronze.value(CustomerValue.of(Map.of("valueTier", "bronze")));
    assertThat(model.score(bronze, day(0)).score()).isEqualTo(36);
  }

  @Test
  void theValueDescriptionIsTheSameWhenRemembered() {
    // Many tiers and weights, more than the model remembers, each asked for several times.
    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < 40; i++) {
        CustomerJourney j = journey(at(day(0)).intents(ChurnIntent.CANCELLATION).sentiment(-0.8));
        j.valueTier = i % 5 == 0 ? null : "tier-" + (i % 7);
        j.valueWeight = 0.5f + i * 0.037f;
        String tier = j.valueTier == null ? "customer" : j.valueTier + " customer";
        String expected = String.format(java.util.Locale.ROOT, "A %s: the risk weighs %.2f times as much.", tier,
            (double) j.valueWeight);
        RiskScore score = model.score(j, day(0));
        assertThat(score.contributions()).filteredOn(c -> c.code().endsWith("_VALUE"))
            .extracting(RiskScore.Contribution::description).containsExactly(expected);
      }
    }
  }

  @Test
  void theScoreStaysWithin0And100AndTheReasonsStillAddUp() {
    CustomerJourney worst = journey(
        at(day(0)).channel(Channel.SURVEY).nps(10),
        at(day(1)).touchpoint("billing").transfers(4).intents(ChurnIntent.COMPLAINT, ChurnIntent.ESCALATION).sentiment(-0.9),
        at(day(2)).touchpoint("billing").transfers(2).intents(ChurnIntent.COMPETITOR).sentiment(-0.9),
        at(day(3)).touchpoint("billing").intents(ChurnIntent.CANCELLATION).sentiment(-0.9).nps(0));
    worst.value(CustomerValue.of(Map.of("valueTier", "platinum")));
    RiskScore score = model.score(worst, day(3));
    assertThat(score.score()).isEqualTo(100);
    assertThat(sum(score)).isCloseTo(100, within(0.5));

    CustomerJourney happy = journey(at(day(0)).channel(Channel.SURVEY).nps(2), at(day(1)).channel(Channel.SURVEY).nps(10));
    RiskScore none = model.score(happy, day(1));
    assertThat(none.score()).isZero();
    assertThat(none.contributions()).extracting(RiskScore.Contribution::code).containsExactly("DETRACTOR_TO_PROMOTER");
  }

  @Test
  void theDeadlineOfTheEarliestTimedSignalIsWhenToLookAgain() {
    CustomerJourney j = journey(at(day(0)).email().intents(ChurnIntent.COMPLAINT));
    assertThat(model.nextDeadline(j, day(0))).isEqualTo(day(1));
    assertThat(model.nextDeadline(j, day(1))).isEqualTo(day(3));
    assertThat(model.nextDeadline(journey(at(day(0))), day(0))).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void anEmptyJourneyHasNoRisk() {
    assertThat(model.score(new CustomerJourney(), day(0))).isEqualTo(new RiskScore(0, List.of()));
  }
}
