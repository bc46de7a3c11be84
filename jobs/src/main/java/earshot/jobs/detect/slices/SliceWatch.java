package earshot.jobs.detect.slices;

import earshot.jobs.detect.AlertFactory;
import earshot.jobs.detect.AlertLifecycle;
import earshot.jobs.detect.AlertTrack;
import earshot.jobs.detect.DetectorSettings;
import earshot.jobs.detect.Evaluation;
import earshot.jobs.detect.LocalCalendar;
import earshot.jobs.detect.Stats;
import earshot.jobs.detect.Verdict;
import earshot.jobs.detect.VolumeDetector;
import earshot.jobs.metrics.Breakdown;
import earshot.jobs.metrics.CxMetrics;
import earshot.jobs.metrics.MetricSnapshots;
import earshot.jobs.metrics.SeriesCatalog;
import earshot.jobs.metrics.SliceCounts;
import earshot.schemas.Alert;
import earshot.schemas.AlertState;
import earshot.schemas.MetricSnapshot;
import earshot.schemas.RootCause;
import earshot.schemas.Severity;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Watches every slice of a series' {@link Breakdown} (each dimension value and each pair of values
 * below it), including pairs nobody configured as a series, for a rise of detractors, a drop of NPS,
 * a rise of negative texts and (unless switched off) a rise or a fall of its share of the series' contacts.
 *
 * <p>Consumes one window's breakdown at a time, in event-time order. Each slice pools its answers and
 * texts across windows until it holds {@code minSample} of them (evidence older than
 * {@link #MAX_POOL_WINDOWS} windows is learned and dropped), then is judged against its own baseline
 * with exact tails that include the baseline's uncertainty (beta-binomial for the shares,
 * Dirichlet-multinomial for NPS). Each judged pool is also judged together with the two pools judged before
 * it, so that a moderate change lasting several pools accumulates evidence; the two p-values are combined
 * by Simes' rule (the longer look counts only while the pool itself is at least half the smallest change off,
 * so an alert ends with its change). All p-values of one window go through Benjamini-Hochberg at
 * {@code fdr}: when no slice changed, the chance that a window raises any slice alert is at most
 * {@code fdr}. The contact shares are a family of their own, with the same {@code fdr}: each slice pools
 * its contacts and the series' until its usual share expects {@code minSample} of them, and is judged
 * with both beta-binomial tails against that share (learned, like the other baselines, only from
 * judgements that found nothing; by hour of the day, each hour shrunk toward the overall share, unless
 * {@code dayParts} is 1), alerting as VOLUME_SURGE or VOLUME_DROP on the slice when its contacts against
 * the rest's (the odds of its share) are also at least {@link VolumeDetector#MIN_RELATIVE_CHANGE} above or
 * below usual and the move is not the mirror of a larger opposite move of a disjoint slice.
 *
 * <p>Emits alert states (through {@link AlertLifecycle}: opens once, updates, resolves; a change that
 * persists for {@link #SHIFT_MILLIS} becomes the slice's new baseline and closes its alert) on the
 * slice's own series key, only for slices that are not configured series (those have detectors of their
 * own), except for contact shares, which are reported on configured series too (a share has no day-of-week
 * level to learn, which a series' own count baseline has; {@link earshot.jobs.detect.IncidentGrouper} groups
 * the share alert with the series' own volume alert), and once per incident: a slice is reported only if no related slice explains the change better
 * (a parent value whose change is mostly elsewhere, or an overlapping pair with a larger change), and a
 * parent that fired is named in its child's alert. Bounded: at most {@code maxSlices} slices are kept
 * (the busiest), and each costs about sixty numbers plus its contacts by hour of the day and weekday.
 */
public final class SliceWatch {

  /** Oldest pooled evidence, in windows, before it is learned and dropped. */
  static final int MAX_POOL_WINDOWS = 24;
  /** A change that stays off the baseline this long is adopted as the slice's new normal. */
  static final long SHIFT_MILLIS = 12 * 3_600_000L;
  /** Half-life, in windows, of the recent extra outcomes that compare a child with its parent. */
  static final double RECENT_HALF_LIFE = 6;
  /** A child explains its parent's change when it holds at least this share of it. */
  static final double CHILD_SHARE = 0.5;
  /**
   * ... and at least this many times its share of the parent's traffic: a change spread evenly over the
   * parent gives each child its traffic share of it, one confined to the child all of it (1 / its traffic
   * share times that share); this lies between for children of up to 83% of their parent's traffic.
   */
  static final double CHILD_LIFT = 1.2;
  /** Largest weight a baseline's counts get in a test: leaves room for drift that counts alone ignore. */
  static final double MAX_BASELINE_WEIGHT = 500;
  /** Weight of a slice's overall contact share in each day part's share, in the slice's contacts. */
  static final double DAY_PART_PRIOR = 10;
  /** Half-life, in days, of each slice's contacts by day of the week: a weekday is seen once a week. */
  static final double WEEKDAY_HALF_LIFE_DAYS = 21;
  /** Weight of the usual weekly share in each weekday's factor, in the slice's contacts. */
  static final double WEEKDAY_PRIOR = 10;

  /** A fired metric still counts as firing for the hierarchy for this many windows. */
  static final int FIRED_WINDOWS = 24;

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
      .withZone(ZoneOffset.UTC);

  /** The kinds of evidence a slice pools, each judged on its own and holding its own baseline. */
  enum Kind {
    ANSWERS,
    TEXTS,
    /** The slice's contacts out of the global series' (judged only when the contact shares are watched). */
    CONTACTS;

    PooledEvidence of(SliceEvidence e) {
      return switch (this) {
        case ANSWERS -> e.answers;
        case TEXTS -> e.texts;
        case CONTACTS -> e.volume;
      };
    }

    /** The metrics judged on this evidence, in the order their tests are listed. */
    List<Metric> metrics() {
      return java.util.Arrays.stream(Metric.values()).filter(m -> m.kind == this).toList();
    }
  }

  /** The metrics watched per slice. */
  enum Metric {
    DETRACTORS("DETRACTOR_SPIKE", "detractorShare", "the share of NPS detractors", "extra detractors", Kind.ANSWERS),
    NPS("NPS_DROP", "nps", "NPS", "NPS lost", Kind.ANSWERS),
    NEGATIVES("NEGATIVE_SENTIMENT_SHIFT", "negativeShare", "the share of negative texts", "extra negative texts",
        Kind.TEXTS),
    /** A rise of the slice's share of all contacts: the series volume detectors' alert type, on the slice. */
    CONTACTS("VOLUME_SURGE", "contactShare", "the share of contacts", "extra contacts", Kind.CONTACTS),
    /** A fall of the slice's share of all contacts (a channel down while the rest continues), on the slice. */
    CONTACT_DROP("VOLUME_DROP", "contactShare", "the share of contacts", "missing contacts", Kind.CONTACTS);

    final String detector;
    final String metric;
    final String words;
    /** What the change is counted in, as the root causes say it. */
    final String change;
    final Kind kind;

    Metric(String detector, String metric, String words, String change, Kind kind) {
      this.detector = detector;
      this.metric = metric;
      this.words = words;
      this.change = change;
      this.kind = kind;
    }

    boolean answers() {
      return kind == Kind.ANSWERS;
    }

    /** The metric's value on pooled evidence: a share of bad outcomes, or NPS. */
    double level(PooledEvidence pool) {
      return level(pool.current(0));
    }

    double level(PooledEvidence.Look look) {
      return this == NPS ? 100 * (look.good() - look.bad()) / look.count() : look.bad() / look.count();
    }
  }

  /**
   * One slice's test of one metric at this window: {@code p} decides the alert (through Benjamini-Hochberg),
   * {@code poolP} is the current pool's own p-value, which decides whether the pool is learned as normal.
   */
  record Hypothesis(String slice, Metric metric, double p, double observed, double baseline, double low, double high,
      long n, long spanStart, double poolP) {

    Hypothesis(String slice, Metric metric, double p, double observed, double baseline, double low, double high,
        long n, long spanStart) {
      this(slice, metric, p, observed, baseline, low, high, n, spanStart, p);
    }
  }

  private final SliceWatchSettings settings;
  private final DetectorSettings detectors;
  /** The local hours and days of the day parts and weekdays ({@code detect.time-zone}). */
  private final LocalCalendar calendar;
  private final AlertLifecycle lifecycle;
  private final double clearP;
  /** Without false-discovery control (for comparison only): each test alone at this p-value. */
  private final double plainP;
  /** Whether a pool is also judged with the two pools before it (off only for comparison). */
  private final boolean longerLook;

  public SliceWatch(SliceWatchSettings settings, DetectorSettings detectors) {
    this(settings, detectors, Double.NaN, true);
  }

  /**
   * The same watch with every test judged alone (rejected at {@code p <= plainP}) instead of
   * Benjamini-Hochberg: what the false discovery control saves, measured in tests.
   */
  static SliceWatch withoutFdrControl(SliceWatchSettings settings, DetectorSettings detectors, double plainP) {
    return new SliceWatch(settings, detectors, plainP, true);
  }

  /** The same watch judging each pool alone, without the longer look: what that look adds, measured in tests. */
  static SliceWatch poolsAlone(SliceWatchSettings settings, DetectorSettings detectors) {
    return new SliceWatch(settings, detectors, Double.NaN, false);
  }

  private SliceWatch(SliceWatchSettings settings, DetectorSettings detectors, double plainP, boolean longerLook) {
    this.plainP = plainP;
    this.longerLook = longerLook;
    this.settings = settings;
    this.detectors = detectors;
    this.calendar = detectors.calendar();
    this.lifecycle = new AlertLifecycle(detectors);
    this.clearP = Stats.upperTail(detectors.clearZ());
  }

  public boolean enabled() {
    return settings.enabled();
  }

  /**
   * Judges one window of the series; a window not after the last one judged is ignored.
   *
   * @param window the series' window (its start and end, key and length)
   * @param breakdown its counts per slice
   * @return the alert states to publish, on the slices' own series keys
   */
  public List<Alert> onWindow(SliceWatchState state, MetricSnapshot window, Breakdown breakdown) {
    long start = window.getWindowStart().toEpochMilli();
    long end = window.getWindowEnd().toEpochMilli();
    if (!settings.enabled() || breakdown == null || end <= state.lastWindowEnd) {
      return List.of();
    }
    state.lastWindowEnd = end;
    long windowMillis = end - start;
    double decay = Stats.decayForHalfLife(settings.halfLifeWindows());
    double recentDecay = Stats.decayForHalfLife(RECENT_HALF_LIFE);
    for (SliceEvidence e : state.slices.values()) {
      e.baseInteractions *= decay;
      e.baseWindows = e.baseWindows * decay + 1;
      e.answers.decay(decay);
      e.texts.decay(decay);
      e.recentDetractors *= recentDecay;
      e.recentNpsLost *= recentDecay;
      e.recentNegatives *= recentDecay;
      if (settings.volume()) {
        e.volume.decay(decay);
        e.recentContacts *= recentDecay;
        if (e.usualContacts != null) {
          for (int d = 0; d < e.usualContacts.length; d++) {
            e.usualContacts[d] *= decay;
            e.usualMine[d] *= decay;
          }
        }
        if (e.todayParts != null) {
          for (int d = 0; d < e.todayParts.length; d++) {
            e.todayParts[d] *= decay;
          }
        }
      }
    }
    // Every slice of the window enters; the cap is applied after the judgement, by traffic rate (prune), so
    // a busy slice that the first windows happened to miss still gets in.
    for (Map.Entry<String, SliceCounts> entry : breakdown.slices.entrySet()) {
      SliceEvidence e = state.slices.get(entry.getKey());
      if (e == null) {
        e = new SliceEvidence();
        e.baseWindows = 1;
        state.slices.put(entry.getKey(), e);
      }
      add(e, entry.getValue(), start);
    }
    if (settings.volume()) {
      addContacts(state, breakdown, start);
    }

    List<Hypothesis> hypotheses = new ArrayList<>();
    // The contact shares are a family of their own: the outcome tests' p-values, and so their alerts, stay
    // as they are without them, and each family keeps its own false-alarm bound. A slice's rise and fall are
    // both in it: the two tails of one share cannot both be small, so its 2m one-sided tests behave as m
    // two-sided ones and the family's bound stays q per window for both directions together.
    List<Hypothesis> shares = new ArrayList<>();
    Map<Kind, List<String>> judged = new EnumMap<>(Kind.class);
    for (Kind kind : Kind.values()) {
      judged.put(kind, new ArrayList<>());
    }
    for (Map.Entry<String, SliceEvidence> entry : state.slices.entrySet()) {
      String key = entry.getKey();
      for (Kind kind : kinds()) {
        PooledEvidence pool = kind.of(entry.getValue());
        if (pool.pooling() && end - pool.start > MAX_POOL_WINDOWS * windowMillis) {
          learnUnjudged(entry.getValue(), kind); // too old to say anything about now: it becomes part of the normal
        } else if (kind == Kind.CONTACTS) {
          if (!pool.pooling()) {
            continue;
          }
          if (pool.baseBad < warmAnswers() || !partsSeen(entry.getValue())) {
            // The usual share (of each hour the pool covers) is learned from every window until it rests on
            // enough contacts.
            learnUnjudged(entry.getValue(), kind);
          } else if (expectedContacts(entry.getValue()) >= settings.minSample()) {
            // Judged once the usual share expects min-sample contacts: a stopping rule that ignores the
            // slice's own count, so waiting for evidence does not bias the test, and a share fallen to
            // nothing is judged as soon as one that stayed would be.
            shares.addAll(contactTests(key, entry.getValue()));
            judged.get(kind).add(key);
          }
        } else if (pool.count >= settings.minSample()) {
          if (pool.baseCount >= warmAnswers()) {
            kind.metrics().forEach(m -> hypotheses.add(test(key, m, pool)));
            judged.get(kind).add(key);
          } else {
            learnUnjudged(entry.getValue(), kind);
          }
        }
      }
    }

    boolean[] rejected = reject(hypotheses);
    boolean[] sharesRejected = reject(shares);
    markFired(state, hypotheses, rejected, end);
    markFired(state, shares, sharesRejected, end);
    long unconfigured = state.slices.keySet().stream().filter(k -> !settings.isConfigured(k)).count();
    List<Alert> alerts = new ArrayList<>();
    Set<String> off = new HashSet<>();
    judge(state, hypotheses, rejected, start, end, unconfigured, off, alerts);
    judge(state, shares, sharesRejected, start, end, unconfigured, off, alerts);

    // Learn what was normal; a change that stays off for the bounded time becomes the new normal.
    Map<String, Hypothesis> tested = new HashMap<>();
    hypotheses.forEach(h -> tested.put(trackKey(h.metric(), h.slice()), h));
    shares.forEach(h -> tested.put(trackKey(h.metric(), h.slice()), h));
    for (Kind kind : Kind.values()) {
      for (String key : judged.get(kind)) {
        SliceEvidence e = state.slices.get(key);
        PooledEvidence pool = kind.of(e);
        if (kind == Kind.CONTACTS) {
          e.contactsJudged = end;
        } else {
          e.lastJudged = end;
        }
        pool.rememberJudged(kind == Kind.CONTACTS ? expectedContacts(e) : 0);
        if (!off.contains(offKey(key, kind))) {
          pool.endRun();
          learn(e, kind);
          continue;
        }
        if (pool.offSince == Long.MIN_VALUE) {
          pool.offSince = pool.start;
        }
        pool.offJudgements++;
        if (end - pool.offSince >= SHIFT_MILLIS && pool.offJudgements >= 3 && !onUnseenWeekday(e, pool, kind)) {
          adopt(state, key, e, kind, tested, start, end, alerts);
        }
        clear(e, kind);
      }
    }
    resolveQuiet(state, start, end, windowMillis, alerts);
    prune(state, end, windowMillis);
    return alerts;
  }

  /** The kinds of evidence judged: the contact shares only when they are watched. */
  private List<Kind> kinds() {
    return settings.volume() ? List.of(Kind.values()) : List.of(Kind.ANSWERS, Kind.TEXTS);
  }

  /** Benjamini-Hochberg over one family of tests (or each alone, for comparison). */
  private boolean[] reject(List<Hypothesis> family) {
    double[] p = family.stream().mapToDouble(Hypothesis::p).toArray();
    boolean[] rejected = BenjaminiHochberg.reject(p, settings.fdr());
    if (!Double.isNaN(plainP)) {
      for (int i = 0; i < p.length; i++) {
        rejected[i] = p[i] <= plainP;
      }
    }
    return rejected;
  }

  private static void markFired(SliceWatchState state, List<Hypothesis> family, boolean[] rejected, long end) {
    for (int i = 0; i < family.size(); i++) {
      if (rejected[i]) {
        Hypothesis h = family.get(i);
        setFired(state.slices.get(h.slice()), h.metric(), end);
      }
    }
  }

  /** Verdicts of one family's tests, published through each slice's alert lifecycle. */
  private void judge(SliceWatchState state, List<Hypothesis> family, boolean[] rejected, long start, long end,
      long unconfigured, Set<String> off, List<Alert> alerts) {
    long windowMillis = end - start;
    for (int i = 0; i < family.size(); i++) {
      Hypothesis h = family.get(i);
      if (h.poolP() < clearP) {
        off.add(offKey(h.slice(), h.metric().kind));
      }
      if (settings.isConfigured(h.slice()) && h.metric().kind != Kind.CONTACTS) {
        // A configured series' own detectors judge its answers and texts. Its counts they judge against
        // its own seasonal baseline, which cannot tell an incident from the level of a day of the week it
        // has not learned yet; its share of the series' contacts carries no day level (every slice shares
        // it), so a configured series' share changes are reported too, and IncidentGrouper groups the two
        // alerts of one incident.
        continue;
      }
      String trackKey = trackKey(h.metric(), h.slice());
      AlertTrack track = state.tracks.get(trackKey);
      Optional<String> parent = Optional.empty();
      Verdict verdict;
      if (rejected[i] && largeEnough(h)) {
        Optional<Optional<String>> explains = explains(state, h.slice(), h.metric(), end, windowMillis);
        verdict = explains.isPresent() ? Verdict.ANOMALY : Verdict.ELEVATED;
        parent = explains.orElse(Optional.empty());
      } else {
        verdict = h.p() < clearP ? Verdict.ELEVATED : Verdict.NORMAL;
      }
      if (track == null && verdict != Verdict.ANOMALY) {
        continue;
      }
      if (track == null) {
        track = new AlertTrack();
        state.tracks.put(trackKey, track);
      }
      publish(state, track, h, verdict, parent, start, end, family.size(), unconfigured, alerts);
    }
  }

  /** A baseline of a pool or two is itself too uncertain to judge against; four pools' worth is enough. */
  private double warmAnswers() {
    return 4.0 * settings.minSample();
  }

  // ------------------------------------------------------------------ evidence

  /** A slice alert's track: its detector, a space, the slice ({@link #resolveQuiet} splits it there). */
  private static String trackKey(Metric metric, String slice) {
    return metric.detector + " " + slice;
  }

  private static String offKey(String slice, Kind kind) {
    return slice + "#" + kind;
  }

  private static void add(SliceEvidence e, SliceCounts c, long windowStart) {
    PooledEvidence answers = e.answers;
    PooledEvidence texts = e.texts;
    if (answers.baseCount > 0) {
      double pD = answers.baseBadShare();
      double mu = (answers.baseGood - answers.baseBad) / answers.baseCount;
      e.recentDetractors += c.detractors - c.npsAnswers * pD;
      e.recentNpsLost += c.npsAnswers * mu - (c.promoters - c.detractors);
    }
    if (texts.baseCount > 0) {
      e.recentNegatives += c.negatives - c.texts * texts.baseBad / texts.baseCount;
    }
    if (c.npsAnswers > 0) {
      answers.add(windowStart, c.npsAnswers, c.promoters, c.detractors);
    }
    if (c.texts > 0) {
      texts.add(windowStart, c.texts, 0, c.negatives);
    }
    e.baseInteractions += c.interactions;
  }

  /**
   * Pools the window's contacts of every watched slice out of the global series' contacts. A slice missing
   * from the window had none, unless the window's breakdown reached its cap: then its count is the estimate
   * of the breakdown's overflow sketch, or unknown when nothing was sketched (a breakdown restored from an
   * older version), and that window is left out of its share (counted as zero, it would lower the usual
   * share and make later windows look like a rise).
   */
  private void addContacts(SliceWatchState state, Breakdown breakdown, long windowStart) {
    double total = breakdown.total.interactions;
    if (total <= 0) {
      return;
    }
    int part = dayPart(windowStart);
    long day = calendar.day(windowStart);
    for (Map.Entry<String, SliceEvidence> entry : state.slices.entrySet()) {
      SliceCounts c = breakdown.slices.get(entry.getKey());
      double mine;
      if (c != null) {
        mine = c.interactions;
      } else if (breakdown.dropped == 0) {
        mine = 0;
      } else if (breakdown.sketched()) {
        mine = breakdown.overflowEstimate(entry.getKey());
      } else {
        continue;
      }
      SliceEvidence e = entry.getValue();
      PooledEvidence volume = e.volume;
      if (settings.dayParts() > 1 && (e.usualContacts == null || e.usualContacts.length != settings.dayParts())) {
        startDayParts(e, part);
      }
      double factor = 1;
      if (weekly(e)) {
        turnDay(e, day);
        factor = weekdayFactor(e, LocalCalendar.weekdayOf(day));
        e.todayContacts += total;
        e.todayMine += mine;
        e.todayParts[part] += total * factor;
      }
      if (volume.baseCount > 0) {
        e.recentContacts += mine - total * factor * usualShare(e, part);
      }
      volume.add(windowStart, total, 0, mine);
      if (e.pooledContacts != null) {
        // Global contacts scaled by the weekday's factor: the day parts learn, and expect, weekday-free shares.
        e.pooledContacts[part] += total * factor;
        e.pooledMine[part] += mine;
      }
    }
  }

  /**
   * Whether the slice's usual contact shares follow the day of the week (which needs day parts); when they do,
   * makes sure its weekday counts exist (a slice restored from state without them, or new to the watch).
   */
  private boolean weekly(SliceEvidence e) {
    if (!settings.weekdays() || !parted(e)) {
      return false;
    }
    if (e.weekdayContacts == null) {
      e.weekdayContacts = new double[7];
      e.weekdayMine = new double[7];
    }
    if (e.todayParts == null || e.todayParts.length != e.usualContacts.length) {
      e.todayParts = new double[e.usualContacts.length];
    }
    return true;
  }

  /**
   * A new day: the one that ended joins its weekday's contacts, and every weekday's contacts age; the day
   * parts' lesson from a weekday's first day is corrected by that weekday's factor.
   */
  private static void turnDay(SliceEvidence e, long day) {
    if (e.today == Long.MIN_VALUE) {
      e.today = day;
    }
    if (day <= e.today) {
      return;
    }
    int ended = LocalCalendar.weekdayOf(e.today);
    boolean firstSeen = e.weekdayContacts[ended] == 0;
    e.weekdayContacts[ended] += e.todayContacts;
    e.weekdayMine[ended] += e.todayMine;
    double factor = weekdayFactor(e, ended);
    if (firstSeen && Math.abs(factor - 1) > 3 / Math.sqrt(e.todayMine + WEEKDAY_PRIOR)) {
      // The day parts learned this day at a factor of 1; its own factor is known now, and clearly not 1 (a
      // correction by the noise of one day would unsettle the day parts for nothing). The contacts of this day
      // still pooled are rescaled too, so the pool is judged, and later learned, at the weekday's factor: left
      // at 1, a Sunday closure still pooled on Monday looks like a fall of the whole share and is adopted as one.
      for (int d = 0; d < e.todayParts.length; d++) {
        double pooled = e.pooledContacts == null ? 0 : Math.min(e.pooledContacts[d], e.todayParts[d]);
        e.usualContacts[d] = Math.max(e.usualMine[d], e.usualContacts[d] + (factor - 1) * (e.todayParts[d] - pooled));
        if (pooled > 0) {
          e.pooledContacts[d] -= (1 - factor) * pooled;
        }
      }
    }
    Arrays.fill(e.todayParts, 0);
    double age = Math.pow(0.5, (day - e.today) / WEEKDAY_HALF_LIFE_DAYS);
    for (int d = 0; d < 7; d++) {
      e.weekdayContacts[d] *= age;
      e.weekdayMine[d] *= age;
    }
    e.todayContacts = 0;
    e.todayMine = 0;
    e.today = day;
  }

  /**
   * How much of its usual share a slice gets on a weekday: its share on that weekday in past weeks against its
   * share over all of them, shrunk toward 1 by {@link #WEEKDAY_PRIOR} of its contacts; 1 for a weekday not seen.
   * The factor comes from raw daily shares alone, not from the day parts' expectations, so the two do not
   * learn from each other's errors.
   */
  private static double weekdayFactor(SliceEvidence e, int weekday) {
    double contacts = 0;
    double mine = 0;
    for (int d = 0; d < 7; d++) {
      contacts += e.weekdayContacts[d];
      mine += e.weekdayMine[d];
    }
    if (!(mine > 0)) {
      return 1;
    }
    return (e.weekdayMine[weekday] + WEEKDAY_PRIOR) / (e.weekdayContacts[weekday] * mine / contacts + WEEKDAY_PRIOR);
  }

  /**
   * The part of the day a window starting at {@code windowStart} belongs to, by its local hour: on the days
   * daylight saving starts or ends a part holds one hour less or more, and the usual shares keep their
   * wall-clock hours.
   */
  private int dayPart(long windowStart) {
    return calendar.hourOfDay(windowStart) * settings.dayParts() / 24;
  }

  /**
   * A slice's first day parts (or new ones, if their number changed): no usual share of their own yet, so
   * each part starts at the overall share; what the pool holds so far is counted in the current part.
   */
  private void startDayParts(SliceEvidence e, int part) {
    int parts = settings.dayParts();
    e.usualContacts = new double[parts];
    e.usualMine = new double[parts];
    e.pooledContacts = new double[parts];
    e.pooledMine = new double[parts];
    e.pooledContacts[part] = e.volume.count;
    e.pooledMine[part] = e.volume.bad;
  }

  /**
   * Whether the parts of the day the pool covers have seen contacts enough for shares of their own: on
   * average over the pool's contacts, as many as would hold {@link #DAY_PART_PRIOR} of the slice's at its
   * overall share (counted in global contacts, so a slice absent at night still learns its night).
   */
  private boolean partsSeen(SliceEvidence e) {
    if (!parted(e)) {
      return true;
    }
    PooledEvidence volume = e.volume;
    double overall = volume.baseBadShare();
    double pooled = 0;
    for (double contacts : e.pooledContacts) {
      pooled += contacts;
    }
    double seen = 0;
    for (int d = 0; d < e.pooledContacts.length; d++) {
      seen += e.pooledContacts[d] / pooled * e.usualContacts[d] * overall;
    }
    return seen >= DAY_PART_PRIOR;
  }

  /** Whether the slice's contacts are kept by part of the day. */
  private boolean parted(SliceEvidence e) {
    return settings.dayParts() > 1 && e.usualContacts != null && e.usualContacts.length == settings.dayParts();
  }

  /**
   * The slice's usual share of contacts in one part of the day: the part's own share, shrunk toward the
   * slice's overall share, which counts as {@link #DAY_PART_PRIOR} of the slice's contacts; a part with little
   * evidence of its own stays near the overall share, one seen for days has its own.
   */
  private double usualShare(SliceEvidence e, int part) {
    PooledEvidence volume = e.volume;
    double overall = volume.baseBadShare();
    if (!parted(e) || !(overall > 0)) {
      return overall;
    }
    double prior = DAY_PART_PRIOR / overall; // global contacts worth DAY_PART_PRIOR of the slice's own
    return (e.usualMine[part] + prior * overall) / (e.usualContacts[part] + prior);
  }

  /** The slice's contacts its usual shares expect in the pool: per part of the day, when kept by part. */
  private double expectedContacts(SliceEvidence e) {
    PooledEvidence volume = e.volume;
    if (!parted(e)) {
      return volume.count * volume.baseBad / volume.baseCount;
    }
    double expected = 0;
    for (int d = 0; d < e.pooledContacts.length; d++) {
      if (e.pooledContacts[d] > 0) {
        expected += e.pooledContacts[d] * usualShare(e, d);
      }
    }
    return expected;
  }

  /** The pool becomes part of the normal (the contacts' day parts too), and a new pool starts. */
  private static void learn(SliceEvidence e, Kind kind) {
    kind.of(e).learn();
    learnParts(e, kind);
  }

  /** The pool becomes part of the normal without a judgement, so the next pool's longer look starts afresh. */
  private static void learnUnjudged(SliceEvidence e, Kind kind) {
    learn(e, kind);
    kind.of(e).forgetJudged();
  }

  /** The day parts learn the contacts the pool held, whether the pool was learned or dropped. */
  private static void learnParts(SliceEvidence e, Kind kind) {
    if (kind == Kind.CONTACTS && e.pooledContacts != null) {
      for (int d = 0; d < e.pooledContacts.length; d++) {
        e.usualContacts[d] += e.pooledContacts[d];
        e.usualMine[d] += e.pooledMine[d];
      }
      Arrays.fill(e.pooledContacts, 0);
      Arrays.fill(e.pooledMine, 0);
    }
  }

  /**
   * The pool is dropped unlearned; its contacts still teach the day parts their shape. Each part sees a
   * given hour once a day, so an incident's few hours weigh little in it, and a part that learned only from
   * normal pools would never learn an hour whose share the overall one calls off.
   */
  private static void clear(SliceEvidence e, Kind kind) {
    kind.of(e).clear();
    learnParts(e, kind);
  }

  // ------------------------------------------------------------------ tests

  /** Baseline counts as test weights: at most {@link #MAX_BASELINE_WEIGHT}, plus half an answer each. */
  private static double weight(double total) {
    return total > MAX_BASELINE_WEIGHT ? MAX_BASELINE_WEIGHT / total : 1.0;
  }

  /** The pool's test of one outcome metric, looking further back when its judged pools may hold more. */
  private Hypothesis test(String key, Metric m, PooledEvidence pool) {
    Hypothesis now = test(key, m, pool, pool.current(0));
    return longerLook && pool.hasPrevious() ? furthest(now, test(key, m, pool, pool.withJudged(0))) : now;
  }

  private Hypothesis test(String key, Metric m, PooledEvidence pool, PooledEvidence.Look look) {
    return switch (m) {
      case NPS -> npsTest(key, pool, look);
      case CONTACTS, CONTACT_DROP -> throw new IllegalArgumentException("contact shares are judged by contactTests");
      default -> shareTest(key, m, pool, look);
    };
  }

  /**
   * The pool's test and the longer look's, combined by Simes' rule: the smaller p-value doubled, or the
   * larger one if that is smaller still (valid here because the two looks share the current pool, so their
   * p-values move together; a change that fills both looks costs nothing). The longer look counts only while
   * the pool itself is at least half the smallest change off, so an alert ends with its change, not two pools
   * later. The figures reported are those of the look with the smaller p-value.
   */
  private Hypothesis furthest(Hypothesis now, Hypothesis longer) {
    double longerP = changeAtLeast(now, 0.5) ? longer.p() : 1;
    Hypothesis chosen = longerP < now.p() ? longer : now;
    double p = Math.min(1, Math.min(2 * Math.min(now.p(), longerP), Math.max(now.p(), longerP)));
    return new Hypothesis(chosen.slice(), chosen.metric(), p, chosen.observed(), chosen.baseline(), chosen.low(),
        chosen.high(), chosen.n(), chosen.spanStart(), now.p());
  }

  /**
   * A rise and a fall of the slice's share of the global series' contacts: the beta-binomial upper and
   * lower tails of its pooled contacts among all, against its usual share over the pool's windows (per part
   * of the day, when kept by part). The usual share's weight is that of the slice's own contacts behind it
   * (with day parts, the thinnest part the pool covers, its prior included), capped at
   * {@link #MAX_BASELINE_WEIGHT}, as the outcome baselines are at that many answers: shares drift, and
   * counts alone would ignore it.
   */
  private List<Hypothesis> contactTests(String key, SliceEvidence e) {
    PooledEvidence pool = e.volume;
    double expected = parted(e) ? expectedContacts(e) / pool.count : pool.baseBadShare();
    double own = pool.baseBad;
    if (parted(e)) {
      // Each part's share is as uncertain as its own contacts (and prior) say; the pool's usual share mixes
      // them by the pool's contacts in each part: its relative variance is the weighted sum of theirs.
      double variance = 0;
      for (int d = 0; d < e.pooledContacts.length; d++) {
        if (e.pooledContacts[d] > 0) {
          double part = e.pooledContacts[d] * usualShare(e, d) / (expected * pool.count);
          variance += part * part / (e.usualMine[d] + DAY_PART_PRIOR);
        }
      }
      if (e.weekdayMine != null && e.today != Long.MIN_VALUE && e.weekdayMine[LocalCalendar.weekdayOf(e.today)] > 0) {
        // The weekday's factor is as uncertain as the slice's own contacts on that weekday say.
        variance += 1 / (e.weekdayMine[LocalCalendar.weekdayOf(e.today)] + WEEKDAY_PRIOR);
      }
      own = Math.min(own, 1 / variance);
    }
    double weight = Math.min(MAX_BASELINE_WEIGHT, own);
    double expectedNow = expected * pool.count;
    List<Hypothesis> now = contactTests(key, pool.current(expectedNow), weight);
    if (!longerLook || !pool.hasPrevious()) {
      return now;
    }
    List<Hypothesis> longer = contactTests(key, pool.withJudged(expectedNow), weight);
    return List.of(furthest(now.get(0), longer.get(0)), furthest(now.get(1), longer.get(1)));
  }

  /** Both tails of a look's contacts among all, against the share its usual shares expected. */
  private List<Hypothesis> contactTests(String key, PooledEvidence.Look look, double weight) {
    double expected = look.expected() / look.count();
    double a = weight + 0.5;
    double b = weight * (1 - expected) / expected + 0.5;
    long n = Math.round(look.count());
    long k = Math.round(look.bad());
    double rise = upperTail(k, n, a, b);
    double fall = upperTail(n - k, n, b, a); // P(X <= k): the other contacts' upper tail
    double spread = Math.sqrt(expected * (1 - expected) / n);
    double low = Math.max(0, expected - detectors.clearZ() * spread);
    double high = Math.min(1, expected + detectors.clearZ() * spread);
    double level = look.bad() / look.count();
    return List.of(new Hypothesis(key, Metric.CONTACTS, rise, level, expected, low, high, n, look.start()),
        new Hypothesis(key, Metric.CONTACT_DROP, fall, level, expected, low, high, n, look.start()));
  }

  /** A rise of the share of bad outcomes: beta-binomial upper tail against the baseline's share. */
  private Hypothesis shareTest(String key, Metric m, PooledEvidence pool, PooledEvidence.Look look) {
    double w = weight(pool.baseCount);
    double a = w * pool.baseBad + 0.5;
    double b = w * (pool.baseCount - pool.baseBad) + 0.5;
    long n = Math.round(look.count());
    double p = Stats.proportionTails(Math.round(look.bad()), n, a, b)[0];
    double expected = pool.baseBadShare();
    double spread = Math.sqrt(expected * (1 - expected) / n);
    return new Hypothesis(key, m, p, m.level(look), expected,
        Math.max(0, expected - detectors.clearZ() * spread), Math.min(1, expected + detectors.clearZ() * spread), n,
        look.start());
  }

  /**
   * P(X >= k) for X beta-binomial(n, a, b), summed from k upwards in log space: a surge's tail is far
   * smaller than one minus the rest can say in doubles, and thousands of contacts underflow P(X = 0).
   */
  static double upperTail(long k, long n, double a, double b) {
    if (k <= 0) {
      return 1;
    }
    if (k > n) {
      return 0;
    }
    if (k <= n * a / (a + b)) {
      return Stats.proportionTails(k, n, a, b)[0]; // not a rise: the usual sum is exact enough, and bounded
    }
    double logAt = Stats.logGamma(n + 1.0) - Stats.logGamma(k + 1.0) - Stats.logGamma(n - k + 1.0)
        + Stats.logGamma(k + a) + Stats.logGamma(n - k + b) - Stats.logGamma(n + a + b)
        + Stats.logGamma(a + b) - Stats.logGamma(a) - Stats.logGamma(b);
    double sum = 0;
    double term = 1; // P(X = j) / P(X = k)
    for (long j = k; j <= n; j++) {
      sum += term;
      if (term < 1e-17 * sum) {
        break;
      }
      term *= (double) (n - j) / (j + 1) * (j + a) / (n - j - 1 + b);
    }
    return Math.min(1, Math.exp(logAt + Math.log(sum)));
  }

  /** A drop of NPS: Dirichlet-multinomial lower tail against the baseline's mix. */
  private Hypothesis npsTest(String key, PooledEvidence pool, PooledEvidence.Look look) {
    double w = weight(pool.baseCount);
    double aP = w * pool.baseGood + 0.5;
    double aD = w * pool.baseBad + 0.5;
    double aO = w * (pool.baseCount - pool.baseGood - pool.baseBad) + 0.5;
    long n = Math.round(look.count());
    double p = NpsTail.lower(Math.round(look.good()), Math.round(look.bad()), n, aP, Math.max(aO, 0.5), aD);
    double pP = pool.baseGoodShare();
    double pD = pool.baseBadShare();
    double expected = 100 * (pP - pD);
    double spread = 100 * Math.sqrt(Math.max(0, pP + pD - (pP - pD) * (pP - pD)) / n);
    return new Hypothesis(key, Metric.NPS, p, Metric.NPS.level(look), expected,
        Math.max(-100, expected - detectors.clearZ() * spread), Math.min(100, expected + detectors.clearZ() * spread),
        n, look.start());
  }

  /** The same smallest effects as the series detectors: 5 points of a share, 10 NPS points. */
  boolean largeEnough(Hypothesis h) {
    return changeAtLeast(h, 1);
  }

  /** Whether the change is at least {@code fraction} of the smallest effect worth an alert. */
  private boolean changeAtLeast(Hypothesis h, double fraction) {
    if (h.metric() == Metric.CONTACTS) {
      // The series volume detectors' smallest relative change, of the slice's contacts against the rest's.
      return contactsAgainstRest(h) >= 1 + fraction * VolumeDetector.MIN_RELATIVE_CHANGE;
    }
    if (h.metric() == Metric.CONTACT_DROP) {
      return contactsAgainstRest(h) <= 1 - fraction * VolumeDetector.MIN_RELATIVE_CHANGE;
    }
    double change = h.metric() == Metric.NPS ? (h.baseline() - h.observed()) / 100.0 * 0.5 : h.observed() - h.baseline();
    return change >= fraction * detectors.minEffect();
  }

  /**
   * How the slice's contacts changed against the rest of the series' (the odds of its share against
   * their usual odds): the change of its own count when the rest keeps its level. Its share alone
   * understates that on a large slice, whose change moves the total too: a slice of 30% of the
   * contacts losing 35% of them leaves a share 27% below usual; against the rest it fell 35%. A slice
   * that is (or was) all of the series has no rest, and is measured by its share.
   */
  static double contactsAgainstRest(Hypothesis h) {
    double observed = h.observed();
    double usual = h.baseline();
    if (usual <= 0) {
      return observed > 0 ? Double.POSITIVE_INFINITY : 1;
    }
    if (observed >= 1 || usual >= 1) {
      return observed / usual;
    }
    return observed / (1 - observed) * (1 - usual) / usual;
  }

  // ------------------------------------------------------------------ hierarchy

  private static double recent(SliceEvidence e, Metric m) {
    return switch (m) {
      case DETRACTORS -> e.recentDetractors;
      case NPS -> e.recentNpsLost;
      case NEGATIVES -> e.recentNegatives;
      case CONTACTS -> e.recentContacts;
      case CONTACT_DROP -> -e.recentContacts;
    };
  }

  private static void setRecent(SliceEvidence e, Metric m, double value) {
    switch (m) {
      case DETRACTORS -> e.recentDetractors = value;
      case NPS -> e.recentNpsLost = value;
      case NEGATIVES -> e.recentNegatives = value;
      case CONTACTS -> e.recentContacts = value;
      case CONTACT_DROP -> e.recentContacts = -value;
    }
  }

  private static long firedAt(SliceEvidence e, Metric m) {
    return switch (m) {
      case DETRACTORS -> e.detractorsFiredAt;
      case NPS -> e.npsFiredAt;
      case NEGATIVES -> e.negativesFiredAt;
      case CONTACTS -> e.contactsFiredAt;
      case CONTACT_DROP -> e.contactDropFiredAt;
    };
  }

  private static void setFired(SliceEvidence e, Metric m, long at) {
    switch (m) {
      case DETRACTORS -> e.detractorsFiredAt = at;
      case NPS -> e.npsFiredAt = at;
      case NEGATIVES -> e.negativesFiredAt = at;
      case CONTACTS -> e.contactsFiredAt = at;
      case CONTACT_DROP -> e.contactDropFiredAt = at;
    }
  }

  private static boolean fired(SliceEvidence e, Metric m, long end, long windowMillis) {
    long at = firedAt(e, m);
    return at != Long.MIN_VALUE && end - at <= FIRED_WINDOWS * windowMillis;
  }

  /**
   * Whether this slice is the one that explains its change: empty if a related slice explains it
   * better; otherwise the parent value that fired with it, if any, to be named in the alert.
   */
  private Optional<Optional<String>> explains(SliceWatchState state, String key, Metric m, long end, long windowMillis) {
    SliceEvidence self = state.slices.get(key);
    double mine = recent(self, m);
    Map<String, String> myParts = SeriesCatalog.dimensionsOf(key);
    if (m.kind == Kind.CONTACTS && complementOfAnother(state, key, m, mine, end, windowMillis)) {
      return Optional.empty();
    }
    String namedParent = null;
    double namedShare = 0;
    for (Map.Entry<String, SliceEvidence> other : state.slices.entrySet()) {
      String otherKey = other.getKey();
      if (otherKey.equals(key) || !fired(other.getValue(), m, end, windowMillis)) {
        continue;
      }
      Map<String, String> theirs = SeriesCatalog.dimensionsOf(otherKey);
      if (!SeriesCatalog.sharesTraffic(myParts, theirs)) {
        continue;
      }
      double their = recent(other.getValue(), m);
      if (myParts.size() > theirs.size() && myParts.entrySet().containsAll(theirs.entrySet())) {
        // A parent that fired: this child explains it only if it holds most of the parent's change, and
        // more of it than of the parent's traffic (a heavy child holds most of an even change too).
        if (their > 0 && !concentrates(self, mine, other.getValue(), their, m)) {
          return Optional.empty();
        }
        if (their > 0 && (namedParent == null || mine / their > namedShare)) {
          namedParent = otherKey;
          namedShare = mine / their;
        }
      } else if (theirs.size() > myParts.size() && theirs.entrySet().containsAll(myParts.entrySet())) {
        // A child that fired and holds most of this slice's change, more than of its traffic, explains it better.
        if (mine > 0 && concentrates(other.getValue(), their, self, mine, m)) {
          return Optional.empty();
        }
      } else if (their > mine || (their == mine && otherKey.compareTo(key) < 0)) {
        // An overlapping slice of the same depth with a larger change (part of this one's change is its).
        return Optional.empty();
      }
    }
    return Optional.of(Optional.ofNullable(namedParent));
  }

  /**
   * Whether a child's part of its parent's change ({@code childChange} of {@code parentChange}) is both
   * most of it and more than the child's usual share of the parent's traffic (its answers, texts or
   * contacts as the metric counts them) allows for a change spread evenly.
   */
  private static boolean concentrates(SliceEvidence child, double childChange, SliceEvidence parent, double parentChange,
      Metric m) {
    if (childChange < CHILD_SHARE * parentChange) {
      return false;
    }
    double parentTraffic = traffic(parent, m.kind);
    double trafficShare = parentTraffic > 0 ? Math.min(1, traffic(child, m.kind) / parentTraffic) : 0;
    return childChange >= CHILD_LIFT * trafficShare * parentChange;
  }

  /** A slice's usual traffic of one kind of evidence: its learned answers, texts or contacts. */
  private static double traffic(SliceEvidence e, Kind kind) {
    return switch (kind) {
      case ANSWERS -> e.answers.baseCount;
      case TEXTS -> e.texts.baseCount;
      case CONTACTS -> e.volume.baseBad;
    };
  }

  /**
   * Shares of contacts sum to one: when one slice's contacts surge, every slice apart from it (another value
   * of a dimension it fixes) loses share, and when one collapses the others gain. A slice whose move is the
   * mirror of a larger opposite move of a disjoint slice that fired is that slice's echo, not an incident.
   */
  private static boolean complementOfAnother(SliceWatchState state, String key, Metric m, double mine, long end,
      long windowMillis) {
    Metric opposite = m == Metric.CONTACTS ? Metric.CONTACT_DROP : Metric.CONTACTS;
    Map<String, String> myParts = SeriesCatalog.dimensionsOf(key);
    for (Map.Entry<String, SliceEvidence> other : state.slices.entrySet()) {
      if (other.getKey().equals(key) || !fired(other.getValue(), opposite, end, windowMillis)
          || SeriesCatalog.sharesTraffic(myParts, SeriesCatalog.dimensionsOf(other.getKey()))) {
        continue;
      }
      // Strictly larger: with two values of a dimension, each is exactly the other's mirror; both are said.
      if (recent(other.getValue(), opposite) > mine * (1 + 1e-9) + 1e-9) {
        return true;
      }
    }
    return false;
  }

  // ------------------------------------------------------------------ alerts

  private void publish(SliceWatchState state, AlertTrack track, Hypothesis h, Verdict verdict, Optional<String> parent,
      long start, long end, int judged, long unconfigured, List<Alert> out) {
    double z = Math.min(40, Stats.zForUpperTail(Math.max(h.p(), 1e-300)));
    double change = switch (h.metric()) {
      case NPS -> h.baseline() - h.observed();
      // Twice the usual contacts against the rest, or half, counts as a large change, as 30 points of a share do.
      case CONTACTS -> contactsAgainstRest(h) >= 2 ? 30 : 0;
      case CONTACT_DROP -> contactsAgainstRest(h) <= 0.5 ? 30 : 0;
      default -> 100 * (h.observed() - h.baseline());
    };
    Severity severity = z >= 2 * detectors.openZ() || change >= 30 ? Severity.CRITICAL : Severity.WARNING;
    Evaluation evaluation = new Evaluation(h.metric().detector, verdict, severity, h.metric().metric, h.observed(),
        h.baseline(), h.low(), h.high(), "z", z, h.p(), h.n());
    // The id's series part is marked, so a slice alert never shares an id with a series detector's.
    Optional<AlertState> published = lifecycle.onWindow(track, evaluation, "slices:" + h.slice(), start, end);
    if (published.isEmpty()) {
      return;
    }
    long spanStart = Math.min(h.spanStart(), start);
    MetricSnapshot span = MetricSnapshots.of(h.slice(), spanStart, end, 0, new CxMetrics());
    Alert alert = AlertFactory.build(track, published.get(), evaluation, span, (end - start) / 1000, List.of(),
        List.of(), null);
    if (published.get() == AlertState.RESOLVED) {
      out.add(Alert.newBuilder(alert).setSummary("Slice watch: " + alert.getSummary()).build());
      return;
    }
    List<RootCause> causes = causes(state, h);
    String summary = h.metric().kind == Kind.CONTACTS
        ? contactSummary(state, h, causes, parent, spanStart, end, judged, unconfigured, z)
        : lead(h.metric(), causes) + summary(state, h, parent, spanStart, end, judged, unconfigured, z);
    out.add(Alert.newBuilder(alert).setSummary(summary).setRootCauses(causes).build());
  }

  /**
   * Where the slice's change sits in the global series: the slice itself, then each of its parent values
   * that moved the same way, each with its share of the global series' net change along the same
   * dimensions (Adtributor's explanatory power, on the watch's own recent extras: half-life
   * {@link #RECENT_HALF_LIFE} windows), its own extra, its pooled value now and at its baseline.
   */
  static List<RootCause> causes(SliceWatchState state, Hypothesis h) {
    Metric m = h.metric();
    List<RootCause> causes = new ArrayList<>();
    List<String> slices = new ArrayList<>();
    slices.add(h.slice());
    Map<String, String> parts = SeriesCatalog.dimensionsOf(h.slice());
    if (parts.size() > 1) {
      for (String part : h.slice().split("\\|")) {
        slices.add(part);
      }
    }
    for (String key : slices) {
      SliceEvidence e = state.slices.get(key);
      if (e == null) {
        continue;
      }
      double extra = recent(e, m);
      double along = alongTotal(state, key, m);
      if (extra <= 0 || along <= 0) {
        continue;
      }
      PooledEvidence pool = m.kind.of(e);
      boolean self = key.equals(h.slice());
      double observed = self ? h.observed() : pool.count > 0 ? m.level(pool) : Double.NaN;
      double baseline = self ? h.baseline() : pool.baseCount > 0 ? baseLevel(m, pool) : Double.NaN;
      if (Double.isNaN(observed) || Double.isNaN(baseline)) {
        continue;
      }
      causes.add(RootCause.newBuilder().setSlice(key).setDimensions(SeriesCatalog.dimensionsOf(key))
          .setShare(Math.min(1, extra / along)).setExtra(extra).setObserved(observed).setBaseline(baseline)
          .setSize(m.kind == Kind.CONTACTS ? Math.round(self ? h.observed() * h.n() : pool.bad)
              : self ? h.n() : Math.round(pool.count)).build());
    }
    return causes;
  }

  /**
   * The global series' recent net extra outcomes as seen along the dimensions of {@code key}: the sum over
   * every slice along them, signed, so that the noise of the slices that did not move cancels out; at
   * least the slice's own extra, so a share never exceeds 1.
   */
  private static double alongTotal(SliceWatchState state, String key, Metric m) {
    java.util.Set<String> dims = SeriesCatalog.dimensionsOf(key).keySet();
    double total = 0;
    for (Map.Entry<String, SliceEvidence> other : state.slices.entrySet()) {
      if (SeriesCatalog.dimensionsOf(other.getKey()).keySet().equals(dims)) {
        total += recent(other.getValue(), m);
      }
    }
    return Math.max(total, recent(state.slices.get(key), m));
  }

  private static double baseLevel(Metric m, PooledEvidence pool) {
    return m == Metric.NPS ? 100 * (pool.baseGood - pool.baseBad) / pool.baseCount : pool.baseBadShare();
  }

  /** The summary's first sentence: which slice holds the change, as the series alerts' root causes say it. */
  private static String lead(Metric m, List<RootCause> causes) {
    if (causes.isEmpty()) {
      return "";
    }
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < causes.size(); i++) {
      RootCause c = causes.get(i);
      String along = String.join(" x ", c.getDimensions().keySet());
      text.append(String.format(Locale.ROOT, i == 0 ? "%.0f%% of the %s along %s are in %s" : "; %.0f%% of those along %s are in %s",
          i == 0 ? new Object[] {100 * c.getShare(), m.change, along, display(c.getSlice())}
              : new Object[] {100 * c.getShare(), along, display(c.getSlice())}));
    }
    return text.append(" (recent windows). ").toString();
  }

  private String summary(SliceWatchState state, Hypothesis h, Optional<String> parent, long spanStart, long end,
      int judged, long unconfigured, double z) {
    Metric m = h.metric();
    StringBuilder text = new StringBuilder();
    text.append(String.format(Locale.ROOT,
        "Found among %d slices nobody configured as a series (%d tests at this window, Benjamini-Hochberg at q = %s): ",
        unconfigured, judged, trim(settings.fdr())));
    text.append(Character.toUpperCase(m.words.charAt(0))).append(m.words.substring(1)).append(" for ")
        .append(display(h.slice())).append(": ").append(figure(m, h.observed())).append(" on ").append(h.n())
        .append(m.answers() ? " answers" : " texts").append(" from ").append(TIME.format(Instant.ofEpochMilli(spanStart)))
        .append(" to ").append(TIME.format(Instant.ofEpochMilli(end))).append(" against ")
        .append(figure(m, h.baseline())).append(" (its own baseline; normal range ").append(figure(m, h.low()))
        .append(" to ").append(figure(m, h.high())).append(String.format(Locale.ROOT, "); z = %.1f, p = %.1g.", z, h.p()));
    parent.ifPresent(key -> {
      SliceEvidence p = state.slices.get(key);
      SliceEvidence c = state.slices.get(h.slice());
      double share = recent(p, m) > 0 ? Math.min(1, recent(c, m) / recent(p, m)) : 1;
      text.append(String.format(Locale.ROOT, " Its parent %s moved too; this slice holds %.0f%% of that change.",
          display(key), 100 * share));
    });
    return text.toString();
  }

  /** On a large slice, whose share understates its change, the change of its contacts against the rest's too. */
  static String againstTheRest(Hypothesis h, boolean rise) {
    double odds = contactsAgainstRest(h);
    if (!Double.isFinite(odds) || Math.abs(odds - h.observed() / h.baseline()) < 0.05) {
      return "";
    }
    return rise ? String.format(Locale.ROOT, ", %.1f times its usual contacts against the rest of the series", odds)
        : String.format(Locale.ROOT, ", %.0f%% fewer contacts than usual against the rest of the series", 100 * (1 - odds));
  }

  /**
   * A contact-share alert's summary: the slice's share now and usually, with its counts, first; then where
   * the extra contacts sit (root causes), the test, and the parent that moved too.
   */
  private String contactSummary(SliceWatchState state, Hypothesis h, List<RootCause> causes, Optional<String> parent,
      long spanStart, long end, int judged, long unconfigured, double z) {
    long total = h.n();
    long mine = Math.round(h.observed() * total);
    StringBuilder text = new StringBuilder();
    boolean rise = h.metric() == Metric.CONTACTS;
    text.append(String.format(Locale.ROOT, "%s: %s of contacts %s (%,d of %,d) against %s usually%s (normal range %s to "
            + "%s), %s. ",
        display(h.slice()), percent(h.observed()), span(spanStart, end), mine, total, percent(h.baseline()),
        parted(state.slices.get(h.slice())) ? " at these hours" : "", percent(h.low()), percent(h.high()),
        rise ? String.format(Locale.ROOT, "%.1f times its usual share", h.observed() / h.baseline())
            : String.format(Locale.ROOT, "%.0f%% below its usual share", 100 * (1 - h.observed() / h.baseline()))
            + againstTheRest(h, rise)));
    text.append(lead(h.metric(), causes));
    String found = settings.isConfigured(h.slice())
        ? "Found by the slice watch's share of contacts, which needs no learned level for the day of the week"
        : String.format(Locale.ROOT, "Found among %d slices nobody configured as a series", unconfigured);
    text.append(String.format(Locale.ROOT,
        "%s (%d contact-share tests at this window, Benjamini-Hochberg at q = %s); z = %.1f, p = %.1g.",
        found, judged, trim(settings.fdr()), z, h.p()));
    parent.ifPresent(key -> {
      Metric m = h.metric();
      double share = recent(state.slices.get(key), m) > 0
          ? Math.min(1, recent(state.slices.get(h.slice()), m) / recent(state.slices.get(key), m)) : 1;
      text.append(String.format(Locale.ROOT, " Its parent %s moved too; this slice holds %.0f%% of that change.",
          display(key), 100 * share));
    });
    return text.toString();
  }

  /** A share as a percentage with one decimal: contact shares of slices are often a few percent. */
  private static String percent(double share) {
    return String.format(Locale.ROOT, "%.1f%%", 100 * share);
  }

  /** "in the last hour", "in the last 3 hours", or the span's times when it is not a whole number of hours. */
  private static String span(long from, long to) {
    long minutes = (to - from) / 60_000;
    if (minutes == 60) {
      return "in the last hour";
    }
    if (minutes % 60 == 0) {
      return "in the last " + minutes / 60 + " hours";
    }
    return "from " + TIME.format(Instant.ofEpochMilli(from)) + " to " + TIME.format(Instant.ofEpochMilli(to));
  }

  private static String trim(double q) {
    return String.format(Locale.ROOT, "%s", q);
  }

  static String display(String key) {
    return key.replace("|", " x ");
  }

  private static String figure(Metric m, double value) {
    return m == Metric.NPS ? String.format(Locale.ROOT, "NPS %+.0f", value).replace("+0", "0")
        : String.format(Locale.ROOT, "%.0f%%", 100 * value);
  }

  // ------------------------------------------------------------------ level shifts, quiet slices, bounds

  /**
   * Whether a contact-share run waits for the day to end before it may be adopted: today is a weekday the slice
   * has not seen yet and the run began today or yesterday (a pool that began late yesterday runs into today), so
   * the change may be this weekday's own (a touchpoint closed on Sundays), which only its factor, known when the
   * day ends, tells apart from a lasting change. Adopted, a day's closure would set the slice's overall share to
   * nothing, and the day parts, shrunk toward it, would expect too little for days. A lasting change that begins
   * in the first week is adopted a day or so later than the bounded time says, never more than two days.
   */
  private boolean onUnseenWeekday(SliceEvidence e, PooledEvidence pool, Kind kind) {
    return kind == Kind.CONTACTS && settings.weekdays() && parted(e) && e.weekdayContacts != null
        && e.today != Long.MIN_VALUE && e.weekdayContacts[LocalCalendar.weekdayOf(e.today)] == 0
        && calendar.day(pool.offSince) >= e.today - 1;
  }

  /**
   * Makes the slice's pooled level its new normal and closes its open alerts of that kind, each saying the
   * level it stayed at and the baseline before, as this window's test measured them ({@code tested}, by
   * detector and slice).
   */
  private void adopt(SliceWatchState state, String key, SliceEvidence e, Kind kind, Map<String, Hypothesis> tested,
      long start, long end, List<Alert> out) {
    PooledEvidence pool = kind.of(e);
    if (kind == Kind.CONTACTS && parted(e)) {
      // By part of the day, the pool is off its own hours' shares, not the overall one: the overall share
      // moves by the pool's ratio to what its hours expected. The parts learn every pool anyway (and would
      // carry one hour's accident to all hours if scaled), so they follow a lasting change hour by hour.
      double ratio = pool.bad / expectedContacts(e);
      pool.baseBad = Math.min(pool.baseCount, pool.baseBad * ratio);
      pool.endRun();
      pool.forgetJudged();
    } else {
      // Contacts are weighed by the slice's own: the new share rests on at least as many as a warm one.
      pool.adopt(kind == Kind.CONTACTS && pool.bad > 0 ? warmAnswers() * pool.count / pool.bad : warmAnswers());
    }
    for (Metric m : kind.metrics()) {
      setRecent(e, m, 0);
      shift(state, key, m, tested.get(trackKey(m, key)), m.level(pool), start, end, out);
    }
  }

  private void shift(SliceWatchState state, String key, Metric m, Hypothesis h, double level, long start, long end,
      List<Alert> out) {
    AlertTrack track = state.tracks.get(trackKey(m, key));
    if (track == null || !track.open) {
      return;
    }
    // The level the slice stayed at against the baseline it left, as this window's test measured them: the
    // pool once adopted has no former baseline, and a share judged by hour of the day no single pooled level.
    Evaluation evaluation = h == null
        ? new Evaluation(m.detector, Verdict.LEVEL_SHIFT, Severity.valueOf(track.severity), m.metric, level, level,
            level, level, "z", 0, 1, 0)
        : new Evaluation(m.detector, Verdict.LEVEL_SHIFT, Severity.valueOf(track.severity), m.metric, h.observed(),
            h.baseline(), h.low(), h.high(), "z", 0, 1, 0);
    lifecycle.onWindow(track, evaluation, "slices:" + key, start, end).ifPresent(s -> {
      MetricSnapshot window = MetricSnapshots.of(key, start, end, 0, new CxMetrics());
      Alert alert = AlertFactory.build(track, s, evaluation, window, List.of());
      out.add(Alert.newBuilder(alert).setSummary("Slice watch: " + alert.getSummary()).build());
    });
  }

  /**
   * How long a slice goes unjudged before its open alerts close, in words: {@link #MAX_POOL_WINDOWS}
   * windows ("a day" of hourly windows, "2 hours" of 5-minute ones, "24 days" of daily ones).
   */
  static String quietSpan(long windowMillis) {
    java.time.Duration span = java.time.Duration.ofMillis(MAX_POOL_WINDOWS * windowMillis);
    if (span.equals(java.time.Duration.ofDays(1))) {
      return "a day";
    }
    if (span.toHours() >= 48 && span.toHours() % 24 == 0) {
      return span.toDays() + " days";
    }
    if (span.toMinutes() >= 120 && span.toMinutes() % 60 == 0) {
      return span.toHours() + " hours";
    }
    return span.toMinutes() + " minutes";
  }

  /** Open alerts of slices no longer judged (gone quiet) count a normal window each, so they resolve. */
  private void resolveQuiet(SliceWatchState state, long start, long end, long windowMillis, List<Alert> out) {
    for (Map.Entry<String, AlertTrack> entry : state.tracks.entrySet()) {
      AlertTrack track = entry.getValue();
      String key = entry.getKey().substring(entry.getKey().indexOf(' ') + 1);
      SliceEvidence e = state.slices.get(key);
      String detector = entry.getKey().substring(0, entry.getKey().indexOf(' '));
      long judged = e == null ? Long.MIN_VALUE
          : detector.equals(Metric.CONTACTS.detector) || detector.equals(Metric.CONTACT_DROP.detector)
              ? e.contactsJudged : e.lastJudged;
      if (!track.open || (e != null && end - judged <= MAX_POOL_WINDOWS * windowMillis)) {
        continue;
      }
      Evaluation normal = Evaluation.without(detector, Verdict.NORMAL, "none", 0);
      lifecycle.onWindow(track, normal, "slices:" + key, start, end).ifPresent(s -> {
        MetricSnapshot window = MetricSnapshots.of(key, start, end, 0, new CxMetrics());
        Alert alert = AlertFactory.build(track, s, normal, window, List.of());
        out.add(Alert.newBuilder(alert).setSummary("Slice watch: no evidence on " + display(key)
            + " for " + quietSpan(windowMillis) + "; the alert closes.").build());
      });
    }
  }

  /**
   * A slice's interactions per window since it entered the state, counting one window more than it has
   * seen: a slice new to the state must show about twice the rate of the one it replaces, so one lucky
   * window does not swap slices at the margin of the cap back and forth.
   */
  static double rate(SliceEvidence e) {
    return e.baseInteractions / (e.baseWindows + 1);
  }

  /** Keeps state bounded: closed alerts are forgotten after their cooldown, slices beyond the cap by traffic rate. */
  private void prune(SliceWatchState state, long end, long windowMillis) {
    state.tracks.values().removeIf(t -> !t.open && t.resolvedAt != Long.MIN_VALUE
        && end - t.resolvedAt > (long) detectors.cooldownWindows() * windowMillis);
    // A slice gone quiet (its decayed traffic below a twentieth of an interaction) frees its place.
    state.slices.entrySet().removeIf(x -> x.getValue().baseInteractions < 0.05
        && Arrays.stream(Metric.values()).noneMatch(m -> state.tracks.containsKey(trackKey(m, x.getKey()))));
    if (state.slices.size() > settings.maxSlices()) {
      List<Map.Entry<String, SliceEvidence>> smallest = new ArrayList<>(state.slices.entrySet());
      smallest.sort(Comparator.comparingDouble((Map.Entry<String, SliceEvidence> x) -> rate(x.getValue()))
          .thenComparing(Map.Entry::getKey));
      for (int i = 0; i < smallest.size() - settings.maxSlices(); i++) {
        state.slices.remove(smallest.get(i).getKey());
      }
    }
  }
}
