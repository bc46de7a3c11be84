package earshot.lab.churn;

import earshot.jobs.churn.ChurnEngine;
import earshot.jobs.churn.ChurnSettings;
import earshot.jobs.churn.Contact;
import earshot.jobs.churn.CustomerJourney;
import earshot.jobs.churn.CustomerValue;
import earshot.jobs.churn.RiskScore;
import earshot.jobs.config.EarshotConfig;
import earshot.jobs.enrich.EnrichSettings;
import earshot.jobs.enrich.TextStage;
import earshot.jobs.identity.CrmExport;
import earshot.jobs.identity.IdentifierKind;
import earshot.jobs.identity.IdentityHasher;
import earshot.jobs.identity.Pseudonymiser;
import earshot.jobs.text.IntentRules;
import earshot.jobs.text.TextAnalyzers;
import earshot.schemas.Alert;
import earshot.schemas.AlertReason;
import earshot.schemas.AlertState;
import earshot.schemas.AvroTrust;
import earshot.schemas.EnrichedInteraction;
import earshot.schemas.IdentityLink;
import earshot.schemas.Interaction;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * The churn path of the signals job without Flink, for evaluations: interactions in event-time order
 * go through the enrich job's text stage and pseudonymisation, are resolved to customers, and each
 * customer's contacts and timers go through the real {@link ChurnEngine}, as {@code TrackJourneys}
 * does. Records what an evaluation needs: every score the engine computed (when, how much), the
 * CHURN_RISK alert states, the negative contacts of each customer (for a baseline), and at every
 * midnight (UTC) each known customer's score as the engine would compute it then.
 *
 * <p>Identity resolution is simpler than the job's: the CRM export (when given) is read before the
 * first interaction; an interaction with a customer id claims its unknown identifiers for that
 * customer at once; one without is resolved by its most trusted known identifier (e-mail, phone,
 * handle) and its unknown identifiers are linked to the customer found. The job does the same but
 * learns links through Kafka, a moment later. Conflicting claims keep the first owner.
 *
 * <p>Timers: after each evaluation the engine's next check is queued and fired before any contact
 * that comes later; at the end of the input time-driven checks run only up to the latest contact,
 * like the job at the end of a bounded input.
 */
public final class ChurnReplay {

  private static final long DAY = 86_400_000L;
  /** A contact counts as negative for the baseline: a detractor answer or a text this negative. */
  static final double NEGATIVE_SENTIMENT = -0.3;

  /** What the engine said about one customer over the replay. */
  public static final class Trace {
    private final List<long[]> scores = new ArrayList<>();
    private final List<Long> negatives = new ArrayList<>();

    public Trace() {}

    /**
     * A trace from known evaluations (for reports over scores that did not come from a replay).
     *
     * @param times when the scores were computed, ascending
     * @param negativeTimes when the customer's negative contacts happened, ascending
     */
    public static Trace of(long[] times, double[] scores, long[] negativeTimes) {
      Trace trace = new Trace();
      for (int i = 0; i < times.length; i++) {
        trace.score(times[i], scores[i]);
      }
      for (long at : negativeTimes) {
        trace.negatives.add(at);
      }
      return trace;
    }

    void score(long at, double score) {
      scores.add(new long[] {at, Double.doubleToLongBits(score)});
    }

    /** The score of the engine's last evaluation strictly before {@code before}, or 0 without one. */
    public double lastScoreBefore(long before) {
      double last = 0;
      for (long[] s : scores) {
        if (s[0] >= before) {
          break;
        }
        last = Double.longBitsToDouble(s[1]);
      }
      return last;
    }

    /** Negative contacts (detractor answer or negative text) strictly before {@code before}, in the window. */
    public int negativesBefore(long before, long window) {
      int n = 0;
      for (long at : negatives) {
        if (at < before && at >= before - window) {
          n++;
        }
      }
      return n;
    }

    /** Time of the last negative contact strictly before {@code before}, or Long.MIN_VALUE. */
    public long lastNegativeBefore(long before) {
      long last = Long.MIN_VALUE;
      for (long at : negatives) {
        if (at < before) {
          last = at;
        }
      }
      return last;
    }

    public int evaluations() {
      return scores.size();
    }
  }

