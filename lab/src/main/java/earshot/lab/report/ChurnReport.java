package earshot.lab.report;

import earshot.jobs.churn.ChurnAlerts;
import earshot.jobs.identity.IdentityHasher;
import earshot.lab.generator.PlantedChurner;
import earshot.schemas.Alert;
import earshot.schemas.AlertReason;
import earshot.schemas.AlertState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Scores CHURN_RISK alerts against the planted churners, the way a retention team would judge them:
 * how many churners were flagged, how many before they asked to cancel and how long before (the
 * lead time a team has to call them), and how many flagged customers did not churn.
 *
 * <ul>
 *   <li>A customer is <i>flagged</i> when a CHURN_RISK alert OPENs for the customer's key (the
 *       truth's customer ids are hashed with the same secret to find them); the first opening counts.
 *   <li>A churner is flagged <i>ahead</i> when that happened before the cancellation; the lead time
 *       runs from the opening to the cancellation.
 *   <li>The stream's other customers also write the odd request to cancel ("cancel my contract now"):
 *       they leave too, without a planted journey. Flagging them is right, if rarely early; they are
 *       reported apart.
 *   <li>A flagged customer who is neither is a <i>false flag</i>; those whose alert opened on a
 *       question about cancelling ("what is the notice period?") are counted apart.
 * </ul>
 * This report reads the alerts of a replay on Flink. {@link ChurnEvaluation} judges the score on who
 * actually cancelled (a request to cancel is no churn), with precision of the top K a day, ROC AUC
 * and a baseline.
 */
public final class ChurnReport {

  /** One churner's outcome; {@code flaggedAt} null when never flagged. */
  public record Outcome(PlantedChurner churner, Instant flaggedAt) {

    public boolean ahead() {
      return flaggedAt != null && flaggedAt.isBefore(churner.cancelledAt());
    }

    public Duration lead() {
      return ahead() ? Duration.between(flaggedAt, churner.cancelledAt()) : null;
    }
  }

  private final List<Outcome> outcomes;
  private final List<Outcome> requests;
  private final int flaggedCustomers;
  private final int falseFlags;
  private final int falseFlagsWithStatedIntent;

  private ChurnReport(List<Outcome> outcomes, List<Outcome> requests, int flaggedCustomers, int falseFlags,
      int falseFlagsWithStatedIntent) {
    this.outcomes = outcomes;
    this.requests = requests;
    this.flaggedCustomers = flaggedCustomers;
    this.falseFlags = falseFlags;
    this.falseFlagsWithStatedIntent = falseFlagsWithStatedIntent;
  }

  public static ChurnReport score(List<PlantedChurner> churners, List<Alert> alerts, IdentityHasher hasher) {
    return score(churners, List.of(), alerts, hasher);
  }

  /**
   * @param cancellationRequests the stream's other customers who asked to cancel (they leave too, without
   *     a planted journey): not false flags when flagged, and reported apart
   */
  public static ChurnReport score(List<PlantedChurner> churners, List<PlantedChurner> cancellationRequests,
      List<Alert> alerts, IdentityHasher hasher) {
    Map<String, Alert> firstOpen = firstOpen(alerts);
    Map<String, PlantedChurner> byKey = new HashMap<>();
    for (PlantedChurner churner : churners) {
      byKey.put(hasher.customerKey(churner.customerId()), churner);
    }
    List<Outcome> outcomes = new ArrayList<>();
    for (PlantedChurner churner : churners) {
      Alert alert = firstOpen.get(hasher.customerKey(churner.customerId()));
      outcomes.add(new Outcome(churner, alert == null ? null : alert.getUpdatedAt()));
    }
    List<Outcome> requests = new ArrayList<>();
    for (PlantedChurner request : cancellationRequests) {
      String key = hasher.customerKey(request.customerId());
      if (!byKey.containsKey(key)) {
        byKey.put(key, request);
        Alert alert = firstOpen.get(key);
        requests.add(new Outcome(request, alert == null ? null : alert.getUpdatedAt()));
      }
    }
    int falseFlags = 0;
    int stated = 0;
    for (Map.Entry<String, Alert> entry : firstOpen.entrySet()) {
      if (!byKey.containsKey(entry.getKey())) {
        falseFlags++;
        if (entry.getValue().getReasons().stream().map(AlertReason::getCode).anyMatch("CANCEL_INTENT"::equals)) {
          stated++;
        }
      }
    }
    return new ChurnReport(outcomes, requests, firstOpen.size(), falseFlags, stated);
  }

