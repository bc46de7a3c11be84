package earshot.jobs.churn;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The churn risk score: a transparent additive model over the journey's signals, so that every
 * point of a score can be traced to a reason and to the contacts behind it.
 *
 * <pre>
 *   contribution(finding) = weight(code) * points * 0.5 ^ (age / half-life)
 *   raw                   = sum of contributions
 *   value adjustment      = (weight - 1) * raw          (only when raw is positive)
 *   score                 = raw + value adjustment, kept within 0..100
 * </pre>
 *
 * When the sum leaves 0..100 the contributions on the side that overshoots are scaled down in
 * proportion, so that the reasons published always add up to the score.
 *
 * <p><b>The weights</b> (base points of each signal, see the signal classes) are set so that one
 * moderate signal stays well below the default alert threshold of 60, a stated wish to cancel alone
 * stays below it too (45; 56 for a gold customer), and two or three independent signals of a
 * degrading journey cross it: a promoter turned detractor (25) who called twice about the same
 * unresolved problem (12) and whose e-mail went unanswered (20) scores 57, with one transfer-heavy
 * call more 65. They order the signals the way retention research and practice order them: stated
 * intent first, then a fall in NPS, customer effort (repeat contacts, unanswered messages,
 * transfers), then tone. Decay forgets what a customer has had time to get over: problems halve
 * in 7 to 14 days, stated intent and NPS in 30. Calibrate them on your own churners when you have
 * them: {@code ./earshot churn calibrate} fits a multiplier per reason code ({@link ChurnWeights},
 * {@code churn.weights}; 1 keeps the built-in points) to a company's own cancellations.
 */
public final class ChurnRiskModel {

  private static final double DAY = 86_400_000.0;
  /** Every reason code a signal can report, in the order weights files list them. */
  public static final List<String> CODES = List.of("CANCEL_INTENT", "CANCEL_QUESTION", "COMPETITOR_MENTION",
      "ESCALATION_THREAT", "PROMOTER_TO_DETRACTOR", "PASSIVE_TO_DETRACTOR", "PROMOTER_TO_PASSIVE", "DETRACTOR",
      "DETRACTOR_TO_PROMOTER", "PROMOTER", "REPEAT_CONTACT", "TRANSFERRED_WITHIN_CONTACT", "TRANSFERRED_ACROSS_CONTACTS",
      "UNANSWERED_MESSAGE", "LATE_ANSWER", "COMPLAINT_THEN_SILENCE", "NEGATIVE_TONE", "NEGATIVE_TREND",
      NegativeContactsSignal.CODE);
  /** Contributions smaller than this are left out of the explanation (and the score). */
  static final double NEGLIGIBLE = 0.5;

  private final List<JourneySignal> signals;
  private final ChurnSettings settings;
  /** Recent value descriptions ({@link #valueWords}); not state, rebuilt after a restart. */
  private final ValueWords[] valueWords = new ValueWords[16];

  public ChurnRiskModel(ChurnSettings settings) {
    this(settings, List.of(new StatedIntentSignal(), new NpsTransitionSignal(), new RepeatContactSignal(),
        new TransferSignal(), new UnansweredMessageSignal(), new NegativeTrendSignal(), new ComplaintSilenceSignal(),
        new NegativeContactsSignal()));
  }

  ChurnRiskModel(ChurnSettings settings, List<JourneySignal> signals) {
    this.settings = settings;
    this.signals = List.copyOf(signals);
  }

  /** What every signal finds in the journey at event time {@code now}, before weighting. */
  public List<Finding> findings(CustomerJourney journey, long now) {
    List<Finding> findings = new ArrayList<>();
    for (JourneySignal signal : signals) {
      signal.detect(journey, now, settings, findings);
    }
    return findings;
  }

  /**
   * The model's features at {@code now}: per reason code, the built-in points after decay (summed
   * when a code is found twice), before any weight; codes not found are absent. A score is the
   * weighted sum of these (then the value adjustment and the 0..100 bounds).
   */
  public Map<String, Double> features(CustomerJourney journey, long now) {
    Map<String, Double> features = new TreeMap<>();
    for (Finding finding : findings(journey, now)) {
      features.merge(finding.code(), decayed(finding, now), Double::sum);
    }
    return features;
  }

