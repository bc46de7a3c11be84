package earshot.jobs.detect.slices;

/**
 * One kind of evidence of a slice (survey answers, or analysed texts): what is pooled since the
 * slice's last judgement, the baseline learned from earlier pools (exponentially decayed counts), and
 * the run of judgements that found the pool off that baseline. Counts are split into good outcomes
 * (promoters; none for texts) and bad ones (detractors, or negative texts). A plain value class
 * (Flink POJO); the {@link SliceWatch} holds one per kind of evidence in each {@link SliceEvidence}.
 */
public class PooledEvidence {

  /** Start of the first pooled window; {@link Long#MIN_VALUE} when nothing is pooled. */
  public long start = Long.MIN_VALUE;
  /** Answers (or texts) pooled, and how many of them were good and bad. */
  public double count;
  public double good;
  public double bad;

  /** The baseline: decayed counts of earlier pools that were judged normal or were never judged. */
  public double baseCount;
  public double baseGood;
  public double baseBad;

  /**
   * The two pools judged before the current one (whether learned or dropped as off), so that a change too
   * moderate for one pool is judged on three together: their counts, their start ({@link Long#MIN_VALUE}
   * when the slot is empty), and for contacts the slice's contacts their usual shares expected.
   */
  public long previousStart = Long.MIN_VALUE;
  public double previousCount;
  public double previousGood;
  public double previousBad;
  public double previousExpected;
  public long earlierStart = Long.MIN_VALUE;
  public double earlierCount;
  public double earlierGood;
  public double earlierBad;
  public double earlierExpected;

  /** Start of the run of judgements off the baseline; {@link Long#MIN_VALUE} if none. */
  public long offSince = Long.MIN_VALUE;
  public int offJudgements;

  public PooledEvidence() {}

  /** Pools one window's counts; the pool's start is that of its first window with any. */
  void add(long windowStart, double n, double goods, double bads) {
    if (start == Long.MIN_VALUE) {
      start = windowStart;
    }
    count += n;
    good += goods;
    bad += bads;
  }

  /** The baseline's share of bad outcomes (detractors, negative texts, or a slice's contacts). */
  double baseBadShare() {
    return baseBad / baseCount;
  }

  /** The baseline's share of good outcomes (promoters). */
  double baseGoodShare() {
    return baseGood / baseCount;
  }

  boolean pooling() {
    return start != Long.MIN_VALUE;
  }

  /** Ages the baseline by one window. */
  void decay(double factor) {
    baseCount *= factor;
    baseGood *= factor;
    baseBad *= factor;
  }

  /** The pool becomes part of the normal, and a new pool starts. */
  void learn() {
    baseCount += count;
    baseGood += good;
    baseBad += bad;
    clear();
  }

  void clear() {
    start = Long.MIN_VALUE;
    count = 0;
    good = 0;
    bad = 0;
  }

  /**
   * Remembers the pool just judged as the previous one (before it is learned or dropped).
   *
   * @param expected for contacts, the slice's contacts the pool's usual shares expected; 0 otherwise
   */
  void rememberJudged(double expected) {
    earlierStart = previousStart;
    earlierCount = previousCount;
    earlierGood = previousGood;
    earlierBad = previousBad;
    earlierExpected = previousExpected;
    previousStart = start;
    previousCount = count;
    previousGood = good;
    previousBad = bad;
    previousExpected = expected;
  }

  /** Forgets the judged pools: the next pool follows evidence learned unjudged, or a new normal. */
  void forgetJudged() {
    previousStart = Long.MIN_VALUE;
    earlierStart = Long.MIN_VALUE;
  }

  /** Whether a judged pool precedes the current one, so that a longer look exists. */
  boolean hasPrevious() {
    return previousStart != Long.MIN_VALUE;
  }

  /** The current pool's counts (for contacts, with the count its usual shares expect). */
  Look current(double expectedNow) {
    return new Look(start, count, good, bad, expectedNow);
  }

  /** The current pool together with the (up to two) pools judged before it. */
  Look withJudged(double expectedNow) {
    Look look = current(expectedNow);
    if (hasPrevious()) {
      look = new Look(previousStart, look.count + previousCount, look.good + previousGood, look.bad + previousBad,
          look.expected + previousExpected);
      if (earlierStart != Long.MIN_VALUE) {
        look = new Look(earlierStart, look.count + earlierCount, look.good + earlierGood, look.bad + earlierBad,
            look.expected + earlierExpected);
      }
    }
    return look;
  }

  /** Pooled counts over a span: from {@code start}, answers (or contacts), good and bad, and expected bad. */
  record Look(long start, double count, double good, double bad, double expected) {}

  /** Ends a run off the baseline: the pool judged normal. */
  void endRun() {
    offSince = Long.MIN_VALUE;
    offJudgements = 0;
  }

  /**
   * The pool's mix becomes the baseline, weighted as at least {@code minWeight} answers so that the new
   * normal is judged against at once (the pool is cleared by the caller, after it reported the level).
   */
  void adopt(double minWeight) {
    double w = Math.max(minWeight, count) / count;
    baseCount = w * count;
    baseGood = w * good;
    baseBad = w * bad;
    endRun();
    forgetJudged();
  }
}
