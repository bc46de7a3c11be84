package earshot.jobs.churn;

import earshot.schemas.Channel;

/**
 * One open follow-up of a customer: a detractor answer or a complaint that waits for the company's
 * response ({@link FollowUps}). Compact facts only; a Flink POJO kept in the {@link CustomerJourney}.
 */
public class FollowUp {

  /** The interaction that opened it: part of the ids of every signal about it. */
  public String openedBy;
  /** Event time of that interaction, UTC milliseconds. */
  public long openedAt;
  /** When the service level runs out: {@link #openedAt} plus the channel's {@code loop.follow-up-sla}. */
  public long dueAt;
  public Channel channel;
  /** Team of the opening contact, or null when the channel did not say. */
  public String team;
  /** Why it was opened: {@link FollowUps#DETRACTOR}, {@link FollowUps#COMPLAINT} or both, comma-separated. */
  public String cause;
  /** NPS answer of the opening contact, or -1. */
  public int nps = -1;
  /** Whether FOLLOW_UP_OVERDUE was published (the due time passed while it was open). */
  public boolean overdue;

  public FollowUp() {}

  @Override
  public String toString() {
    return "FollowUp(" + openedBy + " due " + java.time.Instant.ofEpochMilli(dueAt) + (overdue ? " overdue" : "") + ")";
  }
}
