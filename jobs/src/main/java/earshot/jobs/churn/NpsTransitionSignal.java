package earshot.jobs.churn;

import java.util.ArrayList;
import java.util.List;

/**
 * The customer's last two NPS answers (0-6 detractor, 7-8 passive, 9-10 promoter):
 *
 * <ul>
 *   <li>PROMOTER_TO_DETRACTOR 25 points, PASSIVE_TO_DETRACTOR 15, PROMOTER_TO_PASSIVE 10: a customer
 *       who recommended us no longer does; the fall itself, more than the level, predicts leaving;
 *   <li>DETRACTOR 10: a detractor answer without a fall (first answer, or detractor again);
 *   <li>DETRACTOR_TO_PROMOTER -20 and PROMOTER -10: a promoter answer lowers the risk.
 * </ul>
 * All decay with a half-life of 30 days (promoter: 14) from the latest answer.
 */
final class NpsTransitionSignal implements JourneySignal {

  @Override
  public void detect(CustomerJourney journey, long now, ChurnSettings settings, List<Finding> out) {
    int latest = journey.npsLatest;
    if (latest < 0 || journey.npsLatestAt > now) {
      return;
    }
    int previous = journey.npsPrevious;
    Segment from = previous < 0 ? null : Segment.of(previous);
    Segment to = Segment.of(latest);
    List<String> ids = new ArrayList<>();
    if (from != null) {
      ids.add(journey.npsPreviousInteraction);
    }
    ids.add(journey.npsLatestInteraction);
    String answers = from == null ? "answered " + latest + " to the NPS question on " + Describe.time(journey.npsLatestAt)
        : "answered " + latest + " to the NPS question on " + Describe.time(journey.npsLatestAt) + ", after "
            + previous + " on " + Describe.time(journey.npsPreviousAt);
    long at = journey.npsLatestAt;
    if (from == Segment.PROMOTER && to == Segment.DETRACTOR) {
      out.add(new Finding("PROMOTER_TO_DETRACTOR", 25, at, 30, "A promoter turned detractor: " + answers + ".", ids));
    } else if (from == Segment.PASSIVE && to == Segment.DETRACTOR) {
      out.add(new Finding("PASSIVE_TO_DETRACTOR", 15, at, 30, "A passive turned detractor: " + answers + ".", ids));
    } else if (from == Segment.PROMOTER && to == Segment.PASSIVE) {
      out.add(new Finding("PROMOTER_TO_PASSIVE", 10, at, 30, "A promoter turned passive: " + answers + ".", ids));
    } else if (to == Segment.DETRACTOR) {
      out.add(new Finding("DETRACTOR", 10, at, 30, "A detractor: " + answers + ".", ids));
    } else if (from == Segment.DETRACTOR && to == Segment.PROMOTER) {
      out.add(new Finding("DETRACTOR_TO_PROMOTER", -20, at, 30, "A detractor turned promoter: " + answers + ".", ids));
    } else if (to == Segment.PROMOTER) {
      out.add(new Finding("PROMOTER", -10, at, 14, "A promoter: " + answers + ".", List.of(journey.npsLatestInteraction)));
    }
  }

  /** NPS segments. */
  enum Segment {
    DETRACTOR, PASSIVE, PROMOTER;

    static Segment of(int nps) {
      return nps >= 9 ? PROMOTER : nps >= 7 ? PASSIVE : DETRACTOR;
    }
  }
}
