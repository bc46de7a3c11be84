package earshot.jobs.churn;

import earshot.jobs.detect.AlertLifecycle;
import earshot.jobs.detect.AlertTrack;
import earshot.schemas.Alert;
import earshot.schemas.AlertReason;
import earshot.schemas.AlertState;
import earshot.schemas.Severity;
import earshot.schemas.Verbatim;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The lifecycle of a customer's CHURN_RISK alert, one per customer at a time:
 *
 * <ul>
 *   <li>a score at or above {@code churn.alert-threshold} OPENs an alert (version 1);
 *   <li>while open, a material change publishes it as UPDATED: the score moved by {@link #UPDATE_POINTS}
 *       or more since the last published state, the severity changed, or a new reason of
 *       {@link #MATERIAL_POINTS} points or more appeared;
 *   <li>a score below {@code churn.clear-threshold} RESOLVEs it (hysteresis: between the two
 *       thresholds an open alert stays open and none opens);
 *   <li>crossing the threshold again within {@code churn.cooldown} after a resolution reopens the same
 *       alert (same id, next version) instead of raising a new one.
 * </ul>
 *
 * Alerts use the series alerts' schema: detector CHURN_RISK, series {@code customer}, the hashed
 * {@code customerKey}, metric {@code churnRisk} (observed = score, baseline = the score before), the
 * reasons with their points and interactions, and the contacts behind them as examples (without
 * text: the journey never holds text; the ids find them in the interactions index). What makes one
 * actionable: whom to call ({@code customerId}, the internal id a channel gave, unless
 * {@code churn.alert-identity} is {@code key}; never an e-mail address or phone number), the
 * {@link NextStep} for the top reason (null once resolved), and the channel and team of the
 * customer's last contact. The window is the
 * stretch of journey the score looked at: {@code churn.repeat-contact-days} up to the evaluation.
 * There is no statistical test behind a score: the p-value is 1.
 */
public final class ChurnAlerts {

  public static final String DETECTOR = "CHURN_RISK";
  public static final String SERIES = "customer";
  static final double UPDATE_POINTS = 10;
  static final double MATERIAL_POINTS = 5;
  static final double CRITICAL_SCORE = 80;

  private final ChurnSettings settings;

  public ChurnAlerts(ChurnSettings settings) {
    this.settings = settings;
  }

  /** The alert state to publish after an evaluation, if any; updates the journey's alert fields. */
  public Optional<Alert> onScore(String customerKey, CustomerJourney journey, RiskScore score, double previousScore,
      long now) {
    Severity severity = score.score() >= CRITICAL_SCORE ? Severity.CRITICAL : Severity.WARNING;
    String codes = String.join(",", score.codes(MATERIAL_POINTS));
    AlertState state = null;
    if (!journey.alertOpen) {
      if (score.score() >= settings.alertThreshold()) {
        boolean withinCooldown = journey.alertId != null && journey.alertResolvedAt != Long.MIN_VALUE
            && now - journey.alertResolvedAt <= settings.cooldown().toMillis();
        if (!withinCooldown) {
          journey.alertId = AlertLifecycle.alertId(DETECTOR, SERIES + "=" + customerKey, 0, now);
          journey.alertVersion = 0;
          journey.alertOpenedAt = now;
          journey.alertHistory.clear();
        }
        journey.alertOpen = true;
        state = AlertState.OPEN;
      }
    } else if (score.score() < settings.clearThreshold()) {
      journey.alertOpen = false;
      journey.alertResolvedAt = now;
      state = AlertState.RESOLVED;
    } else if (!severity.name().equals(journey.alertSeverity)
        || Math.abs(score.score() - journey.alertScore) >= UPDATE_POINTS
        || !set(journey.alertReasons).containsAll(set(codes))) {
      state = AlertState.UPDATED;
    }
    if (state == null) {
      return Optional.empty();
    }
    journey.alertVersion++;
    journey.alertScore = score.score();
    journey.alertReasons = codes;
    if (state != AlertState.RESOLVED) {
      journey.alertSeverity = severity.name();
    } else if (journey.alertSeverity != null) {
      severity = Severity.valueOf(journey.alertSeverity);
    }
    journey.alertHistory.add(new AlertTrack.Step(state, journey.alertVersion, now, severity, score.score()));
    while (journey.alertHistory.size() > CustomerJourney.MAX_HISTORY) {
      journey.alertHistory.remove(0);
    }
    return Optional.of(build(customerKey, journey, score, previousScore, state, severity, now));
  }

  private Alert build(String customerKey, CustomerJourney journey, RiskScore score, double previousScore,
      AlertState state, Severity severity, long now) {
    long window = settings.repeatWindowMillis();
    Contact last = lastContact(journey, now);
    Map<String, String> dimensions = new HashMap<>();
    if (journey.valueTier != null) {
      dimensions.put("valueTier", journey.valueTier);
    }
    return Alert.newBuilder()
        .setAlertId(journey.alertId)
        .setVersion(journey.alertVersion)
        .setState(state)
        .setDetector(DETECTOR)
        .setSeverity(severity)
        .setSeriesKey(SERIES)
        .setDimensions(dimensions)
        .setWindowSeconds(window / 1000)
        .setWindowStart(Instant.ofEpochMilli(now - window))
        .setWindowEnd(Instant.ofEpochMilli(now))
        .setOpenedAt(Instant.ofEpochMilli(journey.alertOpenedAt))
        .setUpdatedAt(Instant.ofEpochMilli(now))
        .setMetric("churnRisk")
        .setObserved(score.score())
        .setBaseline(previousScore)
        .setExpectedLow(0)
        .setExpectedHigh(settings.alertThreshold())
        .setStatisticName("riskScore")
        .setStatistic(score.score())
        .setPValue(1.0)
        .setSampleSize(journey.contacts.size())
        .setSummary(summary(state, score, journey))
        .setExamples(evidence(score, journey))
        .setCustomerKey(customerKey)
        .setCustomerId(settings.alertIdentity().shown(journey.customerId))
        .setNextStep(state == AlertState.RESOLVED ? null : NextStep.of(score, journey, now, settings))
        .setLastContactChannel(last == null ? null : last.channel)
        .setLastContactTeam(last == null ? null : last.team)
        .setReasons(score.contributions().stream()
            .map(c -> new AlertReason(c.code(), c.description(), c.points(), c.interactionIds())).toList())
        .setHistory(journey.alertHistory.stream().map(AlertTrack.Step::transition).toList())
        .build();
  }

  String summary(AlertState state, RiskScore score, CustomerJourney journey) {
    String who = journey.valueTier == null ? "a customer" : "a " + journey.valueTier + " customer";
    if (state == AlertState.RESOLVED) {
      List<String> lowering = score.contributions().stream().filter(c -> c.points() < 0)
          .map(c -> c.description() + " (" + points(c.points()) + ")").toList();
      return String.format(Locale.ROOT, "Churn risk of %s is back to %.0f of 100 (below %.0f)%s", who, score.score(),
          settings.clearThreshold(), lowering.isEmpty() ? ": the problems behind it have aged or been resolved."
              : ": " + String.join(" ", lowering));
    }
    String reasons = score.contributions().stream().filter(c -> c.points() > 0).limit(4)
        .map(c -> c.description() + " (" + points(c.points()) + ")").collect(Collectors.joining(" "));
    return String.format(Locale.ROOT, "Churn risk of %s is %.0f of 100 (alert at %.0f). %s", who, score.score(),
        settings.alertThreshold(), reasons);
  }

  private static String points(double value) {
    return String.format(Locale.ROOT, "%+.0f", value);
  }

  /** The contacts behind the reasons, newest first, at most five, as examples (without text). */
  private static List<Verbatim> evidence(RiskScore score, CustomerJourney journey) {
    Set<String> ids = new LinkedHashSet<>();
    score.contributions().stream().filter(c -> c.points() > 0).forEach(c -> ids.addAll(c.interactionIds()));
    List<Verbatim> examples = new ArrayList<>();
    for (int i = journey.contacts.size() - 1; i >= 0 && examples.size() < 5; i--) {
      Contact c = journey.contacts.get(i);
      if (ids.contains(c.interactionId)) {
        examples.add(Verbatim.newBuilder().setInteractionId(c.interactionId).setOccurredAt(Instant.ofEpochMilli(c.at))
            .setText(null).setSentimentScore(c.hasSentiment() ? Math.round(c.sentiment * 1000) / 1000.0 : null)
            .setNps(c.nps == Contact.UNKNOWN ? null : (int) c.nps).build());
      }
    }
    return examples;
  }

  /** The customer's latest contact up to {@code now}, or null. */
  static Contact lastContact(CustomerJourney journey, long now) {
    for (int i = journey.contacts.size() - 1; i >= 0; i--) {
      if (journey.contacts.get(i).at <= now) {
        return journey.contacts.get(i);
      }
    }
    return null;
  }

  private static Set<String> set(String codes) {
    Set<String> out = new LinkedHashSet<>();
    for (String code : codes.split(",")) {
      if (!code.isBlank()) {
        out.add(code);
      }
    }
    return out;
  }
}
