package earshot.jobs.detect;

import static org.assertj.core.api.Assertions.assertThat;

import earshot.schemas.Alert;
import earshot.schemas.AlertState;
import earshot.schemas.Severity;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LateShareTest {

  private final LateShare rule = new LateShare(0.01, 5, Duration.ofHours(24));

  private static LateShare.Ledger ledger(long late, long onTime) {
    LateShare.Ledger ledger = new LateShare.Ledger();
    ledger.late = late;
    ledger.onTime = onTime;
    return ledger;
  }

  private Alert evaluate(LateShare.Ledger ledger, long at) {
    return rule.evaluate(ledger, "channel=CHAT", Map.of("channel", "CHAT"), 300, at - 300_000, at);
  }

  @Test
  void opensWhenEnoughRecordsAndShareAreLate() {
    assertThat(evaluate(ledger(4, 10), 1_000_000)).as("4 late records: below the minimum").isNull();
    assertThat(evaluate(ledger(5, 1_000), 1_000_000)).as("0.5%: below the share").isNull();
    Alert alert = evaluate(ledger(25, 75), 1_000_000);
    assertThat(alert.getState()).isEqualTo(AlertState.OPEN);
    assertThat(alert.getDetector()).isEqualTo("DATA_QUALITY");
    assertThat(alert.getObserved()).isEqualTo(0.25);
    assertThat(alert.getSeverity()).isEqualTo(Severity.CRITICAL);
    assertThat(alert.getSummary()).contains("25 of 100 interactions (25.0%)").contains("channel=CHAT")
        .contains("last 24 hours");
  }

  @Test
  void updatesWhileMoreArriveLateThenResolvesOnlyWellBelowTheThreshold() {
    LateShare.Ledger ledger = ledger(10, 490);
    Alert open = evaluate(ledger, 1_000_000);
    assertThat(open.getState()).isEqualTo(AlertState.OPEN);
    assertThat(open.getSeverity()).isEqualTo(Severity.WARNING);
    assertThat(evaluate(ledger, 1_100_000)).as("nothing changed").isNull();

    ledger.late = 14;
    assertThat(evaluate(ledger, 1_150_000)).as("grown by less than half: no news").isNull();
    ledger.late = 15;
    Alert updated = evaluate(ledger, 1_200_000);
    assertThat(updated.getState()).isEqualTo(AlertState.UPDATED);
    assertThat(updated.getVersion()).isEqualTo(2);
    assertThat(updated.getAlertId()).isEqualTo(open.getAlertId());

    ledger.onTime = 1_000; // 15 / 1015 = 1.5%: still above half the threshold
    assertThat(evaluate(ledger, 1_300_000)).isNull();
    ledger.onTime = 2_000; // 0.6%: above half (0.5%), stays open
    assertThat(evaluate(ledger, 1_400_000)).isNull();
    ledger.onTime = 3_000; // 0.4%
    Alert resolved = evaluate(ledger, 1_500_000);
    assertThat(resolved.getState()).isEqualTo(AlertState.RESOLVED);
    assertThat(resolved.getHistory()).extracting(h -> h.getState())
        .containsExactly(AlertState.OPEN, AlertState.UPDATED, AlertState.RESOLVED);
  }

  @Test
  void aBackfillOfLateRecordsPublishesAFewUpdatesNotOnePerRecord() {
    LateShare.Ledger ledger = ledger(0, 1_000);
    int published = 0;
    for (int late = 1; late <= 1_000; late++) {
      ledger.late = late;
      if (evaluate(ledger, 1_000_000 + late) != null) {
        published++;
      }
    }
    // Opens at 10 (1% of 1,010), turns critical at 5%, then grows by half each time: about a dozen states.
    assertThat(published).isBetween(5, 15);
    assertThat(ledger.track.history).hasSize(published);
    assertThat(ledger.track.severity).isEqualTo("CRITICAL");
  }
}
