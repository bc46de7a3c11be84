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
  }
}
