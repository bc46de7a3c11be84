package earshot.jobs.signals;

import earshot.jobs.churn.ChurnIntent;
import earshot.jobs.churn.Contact;
import earshot.jobs.churn.CustomerContact;
import earshot.jobs.churn.CustomerValue;
import earshot.schemas.Channel;
import earshot.schemas.Direction;
import java.time.Instant;

/** Contacts and customers for the churn path's harness tests. */
final class ChurnFixtures {

  static final long START = Instant.parse("2026-11-02T09:00:00Z").toEpochMilli();
  static final long HOUR = 3_600_000L;
  static final long DAY = 24 * HOUR;
  static final String ALICE = "a11ce000000000000000000000000000";
  static final String BOB = "b0b00000000000000000000000000000";

  private ChurnFixtures() {}

  static long day(double days) {
    return START + (long) (days * DAY);
  }

  static Contact contact(String id, double day, Channel channel) {
    Contact c = new Contact();
    c.interactionId = id;
    c.at = day(day);
    c.channel = channel;
    c.direction = Direction.INBOUND;
    c.touchpoint = "billing";
    c.resolved = 0;
    return c;
  }

  static CustomerContact of(String customer, Contact contact) {
    return new CustomerContact(customer, contact, CustomerValue.UNKNOWN);
  }

  static Contact withIntents(Contact c, ChurnIntent... intents) {
    for (ChurnIntent intent : intents) {
      c.intents |= intent.bit();
    }
    return c;
  }

  static Contact withNps(Contact c, int nps) {
    c.nps = (byte) nps;
    return c;
  }
}
