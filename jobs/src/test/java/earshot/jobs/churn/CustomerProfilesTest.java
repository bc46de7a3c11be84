package earshot.jobs.churn;

import static earshot.jobs.churn.Contacts.DAY;
import static earshot.jobs.churn.Contacts.HOUR;
import static earshot.jobs.churn.Contacts.at;
import static earshot.jobs.churn.Contacts.day;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import earshot.jobs.config.EarshotConfig;
import earshot.jobs.config.Settings;
import earshot.schemas.Alert;
import earshot.schemas.AlertReason;
import earshot.schemas.AlertState;
import earshot.schemas.Channel;
import earshot.schemas.ContactFact;
import earshot.schemas.CustomerProfile;
import earshot.schemas.Direction;
import earshot.schemas.JsonCodec;
import earshot.schemas.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The customer profile built from a journey, and when a new one is due. */
class CustomerProfilesTest {

  private static final String CUSTOMER = "0cc175b9c0f1b6a831c399e269772661";

  private final ChurnSettings settings = ChurnSettings.defaults();
  private final ChurnEngine engine = new ChurnEngine(settings);
  private final CustomerProfiles profiles = new CustomerProfiles(settings);
  private final CustomerJourney journey = new CustomerJourney();
  private final List<Alert> alerts = new ArrayList<>();

  private ChurnEngine.Outcome contact(Contacts contact, String customerId) {
    ChurnEngine.Outcome outcome = engine.onContact(CUSTOMER, customerId, journey, contact.build(),
        CustomerValue.of(Map.of("valueTier", "gold")));
    alerts.addAll(outcome.alerts());
    return outcome;
  }

  /** Promoter, then three unresolved billing calls, the last one angry about cancelling with a 2. */
  private ChurnEngine.Outcome degrade() {
    contact(at(day(0)).id("survey").channel(Channel.SURVEY).nps(10), null);
    contact(at(day(1)).id("call-1").touchpoint("billing").team("billing-1").resolved(false).sentiment(-0.4), "C-1001");
    contact(at(day(2)).id("mail-1").email().touchpoint("billing").resolved(false).sentiment(-0.6), null);
    return contact(at(day(3)).id("call-3").touchpoint("billing").team("billing-2").resolved(false).transfers(2).nps(2)
        .intents(ChurnIntent.CANCELLATION).sentiment(-0.8123), null);
  }

