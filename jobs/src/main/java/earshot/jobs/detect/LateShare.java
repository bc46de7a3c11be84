package earshot.jobs.detect;

import earshot.schemas.Alert;
import earshot.schemas.AlertState;
import earshot.schemas.RootCause;
import earshot.schemas.Severity;
import java.io.Serializable;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Watches how much of one series arrives too late for its windows, and raises a DATA_QUALITY alert
 * while that share is high enough that nobody should trust the series' metrics: the late records are
 * missing from every figure of their windows. The share is counted over the windows still tracked
 * (those that closed less than {@code signals.late-tracking} ago): late records over late plus on-time
 * ones. An alert opens when at least {@code minLate} records and {@code openShare} of the series are
 * late, is UPDATED when its late count has grown by half or it turned CRITICAL (five times the
 * threshold), and resolves once fewer than {@code minLate} are, or the share has fallen below half of
 * {@code openShare} (the gap keeps a share hovering at the threshold from flapping). Where the late
 * records come from is added by {@link #withCauses}.
 */
public final class LateShare implements Serializable {

  private static final long serialVersionUID = 1L;
  public static final String DETECTOR = "DATA_QUALITY";
  /** An open alert is published again when its late count has grown by this factor, or its severity rose. */
  static final double GROWTH = 1.5;
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
      .withZone(ZoneOffset.UTC);

  private final double openShare;
  private final long minLate;
  private final String trackingText;

  public LateShare(double openShare, long minLate, java.time.Duration tracking) {
    if (!(openShare > 0 && openShare <= 1)) {
      throw new IllegalArgumentException("openShare must be in (0, 1], got " + openShare);
    }
    this.openShare = openShare;
    this.minLate = Math.max(1, minLate);
    this.trackingText = describe(tracking);
  }

  /** Late records and on-time interactions of one series over its tracked windows, and its alert. */
  public static class Ledger {
    public long late;
    public long onTime;
    public AlertTrack track = new AlertTrack();

    public Ledger() {}

    public double share() {
      long all = late + onTime;
      return all == 0 ? 0.0 : (double) late / all;
    }
  }

  /**
   * The alert state change the ledger's figures call for, or null: OPEN when the share crosses the
   * threshold, UPDATED when an open alert's late count grew by half or it turned critical, RESOLVED when the share fell back.
   *
   * @param windowStart start of the window that changed the figures (a late record's, or the oldest
   *     window that stopped being tracked)
   * @param at event time of the change
   */
  public Alert evaluate(Ledger ledger, String seriesKey, Map<String, String> dimensions, long windowSeconds,
      long windowStart, long at) {
    AlertTrack track = ledger.track;
    boolean high = ledger.late >= minLate && ledger.share() >= openShare;
    boolean low = ledger.late < minLate || ledger.share() < openShare / 2;
    AlertState state;
    if (!track.open && high) {
      track.open = true;
      track.version = 1;
      track.openedAt = at;
      track.severity = severity(ledger).name();
      track.alertId = StableIds.of(DETECTOR, seriesKey + "|" + windowSeconds + "|" + windowStart);
      track.history.clear();
      track.lastStatistic = ledger.late;
      state = AlertState.OPEN;
    } else if (track.open && low) {
      track.open = false;
      track.version++;
      track.resolvedAt = at;
      state = AlertState.RESOLVED;
    } else if (track.open && (ledger.late >= GROWTH * track.lastStatistic || escalates(track, ledger))) {
      // Not on every late record: a backfill brings thousands, and subscribers want news, not a ticker.
      track.version++;
      track.lastStatistic = ledger.late;
      track.severity = severity(ledger).name();
      state = AlertState.UPDATED;
    } else {
      return null;
    }
    Severity severity = Severity.valueOf(track.severity);
    track.history.add(new AlertTrack.Step(state, track.version, at, severity, ledger.share()));
    return Alert.newBuilder()
        .setAlertId(track.alertId)
        .setVersion(track.version)
        .setState(state)
        .setDetector(DETECTOR)
        .setSeverity(severity)
        .setSeriesKey(seriesKey)
        .setDimensions(dimensions)
        .setWindowSeconds(windowSeconds)
        .setWindowStart(Instant.ofEpochMilli(windowStart))
        .setWindowEnd(Instant.ofEpochMilli(windowStart + windowSeconds * 1000))
        .setOpenedAt(Instant.ofEpochMilli(track.openedAt))
        .setUpdatedAt(Instant.ofEpochMilli(at))
        .setMetric("lateShare")
        .setObserved(ledger.share())
        .setBaseline(0.0)
        .setExpectedLow(0.0)
        .setExpectedHigh(openShare)
        .setStatisticName("lateRecords")
        .setStatistic(ledger.late)
        .setPValue(0.0)
        .setSampleSize(ledger.late + ledger.onTime)
        .setSummary(summary(state, ledger, seriesKey, at))
        .setHistory(track.history.stream().map(AlertTrack.Step::transition).toList())
        .build();
  }

  /**
   * The alert with where its late records came from ({@link LateRootCauses}): the root causes, and their
   * sentence after the summary. A resolved alert, or one without a tally (root causes off), is returned as it is.
   *
   * @param tally the late records and the on-time traffic of the stretches of time they belong to
   * @param stretches what those stretches are, in the plural ("hours")
   */
  public static Alert withCauses(Alert alert, LateTally tally, String stretches) {
    if (alert == null || tally == null || alert.getState() == AlertState.RESOLVED) {
      return alert;
    }
    List<RootCause> causes = LateRootCauses.explain(tally);
    String sentence = LateRootCauses.sentence(causes, tally, stretches);
    return Alert.newBuilder(alert)
        .setRootCauses(causes)
        .setSummary(sentence.isEmpty() ? alert.getSummary() : alert.getSummary() + " " + sentence)
        .build();
  }

  private Severity severity(Ledger ledger) {
    return ledger.share() >= 5 * openShare ? Severity.CRITICAL : Severity.WARNING;
  }

  private boolean escalates(AlertTrack track, Ledger ledger) {
    return severity(ledger) == Severity.CRITICAL && !Severity.CRITICAL.name().equals(track.severity);
  }

  private String summary(AlertState state, Ledger ledger, String seriesKey, long at) {
    String series = "global".equals(seriesKey) ? "all interactions" : seriesKey.replace("|", ", ");
    String figures = String.format(Locale.ROOT, "%d of %d interactions (%.1f%%) of the windows of the last %s",
        ledger.late, ledger.late + ledger.onTime, 100 * ledger.share(), trackingText);
    if (state == AlertState.RESOLVED) {
      return "Metrics complete again for " + series + ": " + figures + " arrived too late (at " + TIME.format(
          Instant.ofEpochMilli(at)) + ").";
    }
    return "Metrics incomplete for " + series + ": " + figures + " arrived after their windows had closed and are "
        + "missing from them (the windows' lateRecords say how many; the records are on the late-interactions topic). "
        + "Check the producers' clocks and the jobs' lag before trusting these metrics.";
  }

  private static String describe(java.time.Duration tracking) {
    long hours = tracking.toHours();
    if (hours > 0 && tracking.equals(java.time.Duration.ofHours(hours))) {
      return hours + (hours == 1 ? " hour" : " hours");
    }
    return tracking.toMinutes() + " minutes";
  }
}