  /**
   * Every known customer's score at a midnight, as the engine would compute it then.
   *
   * @param features by customer key, the score's features then ({@link ChurnEngine#featuresAt}); empty
   *     unless the replay records them, and without customers who have none
   */
  public record Snapshot(long at, Map<String, Double> scores, Map<String, Map<String, Double>> features) {
    public Snapshot(long at, Map<String, Double> scores) {
      this(at, scores, Map.of());
    }
  }

  /**
   * The first CHURN_RISK alert that opened for a customer.
   *
   * @param reasons the reason codes it opened with
   */
  public record Flag(long openedAt, List<String> reasons) {}

  /**
   * @param traces by customer key, every customer that had a contact
   * @param flags by customer key, the first CHURN_RISK alert that opened
   * @param alerts CHURN_RISK alert states in the order the engine published them
   * @param snapshots one per midnight between the first and the last contact
   */
  public record Result(Map<String, Trace> traces, Map<String, Flag> flags, List<Alert> alerts, List<Snapshot> snapshots,
      long contacts, long anonymous, long firstContact, long lastContact) {}

  private final ChurnSettings settings;
  private final EnrichSettings enrich;
  private final IdentityHasher hasher;
  private final boolean recordFeatures;

  public ChurnReplay(EarshotConfig config) {
    this(ChurnSettings.from(config), EnrichSettings.from(config));
  }

  public ChurnReplay(ChurnSettings settings, EnrichSettings enrich) {
    this(settings, enrich, false);
  }

  /** @param recordFeatures whether each midnight's snapshot also holds every customer's features (for calibration) */
  public ChurnReplay(ChurnSettings settings, EnrichSettings enrich, boolean recordFeatures) {
    AvroTrust.install();
    this.settings = settings;
    this.enrich = enrich;
    this.hasher = enrich.identityHasher();
    this.recordFeatures = recordFeatures;
  }

  /**
   * @param interactions in event-time order (an interaction earlier than the one before it is
   *     taken at the time of the one before, as a late contact in the job)
   * @param crmExport a CRM export to resolve identifiers with, or null
   */
  public Result run(Iterable<Interaction> interactions, Path crmExport) throws IOException {
    Map<String, String> owners = new HashMap<>();
    if (crmExport != null) {
      for (CrmExport.Row row : CrmExport.read(crmExport, hasher)) {
        for (IdentityLink link : CrmExport.links(row, hasher, Instant.EPOCH)) {
          owners.put(link.getIdentifierKey(), link.getCustomerKey());
        }
      }
    }
    Run run = new Run(owners);
    try (TextStage text = new TextStage(TextAnalyzers.create(enrich.textMode(), IntentRules.parse(enrich.intentRules()),
        enrich.priorAdaptation(), enrich.intentModel()), enrich.consentDefault())) {
      Pseudonymiser pseudonymiser = new Pseudonymiser(hasher);
      for (Interaction interaction : interactions) {
        run.take(pseudonymiser.apply(text.enrich(interaction, 0)));
      }
    }
    run.finish();
    return new Result(run.traces, run.flags, run.alerts, run.snapshots, run.contacts, run.anonymous, run.firstContact,
        run.latestContact);
  }

  /** The state of one replay. */
  private final class Run {
    final ChurnEngine engine = new ChurnEngine(settings);
    final Map<String, String> owners;
    final Map<String, CustomerJourney> journeys = new LinkedHashMap<>();
    final Map<String, Trace> traces = new LinkedHashMap<>();
    final List<Alert> alerts = new ArrayList<>();
    final Map<String, Flag> flags = new LinkedHashMap<>();
    final List<Snapshot> snapshots = new ArrayList<>();
    final PriorityQueue<Timer> timers = new PriorityQueue<>(
        Comparator.comparingLong(Timer::at).thenComparing(Timer::customerKey));
    long contacts;
    long anonymous;
    long firstContact = Long.MIN_VALUE;
    long latestContact = Long.MIN_VALUE;
    long nextMidnight = Long.MIN_VALUE;

    Run(Map<String, String> owners) {
      this.owners = owners;
    }