  @Test
  void aCustomerAtRiskShowsScoreReasonsAlertNextStepAndTheLastContactsAsFacts() {
    ChurnEngine.Outcome outcome = degrade();
    assertThat(profiles.dueAfterContacts(outcome)).isTrue();
    CustomerProfile profile = profiles.publish(CUSTOMER, journey, outcome.score());

    Alert alert = alerts.get(alerts.size() - 1);
    assertThat(profile.getCustomerKey()).isEqualTo(CUSTOMER);
    assertThat(profile.getCustomerId()).as("the id the call gave, kept for later contacts").isEqualTo("C-1001");
    assertThat(profile.getUpdatedAt()).isEqualTo(Instant.ofEpochMilli(day(3)));
    assertThat(profile.getRiskScore()).isCloseTo(alert.getObserved(), offset(0.01)).isGreaterThanOrEqualTo(60);
    assertThat(profile.getReasons()).extracting(AlertReason::getCode)
        .contains("CANCEL_INTENT", "PROMOTER_TO_DETRACTOR", "REPEAT_CONTACT", "HIGH_VALUE");
    assertThat(profile.getReasons().stream().mapToDouble(AlertReason::getContribution).sum())
        .isCloseTo(profile.getRiskScore(), offset(0.1));
    assertThat(profile.getReasons()).allSatisfy(r -> assertThat(r.getDescription()).isNotBlank());
    assertThat(profile.getSeverity()).isEqualTo(alert.getSeverity());
    assertThat(profile.getAlertId()).isEqualTo(alert.getAlertId());
    assertThat(profile.getAlertState()).isEqualTo(AlertState.OPEN);
    assertThat(profile.getAlertOpen()).isTrue();
    assertThat(profile.getNextStep()).isEqualTo(alert.getNextStep()).isNotBlank();
    assertThat(profile.getValueTier()).isEqualTo("gold");
    assertThat(profile.getValueWeight()).isEqualTo(1.25);
    assertThat(profile.getContactsKept()).isEqualTo(4);
    assertThat(profile.getLastContactAt()).isEqualTo(Instant.ofEpochMilli(day(3)));

    assertThat(profile.getLastContacts()).extracting(ContactFact::getInteractionId)
        .containsExactly("call-3", "mail-1", "call-1", "survey");
    ContactFact last = profile.getLastContacts().get(0);
    assertThat(last.getOccurredAt()).isEqualTo(Instant.ofEpochMilli(day(3)));
    assertThat(last.getChannel()).isEqualTo(Channel.CALL);
    assertThat(last.getDirection()).isEqualTo(Direction.INBOUND);
    assertThat(last.getTouchpoint()).isEqualTo("billing");
    assertThat(last.getTeam()).isEqualTo("billing-2");
    assertThat(last.getResolved()).isFalse();
    assertThat(last.getSentimentScore()).isEqualTo(-0.812);
    assertThat(last.getNps()).isEqualTo(2);
    ContactFact survey = profile.getLastContacts().get(3);
    assertThat(survey.getResolved()).as("not said").isNull();
    assertThat(survey.getSentimentScore()).as("no analysed text").isNull();
    assertThat(survey.getNps()).isEqualTo(10);
    // Nothing a customer wrote: the journey keeps no text and the profile has no field for it.
    assertThat(JsonCodec.toJson(profile)).doesNotContain("\"text\"");
  }

  @Test
  void aProfileShowsAtMostFiveContactsNewestFirst() {
    ChurnEngine.Outcome outcome = null;
    for (int i = 0; i < 8; i++) {
      outcome = contact(at(day(0) + i * HOUR).id("c-" + i).channel(Channel.CHAT).resolved(true), null);
    }
    CustomerProfile profile = profiles.publish(CUSTOMER, journey, outcome.score());
    assertThat(profile.getLastContacts()).hasSize(CustomerProfiles.LAST_CONTACTS).extracting(ContactFact::getInteractionId)
        .containsExactly("c-7", "c-6", "c-5", "c-4", "c-3");
    assertThat(profile.getContactsKept()).isEqualTo(8);
    assertThat(profile.getCustomerId()).as("no contact gave an id").isNull();
    assertThat(profile.getAlertId()).isNull();
    assertThat(profile.getAlertState()).isNull();
    assertThat(profile.getAlertOpen()).isFalse();
    assertThat(profile.getSeverity()).isNull();
  }

  @Test
  void theCustomerIdFollowsTheAlertIdentitySettingAndNeverShowsContactDetails() {
    CustomerProfiles keyOnly = new CustomerProfiles(ChurnSettings.from(EarshotConfig.builder()
        .put(Settings.CHURN_ALERT_IDENTITY.key(), "key", "test").build()));
    ChurnEngine.Outcome outcome = degrade();
    assertThat(keyOnly.publish(CUSTOMER, journey, outcome.score()).getCustomerId()).isNull();

    CustomerJourney other = new CustomerJourney();
    ChurnEngine.Outcome mailAsId = engine.onContact(CUSTOMER, "jane.doe@example.com", other,
        at(day(1)).id("x").build(), CustomerValue.UNKNOWN);
    assertThat(profiles.publish(CUSTOMER, other, mailAsId.score()).getCustomerId()).isNull();
  }

  @Test
  void aReDeliveredContactIsNoNewProfile() {
    degrade();
    Contact again = new Contact();
    Contact known = journey.contacts.get(1);
    again.interactionId = known.interactionId;
    again.at = known.at;
    again.channel = known.channel;
    ChurnEngine.Outcome outcome = engine.onContact(CUSTOMER, journey, again, CustomerValue.UNKNOWN);
    assertThat(profiles.dueAfterContacts(outcome)).isFalse();
  }

