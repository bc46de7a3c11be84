package earshot.jobs.churn;

import static earshot.jobs.churn.Contacts.at;
import static earshot.jobs.churn.Contacts.day;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import earshot.jobs.config.ConfigurationException;
import earshot.jobs.config.EarshotConfig;
import earshot.jobs.config.Settings;
import earshot.schemas.Alert;
import earshot.schemas.AlertState;
import earshot.schemas.Channel;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Whom a CHURN_RISK alert names ({@code churn.alert-identity}): the customer id a channel gave by
 * default, the hashed key only in {@code key} mode, never an e-mail address or phone number; and what
 * else makes it actionable: the next step, the channel and team of the last contact.
 */
class AlertIdentityTest {

  private static ChurnSettings settings(String identity) {
    return ChurnSettings.from(EarshotConfig.builder().put(Settings.CHURN_ALERT_IDENTITY.key(), identity, "test").build());
  }

  /** Alice: a call with her customer id, then an e-mail without it, left unanswered past its service level. */
  private static Alert alert(ChurnSettings settings) {
    ChurnEngine engine = new ChurnEngine(settings);
    CustomerJourney journey = new CustomerJourney();
    Contact call = at(day(0)).id("call").intents(ChurnIntent.CANCELLATION).sentiment(-0.8).nps(3).team("retention")
        .build();
    engine.onContact("k-alice", "C-1001", journey, call, CustomerValue.UNKNOWN);
    Contact mail = at(day(0.1)).id("mail").email().touchpoint("billing").team("billing-desk").build();
    engine.onContact("k-alice", null, journey, mail, CustomerValue.UNKNOWN);
    List<Alert> alerts = engine.onTime("k-alice", journey, day(1.2)).alerts();
    assertThat(alerts).hasSize(1);
    return alerts.get(0);
  }

  @Test
  void byDefaultTheAlertNamesTheCustomerIdAChannelGaveAndSaysWhatToDo() {
    assertThat(ChurnSettings.defaults().alertIdentity()).isEqualTo(AlertIdentity.CUSTOMER_ID);
    Alert alert = alert(ChurnSettings.defaults());
    assertThat(alert.getState()).isEqualTo(AlertState.OPEN);
    assertThat(alert.getCustomerKey()).isEqualTo("k-alice");
    assertThat(alert.getCustomerId()).as("kept from the call; the e-mail came without it").isEqualTo("C-1001");
    assertThat(alert.getReasons().get(0).getCode()).isEqualTo("CANCEL_INTENT");
    assertThat(alert.getNextStep())
        .isEqualTo("Hand over to retention today: the customer asked to cancel in the call of 2 Nov.");
    assertThat(alert.getLastContactChannel()).isEqualTo(Channel.EMAIL);
    assertThat(alert.getLastContactTeam()).isEqualTo("billing-desk");
  }

  @Test
  void inKeyModeTheAlertCarriesTheHashedKeyOnly() {
    Alert alert = alert(settings("key"));
    assertThat(alert.getCustomerKey()).isEqualTo("k-alice");
    assertThat(alert.getCustomerId()).isNull();
    assertThat(alert.toString()).doesNotContain("C-1001");
    assertThat(alert.getNextStep()).as("the next step does not depend on the identity").isNotBlank();
  }

  @Test
  void theMostRecentIdInEventTimeIsKept() {
    CustomerJourney journey = new CustomerJourney();
    journey.identify("C-2", day(2));
    journey.identify("C-1", day(1));
    journey.identify(null, day(3));
    journey.identify("  ", day(3));
    assertThat(journey.customerId).isEqualTo("C-2");
    journey.identify("C-3", day(3));
    assertThat(journey.customerId).isEqualTo("C-3");
  }

  @Test
  void anIdShapedLikeAnEmailAddressOrAPhoneNumberIsNeverShown() {
    assertThat(AlertIdentity.CUSTOMER_ID.shown("alice@example.net")).isNull();
    assertThat(AlertIdentity.CUSTOMER_ID.shown("+44 20 7946 0001")).isNull();
    assertThat(AlertIdentity.CUSTOMER_ID.shown("+442079460001")).isNull();
    assertThat(AlertIdentity.CUSTOMER_ID.shown("C-1001")).isEqualTo("C-1001");
    assertThat(AlertIdentity.CUSTOMER_ID.shown("20479461")).as("a numeric internal id").isEqualTo("20479461");
    assertThat(AlertIdentity.KEY.shown("C-1001")).isNull();
  }

  @Test
  void aBadValueFailsAtStartNamingTheSetting() {
    assertThatThrownBy(() -> settings("email"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("churn.alert-identity").hasMessageContaining("customer-id");
    assertThat(settings("KEY").alertIdentity()).isEqualTo(AlertIdentity.KEY);
  }
}
