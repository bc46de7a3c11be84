package earshot.lab.report;

import earshot.jobs.identity.IdentityHasher;
import earshot.schemas.Alert;
import earshot.schemas.AlertReason;
import earshot.schemas.AlertState;
import earshot.lab.churn.ChurnReplay;
import earshot.lab.generator.PlantedChurner;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The churn scorer judged on who actually left, in a way that can fail: consumes a
 * {@link ChurnReplay.Result} and the truth (every customer who cancelled, with the time), emits the
 * figures a retention team would ask for, for the risk score and for a trivial baseline side by side.
 *
 * <ul>
 *   <li><b>At the alert threshold</b> (a customer is flagged when a CHURN_RISK alert first opens):
 *       precision = flagged customers who cancelled after the flag / flagged customers; recall =
 *       those / all who cancelled; the median lead time from flag to cancellation. A flagged customer
 *       who did not cancel is wrong, whatever the alert said (a stated wish to cancel is no churn);
 *       one flagged only at or after the cancellation is wrong too (too late to call).
 *   <li><b>Precision of the top K a day</b>: at each midnight (UTC) from the end of the first day on whose
 *       horizon ends within the stream, the customers still there are ranked (risk score as the
 *       engine would compute it then; ties by key); the share of the top K who cancel within the
 *       next {@code horizon}, averaged over those days, next to the share of all ranked customers
 *       who do (the base rate).
 *   <li><b>ROC AUC</b>: each customer's score of the engine's last evaluation before the
 *       cancellation (churners) or the end of the stream (the others), churned against stayed; ties
 *       count half. Customers: all who had a contact, and every churner (a churner without a contact
 *       scores 0).
 *   <li><b>Baseline</b>: the number of negative contacts (a detractor answer, or a text of sentiment
 *       -0.3 or less) in the 30 days before the moment, ties broken by the most recent one.
 * </ul>
 * A stream ends when its observation ends: a customer who leaves after it counts as staying.
 */
public final class ChurnEvaluation {

  public static final int DEFAULT_TOP_K = 50;
  public static final Duration DEFAULT_HORIZON = Duration.ofDays(7);
  static final long BASELINE_WINDOW = Duration.ofDays(30).toMillis();
  private static final long DAY = 86_400_000L;

  /** How one ranking of customers did. */
  public record Ranking(double precisionAtK, double baseRate, int days, double auc, double dailyAuc) {
    /** Precision of the top K over the base rate. */
    public double lift() {
      return baseRate == 0 ? Double.NaN : precisionAtK / baseRate;
    }
  }

  private final int churners;
  private final int customers;
  private final int flagged;
  private final int flaggedAhead;
  private final int flaggedLate;
  private final int falseOnStatedIntent;
  private final Duration medianLead;
  private final int topK;
  private final Duration horizon;
  private final Ranking score;
  private final Ranking baseline;
  private final Map<String, int[]> byGroup;

  private ChurnEvaluation(int churners, int customers, int flagged, int flaggedAhead, int flaggedLate,
      int falseOnStatedIntent, Duration medianLead, int topK, Duration horizon, Ranking score, Ranking baseline,
      Map<String, int[]> byGroup) {
    this.churners = churners;
    this.customers = customers;
    this.flagged = flagged;
    this.flaggedAhead = flaggedAhead;
    this.flaggedLate = flaggedLate;
    this.falseOnStatedIntent = falseOnStatedIntent;
    this.medianLead = medianLead;
    this.topK = topK;
    this.horizon = horizon;
    this.score = score;
    this.baseline = baseline;
    this.byGroup = byGroup;
  }

  /**
   * @param churners every customer who cancelled within the stream, with the time
   * @param end the end of the stream (of the observation)
   */
  public static ChurnEvaluation evaluate(ChurnReplay.Result result, List<PlantedChurner> churners, IdentityHasher hasher,
      long end, int topK, Duration horizon) {
    return evaluate(result, churners, hasher, Long.MIN_VALUE, end, topK, horizon);
  }

