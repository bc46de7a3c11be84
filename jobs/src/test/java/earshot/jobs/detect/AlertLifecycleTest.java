package earshot.jobs.detect;

import static org.assertj.core.api.Assertions.assertThat;

import earshot.schemas.AlertState;
import earshot.schemas.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AlertLifecycleTest {

  private final AlertLifecycle lifecycle = new AlertLifecycle(Windows.settings());
  private final AlertTrack track = new AlertTrack();
  private final List<AlertState> published = new ArrayList<>();
  private long window;

  private void feed(Verdict verdict, double z, Severity severity) {
    Evaluation e = new Evaluation("DETRACTOR_SPIKE", verdict, severity, "detractorShare", 0.5, 0.2, 0.1, 0.3, "z", z, 1e-5, 50);
    long start = Windows.START + window++ * Windows.HOUR;
    Optional<AlertState> state = lifecycle.onWindow(track, e, "global", start, start + Windows.HOUR);
    state.ifPresent(published::add);
  }

  @Test
  void oneIncidentIsOneAlert() {
    feed(Verdict.NORMAL, 0, Severity.INFO);
    feed(Verdict.ANOMALY, 5, Severity.WARNING);
    String id = track.alertId;
    feed(Verdict.ANOMALY, 5.5, Severity.WARNING);   // same evidence: nothing published
    feed(Verdict.ANOMALY, 9, Severity.CRITICAL);    // severity changed: UPDATED
    feed(Verdict.ELEVATED, 3, Severity.WARNING);    // between thresholds: stays open
    feed(Verdict.NORMAL, 1, Severity.INFO);
    feed(Verdict.NORMAL, 1, Severity.INFO);
    feed(Verdict.ELEVATED, 2.5, Severity.WARNING);  // hysteresis: the normal count restarts
    feed(Verdict.NORMAL, 1, Severity.INFO);
    feed(Verdict.NORMAL, 1, Severity.INFO);
    feed(Verdict.NORMAL, 1, Severity.INFO);         // third normal in a row: RESOLVED
    assertThat(published).containsExactly(AlertState.OPEN, AlertState.UPDATED, AlertState.RESOLVED);
    assertThat(track.alertId).isEqualTo(id);
    assertThat(track.version).isEqualTo(3);
    assertThat(track.history).extracting(s -> s.state).containsExactly("OPEN", "UPDATED", "RESOLVED");
    assertThat(track.history.get(2).severity).as("a resolution keeps the alert's severity").isEqualTo("CRITICAL");
  }

  /**
   * A series that falls quiet after its incident (hourly windows too thin to judge) closes its alert after a
   * day of them, saying why; a judged window in between starts that day again.
   */
  @Test
  void anAlertWithoutJudgeableEvidenceForADayCloses() {
    feed(Verdict.ANOMALY, 5, Severity.WARNING);
    for (int hour = 0; hour < 20; hour++) {
      feed(Verdict.INSUFFICIENT, 0, Severity.INFO);
    }
    feed(Verdict.ELEVATED, 3, Severity.WARNING);   // judged: the quiet day starts again
    for (int hour = 0; hour < 23; hour++) {
      feed(Verdict.INSUFFICIENT, 0, Severity.INFO);
    }
    assertThat(published).containsExactly(AlertState.OPEN);
    assertThat(track.open).isTrue();
    feed(Verdict.LEARNING, 0, Severity.INFO);       // the 24th unjudged hour in a row
    assertThat(published).containsExactly(AlertState.OPEN, AlertState.RESOLVED);
    assertThat(track.open).isFalse();

    Evaluation thin = new Evaluation("DETRACTOR_SPIKE", Verdict.INSUFFICIENT, Severity.INFO, "detractorShare", 0.5,
        0.2, 0.1, 0.3, "z", 0, 1, 4);
    assertThat(AlertFactory.summary(AlertState.RESOLVED, thin,
        earshot.jobs.metrics.MetricSnapshots.of("channel=SMS", Windows.START, Windows.START + Windows.HOUR, 0,
            new earshot.jobs.metrics.CxMetrics()), List.of()))
        .startsWith("Too little evidence to judge: ").contains("channel=SMS").contains("the alert closes");
  }

  /** A surge that ends below its range is back to normal on its side, and the summary does not call it within the range. */
  @Test
  void aResolutionSaysWhereTheValueLiesAgainstTheNormalRange() {
    earshot.schemas.MetricSnapshot window = earshot.jobs.metrics.MetricSnapshots.of("channel=SMS", Windows.START,
        Windows.START + Windows.HOUR, 0, new earshot.jobs.metrics.CxMetrics());
    for (double[] caseOf : new double[][] {{0.20, 0}, {0.28, 1}}) {
      Evaluation ended = new Evaluation("VOLUME_SURGE", Verdict.NORMAL, Severity.INFO, "contactShare", caseOf[0], 0.28,
          0.23, 0.33, "z", -2, 0.9, 500);
      String summary = AlertFactory.summary(AlertState.RESOLVED, ended, window, List.of());
      assertThat(summary).startsWith("Back to normal: ")
          .contains(caseOf[1] == 0 ? "below the normal range 23% to 33%" : "within the normal range 23% to 33%");
    }
  }

  @Test
  void growingEvidenceIsPublishedButPersistingEvidenceIsNot() {
    feed(Verdict.ANOMALY, 8, Severity.WARNING);
    feed(Verdict.ANOMALY, 10, Severity.WARNING);   // +2, less than half of 8: nothing
    feed(Verdict.ANOMALY, 12.5, Severity.WARNING); // +4.5 since 8: UPDATED
    feed(Verdict.ANOMALY, 14, Severity.WARNING);   // +1.5 since 12.5: nothing
    assertThat(published).containsExactly(AlertState.OPEN, AlertState.UPDATED);
  }

  @Test
  void aRelapseWithinTheCooldownReopensTheSameAlert() {
    feed(Verdict.ANOMALY, 5, Severity.WARNING);
    String id = track.alertId;
    feed(Verdict.NORMAL, 0, Severity.INFO);
    feed(Verdict.NORMAL, 0, Severity.INFO);
    feed(Verdict.NORMAL, 0, Severity.INFO);
    feed(Verdict.ANOMALY, 5, Severity.WARNING);
    assertThat(published).containsExactly(AlertState.OPEN, AlertState.RESOLVED, AlertState.OPEN);
    assertThat(track.alertId).isEqualTo(id);
    assertThat(track.version).isEqualTo(3);
  }

  @Test
  void aNewIncidentAfterTheCooldownIsANewAlert() {
    feed(Verdict.ANOMALY, 5, Severity.WARNING);
    String first = track.alertId;
    for (int i = 0; i < 3 + 7; i++) {
      feed(Verdict.NORMAL, 0, Severity.INFO);
    }
    feed(Verdict.ANOMALY, 5, Severity.WARNING);
    assertThat(track.alertId).isNotEqualTo(first);
    assertThat(track.version).isEqualTo(1);
  }

  @Test
  void idsAreDeterministic() {
    assertThat(AlertLifecycle.alertId("NPS_DROP", "global", 300, 1000L))
        .isEqualTo(AlertLifecycle.alertId("NPS_DROP", "global", 300, 1000L))
        .isNotEqualTo(AlertLifecycle.alertId("NPS_DROP", "global", 300, 2000L))
        .startsWith("nps-drop-");
  }
}
