package earshot.jobs.churn;

import java.util.ArrayList;
import java.util.List;

/**
 * A customer's message left waiting. An inbound message on a channel with a service level
 * ({@code churn.reply-sla}: e-mail, social media, chat, SMS, app) is answered when the channel
 * reports its wait ({@code waitSeconds}: answered that long after), when it was resolved, or when a
 * later contact of the customer is outbound or resolved.
 *
 * <ul>
 *   <li>UNANSWERED_MESSAGE: a message still not answered past its service level: 20 points, 5 more
 *       for each further one, at most 30, decaying with a half-life of 14 days from the deadline. The
 *       journey sets an event-time timer at the deadline, so this fires even if the customer never
 *       writes again.
 *   <li>LATE_ANSWER: a message answered, but after its service level: 10 points (3 more for each
 *       further one, at most 16), half-life 14 days from the answer.
 * </ul>
 */
final class UnansweredMessageSignal implements JourneySignal {

  @Override
  public void detect(CustomerJourney journey, long now, ChurnSettings settings, List<Finding> out) {
    List<Contact> unanswered = new ArrayList<>();
    List<Contact> late = new ArrayList<>();
    long lastLateAnswer = Long.MIN_VALUE;
    long firstDeadline = Long.MAX_VALUE;
    for (Contact c : journey.contacts) {
      if (c.at > now) {
        break;
      }
      long sla = settings.slaMillis(c.channel);
      if (sla <= 0 || !c.isInbound()) {
        continue;
      }
      long answered = answeredAt(journey.contacts, c);
      if (answered <= now) {
        if (answered - c.at > sla) {
          late.add(c);
          lastLateAnswer = Math.max(lastLateAnswer, answered);
        }
      } else if (now >= c.at + sla) {
        unanswered.add(c);
        firstDeadline = Math.min(firstDeadline, c.at + sla);
      }
    }
    if (!unanswered.isEmpty()) {
      Contact oldest = unanswered.get(0);
      String more = unanswered.size() == 1 ? "" : " (and " + (unanswered.size() - 1) + " more)";
      out.add(new Finding("UNANSWERED_MESSAGE", Math.min(30, 20 + 5 * (unanswered.size() - 1)), firstDeadline, 14,
          "The customer's " + Describe.channel(oldest.channel) + " of " + Describe.time(oldest.at)
              + " has been waiting " + Describe.duration(now - oldest.at) + " for an answer (service level "
              + Describe.duration(settings.slaMillis(oldest.channel)) + ")" + more + ".",
          StatedIntentSignal.tail(unanswered.stream().map(c -> c.interactionId).toList(), 5)));
    }
    if (!late.isEmpty()) {
      Contact last = late.get(late.size() - 1);
      String more = late.size() == 1 ? "" : " (" + late.size() + " messages answered late)";
      out.add(new Finding("LATE_ANSWER", Math.min(16, 10 + 3 * (late.size() - 1)), lastLateAnswer, 14,
          "The customer's " + Describe.channel(last.channel) + " of " + Describe.time(last.at) + " was answered after "
              + Describe.duration(answeredAt(journey.contacts, last) - last.at) + " (service level "
              + Describe.duration(settings.slaMillis(last.channel)) + ")" + more + ".",
          StatedIntentSignal.tail(late.stream().map(c -> c.interactionId).toList(), 5)));
    }
  }

  @Override
  public long nextDeadline(CustomerJourney journey, long now, ChurnSettings settings) {
    long next = Long.MAX_VALUE;
    for (Contact c : journey.contacts) {
      long sla = settings.slaMillis(c.channel);
      if (sla <= 0 || !c.isInbound() || c.at > now) {
        continue;
      }
      long answered = answeredAt(journey.contacts, c);
      long deadline = c.at + sla;
      if (answered > deadline && deadline > now) {
        next = Math.min(next, deadline);
      }
      if (answered != Long.MAX_VALUE && answered > now && answered > deadline) {
        next = Math.min(next, answered);
      }
    }
    return next;
  }

  /** When the message was answered, or Long.MAX_VALUE when nothing says so yet. */
  static long answeredAt(List<Contact> contacts, Contact message) {
    if (message.waitSeconds >= 0) {
      return message.at + message.waitSeconds * 1000L;
    }
    if (message.isResolved()) {
      return message.at;
    }
    for (Contact later : contacts) {
      if (later.at > message.at && (!later.isInbound() || later.isResolved())) {
        return later.at;
      }
    }
    return Long.MAX_VALUE;
  }
}