  /**
   * The evaluation of a period of the stream, {@code from} to {@code end} (a held-out period after a
   * calibration): churners are those who cancelled after {@code from}; customers who cancelled
   * before are left out; a customer whose CHURN_RISK alert was open at {@code from} counts as flagged
   * then, any other as flagged at the first alert that opened after it; rankings are taken at the
   * midnights from {@code from} on. With {@code from} = Long.MIN_VALUE: the whole stream.
   */
  public static ChurnEvaluation evaluate(ChurnReplay.Result result, List<PlantedChurner> churners, IdentityHasher hasher,
      long from, long end, int topK, Duration horizon) {
    if (topK < 1) {
      throw new IllegalArgumentException("K must be 1 or more");
    }
    Map<String, Long> cancelled = new HashMap<>();
    Map<String, String> group = new HashMap<>();
    Set<String> goneBefore = new HashSet<>();
    for (PlantedChurner churner : churners) {
      String key = hasher.customerKey(churner.customerId());
      long at = churner.cancelledAt().toEpochMilli();
      if (at <= from) {
        goneBefore.add(key);
        continue;
      }
      cancelled.merge(key, at, Math::min);
      group.put(key, churner.strength() == null ? "-" : churner.strength());
    }
    Map<String, ChurnReplay.Flag> flags = from == Long.MIN_VALUE ? result.flags() : flagsFrom(result, from, goneBefore);

    // At the alert threshold.
    int ahead = 0;
    int late = 0;
    int stated = 0;
    List<Long> leads = new ArrayList<>();
    Map<String, int[]> byGroup = new java.util.TreeMap<>();
    group.values().forEach(g -> byGroup.computeIfAbsent(g, k -> new int[2])[1]++);
    for (Map.Entry<String, ChurnReplay.Flag> entry : flags.entrySet()) {
      Long cancel = cancelled.get(entry.getKey());
      long opened = entry.getValue().openedAt();
      if (cancel != null && opened < cancel) {
        ahead++;
        leads.add(cancel - opened);
        byGroup.get(group.get(entry.getKey()))[0]++;
      } else if (cancel != null) {
        late++;
      } else if (entry.getValue().reasons().contains("CANCEL_INTENT")) {
        stated++;
      }
    }
    leads.sort(null);
    Duration median = leads.isEmpty() ? null : Duration.ofMillis(leads.size() % 2 == 1 ? leads.get(leads.size() / 2)
        : (leads.get(leads.size() / 2 - 1) + leads.get(leads.size() / 2)) / 2);

    // ROC AUC over every customer with a contact and every churner.
    Set<String> population = new LinkedHashSet<>(result.traces().keySet());
    population.removeAll(goneBefore);
    population.addAll(cancelled.keySet());
    List<Double> scoreChurned = new ArrayList<>();
    List<Double> scoreStayed = new ArrayList<>();
    List<Double> baseChurned = new ArrayList<>();
    List<Double> baseStayed = new ArrayList<>();
    for (String key : population) {
      Long cancel = cancelled.get(key);
      long cutoff = cancel != null ? cancel : end;
      ChurnReplay.Trace trace = result.traces().get(key);
      double s = trace == null ? 0 : trace.lastScoreBefore(cutoff);
      double b = trace == null ? 0 : trace.negativesBefore(cutoff, BASELINE_WINDOW);
      (cancel != null ? scoreChurned : scoreStayed).add(s);
      (cancel != null ? baseChurned : baseStayed).add(b);
    }

    // Top K a day.
    long horizonMillis = horizon.toMillis();
    double[] precision = new double[2];
    double[] dailyAuc = new double[2];
    double[] base = new double[2];
    int days = 0;
    for (ChurnReplay.Snapshot snapshot : result.snapshots()) {
      long at = snapshot.at();
      if (at < Math.floorDiv(result.firstContact(), DAY) * DAY + DAY || at < from || at + horizonMillis > end) {
        continue;
      }
      List<String> present = new ArrayList<>();
      for (String key : snapshot.scores().keySet()) {
        Long cancel = cancelled.get(key);
        if (!goneBefore.contains(key) && (cancel == null || cancel > at)) {
          present.add(key);
        }
      }
      if (present.isEmpty()) {
        continue;
      }
      days++;
      long leaving = present.stream().filter(k -> leavesWithin(cancelled.get(k), at, horizonMillis)).count();
      double rate = (double) leaving / present.size();
      Map<String, Double> scores = snapshot.scores();
      List<String> byScore = new ArrayList<>(present);
      byScore.sort(Comparator.comparingDouble((String k) -> -scores.get(k)).thenComparing(k -> k));
      List<String> byBaseline = new ArrayList<>(present);
      Map<String, Integer> negatives = new HashMap<>();
      Map<String, Long> lastNegative = new HashMap<>();
      for (String key : present) {
        ChurnReplay.Trace trace = result.traces().get(key);
        negatives.put(key, trace == null ? 0 : trace.negativesBefore(at, BASELINE_WINDOW));
        lastNegative.put(key, trace == null ? Long.MIN_VALUE : trace.lastNegativeBefore(at));
      }
      byBaseline.sort(Comparator.comparingInt((String k) -> -negatives.get(k))
          .thenComparing(k -> -lastNegative.get(k)).thenComparing(k -> k));
      precision[0] += precisionAtK(byScore, topK, k -> leavesWithin(cancelled.get(k), at, horizonMillis));
      precision[1] += precisionAtK(byBaseline, topK, k -> leavesWithin(cancelled.get(k), at, horizonMillis));
      base[0] += rate;
      base[1] += rate;
      List<Double> sIn = new ArrayList<>();
      List<Double> sOut = new ArrayList<>();
      List<Double> bIn = new ArrayList<>();
      List<Double> bOut = new ArrayList<>();
      for (String key : present) {
        boolean leaves = leavesWithin(cancelled.get(key), at, horizonMillis);
        (leaves ? sIn : sOut).add(scores.get(key));
        (leaves ? bIn : bOut).add((double) negatives.get(key));
      }
      dailyAuc[0] += auc(toArray(sIn), toArray(sOut));
      dailyAuc[1] += auc(toArray(bIn), toArray(bOut));
    }
    Ranking scoreRanking = new Ranking(days == 0 ? Double.NaN : precision[0] / days, days == 0 ? Double.NaN : base[0] / days,
        days, auc(toArray(scoreChurned), toArray(scoreStayed)), dailyAuc[0] / days);
    Ranking baselineRanking = new Ranking(days == 0 ? Double.NaN : precision[1] / days,
        days == 0 ? Double.NaN : base[1] / days, days, auc(toArray(baseChurned), toArray(baseStayed)), dailyAuc[1] / days);
    return new ChurnEvaluation(cancelled.size(), population.size(), flags.size(), ahead, late, stated, median,
        topK, horizon, scoreRanking, baselineRanking, byGroup);
  }

