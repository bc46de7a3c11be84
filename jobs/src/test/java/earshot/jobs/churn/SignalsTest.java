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
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Each churn signal on journeys built by hand: what it finds, what it does not, and what ends it. */
class SignalsTest {

  private static final ChurnSettings SETTINGS = ChurnSettings.defaults();

  private static List<Finding> detect(JourneySignal signal, CustomerJourney journey, long now) {
    List<Finding> out = new ArrayList<>();
    signal.detect(journey, now, SETTINGS, out);
    return out;
  }

  @Nested
  class StatedIntent {
    private final StatedIntentSignal signal = new StatedIntentSignal();

    @Test
    void aWishToCancelIsFoundWithItsContacts() {
      CustomerJourney j = journey(at(day(0)).id("a"), at(day(1)).id("b").intents(ChurnIntent.CANCELLATION).sentiment(-0.9),
          at(day(2)).id("c").intents(ChurnIntent.CANCELLATION, ChurnIntent.COMPETITOR).sentiment(-0.6));
      List<Finding> found = detect(signal, j, day(2));
      assertThat(found).extracting(Finding::code).containsExactly("CANCEL_INTENT", "COMPETITOR_MENTION");
      assertThat(found.get(0).interactionIds()).containsExactly("b", "c");
      assertThat(found.get(0).points()).isEqualTo(45);
      assertThat(found.get(0).at()).isEqualTo(day(2));
      assertThat(found.get(0).description()).contains("asked to cancel or leave (2 times)");
    }

    @Test
    void aCalmQuestionAboutCancellingWeighsLessThanAnAngryRequest() {
      CustomerJourney calm = journey(at(day(0)).id("q").intents(ChurnIntent.CANCELLATION).sentiment(0.1));
      assertThat(detect(signal, calm, day(0))).singleElement().satisfies(f -> {
        assertThat(f.code()).isEqualTo("CANCEL_QUESTION");
        assertThat(f.points()).isEqualTo(25);
        assertThat(f.description()).contains("asked about cancelling");
      });
      CustomerJourney both = journey(at(day(0)).id("q").intents(ChurnIntent.CANCELLATION),
          at(day(1)).id("r").intents(ChurnIntent.CANCELLATION).sentiment(-0.7));
      assertThat(detect(signal, both, day(1))).singleElement().satisfies(f -> {
        assertThat(f.code()).isEqualTo("CANCEL_INTENT");
        assertThat(f.interactionIds()).containsExactly("r");
      });
    }

    @Test
    void aLaterResolvedContactWithoutNegativeWordsRetainsTheCustomer() {
      CustomerJourney j = journey(at(day(1)).intents(ChurnIntent.CANCELLATION).sentiment(-0.8),
          at(day(2)).touchpoint("cancellation").resolved(true).sentiment(0.6));
      assertThat(detect(signal, j, day(2))).isEmpty();
    }

    @Test
    void aResolvedButAngryContactDoesNot() {
      CustomerJourney j = journey(at(day(1)).intents(ChurnIntent.CANCELLATION).sentiment(-0.5),
          at(day(2)).resolved(true).sentiment(-0.7));
      assertThat(detect(signal, j, day(2))).extracting(Finding::code).containsExactly("CANCEL_INTENT");
    }

    @Test
    void contactsAfterTheEvaluationTimeAreNotSeen() {
      CustomerJourney j = journey(at(day(3)).intents(ChurnIntent.ESCALATION));
      assertThat(detect(signal, j, day(2))).isEmpty();
      assertThat(detect(signal, j, day(3))).extracting(Finding::code).containsExactly("ESCALATION_THREAT");
    }
  }

  @Nested
  class NpsTransition {
    private final NpsTransitionSignal signal = new NpsTransitionSignal();

    private Finding only(int previous, int latest) {
      CustomerJourney j = journey(at(day(0)).id("before").channel(Channel.SURVEY).nps(previous),
          at(day(5)).id("after").channel(Channel.SURVEY).nps(latest));
      List<Finding> found = detect(signal, j, day(5));
      assertThat(found).hasSize(1);
      return found.get(0);
    }

    @Test
    void aPromoterWhoTurnsDetractorIsTheStrongestFall() {
      Finding f = only(10, 3);
      assertThat(f.code()).isEqualTo("PROMOTER_TO_DETRACTOR");
      assertThat(f.points()).isEqualTo(25);
      assertThat(f.interactionIds()).containsExactly("before", "after");
      assertThat(f.description()).contains("answered 3").contains("after 10");
    }

    @Test
    void smallerFallsWeighLess() {
      assertThat(only(8, 5).code()).isEqualTo("PASSIVE_TO_DETRACTOR");
      assertThat(only(9, 7).code()).isEqualTo("PROMOTER_TO_PASSIVE");
      assertThat(only(2, 4).code()).isEqualTo("DETRACTOR");
      CustomerJourney passive = journey(at(day(0)).nps(8), at(day(5)).nps(7));
      assertThat(detect(signal, passive, day(5))).as("a passive who stays passive").isEmpty();
    }

