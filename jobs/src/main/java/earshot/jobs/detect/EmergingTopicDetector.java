package earshot.jobs.detect;

import earshot.schemas.MetricSnapshot;
import earshot.schemas.Severity;
import earshot.schemas.TermCount;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds themes (intents or key phrases) whose frequency in a window grows far beyond their own
 * history, including themes never seen before: for each term the expected count is its learned
 * rate per analysed text times the window's texts, and the excess is tested with the exact tail
 * of an overdispersed Poisson (negative binomial) count. A term needs {@link #MIN_COUNT} mentions and {@link #MIN_RATIO}
 * times its expectation to count; the strongest one is reported (its p-value multiplied by the
 * number of terms tested), the others ranked in {@link #rising}.
 */
public final class EmergingTopicDetector {

  public static final String TYPE = "EMERGING_TOPIC";
  static final String METRIC = "termShare";
  static final int MIN_COUNT = 8;
  static final double MIN_RATIO = 3.0;
  static final double DISPERSION = 0.1;
  /** Analysed texts the baseline must have seen before a theme can be called new. */
  static final double MIN_EXPOSURE = 2000;

  private final DetectorSettings settings;

  public EmergingTopicDetector(DetectorSettings settings) {
    this.settings = settings;
  }

  /** A term's growth in one window. */
  public record Rise(String term, long count, double expected, double z) {}

  /** @param counts every intent and key phrase of the window with its count */
  public Evaluation evaluate(MetricSnapshot window, Map<String, Long> counts, TermBaselines baseline) {
    return evaluate(window, counts, baseline, rises(counts, window.getSentimentCount(), baseline));
  }

  /**
   * @param rises {@link #rises} of the same counts against the same baseline, when the caller has
   *     them already (they take an exact tail per term)
   */
  public Evaluation evaluate(MetricSnapshot window, Map<String, Long> counts, TermBaselines baseline, List<Rise> rises) {
    long texts = window.getSentimentCount();
    if (texts < settings.minSample()) {
      learn(baseline, counts, texts, rises);
      return Evaluation.without(TYPE, Verdict.INSUFFICIENT, METRIC, texts);
    }
    // A vocabulary takes a day to learn, and enough texts to know what is rare.
    boolean learning = baseline.windows < settings.warmupWindows() || baseline.exposure < MIN_EXPOSURE;
    // Only a theme large enough to matter can open or keep an alert open.
    Rise top = rises.stream().filter(r -> r.count() >= MIN_COUNT && r.count() >= MIN_RATIO * r.expected())
        .findFirst().orElse(null);
    learn(baseline, counts, texts, rises);
    if (top == null) {
      return new Evaluation(TYPE, learning ? Verdict.LEARNING : Verdict.NORMAL, Severity.INFO, METRIC, 0, 0, 0, 0,
          "z", 0, 1, texts);
    }
    // Many themes are tested in every window: the strongest must beat the threshold for all of them
    // (Bonferroni), or one theme in a hundred would look emerging by chance.
    double pValue = Math.min(1.0, Stats.upperTail(top.z()) * Math.max(1, counts.size()));
    double z = Stats.zForUpperTail(pValue);
    Verdict verdict = learning ? Verdict.LEARNING : settings.judge(z, true);
    double spread = Math.sqrt(top.expected() * (1 + DISPERSION * top.expected()));
    Severity severity = z >= 2 * settings.openZ() ? Severity.CRITICAL : Severity.WARNING;
    return new Evaluation(TYPE, verdict, severity, METRIC + ":" + top.term(), (double) top.count() / texts,
        top.expected() / texts, Math.max(0, (top.expected() - settings.clearZ() * spread) / texts),
        (top.expected() + settings.clearZ() * spread) / texts, "z", z, pValue, texts);
  }

  /** Terms of the window ranked by how far they rose above their expectation, strongest first. */
  public static List<Rise> rises(Map<String, Long> counts, long texts, TermBaselines baseline) {
    List<Rise> rises = new ArrayList<>();
    for (Map.Entry<String, Long> entry : counts.entrySet()) {
      double expected = baseline.rate(entry.getKey()) * texts;
      if (entry.getValue() <= expected) {
        continue;
      }
      // Exact tail: themes are mostly rare, and a normal approximation of a count expected once or
      // twice makes a handful of mentions look far rarer than they are.
      double z = Stats.zForUpperTail(Stats.countTails(entry.getValue(), expected, DISPERSION)[0]);
      if (z > 0) {
        rises.add(new Rise(entry.getKey(), entry.getValue(), expected, z));
      }
    }
    rises.sort(Comparator.comparingDouble(Rise::z).reversed().thenComparing(Rise::term));
    return rises;
  }

  /** Of {@link #rises}, those that rose clearly (z of 2 or more, three mentions or more), as published in an alert. */
  public static List<TermCount> rising(List<Rise> rises, int limit) {
    return rises.stream()
        .filter(r -> r.z() >= 2 && r.count() >= 3).limit(limit)
        .map(r -> new TermCount(r.term(), r.count())).toList();
  }


  private void learn(TermBaselines baseline, Map<String, Long> counts, long texts, List<Rise> rises) {
    Map<String, Double> clamped = new LinkedHashMap<>();
    for (Rise rise : rises) {
      double sd = Math.sqrt(rise.expected() * (1 + DISPERSION * rise.expected()));
      double ceiling = rise.expected() + settings.clearZ() * sd;
      if (rise.z() >= settings.openZ() && rise.count() > ceiling) {
        // An emerging term is learned slowly, so a lasting new theme becomes normal over a few days.
        clamped.put(rise.term(), Math.max(ceiling, rise.count() * 0.25));
      }
    }
    baseline.learn(counts, texts, settings.decay(), clamped);
  }
}