  /** Per customer still there at {@code from}: flagged at {@code from} if an alert was open then, else at its next opening. */
  static Map<String, ChurnReplay.Flag> flagsFrom(ChurnReplay.Result result, long from, Set<String> goneBefore) {
    Map<String, ChurnReplay.Flag> openAtFrom = new HashMap<>();
    Map<String, ChurnReplay.Flag> flags = new java.util.LinkedHashMap<>();
    for (Alert alert : result.alerts()) {
      String key = alert.getCustomerKey();
      long at = alert.getUpdatedAt().toEpochMilli();
      if (key == null || goneBefore.contains(key) || flags.containsKey(key)) {
        continue;
      }
      List<String> reasons = alert.getReasons().stream().map(AlertReason::getCode).toList();
      if (at < from) {
        if (alert.getState() == AlertState.RESOLVED) {
          openAtFrom.remove(key);
        } else {
          openAtFrom.put(key, new ChurnReplay.Flag(from, reasons));
        }
      } else if (alert.getState() == AlertState.OPEN) {
        flags.put(key, new ChurnReplay.Flag(at, reasons));
      }
    }
    Map<String, ChurnReplay.Flag> all = new java.util.LinkedHashMap<>(openAtFrom);
    flags.forEach(all::putIfAbsent);
    return all;
  }

