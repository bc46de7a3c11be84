package earshot.jobs.churn;

import java.util.List;

/** One churn signal: looks at a journey at a moment of event time and reports what it finds. */
public interface JourneySignal {

  /**
   * @param now the event time of the evaluation (a contact's time or a timer's)
   * @param out where to add findings; most signals add at most one
   */
  void detect(CustomerJourney journey, long now, ChurnSettings settings, List<Finding> out);

  /**
   * The earliest time after {@code now} at which this signal could find something without a new
   * contact (a service level running out, a silence long enough), or Long.MAX_VALUE.
   */
  default long nextDeadline(CustomerJourney journey, long now, ChurnSettings settings) {
    return Long.MAX_VALUE;
  }
}
