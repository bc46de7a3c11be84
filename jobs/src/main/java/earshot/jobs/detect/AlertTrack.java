package earshot.jobs.detect;

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
  /** Window end at which the last alert resolved; Long.MIN_VALUE if none did. */
  public long resolvedAt = Long.MIN_VALUE;
  public List<Step> history = new ArrayList<>();

  public AlertTrack() {}

  /** One published state of the alert. */
  public static class Step {
    public String state;
    public int version;
    public long at;
    public String severity;
    public double observed;

    public Step() {}

    Step(String state, int version, long at, String severity, double observed) {
      this.state = state;
      this.version = version;
      this.at = at;
      this.severity = severity;
      this.observed = observed;
    }
  }
}
