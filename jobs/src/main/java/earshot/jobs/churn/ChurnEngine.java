package earshot.jobs.churn;

import earshot.schemas.Alert;
import earshot.schemas.AlertState;
import earshot.schemas.CustomerSignal;
import earshot.schemas.CustomerSignalType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One customer's churn logic, in plain Java: takes the customer's contacts (in event-time order)
 * and the passing of time, keeps the {@link CustomerJourney}, scores it ({@link ChurnRiskModel}),
 * runs the CHURN_RISK alert's lifecycle ({@link ChurnAlerts}) and says which customer signals to
 * publish and when it next needs to look again without a new contact. It also tracks the customer's
 * follow-ups ({@link FollowUps}: closing the loop on detractor answers and complaints).
 */
public final class ChurnEngine {

  private static final long DAY = 86_400_000L;
  /** How far ahead the engine looks for the moment an open alert's score falls below the clear threshold. */
  static final long HORIZON_MILLIS = 365 * DAY;

  private final ChurnSettings settings;
  private final ChurnRiskModel model;
  private final ChurnAlerts alerts;
  private final FollowUps followUps;

  public ChurnEngine(ChurnSettings settings) {
    this.settings = settings;
    this.model = new ChurnRiskModel(settings);
    this.alerts = new ChurnAlerts(settings);
    this.followUps = new FollowUps(settings.followUpSla());
  }

  /**
   * What an evaluation produced.
   *
   * @param nextCheck event time at which to evaluate again without a new contact, or Long.MAX_VALUE
   * @param evaluated false when the score was not evaluated (a re-delivered contact, a timer before the
   *     last evaluation, a timer only for a follow-up's due time)
   * @param loopEvents steps of the customer's follow-ups, for the follow-up metrics
   */
  public record Outcome(RiskScore score, List<Alert> alerts, List<CustomerSignal> signals, long nextCheck,
      boolean evaluated, List<LoopEvent> loopEvents) {

    public Outcome(RiskScore score, List<Alert> alerts, List<CustomerSignal> signals, long nextCheck,
        boolean evaluated) {
      this(score, alerts, signals, nextCheck, evaluated, List.of());
    }

    static Outcome nothing() {
      return new Outcome(RiskScore.NONE, List.of(), List.of(), Long.MAX_VALUE, false);
    }
  }

  /** A new contact of the customer that came without a customer id (a re-delivered one changes nothing). */
  public Outcome onContact(String customerKey, CustomerJourney journey, Contact contact, CustomerValue value) {
    return onContact(customerKey, null, journey, contact, value);
  }

  /**
   * A new contact of the customer (a re-delivered one changes nothing).
   *
   * @param customerId the internal customer id the interaction carried, or null
   */
  public Outcome onContact(String customerKey, String customerId, CustomerJourney journey, Contact contact,
      CustomerValue value) {
    journey.value(value);
    int previousNps = journey.npsLatest;
    String previousNpsInteraction = journey.npsLatestInteraction;
    if (!journey.add(contact, settings.maxContacts())) {
      return Outcome.nothing();
    }
    journey.identify(customerId, contact.at);
    List<CustomerSignal> signals = new ArrayList<>();
    long now = Math.max(contact.at, journey.lastEvaluatedAt);
    Outcome outcome = evaluate(customerKey, journey, now, signals);
    if (contact.interactionId.equals(journey.npsLatestInteraction) && previousNps >= 0) {
      npsTransition(customerKey, journey, previousNps, previousNpsInteraction, contact, outcome.score(), signals);
    }
    FollowUps.Steps steps = new FollowUps.Steps(signals, new ArrayList<>());
    followUps.onContact(customerKey, journey, contact, now, outcome.score().score(), steps);
    return withFollowUps(outcome, journey, now, steps);
  }

  /** The outcome with the follow-ups' steps, and a next check no later than the next follow-up's due time. */
  private static Outcome withFollowUps(Outcome outcome, CustomerJourney journey, long now, FollowUps.Steps steps) {
    long next = Math.min(outcome.nextCheck(), FollowUps.nextDeadline(journey, now));
    return new Outcome(outcome.score(), outcome.alerts(), steps.signals(), next, outcome.evaluated(),
        steps.events());
  }

  /**
   * The customer's score at {@code now} as the next evaluation would compute it, without evaluating:
   * the journey and its alert stay as they are (for reports that rank customers at a moment).
   */
  public RiskScore scoreAt(CustomerJourney journey, long now) {
    return model.score(journey, now);
  }

  /** The score's features at {@code now} ({@link ChurnRiskModel#features}), without evaluating. */
  public Map<String, Double> featuresAt(CustomerJourney journey, long now) {
    return model.features(journey, now);
  }

  /** A timer: time has passed without a contact. */
  public Outcome onTime(String customerKey, CustomerJourney journey, long now) {
    if (now < journey.lastEvaluatedAt) {
      return Outcome.nothing();
    }
    FollowUps.Steps steps = new FollowUps.Steps();
    if (FollowUps.dueAt(journey, now) && now != journey.churnNextCheck) {
      // A timer set only for a follow-up's due time: the score is left as it is, so that follow-ups
      // do not add evaluations (and alert updates) that the churn rules alone would not make.
      followUps.onTime(customerKey, journey, now, journey.lastScore, steps);
      long churnNext = journey.churnNextCheck > now ? journey.churnNextCheck : Long.MAX_VALUE;
      long next = Math.min(churnNext, FollowUps.nextDeadline(journey, now));
      return new Outcome(RiskScore.NONE, List.of(), steps.signals(), next, false, steps.events());
    }
    Outcome outcome = evaluate(customerKey, journey, now, steps.signals());
    followUps.onTime(customerKey, journey, now, outcome.score().score(), steps);
    return withFollowUps(outcome, journey, now, steps);
  }

