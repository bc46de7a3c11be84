package earshot.jobs.churn;

import static earshot.jobs.churn.Contacts.DAY;
import static earshot.jobs.churn.Contacts.at;
import static earshot.jobs.churn.Contacts.day;
import static org.assertj.core.api.Assertions.assertThat;

import earshot.schemas.Alert;
import earshot.schemas.AlertState;
import earshot.schemas.Channel;
import earshot.schemas.CustomerSignal;
import earshot.schemas.CustomerSignalType;
import earshot.schemas.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The engine's alert lifecycle and customer signals, driven by contacts and time. */
class ChurnEngineTest {

  private static final String CUSTOMER = "5d41402abc4b2a76b9719d911017c592";

  /** Follow-ups (tested in FollowUpsTest) due only after a year, so that their timers stay out of the way. */
  private final ChurnEngine engine = new ChurnEngine(ChurnSettings.from(
      earshot.jobs.config.EarshotConfig.builder().override("loop.follow-up-sla=DEFAULT=P400D").build()));
  private final CustomerJourney journey = new CustomerJourney();
  private final List<Alert> alerts = new ArrayList<>();
  private final List<CustomerSignal> signals = new ArrayList<>();

  private ChurnEngine.Outcome contact(Contacts contact, String tier) {
    ChurnEngine.Outcome outcome = engine.onContact(CUSTOMER, journey, contact.build(),
        tier == null ? CustomerValue.UNKNOWN : CustomerValue.of(Map.of("valueTier", tier)));
    alerts.addAll(outcome.alerts());
    signals.addAll(withoutFollowUps(outcome.signals()));
    return outcome;
  }

  private ChurnEngine.Outcome time(long now) {
    ChurnEngine.Outcome outcome = engine.onTime(CUSTOMER, journey, now);
    alerts.addAll(outcome.alerts());
    signals.addAll(withoutFollowUps(outcome.signals()));
    return outcome;
  }

  private static List<CustomerSignal> withoutFollowUps(List<CustomerSignal> all) {
    return all.stream().filter(s -> !s.getType().name().startsWith("FOLLOW_UP_")
        && s.getType() != CustomerSignalType.LOOP_CLOSED).toList();
  }

  /** Promoter, then a billing problem: two unresolved calls, a cancellation wish with a detractor answer. */
  private void degrade(String tier) {
    contact(at(day(0)).id("survey").channel(Channel.SURVEY).nps(10), tier);
    contact(at(day(1)).id("call-1").touchpoint("billing").resolved(false).sentiment(-0.4), tier);
    contact(at(day(2)).id("call-2").touchpoint("billing").resolved(false).transfers(2).sentiment(-0.6), tier);
    contact(at(day(3)).id("call-3").touchpoint("billing").resolved(false).nps(2).intents(ChurnIntent.CANCELLATION)
        .sentiment(-0.8), tier);
  }

  @Test
  void aDegradingJourneyOpensOneExplainedAlertAndRaisesSignals() {
    degrade("gold");
    assertThat(alerts).singleElement().satisfies(alert -> {
      assertThat(alert.getState()).isEqualTo(AlertState.OPEN);
      assertThat(alert.getDetector()).isEqualTo("CHURN_RISK");
      assertThat(alert.getSeriesKey()).isEqualTo("customer");
      assertThat(alert.getCustomerKey()).isEqualTo(CUSTOMER);
      assertThat(alert.getVersion()).isEqualTo(1);
      assertThat(alert.getOpenedAt().toEpochMilli()).isEqualTo(day(3));
      assertThat(alert.getObserved()).isGreaterThanOrEqualTo(60);
      assertThat(alert.getDimensions()).containsEntry("valueTier", "gold");
      assertThat(alert.getReasons()).extracting(r -> r.getCode())
          .contains("CANCEL_INTENT", "PROMOTER_TO_DETRACTOR", "REPEAT_CONTACT", "HIGH_VALUE");
      assertThat(alert.getReasons().stream().mapToDouble(r -> r.getContribution()).sum())
          .isCloseTo(alert.getObserved(), org.assertj.core.data.Offset.offset(0.5));
      assertThat(alert.getExamples()).extracting(v -> v.getInteractionId()).contains("call-3", "call-2", "call-1");
      assertThat(alert.getExamples()).allSatisfy(v -> assertThat(v.getText()).isNull());
      assertThat(alert.getSummary()).startsWith("Churn risk of a gold customer is").contains("asked to cancel");
      assertThat(alert.getHistory()).singleElement().satisfies(h -> assertThat(h.getState()).isEqualTo(AlertState.OPEN));
    });
    assertThat(signals).extracting(CustomerSignal::getType).containsExactly(CustomerSignalType.CHURN_RISK_RAISED,
        CustomerSignalType.HIGH_VALUE_AT_RISK, CustomerSignalType.PROMOTER_TO_DETRACTOR);
    assertThat(signals).allSatisfy(s -> assertThat(s.getCustomerKey()).isEqualTo(CUSTOMER));
    assertThat(signals.get(2).getDetails()).containsEntry("previousNps", "10").containsEntry("nps", "2");
    assertThat(signals.get(2).getInteractionIds()).containsExactly("survey", "call-3");
  }

