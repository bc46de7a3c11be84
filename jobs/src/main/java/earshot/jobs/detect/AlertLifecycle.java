package earshot.jobs.detect;

import earshot.schemas.AlertState;
import earshot.schemas.Severity;
import java.util.Optional;

/**
 * Turns a detector's window-by-window verdicts into alert states, so that one incident is one
 * alert:
 *
 * <ul>
 *   <li>an ANOMALY with no open alert OPENs one (version 1);
 *   <li>while open, a change of severity, or a test statistic that grew by half or more since
 *       the last published state (and by at least {@link #UPDATE_DELTA}), publishes it as
 *       UPDATED; evidence that merely persists publishes nothing;
 *   <li>{@code resolveAfterWindows} consecutive NORMAL windows RESOLVE it; an ELEVATED window (between
 *       the clear and open thresholds) restarts that count (hysteresis);
 *   <li>an anomaly within {@code cooldownWindows} of a resolution reopens the same alert rather
 *       than raising a new one;
 *   <li>a {@link Verdict#LEVEL_SHIFT} (the change persisted and the detector adopted it as its
 *       baseline) RESOLVEs an open alert at once, its summary naming the new level: a lasting
 *       change is reported once, never as an alert that stays open for as long as it lasts;
 *   <li>windows too thin to judge (INSUFFICIENT, LEARNING) neither extend nor end an alert, but after
 *       {@link #UNJUDGED_MILLIS} of them in a row (and at least {@code resolveAfterWindows} windows) it
 *       RESOLVEs, saying so: a series that fell quiet after its incident (a day of a few complaints
 *       after a day of many) would otherwise keep its alert open for good.
 * </ul>
 *
 * Alert ids derive from the detector, the series, the window length and the window that first
 * opened the alert, so a replay or a restart from a checkpoint produces the same ids.
 */
public final class AlertLifecycle {

  static final double UPDATE_DELTA = 2.0;
  /** How long an open alert may go without a judgeable window before it closes. */
  static final long UNJUDGED_MILLIS = 24 * 3_600_000L;

  private final DetectorSettings settings;

  public AlertLifecycle(DetectorSettings settings) {
    this.settings = settings;
  }

  /**
   * @return the state to publish for this window, if any
   */
  public Optional<AlertState> onWindow(AlertTrack track, Evaluation evaluation, String seriesKey, long windowStart,
      long windowEnd) {
    return onWindow(track, evaluation, seriesKey, windowStart, windowEnd, windowEnd - windowStart);
  }

  /**
   * Judges evidence that may span several of the detector's windows (a sparse series' pool): the
   * cooldown and the alert id count the detector's own windows, not the pool's span.
   *
   * @param windowStart start of the evidence (of the pool, or of the window)
   * @param windowMillis length of the windows the detector watches
   * @return the state to publish for this window, if any
   */
  public Optional<AlertState> onWindow(AlertTrack track, Evaluation evaluation, String seriesKey, long windowStart,
      long windowEnd, long windowMillis) {
    Verdict verdict = evaluation.verdict();
    if (track.open) {
      if (verdict.judged()) {
        track.unjudgedSince = Long.MIN_VALUE;
      } else {
        if (track.unjudgedSince == Long.MIN_VALUE) {
          track.unjudgedSince = windowEnd - windowMillis;
        }
        if (windowEnd - track.unjudgedSince >= Math.max(UNJUDGED_MILLIS, settings.resolveAfterWindows() * windowMillis)) {
          track.open = false;
          track.resolvedAt = windowEnd;
          track.unjudgedSince = Long.MIN_VALUE;
          return Optional.of(publish(track, AlertState.RESOLVED, evaluation, windowEnd));
        }
        return Optional.empty();
      }
      switch (verdict) {
        case ANOMALY -> {
          track.normalStreak = 0;
          boolean severityChanged = !evaluation.severity().name().equals(track.severity);
          double growth = evaluation.statistic() - track.lastStatistic;
          if (severityChanged || (growth >= UPDATE_DELTA && growth >= 0.5 * Math.abs(track.lastStatistic))) {
            return Optional.of(publish(track, AlertState.UPDATED, evaluation, windowEnd));
          }
          return Optional.empty();
        }
        case NORMAL -> {
          track.normalStreak++;
          if (track.normalStreak >= settings.resolveAfterWindows()) {
            track.open = false;
            track.resolvedAt = windowEnd;
            return Optional.of(publish(track, AlertState.RESOLVED, evaluation, windowEnd));
          }
          return Optional.empty();
        }
        case ELEVATED -> {
          track.normalStreak = 0;
          return Optional.empty();
        }
        case LEVEL_SHIFT -> {
          // The change persisted and is now the normal: reported once, then the alert closes.
          track.open = false;
          track.resolvedAt = windowEnd;
          return Optional.of(publish(track, AlertState.RESOLVED, evaluation, windowEnd));
        }
        default -> {
          return Optional.empty();
        }
      }
    }
    if (verdict != Verdict.ANOMALY) {
      return Optional.empty();
    }
    boolean withinCooldown = track.alertId != null && track.resolvedAt != Long.MIN_VALUE
        && windowEnd - track.resolvedAt <= settings.cooldownWindows() * windowMillis;
    if (!withinCooldown) {
      track.alertId = alertId(evaluation.detector(), seriesKey, windowMillis / 1000, windowStart);
      track.version = 0;
      track.openedAt = windowEnd;
      track.history.clear();
    }
    track.open = true;
    track.normalStreak = 0;
    track.unjudgedSince = Long.MIN_VALUE;
    return Optional.of(publish(track, AlertState.OPEN, evaluation, windowEnd));
  }

  private static AlertState publish(AlertTrack track, AlertState state, Evaluation evaluation, long at) {
    track.version++;
    Severity severity = state == AlertState.RESOLVED && track.severity != null
        ? Severity.valueOf(track.severity) : evaluation.severity();
    if (state != AlertState.RESOLVED) {
      track.severity = severity.name();
      track.lastStatistic = evaluation.statistic();
    }
    track.history.add(new AlertTrack.Step(state, track.version, at, severity, evaluation.observed()));
    return state;
  }

  /** A short, stable id: the detector's name and a hash of what identifies the incident. */
  public static String alertId(String detector, String seriesKey, long windowSeconds, long openingWindowStart) {
    return StableIds.of(detector, detector + "|" + seriesKey + "|" + windowSeconds + "|" + openingWindowStart);
  }
}
