package earshot.jobs.detect;

/**
 * Judgements of a series that stay off its baseline in the alerting direction, and the evidence
 * they hold. A change that keeps every judgement at least {@link #RUN_Z} standard errors off for
 * {@link #SHIFT_MILLIS} (and {@link #MIN_JUDGEMENTS} judgements) is a new level rather than an
 * incident: the detector then adopts the run's evidence as its baseline, and the alert that
 * opened with the change closes once, saying so, instead of firing for as long as the change
 * lasts. On stable data a run of judgements each one standard error off (about one in six) for
 * half a day is rare: three hourly ones in a row happen about once in 200 hours, twelve about
 * once in 10^9. A plain value class (Flink POJO) kept in keyed state.
 */
public class LevelRun {

  /** How far off (in standard errors) a judgement must be to continue a run. */
  static final double RUN_Z = 1.0;
  /** How long a run must last before its level is adopted. */
  public static final long SHIFT_MILLIS = 12 * 3600_000L;
  static final int MIN_JUDGEMENTS = 3;

  /** Start of the first judgement of the run, or {@link Long#MIN_VALUE} without a run. */
  public long start = Long.MIN_VALUE;
  public int judgements;
  /** The run's evidence: successes (detractors, negative texts; promoters for NPS). */
  public double first;
  /** The run's second count (detractors for NPS), unused for proportions. */
  public double second;
  public double trials;
  /** Levels adopted so far. */
  public int levelShifts;

  public LevelRun() {}

  /**
   * Adds a judgement; returns true when the run has lasted long enough for its level to be adopted.
   *
   * @param z the judgement's statistic, positive in the alerting direction
   */
  boolean extend(double z, long windowStart, long windowEnd, double firstCount, double secondCount, double windowTrials) {
    if (!(z >= RUN_Z)) {
      reset();
      return false;
    }
    if (judgements == 0) {
      start = windowStart;
    }
    judgements++;
    first += firstCount;
    second += secondCount;
    trials += windowTrials;
    return judgements >= MIN_JUDGEMENTS && windowEnd - start >= SHIFT_MILLIS;
  }

  void reset() {
    start = Long.MIN_VALUE;
    judgements = 0;
    first = 0;
    second = 0;
    trials = 0;
  }
}
