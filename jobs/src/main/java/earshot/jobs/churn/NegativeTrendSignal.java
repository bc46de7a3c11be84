package earshot.jobs.churn;

import java.util.ArrayList;
import java.util.List;

/**
 * NEGATIVE_TREND: the customer's last three analysed texts average a sentiment of -0.3 or lower and
 * are clearly worse (by 0.3 or more) than the texts before them, or, without earlier texts, are all
 * negative. Points: 20 times the magnitude of that average, at least 8, at most 20, decaying with a
 * half-life of 14 days from the last text. A single angry message is an incident; a customer whose
 * every message gets angrier is on the way out. NEGATIVE_TONE (10 points): no decline, but the last
 * three are all negative, averaging -0.5 or lower, like the ones before them: a customer who has been
 * unhappy for a while.
 */
final class NegativeTrendSignal implements JourneySignal {

  static final int RECENT = 3;

  @Override
  public void detect(CustomerJourney journey, long now, ChurnSettings settings, List<Finding> out) {
    List<Contact> scored = new ArrayList<>();
    for (Contact c : journey.contacts) {
      if (c.at > now) {
        break;
      }
      if (c.hasSentiment()) {
        scored.add(c);
      }
    }
    if (scored.size() < RECENT) {
      return;
    }
    List<Contact> recent = scored.subList(scored.size() - RECENT, scored.size());
    List<Contact> earlier = scored.subList(0, scored.size() - RECENT);
    double recentMean = mean(recent);
    if (recentMean > -0.3) {
      return;
    }
    Contact last = recent.get(recent.size() - 1);
    String comparison;
    if (earlier.isEmpty()) {
      if (recent.stream().anyMatch(c -> c.sentiment >= 0)) {
        return;
      }
      comparison = "all negative";
    } else {
      double earlierMean = mean(earlier);
      if (recentMean > earlierMean - 0.3) {
        if (recentMean <= -0.5 && recent.stream().allMatch(c -> c.sentiment < 0)) {
          out.add(new Finding("NEGATIVE_TONE", 10, last.at, 14, "The customer's last " + RECENT
              + " messages are all negative (average " + Describe.number(recentMean) + "), as were the ones before.",
              recent.stream().map(c -> c.interactionId).toList()));
        }
        return;
      }
      comparison = "down from " + Describe.number(earlierMean) + " in the " + earlier.size() + " before";
    }
    double points = Math.max(8, Math.min(20, 20 * -recentMean));
    out.add(new Finding("NEGATIVE_TREND", points, last.at, 14,
        "The customer's last " + RECENT + " messages average a sentiment of " + Describe.number(recentMean) + " ("
            + comparison + ").", recent.stream().map(c -> c.interactionId).toList()));
  }

  private static double mean(List<Contact> contacts) {
    double sum = 0;
    for (Contact c : contacts) {
      sum += c.sentiment;
    }
    return sum / contacts.size();
  }
}