  @Test
  void timeAloneRewritesTheProfileOnlyOnAMaterialChange() {
    ChurnEngine.Outcome last = degrade();
    profiles.publish(CUSTOMER, journey, last.score());
    double published = journey.profileScore;

    // An hour later the points have hardly decayed: nothing worth writing.
    ChurnEngine.Outcome soon = engine.onTime(CUSTOMER, journey, day(3) + HOUR);
    assertThat(soon.alerts()).isEmpty();
    assertThat(Math.abs(soon.score().score() - published)).isLessThan(CustomerProfiles.MATERIAL_POINTS);
    assertThat(profiles.dueAfterTime(journey, soon)).isFalse();

    // A timer before the last evaluation evaluates nothing.
    assertThat(profiles.dueAfterTime(journey, engine.onTime(CUSTOMER, journey, day(2)))).isFalse();

    // Weeks later the alert resolves by time alone: a new profile, with the alert resolved.
    ChurnEngine.Outcome cleared = null;
    for (long now = day(4); now <= day(60) && journey.alertOpen; now += DAY) {
      cleared = engine.onTime(CUSTOMER, journey, now);
    }
    assertThat(journey.alertOpen).isFalse();
    assertThat(cleared.alerts()).singleElement().satisfies(a -> assertThat(a.getState()).isEqualTo(AlertState.RESOLVED));
    assertThat(profiles.dueAfterTime(journey, cleared)).isTrue();
    CustomerProfile profile = profiles.publish(CUSTOMER, journey, cleared.score());
    assertThat(profile.getAlertState()).isEqualTo(AlertState.RESOLVED);
    assertThat(profile.getAlertOpen()).isFalse();
    assertThat(profile.getSeverity()).isNull();
    assertThat(profile.getAlertId()).isEqualTo(alerts.get(0).getAlertId());
    assertThat(profile.getRiskScore()).isLessThan(settings.clearThreshold());
    assertThat(profile.getUpdatedAt()).isEqualTo(Instant.ofEpochMilli(journey.lastEvaluatedAt));
  }

  @Test
  void aScoreMovingByTheMaterialPointsWithoutAnAlertChangeRewritesTheProfile() {
    // An unanswered e-mail: its reason appears when the reply service level runs out, without a contact.
    ChurnEngine.Outcome first = contact(at(day(0)).id("mail").email().touchpoint("delivery"), null);
    profiles.publish(CUSTOMER, journey, first.score());
    assertThat(first.nextCheck()).isLessThan(Long.MAX_VALUE);
    ChurnEngine.Outcome late = engine.onTime(CUSTOMER, journey, first.nextCheck());
    assertThat(late.alerts()).as("below the alert threshold").isEmpty();
    assertThat(late.score().codes(CustomerProfiles.MATERIAL_POINTS)).contains("UNANSWERED_MESSAGE");
    assertThat(profiles.dueAfterTime(journey, late)).isTrue();
    CustomerProfile profile = profiles.publish(CUSTOMER, journey, late.score());
    assertThat(profile.getReasons()).extracting(AlertReason::getCode).contains("UNANSWERED_MESSAGE");
    assertThat(profile.getNextStep()).startsWith("Answer the customer's e-mail");
    assertThat(profile.getSeverity()).isNull();
    assertThat(profile.getAlertState()).isNull();
    assertThat(profiles.dueAfterTime(journey, engine.onTime(CUSTOMER, journey, first.nextCheck() + 60_000)))
        .as("once published, the same reasons a minute later are not").isFalse();
  }

  @Test
  void severityIsTheOpenAlertsSeverity() {
    ChurnEngine.Outcome outcome = degrade();
    CustomerProfile profile = profiles.publish(CUSTOMER, journey, outcome.score());
    assertThat(profile.getSeverity()).isEqualTo(profile.getRiskScore() >= 80 ? Severity.CRITICAL : Severity.WARNING);
  }
}
