package earshot.jobs.rootcause;

import earshot.jobs.metrics.Breakdown;
import earshot.jobs.metrics.SeriesCatalog;
import earshot.jobs.metrics.SliceCounts;

import earshot.schemas.RootCause;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the few slices below an alert's series that concentrate its change.
 *
 * <p><b>Consumes</b> the judged window's {@link Breakdown} (counts per dimension value and per pair
 * of values under the series), the series' {@link SliceBaseline} and the metric the alert is about.
 * <b>Emits</b> up to {@code maxCauses} {@link RootCause}s, largest share first, none when the
 * change is spread evenly.
 *
 * <p>How (ideas from Adtributor's explanatory power and surprise, and from HotSpot, Squeeze and
 * RiskLoc's preference for the most specific slice; written for this data): the change is counted
 * in bad outcomes, {@code D = observed - expected} (detractors, net detractors for NPS, negative
 * texts, transfers, seconds waited, interactions). A slice's part of it is its own observed outcomes
 * less what its own baseline rate expects of its size now ({@code extra}); its share is
 * {@code extra / D}. A slice
 * is a candidate when it holds at least {@code minShare} of the change, at least 1.5 times its share
 * of the traffic (a change spread evenly puts every slice at about its traffic share), is itself off
 * its baseline by two standard errors, has {@code minSize} observations, and is <em>concentrated</em>:
 * its rate now differs from the rest of the series' rate now (for interactions: its share of the
 * window from its usual share) by more than chance allows among all the slices looked at
 * (Bonferroni, 5% over the window's slices). Under a change spread evenly every slice is off its own
 * baseline, and with hundreds of slices some hold one and a half times their traffic share by
 * chance; against the rest of the series now they do not stand out. Candidates are taken
 * greedily by the part of the change not yet explained: a pair is taken instead of its parent value
 * when it holds at least three quarters of what the parent holds and is a proper part of it (the
 * most specific slice that explains the change), a parent and its child are never both listed, and what a taken slice
 * shares with another candidate (their pair) is taken off that candidate, so two views of one
 * incident do not appear as two causes.
 *
 * <p><b>Guarantees</b> deterministic (ties broken by slice key); cost linear in the slices of the
 * window times the causes taken. A cause's share is of the extra bad outcomes of the slices along
 * its dimensions (at least the series' net change), so it never exceeds 100%; each cause's share
 * counts only what the causes listed before it did not already hold.
 */
public final class RootCauseExplainer {

  /** Pseudo-observations at the series' rate that a slice's own baseline rate is shrunk toward. */
  static final double PRIOR = 10.0;
  /** A slice's share of the change must be this many times its share of the traffic. */
  static final double LIFT = 1.5;
  /** Standard errors a slice's own change must reach. */
  static final double MIN_Z = 2.0;
  /** Chance that any slice of an alert's window is taken for a concentration when the change is even. */
  static final double CONCENTRATION_ALPHA = 0.05;
  /** A pair replaces its parent value when it holds this share of what the parent holds. */
  static final double SPECIFIC = 0.75;
  /** ... and is a proper part of it: at most this share of its size (else it names the same interactions). */
  static final double PROPER = 0.9;

  /** What an alert measures, and so which outcome counts as bad. */
  public enum Measure {
    DETRACTOR_SHARE("detractorShare", "extra detractors", "answers"),
    NPS("nps", "NPS lost", "answers"),
    NEGATIVE_SHARE("negativeShare", "extra negative texts", "texts"),
    TRANSFER_RATE("transferRate", "extra transfers", "interactions with transfers known"),
    /** Mean wait: the "bad outcome" is seconds waited, so a slice's extra is its extra waiting. */
    WAIT_MEAN("waitMeanSeconds", "extra waiting", "waits"),
    INTERACTIONS("interactions", "extra interactions", "interactions"),
    /**
     * A theme's mentions (topic alerts, metric {@code termShare:<theme>}): found from the window's sample of
     * where the mentions came from ({@link #explainMentions}), not from counts per slice.
     */
    MENTIONS("termShare", "extra mentions", "sampled mentions");

    final String metric;
    final String change;
    final String unit;

    Measure(String metric, String change, String unit) {
      this.metric = metric;
      this.change = change;
      this.unit = unit;
    }

    /** The measure of an alert's metric, if root causes can be found for it. */
    public static Optional<Measure> of(String metric) {
      if (metric.startsWith(MENTIONS.metric + ":")) {
        return Optional.of(MENTIONS);
      }
      for (Measure m : values()) {
        if (m.metric.equals(metric)) {
          return Optional.of(m);
        }
      }
      return Optional.empty();
    }

    double size(SliceCounts c) {
      return switch (this) {
        case DETRACTOR_SHARE, NPS -> c.npsAnswers;
        case NEGATIVE_SHARE -> c.texts;
        case TRANSFER_RATE -> c.transferKnown;
        case WAIT_MEAN -> c.waitKnown;
        case INTERACTIONS -> c.interactions;
        case MENTIONS -> c.texts;
      };
    }

    double bad(SliceCounts c) {
      return switch (this) {
        case DETRACTOR_SHARE -> c.detractors;
        case NPS -> c.detractors - c.promoters;
        case NEGATIVE_SHARE -> c.negatives;
        case TRANSFER_RATE -> c.transferred;
        case WAIT_MEAN -> c.waitSeconds;
        case INTERACTIONS -> c.interactions;
        case MENTIONS -> 0; // not counted per slice: see explainMentions
      };
    }

    /** The metric's value for a rate of bad outcomes per observation (NPS is minus 100 times it). */
    double display(double rate) {
      return this == NPS ? -100 * rate : rate;
    }
  }

  private final RootCauseSettings settings;

  /** Whether a cause must stand out from the rest of the series (off only to measure what that test removes). */
  private final boolean concentrationTest;

  public RootCauseExplainer(RootCauseSettings settings) {
    this(settings, true);
  }

  RootCauseExplainer(RootCauseSettings settings, boolean concentrationTest) {
    this.settings = settings;
    this.concentrationTest = concentrationTest;
  }

  /**
   * The causes of a change.
   *
   * @param expectedTotal for {@link Measure#INTERACTIONS}: the count the volume detector expected
   *     in the window (its baseline); ignored for rates, whose expectation comes from the slice baseline
   */
  public List<RootCause> explain(Measure measure, Breakdown now, SliceBaseline baseline, double expectedTotal) {
    if (measure == Measure.MENTIONS || now == null || baseline == null || baseline.windows == 0 || measure.size(baseline.total) <= 0) {
      return List.of();
    }
    double n = measure.size(now.total);
    double parentRate = measure.bad(baseline.total) / measure.size(baseline.total);
    double expected = measure == Measure.INTERACTIONS ? expectedTotal : n * parentRate;
    if (!Double.isFinite(expected) || n <= 0 && measure != Measure.INTERACTIONS) {
      return List.of();
    }
    double change = measure.bad(now.total) - expected;
    if (Math.abs(change) < 1.0) {
      return List.of();
    }
    Map<String, Slice> all = new LinkedHashMap<>();
    now.slices.keySet().stream().sorted().forEach(key -> all.put(key,
        slice(measure, key, now.slices.get(key), baseline, n, expected, change, parentRate)));
    double concentrated = concentrationTest ? upperTailZ(CONCENTRATION_ALPHA / Math.max(1, all.size()))
        : Double.NEGATIVE_INFINITY;
    List<Slice> candidates = new ArrayList<>();
    for (Slice s : all.values()) {
      if (s.size >= settings.minSize() && s.residual / change >= settings.minShare()
          && s.residual / change >= LIFT * s.weight && s.z >= MIN_Z) {
        candidates.add(s);
      }
    }
    List<RootCause> causes = new ArrayList<>();
    // Equal parts go to the simpler slice: within channel=APP, team=care-digital x segment=business is
    // segment=business when the team is the channel's.
    Comparator<Slice> byResidual = Comparator.comparingDouble((Slice s) -> -s.residual / change)
        .thenComparingInt(s -> s.dimensions.size())
        .thenComparing(s -> s.key);
    List<Slice> taken = new ArrayList<>();
    while (causes.size() < settings.maxCauses()) {
      candidates.removeIf(s -> s.residual / change < settings.minShare() || s.residual / change < LIFT * s.weight);
      // Standing out is judged again after each cause taken: the rest it is compared with has changed.
      List<Slice> standing = candidates.stream()
          .filter(c -> Math.signum(change) * concentration(measure, c, taken, now.total, n) >= concentrated).toList();
      if (standing.isEmpty()) {
        break;
      }
      Slice pick = standing.stream().min(byResidual).orElseThrow();
      if (pick.dimensions.size() == 1) {
        Slice parent = pick;
        pick = standing.stream()
            .filter(c -> c.dimensions.size() == 2 && contains(c, parent))
            .filter(c -> c.residual / change >= SPECIFIC * parent.residual / change && c.size <= PROPER * parent.size)
            .min(byResidual).orElse(parent);
      }
      causes.add(new RootCause(pick.key, pick.dimensions, share(pick, all.values(), change), pick.extra,
          pick.observed, pick.baseline, Math.round(pick.size)));
      Slice picked = pick;
      taken.add(picked);
      candidates.removeIf(c -> c == picked || contains(c, picked) || contains(picked, c));
      for (Slice c : candidates) {
        c.residual -= Math.max(0, Math.min(shared(c, picked, all), c.residual));
      }
    }
    return causes;
  }

  /** Sampled mentions a theme needs before its root cause is looked for; fewer cannot show a concentration. */
  public static final int MIN_SAMPLED = 6;
  /**
   * A pair is named instead of its parent only when it holds this many times its share of the parent's
   * texts among the parent's sampled mentions: a pair with most of the parent's texts holds most of an
   * even rise's mentions too.
   */
  static final double HEAVY_CHILD_LIFT = 1.2;
  /** Sampled mentions a slice needs to be named. */
  static final int MIN_SAMPLED_HERE = 3;

  /**
   * The causes of a theme's rise (a topic alert): the slices that hold far more of the window's sampled
   * mentions of the theme ({@link earshot.jobs.metrics.MentionSample}) than their share of its texts.
   *
   * <p>A slice holding {@code m} of the {@code n} sampled mentions, with a share {@code p} of the window's
   * texts, is a candidate when {@code m} is at least {@value #MIN_SAMPLED_HERE} and 1.5 times {@code n p},
   * its part of the extra mentions is at least {@code minShare}, and the binomial tail {@code P(X >= m)} at
   * {@code n, p} is below 5% over the slices (Bonferroni): a theme spread over the texts as they are puts
   * every slice near its text share. Its part of the extra: {@code (count m / n - expected p) / (count -
   * expected)}, the theme's count and expectation being the alert's, the baseline taken as spread like
   * the texts (no theme is counted per slice). A pair is named instead of its parent value when it holds
   * three quarters of the parent's sampled mentions on at most {@value #PROPER} of its texts, and more than
   * {@value #HEAVY_CHILD_LIFT} times its share of the parent's texts; further
   * causes share no traffic with those named.
   *
   * @param term the theme
   * @param count its mentions in the judged window or span
   * @param expected what its baseline expected there
   */
  public List<RootCause> explainMentions(Breakdown now, String term, double count, double expected) {
    return now == null ? List.of() : explainMentions(now, now.slices, now.total, term, count, expected);
  }

  /**
   * As {@link #explainMentions(Breakdown, String, double, double)}, for mentions sampled over a span of
   * pooled windows: each slice's share of the texts is taken from {@code textsBySlice} and {@code total},
   * the series' slice baseline (its usual shares), as the span's own counts per slice are not kept.
   */
  public List<RootCause> explainMentions(Breakdown mentions, Map<String, SliceCounts> textsBySlice, SliceCounts total,
      String term, double count, double expected) {
    List<List<String>> sample = mentions.mentionSlices(term);
    double texts = total.texts;
    if (sample.size() < MIN_SAMPLED || texts <= 0 || count - expected < 1.0) {
      return List.of();
    }
    int n = sample.size();
    Map<String, Integer> sampled = new java.util.TreeMap<>();
    for (List<String> mention : sample) {
      for (String slice : mention) {
        sampled.merge(slice, 1, Integer::sum);
      }
    }
    double alpha = CONCENTRATION_ALPHA / Math.max(1, textsBySlice.size());
    List<MentionSlice> candidates = new ArrayList<>();
    for (Map.Entry<String, Integer> entry : sampled.entrySet()) {
      SliceCounts counts = textsBySlice.get(entry.getKey());
      int m = entry.getValue();
      if (counts == null || m < MIN_SAMPLED_HERE) {
        continue; // not counted in this window (the cap), or too few to say anything
      }
      double p = Math.min(1.0, counts.texts / texts);
      double extra = count * m / n - expected * p;
      double share = Math.min(1.0, extra / (count - expected));
      if (m >= LIFT * n * p && share >= settings.minShare() && binomialUpperTail(m, n, p) <= alpha) {
        candidates.add(new MentionSlice(entry.getKey(), m, p, counts.texts, extra, share));
      }
    }
    Comparator<MentionSlice> byShare = Comparator.comparingDouble((MentionSlice s) -> -s.share)
        .thenComparingInt(s -> s.dimensions.size()).thenComparing(s -> s.key);
    List<RootCause> causes = new ArrayList<>();
    List<MentionSlice> taken = new ArrayList<>();
    while (causes.size() < settings.maxCauses()) {
      Optional<MentionSlice> best = candidates.stream()
          .filter(c -> taken.stream().noneMatch(t -> SeriesCatalog.sharesTraffic(c.dimensions, t.dimensions)))
          .min(byShare);
      if (best.isEmpty()) {
        break;
      }
      MentionSlice pick = best.get();
      if (pick.dimensions.size() == 1) {
        MentionSlice parent = pick;
        pick = candidates.stream()
            .filter(c -> c.dimensions.size() == 2 && c.dimensions.entrySet().containsAll(parent.dimensions.entrySet()))
            .filter(c -> c.sampled >= SPECIFIC * parent.sampled && c.texts <= PROPER * parent.texts
                && c.sampled >= HEAVY_CHILD_LIFT * parent.sampled * c.texts / parent.texts)
            .min(byShare).orElse(parent);
      }
      taken.add(pick);
      causes.add(new RootCause(pick.key, pick.dimensions, Math.max(0, pick.share), pick.extra,
          (double) pick.sampled / n, pick.textShare, (long) pick.sampled));
    }
    return causes;
  }

  /** {@code P(X >= m)} for X binomial with {@code n} trials of chance {@code p}, exactly (n is small). */
  static double binomialUpperTail(int m, int n, double p) {
    if (m <= 0) {
      return 1.0;
    }
    if (p <= 0) {
      return 0.0;
    }
    if (p >= 1) {
      return 1.0;
    }
    double tail = 0;
    double term = Math.pow(1 - p, n); // P(X = 0)
    for (int k = 0; k <= n; k++) {
      if (k >= m) {
        tail += term;
      }
      term = k < n ? term * (n - k) / (k + 1) * p / (1 - p) : 0;
    }
    return Math.min(1.0, tail);
  }

  /** A slice's part of a theme's sampled mentions. */
  private static final class MentionSlice {
    final String key;
    final Map<String, String> dimensions;
    final int sampled;
    final double textShare;
    final double texts;
    final double extra;
    final double share;

    MentionSlice(String key, int sampled, double textShare, double texts, double extra, double share) {
      this.key = key;
      this.dimensions = SeriesCatalog.dimensionsOf(key);
      this.sampled = sampled;
      this.textShare = textShare;
      this.texts = texts;
      this.extra = extra;
      this.share = share;
    }
  }

  /**
   * The part of the extra bad outcomes a cause holds: its residual over the extra outcomes of every
   * slice along the same dimensions that moved the way the series did (at least the series' own
   * change), so a share never exceeds 100% when other slices moved the other way.
   */
  private static double share(Slice pick, Iterable<Slice> all, double change) {
    double sign = Math.signum(change);
    double moved = 0;
    for (Slice s : all) {
      if (s.dimensions.keySet().equals(pick.dimensions.keySet())) {
        moved += Math.max(0, sign * s.extra);
      }
    }
    return sign * pick.residual / Math.max(Math.abs(change), moved);
  }

  private Slice slice(Measure measure, String key, SliceCounts now, SliceBaseline baseline, double n,
      double expected, double change, double parentRate) {
    Slice s = new Slice(key);
    SliceCounts before = baseline.slices.get(key);
    double beforeSize = before == null ? 0 : measure.size(before);
    double beforeBad = before == null ? 0 : measure.bad(before);
    s.size = measure.size(now);
    double expectedHere;
    double variance;
    if (measure == Measure.INTERACTIONS) {
      double trafficShare = beforeSize / measure.size(baseline.total);
      expectedHere = expected * trafficShare;
      variance = expectedHere + 1.0;
      s.weight = trafficShare;
      s.observed = s.size;
      s.baseline = expectedHere;
    } else {
      // A slice seen little before borrows the series' rate, so one early detractor is not its "normal".
      double rate = (beforeBad + PRIOR * parentRate) / (beforeSize + PRIOR);
      expectedHere = s.size * rate;
      variance = s.size * perObservationVariance(measure, before, baseline.total, rate) + 1e-9;
      s.weight = s.size / n;
      s.observed = s.size > 0 ? measure.display(measure.bad(now) / s.size) : Double.NaN;
      s.baseline = measure.display(rate);
    }
    s.extra = measure.bad(now) - expectedHere;
    s.residual = s.extra;
    s.z = Math.signum(change) * s.extra / Math.sqrt(variance);
    s.bad = measure.bad(now);
    return s;
  }

  /**
   * How far a slice stands out from the rest of the series in this window, in standard errors: its
   * rate of bad outcomes against the rest's (two-sample), the causes already taken that share no
   * traffic with it left out of the rest (a second incident is judged against what is normal, not
   * against the first one); for interactions, its share of the window against its usual share.
   * About standard normal when the change is even.
   */
  private static double concentration(Measure measure, Slice slice, List<Slice> taken, SliceCounts totalNow,
      double n) {
    if (measure == Measure.INTERACTIONS) {
      double expected = n * slice.weight;
      return (slice.size - expected) / Math.sqrt(expected * (1 - slice.weight) + 1.0);
    }
    double rest = n - slice.size;
    double restBad = measure.bad(totalNow) - slice.bad;
    for (Slice cause : taken) {
      if (!SeriesCatalog.sharesTraffic(slice.dimensions, cause.dimensions)) {
        rest -= cause.size;
        restBad -= cause.bad;
      }
    }
    if (slice.size <= 0 || rest <= 0) {
      return 0; // nothing left to stand out from
    }
    // One observation's variance under an even change: the series' mix now.
    double variance;
    if (measure == Measure.NPS) {
      double pp = totalNow.promoters / n;
      double pd = totalNow.detractors / n;
      variance = Math.max(pp + pd - (pd - pp) * (pd - pp), 0.01);
    } else if (measure == Measure.WAIT_MEAN) {
      variance = waitVariance(totalNow.waitSquares / n, measure.bad(totalNow) / n);
    } else {
      double p = measure.bad(totalNow) / n;
      variance = Math.max(p * (1 - p), 0.01);
    }
    return (slice.bad / slice.size - restBad / rest) / Math.sqrt(variance * (1 / slice.size + 1 / rest));
  }

  /**
   * The standard normal's upper {@code q} quantile, from the tail's asymptotic form {@code phi(z) / z}
   * (two fixed-point steps; at most 0.07 above the exact value at 1e-2, 0.03 at 1e-3, less beyond).
   * Kept rather than {@link earshot.jobs.detect.Stats#zForUpperTail}: the slices' z is itself approximate,
   * and with the exact quantile an even change named a chance slice in 11 of 200 windows, above the 5%
   * the bar stands for ({@code RootCauseExplainerTest.anEvenChangeWithSamplingNoiseRarelyNamesAChanceSlice}).
   */
  static double upperTailZ(double q) {
    double log = Math.log(1 / q);
    double z = Math.sqrt(2 * log);
    z = Math.sqrt(2 * (log - Math.log(z * Math.sqrt(2 * Math.PI))));
    return Math.sqrt(2 * (log - Math.log(z * Math.sqrt(2 * Math.PI))));
  }

  /** Variance of one observation's bad outcome under the slice's baseline. */
  private static double perObservationVariance(Measure measure, SliceCounts before, SliceCounts total, double rate) {
    if (measure == Measure.WAIT_MEAN) {
      // The slice's second moment, shrunk toward the series' as its rate is.
      double squares = (before == null ? 0 : before.waitSquares) + PRIOR * total.waitSquares / total.waitKnown;
      return waitVariance(squares / ((before == null ? 0 : before.waitKnown) + PRIOR), rate);
    }
    if (measure != Measure.NPS) {
      return Math.max(rate * (1 - rate), 0.01);
    }
    // Scores +1 (detractor), 0, -1 (promoter): variance p+ + p- - (p- - p+)^2 under the slice's shrunk mix.
    double promoters = (before == null ? 0 : before.promoters) + PRIOR * total.promoters / total.npsAnswers;
    double detractors = (before == null ? 0 : before.detractors) + PRIOR * total.detractors / total.npsAnswers;
    double answers = (before == null ? 0 : before.npsAnswers) + PRIOR;
    double pp = promoters / answers;
    double pd = detractors / answers;
    return Math.max(pp + pd - (pd - pp) * (pd - pp), 0.01);
  }

  /**
   * Variance of one wait from its second moment and mean, at least that of a spread a tenth of the
   * mean (and of one second), so a slice whose few waits were all alike is not taken for certain.
   */
  private static double waitVariance(double meanSquare, double mean) {
    return Math.max(meanSquare - mean * mean, Math.max(0.01 * mean * mean, 1.0));
  }

  /** Whether {@code outer} is {@code inner} or lies inside it (fixes all of inner's values). */
  private static boolean contains(Slice outer, Slice inner) {
    return outer.dimensions.entrySet().containsAll(inner.dimensions.entrySet());
  }

  /**
   * The change two overlapping slices hold in common: the extra of their intersection when it is a
   * counted pair; when the intersection has three dimensions (not counted), the smallest extra of
   * the counted pairs inside it, which bounds it. Disjoint slices (different values of one dimension)
   * share nothing.
   */
  private static double shared(Slice a, Slice b, Map<String, Slice> all) {
    Map<String, String> union = new LinkedHashMap<>(a.dimensions);
    for (Map.Entry<String, String> e : b.dimensions.entrySet()) {
      String previous = union.putIfAbsent(e.getKey(), e.getValue());
      if (previous != null && !previous.equals(e.getValue())) {
        return 0;
      }
    }
    List<String> parts = union.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
    double bound = Double.POSITIVE_INFINITY;
    for (int i = 0; i < parts.size(); i++) {
      for (int j = i + 1; j < parts.size(); j++) {
        Slice pair = pairOf(parts.get(i), parts.get(j), all);
        bound = Math.min(bound, pair == null ? 0 : pair.extra);
      }
    }
    return Double.isFinite(bound) ? bound : 0;
  }

  private static Slice pairOf(String x, String y, Map<String, Slice> all) {
    Slice pair = all.get(x + "|" + y);
    return pair != null ? pair : all.get(y + "|" + x);
  }

  /**
   * The cause as a sentence for the alert's summary, such as "83% of the NPS lost is in
   * touchpoint=billing x segment=SMB: NPS -91 on 45 answers against +17."
   */
  public static String sentence(Measure measure, RootCause cause) {
    String share = String.format(Locale.ROOT, "%.0f%%", 100 * cause.getShare());
    String where = display(cause.getSlice());
    long size = cause.getSize();
    return switch (measure) {
      case NPS -> String.format(Locale.ROOT, "%s of the NPS lost is in %s: NPS %+.0f on %d answers against %+.0f.",
          share, where, cause.getObserved(), size, cause.getBaseline());
      case WAIT_MEAN -> String.format(Locale.ROOT, "%s of the extra waiting is in %s: mean wait %.0f s on %d waits against %.0f s.",
          share, where, cause.getObserved(), size, cause.getBaseline());
      case INTERACTIONS -> String.format(Locale.ROOT, "%s of the %s are in %s: %d interactions against %.0f expected.",
          share, cause.getExtra() >= 0 ? "extra interactions" : "missing interactions", where, size,
          cause.getBaseline());
      case MENTIONS -> String.format(Locale.ROOT,
          "%s of the extra mentions are in %s: %.0f%% of the mentions sampled (%d) against %.0f%% of the texts.",
          share, where, 100 * cause.getObserved(), size, 100 * cause.getBaseline());
      default -> String.format(Locale.ROOT, "%s of the %s are in %s: %.0f%% on %d %s against %.0f%%.", share,
          measure.change, where, 100 * cause.getObserved(), size, measure.unit, 100 * cause.getBaseline());
    };
  }

  /** A slice key as people read it: touchpoint=billing x segment=SMB. */
  public static String display(String key) {
    return key.replace("|", " x ");
  }

  /** One slice's figures while causes are taken. */
  private static final class Slice {
    final String key;
    final Map<String, String> dimensions;
    double size;
    double weight;
    double extra;
    double residual;
    double observed;
    double baseline;
    double z;
    /** Bad outcomes in the window. */
    double bad;

    Slice(String key) {
      this.key = key;
      this.dimensions = SeriesCatalog.dimensionsOf(key);
    }
  }
}
