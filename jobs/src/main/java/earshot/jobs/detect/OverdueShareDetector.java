package earshot.jobs.detect;

import earshot.schemas.Alert;
import earshot.schemas.AlertState;
import earshot.schemas.MetricSnapshot;
import earshot.schemas.Severity;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * FOLLOW_UP_OVERDUE: a team's share of overdue follow-ups rising above its own baseline. Of the
 * follow-ups whose service level was settled in a window (closed in time, or gone overdue), the
 * share gone overdue is tested against the team's learned share with the same one-sided test as the
 * detractor share ({@link ProportionTest}, {@link ProportionBaseline}); the same settings open and
 * resolve the alert ({@link AlertLifecycle}). Consumes follow-up metric snapshots
 * ({@code followups|team=...}); emits alert states whose summary says which team lets which share
 * of its follow-ups run past their service level.
 */
public final class OverdueShareDetector extends OneTypeDetector<ProportionBaseline> {

  public static final String TYPE = "FOLLOW_UP_OVERDUE";
  static final String METRIC = "overdueShare";
  private static final java.time.format.DateTimeFormatter TIME =
      java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(java.time.ZoneOffset.UTC);

  private final AlertLifecycle lifecycle;

  public OverdueShareDetector(DetectorSettings settings) {
    super(settings, TYPE, METRIC, null);
    this.lifecycle = new AlertLifecycle(settings);
  }

  /** Follow-ups settled in the window: closed in time, or gone overdue. */
  @Override
  protected long sampleSize(MetricSnapshot window) {
    return window.getFollowUpsOverdue() + window.getFollowUpsClosedInTime();
  }

  /** Judges the window, then lets the baseline learn from it. */
  @Override
  protected Evaluation judgeSample(MetricSnapshot window, ProportionBaseline baseline, long n) {
    long k = window.getFollowUpsOverdue();
    ProportionTest test = ProportionTest.of(k, n, baseline, settings.clearZ());
    Verdict verdict = baseline.windows < settings.warmupWindows() ? Verdict.LEARNING
        : settings.judge(test.z(), test.observed() - test.expected() >= settings.minEffect());
    Severity severity = severity(test.z() >= 2 * settings.openZ() || test.observed() - test.expected() >= 0.25);
    test.learn(k, n, baseline, settings.decay());
    return zEvaluation(verdict, severity, test.observed(), test.expected(), test.expectedLow(), test.expectedHigh(),
        test.z(), n);
  }

  /** Judges a team's window and returns the alert state to publish, if any (a judged window's revision: none). */
  public Optional<Alert> onWindow(OverdueShareState state, MetricSnapshot window) {
    long start = window.getWindowStart().toEpochMilli();
    long end = window.getWindowEnd().toEpochMilli();
    if (end <= state.lastWindowEnd) {
      return Optional.empty();
    }
    state.lastWindowEnd = end;
    Evaluation evaluation = evaluate(window, state.overdue);
    return lifecycle.onWindow(state.track, evaluation, window.getSeriesKey(), start, end).map(alertState -> {
      Alert alert = AlertFactory.build(state.track, alertState, evaluation, window, List.of());
      alert.setSummary(summary(alertState, evaluation, window));
      return alert;
    });
  }

  static String summary(AlertState state, Evaluation e, MetricSnapshot window) {
    String team = window.getDimensions().getOrDefault("team", "all teams");
    String when = "the " + AlertFactory.describeWindow(window.getWindowSeconds()) + " window ending "
        + TIME.format(window.getWindowEnd());
    if (state == AlertState.RESOLVED) {
      return String.format(Locale.ROOT, "Back to normal: team %s let %.0f%% of its follow-ups go overdue in %s, "
          + "within the normal range %.0f%% to %.0f%%.", team, 100 * e.observed(), when, 100 * e.expectedLow(),
          100 * e.expectedHigh());
    }
    return String.format(Locale.ROOT, "Team %s let %d of %d follow-ups (%.0f%%) go past their service level without "
        + "a response in %s, against %.0f%% usually (normal range up to %.0f%%); z = %.1f. Detractors and "
        + "complainants are waiting: call them back.", team, window.getFollowUpsOverdue(), e.sampleSize(),
        100 * e.observed(), when, 100 * e.baseline(), 100 * e.expectedHigh(), e.statistic());
  }
}
