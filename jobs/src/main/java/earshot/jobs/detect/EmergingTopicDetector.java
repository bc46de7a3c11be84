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
 *
 * <p>On a sparse series one window holds too few texts for any theme to reach those gates. With a
 * {@link TermPool} the detector judges, at every window, the span of recent windows that holds
 * about {@link TermPool#TARGET_TEXTS} texts at the series' own rate (one window on a busy series,
 * the last 24 hours on one with 15 texts an hour), with the same tests: each judgement alerts
 * wrongly with probability at most {@code p(openZ)} (3.2e-5 at z = 4) across all its themes, if
 * the counts follow the overdispersed model; at one judgement an hour that bounds the false
 * alerts of a series at 0.006 a week.
 */
public final class EmergingTopicDetector {

  public static final String TYPE = "EMERGING_TOPIC";
  static final String METRIC = "termShare";
  static final int MIN_COUNT = 8;
  static final double MIN_RATIO = 3.0;
  /**
   * The same gate over a span of pooled windows: its count is large enough for the test itself to
   * tell a rise from noise, and a rise that began part way through the span shows only part of its size.
   */
  static final double MIN_RATIO_SPAN = 2.0;
  static final double DISPERSION = 0.1;
  /** Analysed texts the baseline must have seen before a theme can be called new. */
  static final double MIN_EXPOSURE = 2000;
  /** Texts a theme baseline rests on at least (its half-life, in texts), whatever the series' rate. */
  static final double HALF_LIFE_TEXTS = 2000;

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
    return evaluate(window, counts, baseline, rises, null).evaluation();
  }

  /** An evaluation and what it judged: the window, or the span of recent windows pooled with it. */
  public record Judged(Evaluation evaluation, MetricSnapshot snapshot) {}

  /**
   * Judges the window, or with a pool the span of recent windows that holds enough texts for the
   * series' rate ({@link TermPool}), and lets the baseline learn from the window.
   *
   * @param pool the series' recent windows; null: the window alone, with the baseline's usual half-life
   */
  public Judged evaluate(MetricSnapshot window, Map<String, Long> counts, TermBaselines baseline, List<Rise> rises,
      TermPool pool) {
    long texts = window.getSentimentCount();
    TermPool.Span span = pool == null ? new TermPool.Span(window.getWindowStart().toEpochMilli(), texts, counts, 1)
        : pool.add(window.getWindowStart().toEpochMilli(), window.getWindowEnd().toEpochMilli(), texts, counts);
    double decay = pool == null ? settings.decay() : termDecay(pool.textsPerWindow);
    MetricSnapshot judged = TermPool.snapshot(window, span);
    // A vocabulary takes a day to learn, and enough texts to know what is rare.
    boolean learning = baseline.windows < settings.warmupWindows() || baseline.exposure < MIN_EXPOSURE;
    if (span.windows() == 1) {
      Evaluation evaluation = judge(texts, counts.size(), rises, learning, DISPERSION, MIN_RATIO);
      learn(baseline, counts, texts, rises, decay);
      return new Judged(evaluation, judged);
    }
    // Rate noise of independent windows averages out over the span: its overdispersion shrinks with its length.
    double dispersion = DISPERSION / span.windows();
    List<Rise> pooled = rises(span.counts(), span.texts(), baseline, dispersion);
    Evaluation evaluation = judge(span.texts(), span.counts().size(), pooled, learning, dispersion, MIN_RATIO_SPAN);
    learnPooled(baseline, counts, texts, pooled, dispersion, decay);
    return new Judged(evaluation, judged);
  }

  /**
   * Half-life of a series' theme baseline: the detectors' usual one, or longer on a series with
   * few texts a window, so that the baseline always rests on about {@link #HALF_LIFE_TEXTS} texts
   * (otherwise a sparse series never knows enough to judge, and a rise over a day is half learned
   * before its span is full).
   */
  double termDecay(double textsPerWindow) {
    double halfLife = settings.halfLifeWindows();
    if (textsPerWindow > 0 && Double.isFinite(textsPerWindow)) {
      halfLife = Math.max(halfLife, HALF_LIFE_TEXTS / textsPerWindow);
    }
    return Stats.decayForHalfLife(halfLife);
  }

  private Evaluation judge(long texts, int termsTested, List<Rise> rises, boolean learning, double dispersion,
      double minRatio) {
    if (texts < settings.minSample()) {
      return Evaluation.without(TYPE, Verdict.INSUFFICIENT, METRIC, texts);
    }
    // Only a theme large enough to matter can open or keep an alert open.
    Rise top = rises.stream().filter(r -> r.count() >= MIN_COUNT && r.count() >= minRatio * r.expected())
        .findFirst().orElse(null);
    if (top == null) {
      return new Evaluation(TYPE, learning ? Verdict.LEARNING : Verdict.NORMAL, Severity.INFO, METRIC, 0, 0, 0, 0,
          "z", 0, 1, texts);
    }
    // Many themes are tested in every window: the strongest must beat the threshold for all of them
    // (Bonferroni), or one theme in a hundred would look emerging by chance.
    double pValue = Math.min(1.0, Stats.upperTail(top.z()) * Math.max(1, termsTested));
    double z = Stats.zForUpperTail(pValue);
    Verdict verdict = learning ? Verdict.LEARNING : settings.judge(z, true);
    double spread = Math.sqrt(top.expected() * (1 + dispersion * top.expected()));
    Severity severity = z >= 2 * settings.openZ() ? Severity.CRITICAL : Severity.WARNING;
    return new Evaluation(TYPE, verdict, severity, METRIC + ":" + top.term(), (double) top.count() / texts,
        top.expected() / texts, Math.max(0, (top.expected() - settings.clearZ() * spread) / texts),
        (top.expected() + settings.clearZ() * spread) / texts, "z", z, pValue, texts);
  }

  /** Terms of the window ranked by how far they rose above their expectation, strongest first. */
  public static List<Rise> rises(Map<String, Long> counts, long texts, TermBaselines baseline) {
    return rises(counts, texts, baseline, DISPERSION);
  }

  static List<Rise> rises(Map<String, Long> counts, long texts, TermBaselines baseline, double dispersion) {
    List<Rise> rises = new ArrayList<>();
    for (Map.Entry<String, Long> entry : counts.entrySet()) {
      double expected = baseline.rate(entry.getKey()) * texts;
      if (entry.getValue() <= expected) {
        continue;
      }
      // Exact tail: themes are mostly rare, and a normal approximation of a count expected once or
      // twice makes a handful of mentions look far rarer than they are.
      double z = Stats.zForUpperTail(Stats.countTails(entry.getValue(), expected, dispersion)[0]);
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


  private void learn(TermBaselines baseline, Map<String, Long> counts, long texts, List<Rise> rises, double decay) {
    Map<String, Double> clamped = new LinkedHashMap<>();
    for (Rise rise : rises) {
      double sd = Math.sqrt(rise.expected() * (1 + DISPERSION * rise.expected()));
      double ceiling = rise.expected() + settings.clearZ() * sd;
      if (rise.z() >= settings.openZ() && rise.count() > ceiling) {
        // An emerging term is learned slowly, so a lasting new theme becomes normal over a few days.
        clamped.put(rise.term(), Math.max(ceiling, rise.count() * 0.25));
      }
    }
    baseline.learn(counts, texts, decay, clamped);
  }

  /**
   * Learns from the window's own counts, with each theme that stands clearly above its
   * expectation over the span (z of {@code clearZ} or more) scaled down to the span's normal
   * range: a rise that takes a day to show on a sparse series must not be learned before it shows.
   */
  private void learnPooled(TermBaselines baseline, Map<String, Long> counts, long texts, List<Rise> spanRises,
      double dispersion, double decay) {
    Map<String, Double> clamped = new LinkedHashMap<>();
    for (Rise rise : spanRises) {
      Long own = counts.get(rise.term());
      if (own == null) {
        continue;
      }
      double sd = Math.sqrt(rise.expected() * (1 + dispersion * rise.expected()));
      double ceiling = rise.expected() + settings.clearZ() * sd;
      if (rise.z() >= settings.clearZ() && rise.count() > ceiling) {
        clamped.put(rise.term(), Math.max(own * ceiling / rise.count(), own * 0.25));
      }
    }
    baseline.learn(counts, texts, decay, clamped);
  }
}