    @Test
    void aDetractorWhoTurnsPromoterLowersTheRisk() {
      Finding f = only(2, 9);
      assertThat(f.code()).isEqualTo("DETRACTOR_TO_PROMOTER");
      assertThat(f.points()).isNegative();
    }

    @Test
    void aFirstAnswerIsALevelNotATransition() {
      CustomerJourney j = journey(at(day(0)).nps(4));
      assertThat(detect(signal, j, day(0))).extracting(Finding::code).containsExactly("DETRACTOR");
      CustomerJourney promoter = journey(at(day(0)).nps(10));
      assertThat(detect(signal, promoter, day(0))).extracting(Finding::code).containsExactly("PROMOTER");
    }
  }

  @Nested
  class RepeatContact {
    private final RepeatContactSignal signal = new RepeatContactSignal();

    @Test
    void threeUnresolvedContactsAboutBillingWithinAWeek() {
      CustomerJourney j = journey(at(day(0)).id("1").touchpoint("billing").resolved(false),
          at(day(2)).id("2").channel(Channel.EMAIL).touchpoint("billing"),
          at(day(4)).id("3").channel(Channel.CHAT).touchpoint("billing").resolved(false),
          at(day(4.5)).id("other").touchpoint("delivery").resolved(false));
      List<Finding> found = detect(signal, j, day(4.5));
      assertThat(found).singleElement().satisfies(f -> {
        assertThat(f.code()).isEqualTo("REPEAT_CONTACT");
        assertThat(f.points()).isEqualTo(24);
        assertThat(f.interactionIds()).containsExactly("1", "2", "3");
        assertThat(f.description()).startsWith("3 contacts about billing in 4 days");
      });
    }

    @Test
    void theSameProblemAcrossTouchpointsIsOneTopic() {
      CustomerJourney j = journey(at(day(0)).touchpoint("billing").intents(ChurnIntent.TECHNICAL_PROBLEM),
          at(day(1)).touchpoint("support").intents(ChurnIntent.TECHNICAL_PROBLEM));
      assertThat(detect(signal, j, day(1))).singleElement()
          .satisfies(f -> assertThat(f.description()).contains("about technical problem"));
    }

    @Test
    void aResolutionEndsTheRunAndOldContactsAreOutsideTheWindow() {
      CustomerJourney resolved = journey(at(day(0)).touchpoint("billing"), at(day(1)).touchpoint("billing").resolved(true),
          at(day(2)).touchpoint("billing"));
      assertThat(detect(signal, resolved, day(2))).isEmpty();
      CustomerJourney old = journey(at(day(0)).touchpoint("billing"), at(day(8)).touchpoint("billing"));
      assertThat(detect(signal, old, day(8))).isEmpty();
    }

    @Test
    void ourOwnOutboundContactsAreNotTheCustomersEffort() {
      CustomerJourney j = journey(at(day(0)).touchpoint("billing"), at(day(1)).touchpoint("billing").outbound());
      assertThat(detect(signal, j, day(1))).isEmpty();
    }
  }

  @Nested
  class Transfers {
    private final TransferSignal signal = new TransferSignal();

    @Test
    void transfersWithinOneContact() {
      CustomerJourney j = journey(at(day(0)).id("x").transfers(3));
      assertThat(detect(signal, j, day(0))).singleElement().satisfies(f -> {
        assertThat(f.code()).isEqualTo("TRANSFERRED_WITHIN_CONTACT");
        assertThat(f.points()).isEqualTo(12);
        assertThat(f.description()).startsWith("Transferred 3 times in one call");
      });
    }

    @Test
    void transfersAcrossContacts() {
      CustomerJourney j = journey(at(day(0)).id("x").transfers(1), at(day(3)).id("y").channel(Channel.CHAT).transfers(1),
          at(day(4)).transfers(0));
      assertThat(detect(signal, j, day(4))).singleElement().satisfies(f -> {
        assertThat(f.code()).isEqualTo("TRANSFERRED_ACROSS_CONTACTS");
        assertThat(f.interactionIds()).containsExactly("x", "y");
      });
    }

    @Test
    void oneTransferIsNormal() {
      assertThat(detect(signal, journey(at(day(0)).transfers(1)), day(0))).isEmpty();
    }
  }

  @Nested
  class Unanswered {
    private final UnansweredMessageSignal signal = new UnansweredMessageSignal();

    @Test
    void anEmailWithoutAnswerPastItsServiceLevel() {
      CustomerJourney j = journey(at(day(0)).id("mail").email().resolved(false));
      assertThat(detect(signal, j, day(0.9))).isEmpty();
      assertThat(signal.nextDeadline(j, day(0), SETTINGS)).isEqualTo(day(1));
      List<Finding> found = detect(signal, j, day(3));
      assertThat(found).singleElement().satisfies(f -> {
        assertThat(f.code()).isEqualTo("UNANSWERED_MESSAGE");
        assertThat(f.at()).isEqualTo(day(1));
        assertThat(f.interactionIds()).containsExactly("mail");
        assertThat(f.description()).contains("e-mail").contains("waiting 3 days").contains("service level 1 day");
      });
    }

