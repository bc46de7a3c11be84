package earshot.jobs.detect;

import earshot.schemas.AlertState;
import earshot.schemas.AlertTransition;
import earshot.schemas.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The lifecycle memory of one detector on one series: the open (or last) alert, how many normal
 * windows followed it, and its history. A plain value class (Flink POJO) kept in keyed state.
 */
public class AlertTrack {

  /** Id of the current or last alert; null before the first. */
  public String alertId;
  public boolean open;
  public int version;
  public long openedAt;
  public String severity;
  public double lastStatistic;
  public int normalStreak;
  /**
   * Start of the run of windows, while the alert is open, that held too little evidence to judge
   * (INSUFFICIENT or LEARNING); Long.MIN_VALUE when the last window was judged.
   */
  public long unjudgedSince = Long.MIN_VALUE;
  /** Window end at which the last alert resolved; Long.MIN_VALUE if none did. */
  public long resolvedAt = Long.MIN_VALUE;
  public List<Step> history = new ArrayList<>();

  public AlertTrack() {}

  /** One published state of an alert (series alerts, grouped parents and customers' churn alerts alike). */
  public static class Step {
    public String state;
    public int version;
    public long at;
    public String severity;
    public double observed;

    public Step() {}

    public Step(AlertState state, int version, long at, Severity severity, double observed) {
      this.state = state.name();
      this.version = version;
      this.at = at;
      this.severity = severity.name();
      this.observed = observed;
    }

    /** This step as the alert schema's history entry (a non-finite value as 0). */
    public AlertTransition transition() {
      return new AlertTransition(AlertState.valueOf(state), version, Instant.ofEpochMilli(at), Severity.valueOf(severity),
          Double.isFinite(observed) ? observed : 0.0);
    }
  }
}