  private static boolean leavesWithin(Long cancel, long at, long horizon) {
    return cancel != null && cancel > at && cancel <= at + horizon;
  }

  /** The share of the first {@code k} of {@code ranked} that are hits (a shorter list counts its missing places as misses). */
  static double precisionAtK(List<String> ranked, int k, java.util.function.Predicate<String> hit) {
    int hits = 0;
    for (int i = 0; i < Math.min(k, ranked.size()); i++) {
      if (hit.test(ranked.get(i))) {
        hits++;
      }
    }
    return (double) hits / k;
  }

  /**
   * The probability that a random positive scores above a random negative, ties counting half (the
   * Mann-Whitney statistic with mid-ranks); NaN when either side is empty.
   */
  static double auc(double[] positives, double[] negatives) {
    if (positives.length == 0 || negatives.length == 0) {
      return Double.NaN;
    }
    int n = positives.length + negatives.length;
    double[][] all = new double[n][];
    for (int i = 0; i < positives.length; i++) {
      all[i] = new double[] {positives[i], 1};
    }
    for (int i = 0; i < negatives.length; i++) {
      all[positives.length + i] = new double[] {negatives[i], 0};
    }
    Arrays.sort(all, Comparator.comparingDouble(a -> a[0]));
    double rankSum = 0;
    int i = 0;
    while (i < n) {
      int j = i;
      while (j + 1 < n && all[j + 1][0] == all[i][0]) {
        j++;
      }
      double midRank = (i + j) / 2.0 + 1;
      for (int m = i; m <= j; m++) {
        if (all[m][1] == 1) {
          rankSum += midRank;
        }
      }
      i = j + 1;
    }
    double p = positives.length;
    return (rankSum - p * (p + 1) / 2) / (p * negatives.length);
  }

