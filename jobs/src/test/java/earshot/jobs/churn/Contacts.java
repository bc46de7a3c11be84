package earshot.jobs.churn;

import earshot.schemas.Channel;
import earshot.schemas.Direction;
import java.time.Instant;

/** Contacts for the churn tests, built fluently: {@code Contacts.at(day(2)).email().inbound().text(-0.7)}. */
final class Contacts {

  static final long START = Instant.parse("2026-11-02T09:00:00Z").toEpochMilli();
  static final long HOUR = 3_600_000L;
  static final long DAY = 24 * HOUR;

  private static int sequence;

  private final Contact contact = new Contact();

  private Contacts(long at) {
    contact.interactionId = "i-" + (++sequence);
    contact.at = at;
    contact.channel = Channel.CALL;
    contact.direction = Direction.INBOUND;
    contact.touchpoint = "support";
  }

  static long day(double days) {
    return START + (long) (days * DAY);
  }

  static Contacts at(long at) {
    return new Contacts(at);
  }

  Contacts id(String id) {
    contact.interactionId = id;
    return this;
  }

  Contacts channel(Channel channel) {
    contact.channel = channel;
    return this;
  }

  Contacts email() {
    return channel(Channel.EMAIL);
  }

  Contacts outbound() {
    contact.direction = Direction.OUTBOUND;
    return this;
  }

  Contacts team(String team) {
    contact.team = team;
    return this;
  }

  Contacts touchpoint(String touchpoint) {
    contact.touchpoint = touchpoint;
    return this;
  }

  Contacts intents(ChurnIntent... intents) {
    for (ChurnIntent intent : intents) {
      contact.intents |= intent.bit();
    }
    return this;
  }

  Contacts sentiment(double score) {
    contact.sentiment = (float) score;
    return this;
  }

  Contacts nps(int nps) {
    contact.nps = (byte) nps;
    return this;
  }

  Contacts transfers(int transfers) {
    contact.transfers = (byte) transfers;
    return this;
  }

  Contacts resolved(boolean resolved) {
    contact.resolved = (byte) (resolved ? 1 : 0);
    return this;
  }

  Contacts waited(long millis) {
    contact.waitSeconds = (int) (millis / 1000);
    return this;
  }

  Contact build() {
    return contact;
  }

  /** A journey holding these contacts (in the order given, as the journey would add them). */
  static CustomerJourney journey(Contacts... contacts) {
    CustomerJourney journey = new CustomerJourney();
    for (Contacts c : contacts) {
      journey.add(c.build(), 50);
    }
    return journey;
  }
}
