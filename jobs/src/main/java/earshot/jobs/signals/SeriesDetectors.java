package earshot.jobs.signals;

import earshot.jobs.detect.AlertTrack;
import earshot.jobs.detect.ProportionBaseline;

/**
 * Everything the detectors remember about one series at one window length: their baselines and
 * alert lifecycles. A plain value class (Flink POJO), so new detectors add fields without breaking
 * savepoints.
 */
public class SeriesDetectors {

  /** End of the last window judged; later revisions of it are not judged again. */
  public long lastWindowEnd = Long.MIN_VALUE;

  public ProportionBaseline detractorBaseline = new ProportionBaseline();
  public AlertTrack detractorSpike = new AlertTrack();

  public SeriesDetectors() {}
}