  @Test
  void theSameJourneyGivesTheSameIds() {
    degrade(null);
    ChurnEngine other = new ChurnEngine(ChurnSettings.defaults());
    CustomerJourney again = new CustomerJourney();
    List<Alert> otherAlerts = new ArrayList<>();
    for (Contact c : journey.contacts) {
      Contact copy = copy(c);
      otherAlerts.addAll(other.onContact(CUSTOMER, again, copy, CustomerValue.UNKNOWN).alerts());
    }
    assertThat(otherAlerts).extracting(Alert::getAlertId).containsExactlyElementsOf(alerts.stream().map(Alert::getAlertId).toList());
    assertThat(alerts.get(0).getAlertId()).startsWith("churn-risk-");
  }

  @Test
  void aReDeliveredContactChangesNothing() {
    degrade(null);
    int contacts = journey.contacts.size();
    Contact again = copy(journey.contacts.get(1));
    ChurnEngine.Outcome outcome = engine.onContact(CUSTOMER, journey, again, CustomerValue.UNKNOWN);
    assertThat(outcome.alerts()).isEmpty();
    assertThat(journey.contacts).hasSize(contacts);
  }

  @Test
  void aRetentionCallResolvesTheAlertAndAPromoterAnswerLowersTheRiskFurther() {
    degrade(null);
    assertThat(journey.lastScore).isBetween(60.0, 100.0);
    // A resolved billing call with kind words: repeat contacts end and the cancellation wish is retracted.
    contact(at(day(3.5)).id("retained").touchpoint("billing").resolved(true).sentiment(0.4), null);
    assertThat(journey.alertOpen).isFalse();
    Alert resolved = alerts.get(alerts.size() - 1);
    assertThat(resolved.getState()).isEqualTo(AlertState.RESOLVED);
    assertThat(resolved.getAlertId()).isEqualTo(alerts.get(0).getAlertId());
    assertThat(resolved.getObserved()).isLessThan(40);
    assertThat(resolved.getSummary()).contains("back to");
    assertThat(resolved.getHistory()).extracting(h -> h.getState()).endsWith(AlertState.RESOLVED);
    assertThat(signals).extracting(CustomerSignal::getType).contains(CustomerSignalType.CHURN_RISK_CLEARED);
    double before = journey.lastScore;
    contact(at(day(4)).id("happy").channel(Channel.SURVEY).nps(9), null);
    assertThat(journey.lastScore).isLessThan(before);
    assertThat(signals).extracting(CustomerSignal::getType).contains(CustomerSignalType.DETRACTOR_TO_PROMOTER);
  }

  @Test
  void timeAloneResolvesAnAlertWhoseProblemsAgedAtTheMomentTheScoreFallsBelowTheClearThreshold() {
    degrade(null);
    ChurnEngine.Outcome opened = time(day(3.5));
    long due = opened.nextCheck();
    assertThat(due).as("a timer for the resolution, not a daily review").isGreaterThan(day(3.5) + DAY);
    ChurnEngine.Outcome before = time(due - 120_000);
    assertThat(journey.alertOpen).as("two minutes before").isTrue();
    assertThat(before.score().score()).isGreaterThanOrEqualTo(40);
    ChurnEngine.Outcome at = time(due);
    assertThat(journey.alertOpen).isFalse();
    assertThat(at.score().score()).isLessThan(40);
    assertThat(at.alerts()).singleElement().satisfies(a -> assertThat(a.getState()).isEqualTo(AlertState.RESOLVED));
    // No churn timer any more: only the open follow-up's due time remains.
    assertThat(journey.churnNextCheck).isEqualTo(Long.MAX_VALUE);
    assertThat(at.nextCheck()).isEqualTo(FollowUps.nextDeadline(journey, due)).isGreaterThan(due + 300 * DAY);
  }

