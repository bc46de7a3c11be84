package earshot.jobs.detect.slices;

/**
 * What the {@link SliceWatch} remembers about one slice: per kind of evidence (answers, texts, contacts) what is
 * pooled since its last judgement and its own baseline ({@link PooledEvidence}), its decayed traffic, a
 * short decayed sum of its extra bad outcomes per metric (to compare a slice's change with its parent's
 * over the same recent windows), and when each metric last fired. A plain value class (Flink POJO).
 */
public class SliceEvidence {

  /** Survey answers: good are promoters, bad are detractors. */
  public PooledEvidence answers = new PooledEvidence();
  /** Analysed texts: bad are the negative ones. */
  public PooledEvidence texts = new PooledEvidence();
  /**
   * Contacts: the count is the global series' interactions while the slice was watched, bad are the
   * slice's own (its share of contacts; nothing is good). Judged when the contact shares are.
   */
  public PooledEvidence volume = new PooledEvidence();
  /**
   * The contacts split by part of the day ({@code detect.slices.day-parts}; null with one part, or until the
   * slice's contacts are first counted): the usual share of each part (decayed global contacts while the
   * slice was watched, and the slice's own, learned as {@link #volume}'s baseline is) and the pool's
   * contacts per part, so that a pool spanning parts is judged against the usual share of each.
   */
  public double[] usualContacts;
  public double[] usualMine;
  public double[] pooledContacts;
  public double[] pooledMine;
  /**
   * The contacts by local day of the week ({@code detect.time-zone}, Monday first; null unless
   * {@code detect.slices.weekdays} and day parts are on): decayed global contacts and the slice's own on each weekday of past weeks, from which each
   * weekday's factor on the usual shares comes, and the current day's, added when the day is over (so an
   * incident does not teach its own day's factor while it lasts).
   */
  public double[] weekdayContacts;
  public double[] weekdayMine;
  public double todayContacts;
  public double todayMine;
  /**
   * The current day's global contacts per day part as they went into the day parts (aged as those are): a
   * weekday seen for the first time taught the day parts at a factor of 1, and its own factor, known when
   * the day is over, corrects that.
   */
  public double[] todayParts;
  /**
   * The current local day (days since 1970-01-01 in {@code detect.time-zone}); {@link Long#MIN_VALUE} before
   * the first.
   */
  public long today = Long.MIN_VALUE;

  /** Decayed interactions, whichever evidence they carry: which slices are busiest. */
  public double baseInteractions;
  /** Decayed count of windows since the slice entered the state: its traffic rate's denominator. */
  public double baseWindows;

  /** Recent extra detractors, NPS points lost times answers / 100, and extra negative texts (decayed). */
  public double recentDetractors;
  public double recentNpsLost;
  public double recentNegatives;
  /** Recent extra contacts over the slice's usual share of the global series' (decayed; negative: missing ones). */
  public double recentContacts;

  /** Window end of the last judgement. */
  public long lastJudged = Long.MIN_VALUE;
  /** Window end at which each metric was last rejected (detractor share, NPS, negative share). */
  public long detractorsFiredAt = Long.MIN_VALUE;
  public long npsFiredAt = Long.MIN_VALUE;
  public long negativesFiredAt = Long.MIN_VALUE;
  public long contactsFiredAt = Long.MIN_VALUE;
  /** Window end at which a fall of the slice's share of contacts was last rejected. */
  public long contactDropFiredAt = Long.MIN_VALUE;
  /** Window end of the last judgement of the slice's share of contacts. */
  public long contactsJudged = Long.MIN_VALUE;

  public SliceEvidence() {}
}
