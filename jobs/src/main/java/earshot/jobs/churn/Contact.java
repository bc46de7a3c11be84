package earshot.jobs.churn;

import earshot.schemas.Channel;
import earshot.schemas.Direction;
import earshot.schemas.EnrichedInteraction;
import earshot.schemas.Interaction;
import earshot.schemas.TextAnalysis;
import earshot.schemas.TextStatus;

/**
 * One contact of a customer as the journey keeps it: compact facts only, never text or identifiers.
 * A Flink POJO (public fields, no-argument constructor) so that savepoints can evolve.
 */
public class Contact {

  /** Unknown value of the byte and int facts. */
  public static final byte UNKNOWN = -1;
  /** Longest team name kept: the journey stays small whatever a channel sends. */
  static final int MAX_TEAM = 64;

  public String interactionId;
  /** Event time, UTC milliseconds. */
  public long at;
  public Channel channel;
  /** Null when the channel did not say. */
  public Direction direction;
  public String touchpoint;
  /** Team that handled the contact, as the channel said (at most {@link #MAX_TEAM} characters), or null. */
  public String team;
  /** {@link ChurnIntent} bits. */
  public int intents;
  /** Sentiment score of the text, -1 to +1; NaN without an analysed text. */
  public float sentiment = Float.NaN;
  /** NPS answer 0 to 10, or {@link #UNKNOWN}. */
  public byte nps = UNKNOWN;
  /** Transfers during the contact, or {@link #UNKNOWN}. */
  public byte transfers = UNKNOWN;
  /** 1 resolved, 0 not resolved, {@link #UNKNOWN} not said. */
  public byte resolved = UNKNOWN;
  /** Seconds the customer waited for a first answer, or -1 when not reported (not answered yet). */
  public int waitSeconds = -1;

  public Contact() {}

  /** The facts of an enriched interaction. */
  public static Contact of(EnrichedInteraction enriched) {
    Interaction i = enriched.getInteraction();
    TextAnalysis analysis = enriched.getAnalysis();
    Contact c = new Contact();
    c.interactionId = i.getInteractionId();
    c.at = i.getOccurredAt().toEpochMilli();
    c.channel = i.getChannel();
    c.direction = i.getDirection();
    c.touchpoint = i.getTouchpoint();
    String team = i.getTeam() == null ? null : i.getTeam().strip();
    if (team != null && !team.isEmpty()) {
      c.team = team.length() > MAX_TEAM ? team.substring(0, MAX_TEAM) : team;
    }
    if (analysis != null && analysis.getStatus() == TextStatus.ANALYSED) {
      c.intents = ChurnIntent.bitsOf(analysis.getIntents());
      if (analysis.getSentimentScore() != null) {
        c.sentiment = analysis.getSentimentScore().floatValue();
      }
    }
    if (i.getNps() != null) {
      c.nps = (byte) Math.max(0, Math.min(10, i.getNps()));
    }
    if (i.getTransfers() != null) {
      c.transfers = (byte) Math.min(Byte.MAX_VALUE, Math.max(0, i.getTransfers()));
    }
    if (i.getResolved() != null) {
      c.resolved = (byte) (i.getResolved() ? 1 : 0);
    }
    if (i.getWaitSeconds() != null) {
      c.waitSeconds = Math.max(0, i.getWaitSeconds());
    }
    return c;
  }

  public boolean has(ChurnIntent intent) {
    return intent.in(intents);
  }

  public boolean isResolved() {
    return resolved == 1;
  }

  /** Started by the customer: inbound, or not said (most channels' contacts are). */
  public boolean isInbound() {
    return direction != Direction.OUTBOUND;
  }

  public boolean hasSentiment() {
    return !Float.isNaN(sentiment);
  }

  @Override
  public String toString() {
    return "Contact(" + interactionId + " at " + java.time.Instant.ofEpochMilli(at) + " " + channel + " " + touchpoint + ")";
  }
}