  private static double[] toArray(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).toArray();
  }

  public int churners() {
    return churners;
  }

  /** Customers in the AUC: every one with a contact, and every churner. */
  public int customers() {
    return customers;
  }

  public int flagged() {
    return flagged;
  }

  /** Flagged customers who cancelled after the flag. */
  public int flaggedAhead() {
    return flaggedAhead;
  }

  /** Churners flagged only at or after their cancellation. */
  public int flaggedLate() {
    return flaggedLate;
  }

  /** Flagged customers who did not cancel and whose alert opened on their own stated wish to cancel. */
  public int falseOnStatedIntent() {
    return falseOnStatedIntent;
  }

  /** Flagged customers who cancelled after the flag, over all flagged; NaN with no flag. */
  public double precision() {
    return flagged == 0 ? Double.NaN : (double) flaggedAhead / flagged;
  }

  /** Churners flagged before they cancelled, over all churners; NaN with no churner. */
  public double recall() {
    return churners == 0 ? Double.NaN : (double) flaggedAhead / churners;
  }

  /** Median time from the flag to the cancellation of the churners flagged ahead, or null. */
  public Duration medianLead() {
    return medianLead;
  }

  public int topK() {
    return topK;
  }

  public Duration horizon() {
    return horizon;
  }

  /** The risk score's ranking. */
  public Ranking score() {
    return score;
  }

  /** The baseline's ranking (negative contacts in 30 days). */
  public Ranking baseline() {
    return baseline;
  }

  /** Per churner group (strength in the truth file): {flagged ahead, churners}. */
  public Map<String, int[]> byGroup() {
    return byGroup;
  }

  /** The figures as rows of (label, value) for a table; the bench prints several modes side by side. */
  public List<String[]> rows() {
    List<String[]> rows = new ArrayList<>();
    rows.add(row("customers (with a contact, or churned)", String.format(Locale.ROOT, "%,d", customers)));
    rows.add(row("churned within the stream", String.format(Locale.ROOT, "%,d", churners)));
    rows.add(row("flagged (CHURN_RISK opened)", String.format(Locale.ROOT, "%,d", flagged)));
    rows.add(row("  precision at the alert threshold", String.format(Locale.ROOT, "%s (%d of %d)",
        percent(precision()), flaggedAhead, flagged)));
    rows.add(row("  recall (flagged before cancelling)", String.format(Locale.ROOT, "%s (%d of %d)", percent(recall()),
        flaggedAhead, churners)));
    rows.add(row("  median lead time", medianLead == null ? "-" : ChurnReport.describe(medianLead)));
    rows.add(row("  churners flagged only at/after cancelling", Integer.toString(flaggedLate)));
    rows.add(row("  not churned, flagged on a stated wish to cancel", Integer.toString(falseOnStatedIntent)));
    byGroup.forEach((g, counts) -> rows.add(row("  recall, " + g + " churners",
        String.format(Locale.ROOT, "%d of %d", counts[0], counts[1]))));
    String top = String.format(Locale.ROOT, "precision of the top %d a day (cancel within %d d)", topK, horizon.toDays());
    rows.add(row(top, String.format(Locale.ROOT, "%s (base rate %s, %d days)", percent(score.precisionAtK()),
        percent(score.baseRate()), score.days())));
    rows.add(row("  baseline: most negative contacts", percent(baseline.precisionAtK())));
    rows.add(row("ROC AUC of the risk score", String.format(Locale.ROOT, "%.3f", score.auc())));
    rows.add(row("  baseline: negative contacts in 30 d", String.format(Locale.ROOT, "%.3f", baseline.auc())));
    rows.add(row(String.format(Locale.ROOT, "ROC AUC a day (cancel within %d d), mean", horizon.toDays()),
        String.format(Locale.ROOT, "%.3f", score.dailyAuc())));
    rows.add(row("  baseline", String.format(Locale.ROOT, "%.3f", baseline.dailyAuc())));
    return rows;
  }

  /** The report as lines of text. */
  public List<String> lines() {
    return rows().stream().map(r -> String.format(Locale.ROOT, "%-52s %s", r[0], r[1])).toList();
  }

  private static String[] row(String label, String value) {
    return new String[] {label, value};
  }

  static String percent(double share) {
    return Double.isNaN(share) ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * share);
  }

  /** Several evaluations side by side, one column each (labelled "KEY mode"... by their key). */
  public static void printSideBySide(Map<String, ChurnEvaluation> evaluations, PrintStream out) {
    List<List<String[]>> columns = evaluations.values().stream().map(ChurnEvaluation::rows).toList();
    out.println();
    StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-52s", ""));
    evaluations.keySet().forEach(mode -> header.append(String.format(Locale.ROOT, " | %-30s", mode)));
    out.println(header.toString().stripTrailing());
    // Rows per group differ between modes: print the union of labels in order of appearance.
    List<String> labels = new ArrayList<>();
    for (List<String[]> column : columns) {
      int after = -1;
      for (String[] row : column) {
        int at = labels.indexOf(row[0]);
        if (at < 0) {
          at = after + 1;
          labels.add(at, row[0]);
        }
        after = at;
      }
    }
    for (String label : labels) {
      StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-52s", label));
      for (List<String[]> column : columns) {
        String value = column.stream().filter(r -> r[0].equals(label)).map(r -> r[1]).findFirst().orElse("");
        line.append(String.format(Locale.ROOT, " | %-30s", value));
      }
      out.println(line.toString().stripTrailing());
    }
  }
}