  @Test
  void aMaterialChangeUpdatesTheAlertAndASmallOneDoesNot() {
    degrade(null);
    int before = alerts.size();
    contact(at(day(3.2)).id("chat").channel(Channel.CHAT).touchpoint("delivery").resolved(true), null);
    assertThat(alerts).as("a resolved chat about something else").hasSize(before);
    contact(at(day(3.4)).id("escalate").channel(Channel.SOCIAL).touchpoint("billing").resolved(false)
        .intents(ChurnIntent.ESCALATION, ChurnIntent.COMPETITOR).sentiment(-0.9), null);
    assertThat(alerts).hasSize(before + 1);
    Alert updated = alerts.get(alerts.size() - 1);
    assertThat(updated.getState()).isEqualTo(AlertState.UPDATED);
    assertThat(updated.getVersion()).isEqualTo(2);
    assertThat(updated.getReasons()).extracting(r -> r.getCode()).contains("ESCALATION_THREAT", "COMPETITOR_MENTION");
  }

  @Test
  void crossingAgainWithinTheCooldownReopensTheSameAlert() {
    degrade(null);
    String first = alerts.get(0).getAlertId();
    contact(at(day(3.5)).touchpoint("billing").resolved(true).sentiment(0.5), null);
    contact(at(day(4)).channel(Channel.SURVEY).nps(10), null);
    assertThat(journey.alertOpen).isFalse();
    contact(at(day(5)).touchpoint("billing").resolved(false).intents(ChurnIntent.CANCELLATION).sentiment(-0.9).transfers(3), null);
    contact(at(day(5.5)).touchpoint("billing").resolved(false).nps(1).sentiment(-0.9), null);
    int resolvedAt = alerts.stream().map(Alert::getState).toList().lastIndexOf(AlertState.RESOLVED);
    Alert reopened = alerts.get(resolvedAt + 1);
    assertThat(reopened.getState()).isEqualTo(AlertState.OPEN);
    assertThat(reopened.getAlertId()).isEqualTo(first);
    assertThat(reopened.getVersion()).isGreaterThan(2);
    assertThat(reopened.getHistory()).extracting(h -> h.getState())
        .containsSubsequence(AlertState.OPEN, AlertState.RESOLVED, AlertState.OPEN);
  }

  @Test
  void anUnansweredEmailRaisesTheScoreAtItsDeadlineWithoutAnyNewContact() {
    contact(at(day(0)).id("mail").email().touchpoint("support").intents(ChurnIntent.CANCELLATION).sentiment(-0.8), null);
    ChurnEngine.Outcome atContact = contact(at(day(0.1)).id("call").touchpoint("billing").resolved(false).nps(3), null);
    assertThat(atContact.score().score()).isBetween(40.0, 60.0);
    assertThat(atContact.nextCheck()).isEqualTo(day(1));
    ChurnEngine.Outcome atDeadline = time(day(1));
    assertThat(atDeadline.score().codes(1)).contains("UNANSWERED_MESSAGE");
    assertThat(atDeadline.alerts()).singleElement().satisfies(a -> {
      assertThat(a.getState()).isEqualTo(AlertState.OPEN);
      assertThat(a.getSeverity()).isIn(Severity.WARNING, Severity.CRITICAL);
      assertThat(a.getUpdatedAt().toEpochMilli()).isEqualTo(day(1));
    });
  }

  @Test
  void aDetractorWhoTurnsPromoterIsPublished() {
    contact(at(day(0)).id("s1").channel(Channel.SURVEY).nps(3), null);
    contact(at(day(8)).id("s2").channel(Channel.SURVEY).nps(10), null);
    assertThat(signals).singleElement().satisfies(s -> {
      assertThat(s.getType()).isEqualTo(CustomerSignalType.DETRACTOR_TO_PROMOTER);
      assertThat(s.getRiskScore()).isZero();
      assertThat(s.getSignalId()).startsWith("detractor-to-promoter-");
      assertThat(s.getSummary()).contains("detractor turned promoter");
    });
    assertThat(alerts).isEmpty();
  }

  private static Contact copy(Contact c) {
    Contact copy = new Contact();
    copy.interactionId = c.interactionId;
    copy.at = c.at;
    copy.channel = c.channel;
    copy.direction = c.direction;
    copy.touchpoint = c.touchpoint;
    copy.intents = c.intents;
    copy.sentiment = c.sentiment;
    copy.nps = c.nps;
    copy.transfers = c.transfers;
    copy.resolved = c.resolved;
    copy.waitSeconds = c.waitSeconds;
    return copy;
  }
}
