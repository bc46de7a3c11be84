package earshot.jobs.churn;

import java.util.List;

/**
 * COMPLAINT_THEN_SILENCE: an unresolved complaint (or escalation threat) after which the customer
 * made no contact at all for {@code churn.complaint-silence}: 15 points, decaying with a half-life of
 * 14 days from the end of that silence. A customer who stops complaining without being helped has
 * often stopped expecting anything. An event-time timer at the end of the silence makes it fire
 * without any further input.
 */
final class ComplaintSilenceSignal implements JourneySignal {

  @Override
  public void detect(CustomerJourney journey, long now, ChurnSettings settings, List<Finding> out) {
    Contact complaint = lastComplaint(journey, now);
    if (complaint == null) {
      return;
    }
    long silence = settings.complaintSilence().toMillis();
    if (now >= complaint.at + silence) {
      out.add(new Finding("COMPLAINT_THEN_SILENCE", 15, complaint.at + silence, 14,
          "An unresolved complaint on " + Describe.time(complaint.at) + ", then no contact for "
              + Describe.duration(now - complaint.at) + ".", List.of(complaint.interactionId)));
    }
  }

  @Override
  public long nextDeadline(CustomerJourney journey, long now, ChurnSettings settings) {
    Contact complaint = lastComplaint(journey, now);
    if (complaint == null) {
      return Long.MAX_VALUE;
    }
    long deadline = complaint.at + settings.complaintSilence().toMillis();
    return deadline > now ? deadline : Long.MAX_VALUE;
  }

  /** The last contact up to now, if it is an unresolved complaint. */
  private static Contact lastComplaint(CustomerJourney journey, long now) {
    Contact last = null;
    for (Contact c : journey.contacts) {
      if (c.at > now) {
        break;
      }
      last = c;
    }
    if (last == null || last.isResolved() || !(last.has(ChurnIntent.COMPLAINT) || last.has(ChurnIntent.ESCALATION))) {
      return null;
    }
    return last;
  }
}
