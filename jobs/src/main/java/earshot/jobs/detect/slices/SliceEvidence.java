package earshot.jobs.detect.slices;

/**
 * What the {@link SliceWatch} remembers about one slice: the answers and texts pooled since its last
 * judgement, its own baseline (exponentially decayed counts, learned only from judgements that found
 * nothing), a short decayed sum of its extra bad outcomes per metric (to compare a slice's change with
 * its parent's over the same recent windows), and when each metric last fired. A plain value class
 * (Flink POJO).
 */
public class SliceEvidence {

  /** Start of the first pooled window of answers; {@link Long#MIN_VALUE} when none is pooled. */
  public long answersStart = Long.MIN_VALUE;
  public double answers;
  public double promoters;
  public double detractors;

  public long textsStart = Long.MIN_VALUE;
  public double texts;
  public double negatives;

  public double baseInteractions;
  public double baseAnswers;
  public double basePromoters;
  public double baseDetractors;
  public double baseTexts;
  public double baseNegatives;

  /** Recent extra detractors, NPS points lost times answers / 100, and extra negative texts (decayed). */
  public double recentDetractors;
  public double recentNpsLost;
  public double recentNegatives;

  /** Start of the run of judgements off the baseline, per kind of evidence; Long.MIN_VALUE if none. */
  public long answersOffSince = Long.MIN_VALUE;
  public int answersOffJudgements;
  public long textsOffSince = Long.MIN_VALUE;
  public int textsOffJudgements;

  /** Window end of the last judgement. */
  public long lastJudged = Long.MIN_VALUE;
  /** Window end at which each metric was last rejected (detractor share, NPS, negative share). */
  public long detractorsFiredAt = Long.MIN_VALUE;
  public long npsFiredAt = Long.MIN_VALUE;
  public long negativesFiredAt = Long.MIN_VALUE;

  public SliceEvidence() {}
}
