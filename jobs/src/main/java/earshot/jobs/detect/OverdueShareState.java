package earshot.jobs.detect;

/**
 * What {@link OverdueShareDetector} remembers about one team's follow-ups: the learned overdue share
 * and the alert's lifecycle. A Flink POJO kept in keyed state.
 */
public class OverdueShareState {

  public ProportionBaseline overdue = new ProportionBaseline();
  public AlertTrack track = new AlertTrack();
  /** End of the last window judged; a revision of a judged window is not judged again. */
  public long lastWindowEnd = Long.MIN_VALUE;

  public OverdueShareState() {}
}
