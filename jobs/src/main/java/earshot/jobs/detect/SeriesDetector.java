package earshot.jobs.detect;

import earshot.jobs.metrics.Breakdown;

import earshot.schemas.MetricSnapshot;
import java.util.List;

/**
 * A detector of one series' metric windows: judges a window against the state it keeps for the
 * series (its baseline), then lets that state learn from the window. {@link SeriesMonitor} runs
 * the series detectors through this one interface; each detector's state class sits beside it and
 * is a Flink POJO held in {@link SeriesState} (or {@link OverdueShareState}).
 *
 * <p>Most detectors raise one alert type and return one evaluation per window; a detector whose
 * alert types share one baseline (volume: surge and drop) returns one evaluation per type, in the
 * order of {@link #types()}, so that the baseline learns from each window once.
 *
 * @param <S> the state the detector keeps per series and window length
 */
public interface SeriesDetector<S> {

  /** The alert types it raises, in the order of the evaluations {@link #judge} returns. */
  List<String> types();

  /** The metrics its evaluations judge ({@link Evaluation#metric()}; a theme's is prefixed). */
  List<String> metrics();

  /**
   * The evidence a sparse series pools across windows before this detector judges it
   * ({@link EvidencePool}); null when the detector judges every window as it is.
   */
  default EvidencePool.Evidence pooled() {
    return null;
  }

  /**
   * What to judge of a window when the detector pools a sparse series' windows in its own state
   * rather than in a shared {@link EvidencePool} (see {@link #pooled()}); null, the default, when it
   * does not.
   */
  default EvidencePool.Judged pool(MetricSnapshot window, Breakdown slices, S state) {
    return null;
  }

  /**
   * Whether a window without any interaction means something to this detector (a drop to zero),
   * so that silent windows are judged too.
   */
  default boolean judgesSilentWindows() {
    return false;
  }

  /**
   * Judges the window, then lets the state learn from it.
   *
   * @return one evaluation per type of {@link #types()}, in that order
   */
  List<Evaluation> judge(MetricSnapshot window, S state);
}
