package earshot.jobs.churn;

import static earshot.jobs.churn.Contacts.DAY;
import static earshot.jobs.churn.Contacts.HOUR;
import static earshot.jobs.churn.Contacts.at;
import static earshot.jobs.churn.Contacts.day;
import static earshot.jobs.churn.Contacts.journey;
import static org.assertj.core.api.Assertions.assertThat;

import earshot.schemas.Channel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The suggested next step for each kind of reason, on journeys built by hand (day 0 is 2 Nov 2026):
 * the signal's own finding, turned into the words an agent acts on.
 */
class NextStepTest {

  private static final ChurnSettings SETTINGS = ChurnSettings.defaults();

  /** The next step for the reason {@code code} that {@code signal} finds in the journey at {@code now}. */
  private static String step(JourneySignal signal, String code, CustomerJourney journey, long now) {
    List<Finding> found = new ArrayList<>();
    signal.detect(journey, now, SETTINGS, found);
    Finding finding = found.stream().filter(f -> f.code().equals(code)).findFirst().orElseThrow(
        () -> new AssertionError(code + " not found in " + found));
    String step = NextStep.forReason(new RiskScore.Contribution(finding.code(), finding.description(),
        finding.points(), finding.interactionIds()), journey, now, SETTINGS);
    assertThat(step).as("a sentence of its own, not the generic one").doesNotStartWith("Review the customer's journey");
    return step;
  }

  @Test
  void anUnansweredMessageIsToBeAnsweredNamingItsChannelAndDay() {
    CustomerJourney j = journey(at(day(0)).id("mail").email(), at(day(1)).id("mail-2").email());
    assertThat(step(new UnansweredMessageSignal(), "UNANSWERED_MESSAGE", j, day(2.5)))
        .isEqualTo("Answer the customer's e-mail of 2 Nov and the 1 later unanswered message (waiting 2 days,"
            + " service level 1 day).");
  }

  @Test
  void aLateAnswerIsFollowedUp() {
    CustomerJourney j = journey(at(day(0)).id("mail").email(), at(day(3)).id("reply").email().outbound());
    assertThat(step(new UnansweredMessageSignal(), "LATE_ANSWER", j, day(3)))
        .isEqualTo("Follow up on the e-mail of 2 Nov, answered late: check that the answer solved the problem and"
            + " apologise for the wait.");
  }

  @Test
  void repeatContactsAreACallBackAboutTheirTopicCountingTheWholeRun() {
    Contacts[] calls = new Contacts[7];
    for (int i = 0; i < calls.length; i++) {
      calls[i] = at(day(i * 0.5)).touchpoint("billing").resolved(false);
    }
    // Seven contacts: the reason lists the last five, the step counts all of them.
    assertThat(step(new RepeatContactSignal(), "REPEAT_CONTACT", journey(calls), day(3)))
        .isEqualTo("Call back and resolve billing in this call: 7 unresolved contacts about it, the last on 5 Nov.");
  }

  @Test
  void transfersAskForOneAgentWhoOwnsTheCase() {
    CustomerJourney within = journey(at(day(1)).id("call").transfers(3));
    assertThat(step(new TransferSignal(), "TRANSFERRED_WITHIN_CONTACT", within, day(1)))
        .isEqualTo("Call back from one agent who owns the case to the end: the call of 3 Nov was transferred 3 times.");
    CustomerJourney across = journey(at(day(0)).transfers(1), at(day(2)).channel(Channel.CHAT).transfers(1));
    assertThat(step(new TransferSignal(), "TRANSFERRED_ACROSS_CONTACTS", across, day(2)))
        .isEqualTo("Give the customer one named agent for the case: transferred in 2 different contacts, the last on"
            + " 4 Nov.");
  }

  @Test
  void aComplaintLeftInSilenceIsToBeRepliedToWithHowLongItWaited() {
    CustomerJourney j = journey(at(day(0)).email().intents(ChurnIntent.COMPLAINT).resolved(false));
    assertThat(step(new ComplaintSilenceSignal(), "COMPLAINT_THEN_SILENCE", j, day(4)))
        .isEqualTo("Reply to the complaint of 2 Nov (e-mail, 4 days without an answer).");
  }

