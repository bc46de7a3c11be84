package earshot.jobs.churn;

import earshot.schemas.Channel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * REPEAT_CONTACT: the customer came back about the same topic (the same journey touchpoint, or the
 * same problem: billing, delivery, technical, refund) within {@code churn.repeat-contact-days}, and
 * none of those contacts resolved it. Contacts about a topic since its last resolved contact form
 * the run (survey answers are not contacts about a topic); a run of n contacts (n of 2 or more) gives 12 points per repeat, at most 30 (decaying with
 * a half-life of 7 days from the last one). Every contact the customer has to make again about one
 * problem is effort, and effort predicts disloyalty better than delight predicts loyalty.
 */
final class RepeatContactSignal implements JourneySignal {

  @Override
  public void detect(CustomerJourney journey, long now, ChurnSettings settings, List<Finding> out) {
    long from = now - settings.repeatWindowMillis();
    Map<String, List<Contact>> runs = new LinkedHashMap<>();
    for (Contact c : journey.contacts) {
      if (c.at > now) {
        break;
      }
      if (c.at < from || !c.isInbound() || c.channel == Channel.SURVEY) {
        continue;
      }
      for (String topic : topics(c)) {
        List<Contact> run = runs.computeIfAbsent(topic, t -> new ArrayList<>());
        if (c.isResolved()) {
          run.clear();
        } else {
          run.add(c);
        }
      }
    }
    String bestTopic = null;
    List<Contact> best = List.of();
    for (Map.Entry<String, List<Contact>> run : runs.entrySet()) {
      if (run.getValue().size() > best.size()) {
        best = run.getValue();
        bestTopic = run.getKey();
      }
    }
    if (best.size() < 2) {
      return;
    }
    Contact first = best.get(0);
    Contact last = best.get(best.size() - 1);
    out.add(new Finding("REPEAT_CONTACT", Math.min(30, 12 * (best.size() - 1)), last.at, 7,
        best.size() + " contacts about " + bestTopic + " in " + Describe.duration(last.at - first.at)
            + " without a resolution, from " + Describe.time(first.at) + ".",
        StatedIntentSignal.tail(best.stream().map(c -> c.interactionId).toList(), 5)));
  }

  static List<String> topics(Contact c) {
    List<String> topics = new ArrayList<>(3);
    if (c.touchpoint != null && !c.touchpoint.isBlank()) {
      topics.add(c.touchpoint);
    }
    for (ChurnIntent intent : ChurnIntent.values()) {
      if (intent.isTopic() && c.has(intent)) {
        topics.add(intent.code().replace('_', ' '));
      }
    }
    return topics;
  }
}
