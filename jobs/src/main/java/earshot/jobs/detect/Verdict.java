package earshot.jobs.detect;

/** What a detector concluded about one window. */
public enum Verdict {
  /** Too few observations in the window to judge. */
  INSUFFICIENT,
  /** The baseline is still learning; no alert possible yet. */
  LEARNING,
  /** Within the normal range: counts toward resolving an open alert. */
  NORMAL,
  /** Above normal but below the alerting threshold: keeps an open alert open, opens none. */
  ELEVATED,
  /** Far enough from the baseline to alert. */
  ANOMALY,
  /**
   * The change has persisted for the bounded time and is adopted as the new normal: an open
   * alert closes, reporting the new level once.
   */
  LEVEL_SHIFT;

  /** Whether the window held enough evidence, against a learned baseline, to be judged at all. */
  public boolean judged() {
    return this != INSUFFICIENT && this != LEARNING;
  }
}
