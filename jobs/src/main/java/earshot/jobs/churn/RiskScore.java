package earshot.jobs.churn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A customer's churn risk at one moment, with its explanation.
 *
 * @param score 0 (no sign of risk) to 100
 * @param contributions the reasons, largest first; their points add up to the score
 */
public record RiskScore(double score, List<Contribution> contributions) {

  public static final RiskScore NONE = new RiskScore(0, List.of());

  public RiskScore {
    contributions = List.copyOf(contributions);
  }

  /**
   * One reason and the points it adds (negative: removes) to the score.
   *
   * @param interactionIds the contacts that caused it
   */
  public record Contribution(String code, String description, double points, List<String> interactionIds) {
    public Contribution {
      interactionIds = List.copyOf(interactionIds);
    }
  }

  /** The codes of the reasons that add at least {@code minPoints}. */
  public List<String> codes(double minPoints) {
    // A plain loop: called once or twice per evaluation, where the stream's set-up showed in profiles.
    List<String> codes = new ArrayList<>(contributions.size());
    for (Contribution c : contributions) {
      if (c.points() >= minPoints) {
        codes.add(c.code());
      }
    }
    codes.sort(null);
    return Collections.unmodifiableList(codes);
  }
}
