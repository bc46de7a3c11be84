package earshot.jobs.churn;

import static earshot.jobs.churn.Contacts.DAY;
import static earshot.jobs.churn.Contacts.day;
import static org.assertj.core.api.Assertions.assertThat;

import earshot.schemas.Alert;
import earshot.schemas.AlertState;
import earshot.schemas.Severity;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The CHURN_RISK lifecycle on scores given directly: thresholds, hysteresis, material change, cooldown. */
class ChurnAlertsTest {

  private final ChurnAlerts alerts = new ChurnAlerts(ChurnSettings.defaults());
  private final CustomerJourney journey = new CustomerJourney();
  private double previous;

  private Optional<Alert> score(double value, long at, String... codes) {
    List<RiskScore.Contribution> reasons = new java.util.ArrayList<>();
    for (String code : codes) {
      reasons.add(new RiskScore.Contribution(code, code.toLowerCase(), value / codes.length, List.of("i-" + code)));
    }
    Optional<Alert> alert = alerts.onScore("c1", journey, new RiskScore(value, reasons), previous, at);
    previous = value;
    return alert;
  }

  @Test
  void opensAtTheThresholdStaysOpenAboveTheClearThresholdAndResolvesBelowIt() {
    assertThat(score(59.9, day(0), "A")).isEmpty();
    Alert open = score(60, day(1), "A").orElseThrow();
    assertThat(open.getState()).isEqualTo(AlertState.OPEN);
    assertThat(open.getSeverity()).isEqualTo(Severity.WARNING);
    assertThat(open.getBaseline()).isEqualTo(59.9);
    assertThat(score(52, day(2), "A")).as("between the thresholds, a small change: still open, nothing new").isEmpty();
    Alert lower = score(45, day(2), "A").orElseThrow();
    assertThat(lower.getState()).as("15 points below the last published score").isEqualTo(AlertState.UPDATED);
    assertThat(score(40, day(3), "A")).as("at the clear threshold: still open").isEmpty();
    Alert resolved = score(39.9, day(4), "A").orElseThrow();
    assertThat(resolved.getState()).isEqualTo(AlertState.RESOLVED);
    assertThat(resolved.getSeverity()).as("resolved with the severity it had").isEqualTo(Severity.WARNING);
    assertThat(score(55, day(5), "A")).as("below the alert threshold after a resolution").isEmpty();
  }

  @Test
  void publishesAnUpdateOnlyOnAMaterialChange() {
    score(62, day(0), "A");
    assertThat(score(70, day(1), "A")).as("8 points more").isEmpty();
    assertThat(score(73, day(1), "A")).get().extracting(Alert::getState).isEqualTo(AlertState.UPDATED);
    assertThat(score(74, day(2), "A", "B")).as("a new reason").get().extracting(Alert::getState)
        .isEqualTo(AlertState.UPDATED);
    Alert critical = score(80, day(3), "A", "B").orElseThrow();
    assertThat(critical.getSeverity()).isEqualTo(Severity.CRITICAL);
    assertThat(critical.getVersion()).isEqualTo(4);
    assertThat(critical.getHistory()).hasSize(4);
  }

  @Test
  void withinTheCooldownTheSameAlertReopensAfterItANewOneOpens() {
    String first = score(65, day(0), "A").orElseThrow().getAlertId();
    score(20, day(1), "A");
    Alert reopened = score(65, day(1) + 6 * DAY, "A").orElseThrow();
    assertThat(reopened.getAlertId()).isEqualTo(first);
    assertThat(reopened.getState()).isEqualTo(AlertState.OPEN);
    assertThat(reopened.getVersion()).isEqualTo(3);
    score(20, day(8), "A");
    Alert fresh = score(65, day(8) + 8 * DAY, "A").orElseThrow();
    assertThat(fresh.getAlertId()).isNotEqualTo(first);
    assertThat(fresh.getVersion()).isEqualTo(1);
    assertThat(fresh.getHistory()).hasSize(1);
  }
}
