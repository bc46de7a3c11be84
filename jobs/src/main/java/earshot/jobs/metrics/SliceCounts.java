package earshot.jobs.metrics;


/**
 * The outcome counts of one slice (or of a whole series) that the root-cause explainer compares:
 * interactions, NPS answers with promoters and detractors, analysed texts with negatives,
 * transfers, and waits (their number, sum and sum of squares, so a mean and its spread). Doubles,
 * so that a baseline can hold exponentially decayed counts in the same shape. A plain value class
 * (Flink POJO).
 */
public class SliceCounts {

  public double interactions;
  public double npsAnswers;
  public double promoters;
  public double detractors;
  public double texts;
  public double negatives;
  public double transferKnown;
  public double transferred;
  /** Interactions with a wait time. */
  public double waitKnown;
  /** Their waits, in seconds. */
  public double waitSeconds;
  /** The sum of their squared waits: the spread of one wait, for the tests of a slice's mean wait. */
  public double waitSquares;

  public SliceCounts() {}

  /** Counts one interaction. */
  public void add(Observation o) {
    interactions++;
    if (o.nps != null) {
      npsAnswers++;
      if (NpsMath.isPromoter(o.nps)) {
        promoters++;
      } else if (NpsMath.isDetractor(o.nps)) {
        detractors++;
      }
    }
    if (o.analysed) {
      texts++;
      if (o.negative) {
        negatives++;
      }
    }
    if (o.transfers != null) {
      transferKnown++;
      if (o.transfers > 0) {
        transferred++;
      }
    }
    if (o.waitSeconds != null) {
      double wait = o.waitSeconds;
      waitKnown++;
      waitSeconds += wait;
      waitSquares += wait * wait;
    }
  }

  /**
   * Adds the counts of one interaction ({@code unit}, made by {@link #add(Observation)} on empty
   * counts): the same sums as adding the interaction itself, without re-reading it per slice.
   */
  public void addUnit(SliceCounts unit) {
    interactions += unit.interactions;
    npsAnswers += unit.npsAnswers;
    promoters += unit.promoters;
    detractors += unit.detractors;
    texts += unit.texts;
    negatives += unit.negatives;
    transferKnown += unit.transferKnown;
    transferred += unit.transferred;
    waitKnown += unit.waitKnown;
    waitSeconds += unit.waitSeconds;
    waitSquares += unit.waitSquares;
  }

  /** Adds {@code weight} times the other counts. */
  public void add(SliceCounts other, double weight) {
    interactions += weight * other.interactions;
    npsAnswers += weight * other.npsAnswers;
    promoters += weight * other.promoters;
    detractors += weight * other.detractors;
    texts += weight * other.texts;
    negatives += weight * other.negatives;
    transferKnown += weight * other.transferKnown;
    transferred += weight * other.transferred;
    waitKnown += weight * other.waitKnown;
    waitSeconds += weight * other.waitSeconds;
    waitSquares += weight * other.waitSquares;
  }

  /** Multiplies every count by {@code factor} (a baseline forgetting). */
  public void scale(double factor) {
    interactions *= factor;
    npsAnswers *= factor;
    promoters *= factor;
    detractors *= factor;
    texts *= factor;
    negatives *= factor;
    transferKnown *= factor;
    transferred *= factor;
    waitKnown *= factor;
    waitSeconds *= factor;
    waitSquares *= factor;
  }

  /** A copy. */
  public SliceCounts copy() {
    SliceCounts copy = new SliceCounts();
    copy.add(this, 1.0);
    return copy;
  }
}
