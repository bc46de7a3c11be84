package earshot.jobs.churn;

import earshot.schemas.Channel;

/**
 * A step in the life of one follow-up, for the follow-up metrics per team, channel and window
 * ({@code earshot.jobs.signals.LoopMetrics}): opened, closed (in time or late) or gone overdue. Each
 * follow-up's service level is settled exactly once: by a CLOSED event in time, or by an OVERDUE
 * event (a later CLOSED event of it is late). A Flink POJO.
 */
public class LoopEvent {

  public enum Kind { OPENED, CLOSED, OVERDUE }

  public Kind kind;
  /** The follow-up series the event is counted in (set when it is copied per series), or null. */
  public String series;
  /** The interaction that opened the follow-up. */
  public String openedBy;
  /** Event time of the step: the opening contact, the closing contact, or the due time. */
  public long at;
  /** Channel and team of the opening contact (team null when not said). */
  public Channel channel;
  public String team;
  /** CLOSED only: minutes from opening to closing; -1 otherwise. */
  public long minutesToClose = -1;
  /** CLOSED only: whether it closed by its due time. */
  public boolean inTime;

  public LoopEvent() {}

  static LoopEvent of(Kind kind, FollowUp followUp, long at) {
    LoopEvent e = new LoopEvent();
    e.kind = kind;
    e.openedBy = followUp.openedBy;
    e.at = at;
    e.channel = followUp.channel;
    e.team = followUp.team;
    return e;
  }

  /** This event counted in another series. */
  public LoopEvent in(String seriesKey) {
    LoopEvent e = of(kind, new FollowUp(), at);
    e.openedBy = openedBy;
    e.channel = channel;
    e.team = team;
    e.minutesToClose = minutesToClose;
    e.inTime = inTime;
    e.series = seriesKey;
    return e;
  }

  @Override
  public String toString() {
    return "LoopEvent(" + kind + " " + openedBy + " at " + java.time.Instant.ofEpochMilli(at) + ")";
  }
}