    @Test
    void anOutboundReplyOrAResolvedContactAnswersIt() {
      CustomerJourney replied = journey(at(day(0)).email(), at(day(0.5)).email().outbound());
      assertThat(detect(signal, replied, day(3))).isEmpty();
      assertThat(signal.nextDeadline(replied, day(0.5), SETTINGS)).isEqualTo(Long.MAX_VALUE);
      CustomerJourney resolvedByCall = journey(at(day(0)).email(), at(day(0.2)).resolved(true));
      assertThat(detect(signal, resolvedByCall, day(3))).isEmpty();
    }

    @Test
    void anAnswerAfterTheServiceLevelIsALateAnswer() {
      CustomerJourney j = journey(at(day(0)).id("mail").email().waited(4 * DAY));
      assertThat(detect(signal, j, day(2))).extracting(Finding::code).containsExactly("UNANSWERED_MESSAGE");
      assertThat(signal.nextDeadline(j, day(2), SETTINGS)).isEqualTo(day(4));
      assertThat(detect(signal, j, day(5))).singleElement().satisfies(f -> {
        assertThat(f.code()).isEqualTo("LATE_ANSWER");
        assertThat(f.at()).isEqualTo(day(4));
        assertThat(f.description()).contains("answered after 4 days");
      });
    }

    @Test
    void callsAndQuickAnswersAreNotWatched() {
      CustomerJourney j = journey(at(day(0)).resolved(false), at(day(0)).email().waited(3 * HOUR));
      assertThat(detect(signal, j, day(5))).isEmpty();
    }
  }

  @Nested
  class NegativeTrend {
    private final NegativeTrendSignal signal = new NegativeTrendSignal();

    @Test
    void messagesThatGetAngrier() {
      CustomerJourney j = journey(at(day(0)).sentiment(0.5), at(day(1)).sentiment(0.3), at(day(2)).id("a").sentiment(-0.4),
          at(day(3)).id("b").sentiment(-0.7), at(day(4)).id("c").sentiment(-0.9));
      assertThat(detect(signal, j, day(4))).singleElement().satisfies(f -> {
        assertThat(f.code()).isEqualTo("NEGATIVE_TREND");
        assertThat(f.interactionIds()).containsExactly("a", "b", "c");
        assertThat(f.points()).isCloseTo(13.3, org.assertj.core.data.Offset.offset(0.1));
        assertThat(f.description()).contains("-0.67").contains("down from 0.40");
      });
    }

    @Test
    void aCustomerWhoWasAlwaysGrumpyHasANegativeToneAndThreeNegativeFirstMessagesAreATrend() {
      CustomerJourney grumpy = journey(at(day(0)).sentiment(-0.6), at(day(1)).sentiment(-0.5), at(day(2)).sentiment(-0.6),
          at(day(3)).sentiment(-0.5));
      assertThat(detect(signal, grumpy, day(3))).extracting(Finding::code).as("unhappy for a while, not worse")
          .containsExactly("NEGATIVE_TONE");
      CustomerJourney mild = journey(at(day(0)).sentiment(-0.4), at(day(1)).sentiment(-0.3), at(day(2)).sentiment(-0.4),
          at(day(3)).sentiment(-0.4));
      assertThat(detect(signal, mild, day(3))).isEmpty();
      CustomerJourney three = journey(at(day(0)).sentiment(-0.6), at(day(1)).sentiment(-0.5), at(day(2)).sentiment(-0.6));
      assertThat(detect(signal, three, day(2))).hasSize(1);
      CustomerJourney mixed = journey(at(day(0)).sentiment(-0.9), at(day(1)).sentiment(0.1), at(day(2)).sentiment(-0.9));
      assertThat(detect(signal, mixed, day(2))).isEmpty();
    }
  }

  @Nested
  class ComplaintSilence {
    private final ComplaintSilenceSignal signal = new ComplaintSilenceSignal();

    @Test
    void anUnresolvedComplaintFollowedBySilence() {
      CustomerJourney j = journey(at(day(0)).id("angry").intents(ChurnIntent.COMPLAINT).resolved(false));
      assertThat(detect(signal, j, day(2))).isEmpty();
      assertThat(signal.nextDeadline(j, day(0), SETTINGS)).isEqualTo(day(3));
      assertThat(detect(signal, j, day(3))).singleElement().satisfies(f -> {
        assertThat(f.code()).isEqualTo("COMPLAINT_THEN_SILENCE");
        assertThat(f.interactionIds()).containsExactly("angry");
      });
    }

    @Test
    void aResolvedComplaintOrALaterContactIsNoSilence() {
      assertThat(detect(signal, journey(at(day(0)).intents(ChurnIntent.COMPLAINT).resolved(true)), day(5))).isEmpty();
      CustomerJourney j = journey(at(day(0)).intents(ChurnIntent.COMPLAINT), at(day(1)));
      assertThat(detect(signal, j, day(5))).isEmpty();
      assertThat(signal.nextDeadline(j, day(1), SETTINGS)).isEqualTo(Long.MAX_VALUE);
    }
  }
}