    void take(EnrichedInteraction enriched) {
      Contact contact = Contact.of(enriched);
      if (latestContact != Long.MIN_VALUE && contact.at < latestContact) {
        contact.at = latestContact;
      }
      String customer = resolve(enriched);
      if (customer == null) {
        anonymous++;
        return;
      }
      advanceTo(contact.at);
      if (firstContact == Long.MIN_VALUE) {
        firstContact = contact.at;
        nextMidnight = Math.floorDiv(contact.at, DAY) * DAY + DAY;
      }
      latestContact = Math.max(latestContact, contact.at);
      contacts++;
      CustomerJourney journey = journeys.computeIfAbsent(customer, k -> new CustomerJourney());
      Trace trace = traces.computeIfAbsent(customer, k -> new Trace());
      if (contact.nps != Contact.UNKNOWN && contact.nps <= 6
          || contact.hasSentiment() && contact.sentiment <= NEGATIVE_SENTIMENT) {
        trace.negatives.add(contact.at);
      }
      CustomerValue value = CustomerValue.of(enriched.getInteraction().getAttributes());
      ChurnEngine.Outcome outcome = engine.onContact(customer, journey, contact, value);
      record(customer, trace, outcome, contact.at);
    }

    /** Fires the timers due before {@code time} and takes the midnights before it, in time order. */
    void advanceTo(long time) {
      while (true) {
        long timer = timers.isEmpty() ? Long.MAX_VALUE : timers.peek().at();
        long midnight = nextMidnight == Long.MIN_VALUE ? Long.MAX_VALUE : nextMidnight;
        if (Math.min(timer, midnight) > time) {
          return;
        }
        if (timer <= midnight) {
          Timer due = timers.poll();
          CustomerJourney journey = journeys.get(due.customerKey());
          ChurnEngine.Outcome outcome = engine.onTime(due.customerKey(), journey, due.at());
          record(due.customerKey(), traces.get(due.customerKey()), outcome, due.at());
        } else {
          Map<String, Double> scores = new HashMap<>();
          Map<String, Map<String, Double>> features = new HashMap<>();
          journeys.forEach((key, journey) -> {
            scores.put(key, engine.scoreAt(journey, midnight).score());
            if (recordFeatures) {
              Map<String, Double> found = engine.featuresAt(journey, midnight);
              if (!found.isEmpty()) {
                features.put(key, found);
              }
            }
          });
          snapshots.add(new Snapshot(midnight, scores, features));
          nextMidnight += DAY;
        }
      }
    }

    void record(String customer, Trace trace, ChurnEngine.Outcome outcome, long at) {
      if (outcome.nextCheck() != Long.MAX_VALUE) {
        // Also after a timer only for a follow-up's due time: it carries the churn score's next check on.
        timers.add(new Timer(outcome.nextCheck(), customer));
      }
      if (outcome.score() == RiskScore.NONE) {
        return; // a re-delivery, a timer older than the last evaluation, a follow-up's due time: no score
      }
      trace.score(at, outcome.score().score());
      for (Alert alert : outcome.alerts()) {
        alerts.add(alert);
        if (alert.getState() == AlertState.OPEN) {
          flags.putIfAbsent(customer, new Flag(at, alert.getReasons().stream().map(AlertReason::getCode).toList()));
        }
      }
    }

    void finish() {
      // Like the job at the end of a bounded input: time-driven checks only up to the latest contact.
      if (latestContact == Long.MIN_VALUE) {
        return;
      }
      while (!timers.isEmpty() && timers.peek().at() <= latestContact) {
        advanceTo(timers.peek().at());
      }
    }

    String resolve(EnrichedInteraction enriched) {
      List<String> identifiers = ordered(enriched.getIdentifierKeys());
      String customer = enriched.getCustomerKey();
      if (customer == null) {
        for (String identifier : identifiers) {
          customer = owners.get(identifier);
          if (customer != null) {
            break;
          }
        }
      }
      if (customer != null) {
        for (String identifier : identifiers) {
          owners.putIfAbsent(identifier, customer);
        }
      }
      return customer;
    }
  }

  private record Timer(long at, String customerKey) {}

  /** Distinct known identifier keys, most trusted kind first. */
  static List<String> ordered(List<String> keys) {
    List<String> out = new ArrayList<>();
    if (keys == null) {
      return out;
    }
    for (String key : keys) {
      try {
        IdentifierKind.ofKey(key);
      } catch (IllegalArgumentException e) {
        continue;
      }
      if (!out.contains(key)) {
        out.add(key);
      }
    }
    out.sort(Comparator.comparingInt(k -> IdentifierKind.ofKey(k).ordinal()));
    return out;
  }
}