  private static double decayed(Finding finding, long now) {
    double age = Math.max(0, now - finding.at()) / DAY;
    return finding.points() * Math.pow(0.5, age / finding.halfLifeDays());
  }

  public RiskScore score(CustomerJourney journey, long now) {
    List<RiskScore.Contribution> contributions = new ArrayList<>();
    double raw = 0;
    ChurnWeights weights = settings.weights();
    for (Finding finding : findings(journey, now)) {
      double points = weights.multiplier(finding.code()) * decayed(finding, now);
      if (Math.abs(points) >= NEGLIGIBLE) {
        contributions.add(new RiskScore.Contribution(finding.code(), finding.description(), points,
            finding.interactionIds()));
        raw += points;
      }
    }
    double weight = journey.weight();
    if (raw > 0 && weight != 1.0) {
      double adjustment = (weight - 1) * raw;
      contributions.add(new RiskScore.Contribution(weight > 1 ? "HIGH_VALUE" : "LOWER_VALUE",
          valueWords(journey.valueTier, weight), adjustment, List.of()));
    }
    return new RiskScore(round(bounded(contributions)), sorted(contributions));
  }

  /**
   * The value adjustment's description, remembered for the last few tiers and weights: it is written
   * at every evaluation of a customer with a value, and String.format was the largest cost of a score.
   * Races between threads only cost a miss (the entries are immutable).
   */
  private String valueWords(String valueTier, double weight) {
    int slot = (Objects.hashCode(valueTier) * 31 + Double.hashCode(weight)) & (valueWords.length - 1);
    ValueWords cached = valueWords[slot];
    if (cached != null && Objects.equals(cached.tier, valueTier) && Double.compare(cached.weight, weight) == 0) {
      return cached.text;
    }
    String tier = valueTier == null ? "customer" : valueTier + " customer";
    String text = String.format(Locale.ROOT, "A %s: the risk weighs %.2f times as much.", tier, weight);
    valueWords[slot] = new ValueWords(valueTier, weight, text);
    return text;
  }

  private record ValueWords(String tier, double weight, String text) {}

  /** The earliest time after {@code now} at which the score may rise without a new contact, or Long.MAX_VALUE. */
  public long nextDeadline(CustomerJourney journey, long now) {
    long next = Long.MAX_VALUE;
    for (JourneySignal signal : signals) {
      next = Math.min(next, signal.nextDeadline(journey, now, settings));
    }
    return next;
  }

  /** Scales the overshooting side so that the contributions add up to a score within 0..100; returns it. */
  private static double bounded(List<RiskScore.Contribution> contributions) {
    double positive = 0;
    double negative = 0;
    for (RiskScore.Contribution c : contributions) {
      if (c.points() > 0) {
        positive += c.points();
      } else {
        negative += c.points();
      }
    }
    double total = positive + negative;
    double factorPositive = 1;
    double factorNegative = 1;
    if (total > 100) {
      factorPositive = (100 - negative) / positive;
    } else if (total < 0) {
      factorNegative = -positive / negative;
    }
    if (factorPositive == 1 && factorNegative == 1) {
      return total;
    }
    for (int i = 0; i < contributions.size(); i++) {
      RiskScore.Contribution c = contributions.get(i);
      double factor = c.points() > 0 ? factorPositive : factorNegative;
      contributions.set(i, new RiskScore.Contribution(c.code(), c.description(), round(c.points() * factor),
          c.interactionIds()));
    }
    return Math.max(0, Math.min(100, total));
  }

  private static List<RiskScore.Contribution> sorted(List<RiskScore.Contribution> contributions) {
    List<RiskScore.Contribution> out = new ArrayList<>();
    for (RiskScore.Contribution c : contributions) {
      out.add(new RiskScore.Contribution(c.code(), c.description(), round(c.points()), c.interactionIds()));
    }
    out.sort(Comparator.comparingDouble((RiskScore.Contribution c) -> -c.points()).thenComparing(RiskScore.Contribution::code));
    return out;
  }

  static double round(double value) {
    return Math.round(value * 10) / 10.0;
  }
}
