package earshot.jobs.churn;

import java.util.List;

/**
 * One thing a signal found in a journey: a reason for (or against) churn risk before the model
 * weighs it.
 *
 * @param code machine-readable reason code, such as CANCEL_INTENT
 * @param points base points, negative for what lowers the risk
 * @param at when the evidence happened; the points decay from then
 * @param halfLifeDays the points halve every this many days
 * @param description the reason in plain words
 * @param interactionIds the contacts that caused it, oldest first
 */
public record Finding(String code, double points, long at, double halfLifeDays, String description,
    List<String> interactionIds) {

  public Finding {
    interactionIds = List.copyOf(interactionIds);
  }
}
