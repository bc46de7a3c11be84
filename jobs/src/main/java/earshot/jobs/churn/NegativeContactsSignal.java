package earshot.jobs.churn;

import java.util.ArrayList;
import java.util.List;

/**
 * NEGATIVE_CONTACTS: how many of the customer's kept contacts of the last 30 days were bad experiences
 * in the customer's own words or answer (a detractor answer, 0 to 6, or a text of sentiment -0.3 or
 * lower): 4 points each, at most 24, decaying with a half-life of 14 days from the last one. Where
 * NEGATIVE_TREND and NEGATIVE_TONE need three analysed texts in a row, this counts every bad contact,
 * the way a simple tally of complaints ranks customers.
 *
 * <p>Its built-in weight is 0 ({@link ChurnWeights#BUILT_IN}): it adds nothing to the score until a
 * calibration on the company's own cancellations gives it a weight, because by itself it overlaps the
 * NPS and tone reasons and the built-in points were set without it.
 */
final class NegativeContactsSignal implements JourneySignal {

  static final String CODE = "NEGATIVE_CONTACTS";
  private static final long WINDOW = 30L * 86_400_000L;
  private static final double NEGATIVE = -0.3;

  @Override
  public void detect(CustomerJourney journey, long now, ChurnSettings settings, List<Finding> out) {
    List<String> ids = new ArrayList<>();
    long last = Long.MIN_VALUE;
    for (Contact c : journey.contacts) {
      if (c.at > now) {
        break;
      }
      if (c.at < now - WINDOW) {
        continue;
      }
      boolean detractor = c.nps != Contact.UNKNOWN && c.nps <= 6;
      boolean negativeText = c.hasSentiment() && c.sentiment <= NEGATIVE;
      if (detractor || negativeText) {
        ids.add(c.interactionId);
        last = c.at;
      }
    }
    if (ids.isEmpty()) {
      return;
    }
    out.add(new Finding(CODE, Math.min(24, 4 * ids.size()), last, 14,
        ids.size() + (ids.size() == 1 ? " bad experience" : " bad experiences")
            + " (a detractor answer or a negative message) in the last 30 days.",
        StatedIntentSignal.tail(ids, 5)));
  }
}
