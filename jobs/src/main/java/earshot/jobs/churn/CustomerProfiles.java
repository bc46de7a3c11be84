package earshot.jobs.churn;

import earshot.schemas.AlertReason;
import earshot.schemas.AlertState;
import earshot.schemas.ContactFact;
import earshot.schemas.CustomerProfile;
import earshot.schemas.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The customer 360 view of one journey: builds a {@link CustomerProfile} (the churn risk and its
 * reasons, the last contacts as facts, the value, the CHURN_RISK alert, the next step) and decides
 * when a new one is worth publishing, so that the profile's write rate stays bounded:
 *
 * <ul>
 *   <li>after new contacts: always (the last contacts changed), at most one per batch of contacts
 *       the journey takes together, none for a re-delivered contact;
 *   <li>after time alone (a timer): only when the alert published a state, the score moved by
 *       {@link #MATERIAL_POINTS} or more since the last published profile, or the set of reasons of
 *       {@link #MATERIAL_POINTS} points or more changed. Points that decay a little do not rewrite it.
 * </ul>
 *
 * Whom it names follows {@code churn.alert-identity} as the alerts do: the internal customer id
 * (never an e-mail address, phone number or handle) or nobody but the hashed key. No text ever: the
 * journey holds none. Plain Java, deterministic (no clock): a replay gives the same profiles.
 */
public final class CustomerProfiles {

  /** Contacts a profile shows, newest first. */
  public static final int LAST_CONTACTS = 5;
  /** A change of the score (or a reason of this size appearing or going) that is worth a new profile. */
  static final double MATERIAL_POINTS = ChurnAlerts.MATERIAL_POINTS;

  private final ChurnSettings settings;

  public CustomerProfiles(ChurnSettings settings) {
    this.settings = settings;
  }

  /** Whether the evaluation after new contacts warrants a profile: whenever it evaluated something. */
  public boolean dueAfterContacts(ChurnEngine.Outcome outcome) {
    return outcome.evaluated();
  }

  /** Whether an evaluation driven by time alone changed the customer materially (see the class comment). */
  public boolean dueAfterTime(CustomerJourney journey, ChurnEngine.Outcome outcome) {
    if (!outcome.evaluated()) {
      return false;
    }
    if (!outcome.alerts().isEmpty() || Double.isNaN(journey.profileScore)) {
      return true;
    }
    return Math.abs(outcome.score().score() - journey.profileScore) >= MATERIAL_POINTS
        || !codes(outcome.score()).equals(journey.profileReasons);
  }

  /**
   * The profile of the customer as evaluated last ({@code score} at {@code journey.lastEvaluatedAt}),
   * and remembers what was published in the journey.
   */
  public CustomerProfile publish(String customerKey, CustomerJourney journey, RiskScore score) {
    long now = journey.lastEvaluatedAt;
    journey.profileScore = score.score();
    journey.profileReasons = codes(score);
    List<ContactFact> facts = new ArrayList<>();
    for (int i = journey.contacts.size() - 1; i >= 0 && facts.size() < LAST_CONTACTS; i--) {
      Contact c = journey.contacts.get(i);
      if (c.at <= now) {
        facts.add(fact(c));
      }
    }
    return CustomerProfile.newBuilder()
        .setCustomerKey(customerKey)
        .setCustomerId(settings.alertIdentity().shown(journey.customerId))
        .setUpdatedAt(Instant.ofEpochMilli(now))
        .setRiskScore(round(score.score(), 100))
        .setSeverity(journey.alertOpen && journey.alertSeverity != null ? Severity.valueOf(journey.alertSeverity) : null)
        .setReasons(score.contributions().stream()
            .map(c -> new AlertReason(c.code(), c.description(), round(c.points(), 100), c.interactionIds())).toList())
        .setNextStep(NextStep.of(score, journey, now, settings))
        .setLastContactAt(facts.isEmpty() ? null : facts.get(0).getOccurredAt())
        .setLastContacts(facts)
        .setContactsKept(journey.contacts.size())
        .setValueTier(journey.valueTier)
        .setValueWeight(Float.isNaN(journey.valueWeight) ? null : round(journey.valueWeight, 100))
        .setAlertId(journey.alertId)
        .setAlertState(alertState(journey))
        .setAlertOpen(journey.alertOpen)
        .build();
  }

  /** The last published state of the customer's alert, or null when none was ever raised. */
  static AlertState alertState(CustomerJourney journey) {
    if (journey.alertId == null) {
      return null;
    }
    if (!journey.alertOpen) {
      return AlertState.RESOLVED;
    }
    return journey.alertHistory.isEmpty() ? AlertState.OPEN
        : AlertState.valueOf(journey.alertHistory.get(journey.alertHistory.size() - 1).state);
  }

  private static ContactFact fact(Contact c) {
    return ContactFact.newBuilder()
        .setInteractionId(c.interactionId)
        .setOccurredAt(Instant.ofEpochMilli(c.at))
        .setChannel(c.channel)
        .setDirection(c.direction)
        .setTouchpoint(c.touchpoint)
        .setTeam(c.team)
        .setResolved(c.resolved == Contact.UNKNOWN ? null : c.isResolved())
        .setSentimentScore(c.hasSentiment() ? round(c.sentiment, 1000) : null)
        .setNps(c.nps == Contact.UNKNOWN ? null : (int) c.nps)
        .build();
  }

  private static String codes(RiskScore score) {
    return String.join(",", score.codes(MATERIAL_POINTS));
  }

  private static double round(double value, double scale) {
    return Math.round(value * scale) / scale;
  }
}
