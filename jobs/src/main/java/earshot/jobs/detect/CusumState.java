package earshot.jobs.detect;

/**
 * State of a one-sided CUSUM chart over per-window z scores, plus the baseline it standardises
 * against. A plain value class (Flink POJO) kept in keyed state.
 */
public class CusumState {

  /** Current cumulative sum, never below zero. */
  public double sum;
  /** Windows since the sum last left zero. */
  public int runLength;
  /** Sum of the z scores over that run, for the run's p-value. */
  public double runZ;
  public ProportionBaseline baseline = new ProportionBaseline();

  public CusumState() {}
}
