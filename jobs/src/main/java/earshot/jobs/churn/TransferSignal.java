package earshot.jobs.churn;

import java.util.ArrayList;
import java.util.List;

/**
 * Being passed from agent to agent: TRANSFERRED_WITHIN_CONTACT when one contact had 2 or more
 * transfers (8 points, 4 more per further transfer, at most 16), TRANSFERRED_ACROSS_CONTACTS when the
 * customer was transferred in 2 or more contacts within {@code churn.repeat-contact-days} (12
 * points). Both decay with a half-life of 14 days.
 */
final class TransferSignal implements JourneySignal {

  @Override
  public void detect(CustomerJourney journey, long now, ChurnSettings settings, List<Finding> out) {
    long from = now - settings.repeatWindowMillis();
    Contact worst = null;
    List<String> transferred = new ArrayList<>();
    long lastTransferred = Long.MIN_VALUE;
    int total = 0;
    for (Contact c : journey.contacts) {
      if (c.at > now) {
        break;
      }
      if (c.at < from || c.transfers <= 0) {
        continue;
      }
      transferred.add(c.interactionId);
      lastTransferred = c.at;
      total += c.transfers;
      if (c.transfers >= 2 && (worst == null || c.transfers >= worst.transfers)) {
        worst = c;
      }
    }
    if (worst != null) {
      out.add(new Finding("TRANSFERRED_WITHIN_CONTACT", Math.min(16, 8 + 4 * (worst.transfers - 2)), worst.at, 14,
          "Transferred " + worst.transfers + " times in one " + Describe.channel(worst.channel) + " on "
              + Describe.time(worst.at) + ".", List.of(worst.interactionId)));
    }
    if (transferred.size() >= 2) {
      out.add(new Finding("TRANSFERRED_ACROSS_CONTACTS", 12, lastTransferred, 14,
          "Transferred in " + transferred.size() + " different contacts (" + total + " transfers) within "
              + settings.repeatContactDays() + " days.", StatedIntentSignal.tail(transferred, 5)));
    }
  }
}
