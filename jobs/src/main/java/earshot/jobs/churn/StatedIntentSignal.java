package earshot.jobs.churn;

import java.util.ArrayList;
import java.util.List;

/**
 * What the customer said in words: a wish to cancel or leave (CANCEL_INTENT, 45 points, half-life
 * 30 days, when said in anger; CANCEL_QUESTION, 25 points, when asked calmly), a competitor named (COMPETITOR_MENTION, 10 points, 30 days), a threat to escalate to a
 * regulator, a lawyer or social media (ESCALATION_THREAT, 10 points, 14 days).
 *
 * <p>A cancellation wish is the strongest single predictor there is, but on its own it stays below
 * the default alert threshold (60): a lone "cancel my contract now" is for the cancellation process,
 * the same wish with anything else going wrong is a customer to call. A later resolved contact about
 * the cancellation (touchpoint cancellation or renewal) or about the same touchpoint as the wish,
 * without negative words and without a new cancellation wish, means the customer was retained and
 * ends it.
 */
final class StatedIntentSignal implements JourneySignal {

  @Override
  public void detect(CustomerJourney journey, long now, ChurnSettings settings, List<Finding> out) {
    cancellation(journey, now, out);
    intent(journey, now, ChurnIntent.COMPETITOR, "COMPETITOR_MENTION", 10, 30, "mentioned a competitor", false, out);
    intent(journey, now, ChurnIntent.ESCALATION, "ESCALATION_THREAT", 10, 14,
        "threatened to escalate (regulator, lawyer, press or social media)", false, out);
  }

  /**
   * A wish to cancel said in anger ("cancel my contract now, I'm done with you": negative sentiment)
   * is a decision: CANCEL_INTENT, 45 points. The same intent said calmly ("what is the notice period
   * if I end the contract?", or without an analysed tone) is a customer weighing it up:
   * CANCEL_QUESTION, 25 points. The strongest of the customer's unretracted wishes counts.
   */
  private static void cancellation(CustomerJourney journey, long now, List<Finding> out) {
    List<Finding> found = new ArrayList<>();
    intent(journey, now, ChurnIntent.CANCELLATION, "CANCEL_INTENT", 45, 30, "asked to cancel or leave", true,
        c -> c.hasSentiment() && c.sentiment <= -0.3, found);
    if (found.isEmpty()) {
      intent(journey, now, ChurnIntent.CANCELLATION, "CANCEL_QUESTION", 25, 30, "asked about cancelling or leaving",
          true, c -> true, found);
    }
    out.addAll(found);
  }

  private static void intent(CustomerJourney journey, long now, ChurnIntent intent, String code, double points,
      double halfLifeDays, String what, boolean endedByRetention, List<Finding> out) {
    intent(journey, now, intent, code, points, halfLifeDays, what, endedByRetention, c -> true, out);
  }

  private static void intent(CustomerJourney journey, long now, ChurnIntent intent, String code, double points,
      double halfLifeDays, String what, boolean endedByRetention, java.util.function.Predicate<Contact> counts,
      List<Finding> out) {
    List<Contact> contacts = journey.contacts;
    List<String> ids = new ArrayList<>();
    long last = Long.MIN_VALUE;
    String about = null;
    for (Contact c : contacts) {
      if (c.at > now) {
        break;
      }
      if (c.has(intent) && counts.test(c)) {
        ids.add(c.interactionId);
        last = c.at;
        about = c.touchpoint;
      } else if (endedByRetention && last != Long.MIN_VALUE && retains(c, about)) {
        ids.clear();
        last = Long.MIN_VALUE;
      }
    }
    if (ids.isEmpty()) {
      return;
    }
    String times = ids.size() == 1 ? "" : " (" + ids.size() + " times)";
    out.add(new Finding(code, points, last, halfLifeDays,
        "The customer " + what + times + ", last on " + Describe.time(last) + ".", tail(ids, 5)));
  }

  /** A resolved contact about the cancellation (or about what the wish to cancel was about), without negative words. */
  private static boolean retains(Contact c, String about) {
    boolean sameMatter = "cancellation".equals(c.touchpoint) || "renewal".equals(c.touchpoint)
        || (about != null && about.equals(c.touchpoint));
    return sameMatter && c.isResolved() && (!c.hasSentiment() || c.sentiment >= 0);
  }

  static List<String> tail(List<String> ids, int n) {
    return ids.size() <= n ? ids : ids.subList(ids.size() - n, ids.size());
  }
}
