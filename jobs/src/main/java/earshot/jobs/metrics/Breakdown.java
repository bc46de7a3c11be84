package earshot.jobs.metrics;

import java.util.HashMap;
import java.util.Map;

/**
 * The counts of one series' window split by the slices below the series: every value of each
 * dimension the series does not fix, and every pair of such values ({@code touchpoint=billing} and
 * {@code touchpoint=billing|segment=SMB} under {@code channel=CALL}). The root-cause explainer
 * compares them with the series' {@link earshot.jobs.rootcause.SliceBaseline}.
 *
 * <p>Bounded: at most {@code maxSlices} slices per window; once a window holds that many, slices
 * not seen yet in it are not counted (the busiest values come first in practice, and a slice too rare
 * to appear before the cap could not be a cause anyway). Mergeable, so pooled windows combine. A plain
 * value class (Flink POJO).
 */
public class Breakdown {

  /** Counts per slice key (dimension=value, or two of them joined by '|', in the catalog's dimension order). */
  public Map<String, SliceCounts> slices = new HashMap<>();
  /** Counts of the whole series in the window. */
  public SliceCounts total = new SliceCounts();
  /** Slice counts not kept because the window had reached its cap. */
  public long dropped;

  public Breakdown() {}

  /**
   * Counts an interaction in its slices under its series: those of {@link Observation#slices} whose
   * dimensions the series does not fix ({@link Observation#seriesMask}).
   */
  public void add(Observation o, int maxSlices) {
    total.add(o);
    if (o.slices == null) {
      return;
    }
    for (int i = 0; i < o.slices.size(); i++) {
      if ((o.sliceMasks[i] & o.seriesMask) == 0) {
        bump(o.slices.get(i), o, maxSlices);
      }
    }
  }

  private void bump(String key, Observation o, int maxSlices) {
    SliceCounts counts = slices.get(key);
    if (counts == null) {
      if (slices.size() >= maxSlices) {
        dropped++;
        return;
      }
      counts = new SliceCounts();
      slices.put(key, counts);
    }
    counts.add(o);
  }

  /** Adds another window's breakdown, within the same cap. */
  public Breakdown merge(Breakdown other, int maxSlices) {
    total.add(other.total, 1.0);
    dropped += other.dropped;
    for (Map.Entry<String, SliceCounts> entry : other.slices.entrySet()) {
      SliceCounts counts = slices.get(entry.getKey());
      if (counts != null) {
        counts.add(entry.getValue(), 1.0);
      } else if (slices.size() < maxSlices) {
        slices.put(entry.getKey(), entry.getValue().copy());
      } else {
        dropped++;
      }
    }
    return this;
  }

  /** A deep copy. */
  public Breakdown copy() {
    Breakdown copy = new Breakdown();
    copy.total = total.copy();
    copy.dropped = dropped;
    slices.forEach((key, counts) -> copy.slices.put(key, counts.copy()));
    return copy;
  }

  /** Whether nothing was counted. */
  public boolean isEmpty() {
    return total.interactions == 0;
  }
}
