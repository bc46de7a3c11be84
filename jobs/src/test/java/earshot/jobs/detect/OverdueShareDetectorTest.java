package earshot.jobs.detect;

import static org.assertj.core.api.Assertions.assertThat;

import earshot.jobs.churn.FollowUpCounts;
import earshot.schemas.Alert;
import earshot.schemas.AlertState;
import earshot.schemas.MetricSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class OverdueShareDetectorTest {

  private static final long DAY = 24 * Windows.HOUR;

  private final OverdueShareDetector detector = new OverdueShareDetector(Windows.settings());

  private static MetricSnapshot window(int day, long inTime, long overdue) {
    FollowUpCounts counts = new FollowUpCounts();
    counts.closedInTime = inTime;
    counts.closed = inTime;
    counts.overdue = overdue;
    long start = Windows.START + day * DAY;
    return counts.snapshot("followups|team=care-voice", start, start + DAY, 0);
  }

  @Test
  void aTeamsOverdueShareRisingOpensAnExplainedAlertThatResolves() {
    OverdueShareState state = new OverdueShareState();
    SplittableRandom random = new SplittableRandom(7);
    List<Alert> alerts = new ArrayList<>();
    int day = 0;
    for (; day < 60; day++) {
      int overdue = Windows.binomial(80, 0.1, random);
      detector.onWindow(state, window(day, 80 - overdue, overdue)).ifPresent(alerts::add);
    }
    assertThat(alerts).as("false alarms in 60 stable days").isEmpty();

    detector.onWindow(state, window(day++, 44, 36)).ifPresent(alerts::add);
    assertThat(alerts).singleElement().satisfies(alert -> {
      assertThat(alert.getState()).isEqualTo(AlertState.OPEN);
      assertThat(alert.getDetector()).isEqualTo(OverdueShareDetector.TYPE);
      assertThat(alert.getMetric()).isEqualTo("overdueShare");
      assertThat(alert.getObserved()).isEqualTo(0.45);
      assertThat(alert.getDimensions()).containsEntry("team", "care-voice");
      assertThat(alert.getSummary()).startsWith("Team care-voice let 36 of 80 follow-ups (45%) go past their service level")
          .contains("against 1");
    });
    // A revision of a window already judged is not judged again.
    assertThat(detector.onWindow(state, window(day - 1, 44, 36))).isEmpty();

    for (int i = 0; i < 5; i++) {
      detector.onWindow(state, window(day++, 72, 8)).ifPresent(alerts::add);
    }
    assertThat(alerts).extracting(Alert::getState).containsExactly(AlertState.OPEN, AlertState.RESOLVED);
    assertThat(alerts.get(1).getSummary()).startsWith("Back to normal: team care-voice");
  }

  @Test
  void fewSettledFollowUpsAreNotJudged() {
    ProportionBaseline baseline = new ProportionBaseline();
    Evaluation e = detector.evaluate(window(0, 5, 10), baseline);
    assertThat(e.verdict()).isEqualTo(Verdict.INSUFFICIENT);
    assertThat(baseline.windows).isZero();
  }
}
