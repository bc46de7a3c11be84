package earshot.jobs.detect.slices;

import earshot.jobs.detect.AlertTrack;
import java.util.HashMap;
import java.util.Map;

/**
 * The {@link SliceWatch}'s state for one series at one window length: evidence per slice (at most
 * {@code detect.slices.max-slices}) and an alert lifecycle per reported slice and metric. A plain value
 * class (Flink POJO).
 */
public class SliceWatchState {

  public Map<String, SliceEvidence> slices = new HashMap<>();
  /** Alert lifecycles, keyed by detector and slice ({@code NPS_DROP touchpoint=billing|segment=SMB}). */
  public Map<String, AlertTrack> tracks = new HashMap<>();
  public long lastWindowEnd = Long.MIN_VALUE;

  public SliceWatchState() {}
}