  /** The first CHURN_RISK alert that opened for each customer key, among any alerts. */
  public static Map<String, Alert> firstOpen(List<Alert> alerts) {
    Map<String, Alert> firstOpen = new LinkedHashMap<>();
    for (Alert alert : alerts) {
      if (ChurnAlerts.DETECTOR.equals(alert.getDetector()) && alert.getState() == AlertState.OPEN
          && alert.getCustomerKey() != null) {
        firstOpen.merge(alert.getCustomerKey(), alert,
            (a, b) -> b.getUpdatedAt().isBefore(a.getUpdatedAt()) ? b : a);
      }
    }
    return firstOpen;
  }

  public List<Outcome> outcomes() {
    return outcomes;
  }

  public int churners() {
    return outcomes.size();
  }

  public int flagged() {
    return (int) outcomes.stream().filter(o -> o.flaggedAt() != null).count();
  }

  public int flaggedAhead() {
    return (int) outcomes.stream().filter(Outcome::ahead).count();
  }

  /** Median lead time of the churners flagged ahead, or null if none was. */
  public Duration medianLead() {
    List<Duration> leads = new ArrayList<>(outcomes.stream().filter(Outcome::ahead).map(Outcome::lead).toList());
    if (leads.isEmpty()) {
      return null;
    }
    leads.sort(null);
    int n = leads.size();
    return n % 2 == 1 ? leads.get(n / 2) : leads.get(n / 2 - 1).plus(leads.get(n / 2)).dividedBy(2);
  }

  /** Customers with a CHURN_RISK alert. */
  public int flaggedCustomers() {
    return flaggedCustomers;
  }

  /** Flagged customers who are not planted churners. */
  public int falseFlags() {
    return falseFlags;
  }

  /** False flags whose alert opened on the customer's own request to cancel. */
  public int falseFlagsWithStatedIntent() {
    return falseFlagsWithStatedIntent;
  }

  /** Share of flagged customers who did not churn, 0 to 1 (0 with no flags). */
  public double falseFlagShare() {
    return flaggedCustomers == 0 ? 0 : (double) falseFlags / flaggedCustomers;
  }

  /** The report as lines of text. */
  public List<String> lines(long customersInStream) {
    List<String> lines = new ArrayList<>();
    int n = churners();
    lines.add(String.format(Locale.ROOT, "churners planted                  %6d", n));
    lines.add(String.format(Locale.ROOT, "flagged (CHURN_RISK opened)       %6d  (%s)", flagged(), percent(flagged(), n)));
    Duration median = medianLead();
    lines.add(String.format(Locale.ROOT, "flagged before their cancellation %6d  (%s), median lead time %s", flaggedAhead(),
        percent(flaggedAhead(), n), median == null ? "-" : describe(median)));
    for (String strength : List.of("strong", "moderate", "quiet")) {
      List<Outcome> group = outcomes.stream().filter(o -> strength.equals(o.churner().strength())).toList();
      if (!group.isEmpty()) {
        long ahead = group.stream().filter(Outcome::ahead).count();
        lines.add(String.format(Locale.ROOT, "  %-8s journeys: %3d of %3d flagged ahead", strength, ahead, group.size()));
      }
    }
    if (!requests.isEmpty()) {
      long flaggedRequests = requests.stream().filter(o -> o.flaggedAt() != null).count();
      long before = requests.stream().filter(Outcome::ahead).count();
      lines.add(String.format(Locale.ROOT,
          "other customers who wrote a request to cancel %d: %d flagged (%d before the request)", requests.size(),
          flaggedRequests, before));
    }
    lines.add(String.format(Locale.ROOT, "flagged customers who did not churn %4d of %d flagged (%s)%s", falseFlags,
        flaggedCustomers, percent(falseFlags, flaggedCustomers),
        falseFlagsWithStatedIntent == 0 ? "" : ", " + falseFlagsWithStatedIntent + " of them on a cancellation question"));
    if (customersInStream > 0) {
      lines.add(String.format(Locale.ROOT, "customers in the stream          %7d; false flags per 1,000 customers: %.2f",
          customersInStream, 1000.0 * falseFlags / customersInStream));
    }
    return lines;
  }

  private static String percent(int part, int whole) {
    return whole == 0 ? "-" : String.format(Locale.ROOT, "%.0f%%", 100.0 * part / whole);
  }

  public static String describe(Duration duration) {
    double days = duration.toMinutes() / 1440.0;
    return days >= 1 ? String.format(Locale.ROOT, "%.1f days", days)
        : String.format(Locale.ROOT, "%.1f hours", duration.toMinutes() / 60.0);
  }
}