  @Test
  void statedIntentsEachHaveTheirOwnStep() {
    StatedIntentSignal signal = new StatedIntentSignal();
    CustomerJourney angry = journey(at(day(1)).intents(ChurnIntent.CANCELLATION).sentiment(-0.8));
    assertThat(step(signal, "CANCEL_INTENT", angry, day(1)))
        .isEqualTo("Hand over to retention today: the customer asked to cancel in the call of 3 Nov.");
    CustomerJourney calm = journey(at(day(1)).channel(Channel.CHAT).intents(ChurnIntent.CANCELLATION).sentiment(0.2));
    assertThat(step(signal, "CANCEL_QUESTION", calm, day(1)))
        .isEqualTo("Call to answer the question about cancelling in the chat of 3 Nov, and ask what would make the"
            + " customer stay.");
    CustomerJourney competitor = journey(at(day(0)).email().intents(ChurnIntent.COMPETITOR));
    assertThat(step(signal, "COMPETITOR_MENTION", competitor, day(0)))
        .isEqualTo("Call with an offer that answers the competitor's: the customer mentioned one in the e-mail of"
            + " 2 Nov.");
    CustomerJourney escalation = journey(at(day(0)).channel(Channel.SOCIAL).intents(ChurnIntent.ESCALATION));
    assertThat(step(signal, "ESCALATION_THREAT", escalation, day(0)))
        .isEqualTo("Have a team lead call today: the customer threatened to escalate in the social media message of"
            + " 2 Nov.");
  }

  @Test
  void aFallInNpsIsACallAboutTheAnswer() {
    NpsTransitionSignal signal = new NpsTransitionSignal();
    CustomerJourney fall = journey(at(day(0)).channel(Channel.SURVEY).nps(9), at(day(5)).channel(Channel.SURVEY).nps(3));
    assertThat(step(signal, "PROMOTER_TO_DETRACTOR", fall, day(5)))
        .isEqualTo("Call about the NPS answer 3 of 7 Nov, after 9 on 2 Nov: ask what went wrong and fix it.");
    CustomerJourney detractor = journey(at(day(1)).channel(Channel.SURVEY).nps(4));
    assertThat(step(signal, "DETRACTOR", detractor, day(1)))
        .isEqualTo("Call about the NPS answer 4 of 3 Nov: ask what went wrong and fix it.");
  }

  @Test
  void anIncreasinglyNegativeToneIsACallToAskWhatIsWrong() {
    CustomerJourney j = journey(at(day(0)).sentiment(0.5), at(day(1)).sentiment(-0.6), at(day(2)).sentiment(-0.7),
        at(day(3)).email().sentiment(-0.8));
    assertThat(step(new NegativeTrendSignal(), "NEGATIVE_TREND", j, day(3)))
        .isEqualTo("Call to ask what is going wrong: the customer's last 3 messages were negative, the latest the"
            + " e-mail of 5 Nov.");
  }

  @Test
  void badExperiencesAreCountedAndTheLatestNamed() {
    CustomerJourney j = journey(at(day(0)).nps(4), at(day(1)).sentiment(0.4), at(day(3)).email().sentiment(-0.6));
    assertThat(step(new NegativeContactsSignal(), "NEGATIVE_CONTACTS", j, day(3)))
        .isEqualTo("Call to ask what is going wrong and put it right: 2 bad experiences (a detractor answer or a"
            + " negative message) in the last 30 days, the latest the e-mail of 5 Nov.");
  }

  @Test
  void theStepIsForTheLargestReasonThatIsSomethingThatHappenedNotTheValueWeight() {
    RiskScore score = new RiskScore(70, List.of(
        new RiskScore.Contribution("HIGH_VALUE", "A gold customer", 30, List.of()),
        new RiskScore.Contribution("UNANSWERED_MESSAGE", "waiting", 25, List.of("mail")),
        new RiskScore.Contribution("DETRACTOR", "a detractor", 15, List.of("survey")),
        new RiskScore.Contribution("PROMOTER", "a promoter", -5, List.of("old"))));
    CustomerJourney j = journey(at(day(0)).id("mail").email());
    assertThat(NextStep.of(score, j, day(1) + 6 * HOUR, SETTINGS)).startsWith("Answer the customer's e-mail of 2 Nov");
    RiskScore lowering = new RiskScore(0, List.of(new RiskScore.Contribution("PROMOTER", "a promoter", -10,
        List.of("old"))));
    assertThat(NextStep.of(lowering, j, day(1), SETTINGS)).as("nothing adds risk: nothing to do").isNull();
  }

  @Test
  void aReasonWhoseContactsLeftTheJourneyStillGetsItsAdviceWithoutADate() {
    RiskScore.Contribution gone = new RiskScore.Contribution("COMPLAINT_THEN_SILENCE", "old", 15, List.of("gone"));
    assertThat(NextStep.forReason(gone, new CustomerJourney(), day(5), SETTINGS))
        .isEqualTo("Reply to the customer's unresolved complaint.");
    assertThat(NextStep.day(day(0) + 20 * DAY)).isEqualTo("22 Nov");
  }
}