  private Outcome evaluate(String customerKey, CustomerJourney journey, long now, List<CustomerSignal> signals) {
    RiskScore score = model.score(journey, now);
    double previous = journey.lastScore;
    journey.lastScore = score.score();
    journey.lastEvaluatedAt = now;
    List<Alert> published = new ArrayList<>();
    alerts.onScore(customerKey, journey, score, previous, now).ifPresent(alert -> {
      published.add(alert);
      if (alert.getState() == AlertState.OPEN) {
        List<String> evidence = evidence(score);
        signals.add(CustomerSignals.of(CustomerSignalType.CHURN_RISK_RAISED, customerKey, now,
            alert.getAlertId() + "#" + alert.getVersion(), score.score(), alert.getAlertId(), evidence,
            Map.of("reasons", String.join(",", score.codes(ChurnAlerts.MATERIAL_POINTS))), alert.getSummary()));
        if (journey.weight() >= CustomerValue.HIGH_VALUE) {
          signals.add(CustomerSignals.of(CustomerSignalType.HIGH_VALUE_AT_RISK, customerKey, now,
              alert.getAlertId() + "#" + alert.getVersion(), score.score(), alert.getAlertId(), evidence,
              Map.of("valueTier", String.valueOf(journey.valueTier), "valueWeight",
                  String.format(Locale.ROOT, "%.2f", journey.weight())),
              String.format(Locale.ROOT, "A high-value (%s) customer is at risk of leaving: churn risk %.0f of 100.",
                  journey.valueTier, score.score())));
        }
      } else if (alert.getState() == AlertState.RESOLVED) {
        signals.add(CustomerSignals.of(CustomerSignalType.CHURN_RISK_CLEARED, customerKey, now,
            alert.getAlertId() + "#" + alert.getVersion(), score.score(), alert.getAlertId(), List.of(),
            Map.of(), alert.getSummary()));
      }
    });
    long next = model.nextDeadline(journey, now);
    if (journey.alertOpen) {
      next = Math.min(next, clearsAt(journey, now, next));
    }
    journey.churnNextCheck = next;
    return new Outcome(score, published, signals, next, true);
  }

  /**
   * When an open alert's score, with nothing new happening, falls below the clear threshold: points
   * only decay and leave their windows between two deadlines, so the score does not rise again
   * before {@code until}, and a binary search (to the minute) finds the moment. One timer there
   * replaces daily reviews; without a crossing before {@code until} (or within a year), none is needed
   * before then.
   */
  private long clearsAt(CustomerJourney journey, long now, long until) {
    long high = Math.min(until, now + HORIZON_MILLIS);
    if (model.score(journey, high).score() >= settings.clearThreshold()) {
      return high == until ? Long.MAX_VALUE : high;
    }
    long low = now;
    while (high - low > 60_000L) {
      long middle = low + (high - low) / 2;
      if (model.score(journey, middle).score() < settings.clearThreshold()) {
        high = middle;
      } else {
        low = middle;
      }
    }
    return high;
  }

  private static void npsTransition(String customerKey, CustomerJourney journey, int previous, String previousId,
      Contact contact, RiskScore score, List<CustomerSignal> signals) {
    NpsTransitionSignal.Segment from = NpsTransitionSignal.Segment.of(previous);
    NpsTransitionSignal.Segment to = NpsTransitionSignal.Segment.of(contact.nps);
    CustomerSignalType type = null;
    if (from == NpsTransitionSignal.Segment.PROMOTER && to == NpsTransitionSignal.Segment.DETRACTOR) {
      type = CustomerSignalType.PROMOTER_TO_DETRACTOR;
    } else if (from == NpsTransitionSignal.Segment.PROMOTER && to == NpsTransitionSignal.Segment.PASSIVE) {
      type = CustomerSignalType.PROMOTER_TO_PASSIVE;
    } else if (from == NpsTransitionSignal.Segment.DETRACTOR && to == NpsTransitionSignal.Segment.PROMOTER) {
      type = CustomerSignalType.DETRACTOR_TO_PROMOTER;
    }
    if (type == null) {
      return;
    }
    String words = type.name().toLowerCase(Locale.ROOT).replace("_to_", " turned ");
    signals.add(CustomerSignals.of(type, customerKey, contact.at, contact.interactionId, score.score(),
        journey.alertOpen ? journey.alertId : null, List.of(previousId, contact.interactionId),
        Map.of("previousNps", Integer.toString(previous), "nps", Integer.toString(contact.nps)),
        String.format(Locale.ROOT, "A %s: NPS answer %d after %d; churn risk now %.0f of 100.", words, contact.nps,
            previous, score.score())));
  }

  private static List<String> evidence(RiskScore score) {
    return score.contributions().stream().filter(c -> c.points() > 0).flatMap(c -> c.interactionIds().stream())
        .distinct().limit(20).toList();
  }
}
