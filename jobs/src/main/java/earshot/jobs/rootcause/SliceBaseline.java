package earshot.jobs.rootcause;

import earshot.jobs.metrics.Breakdown;
import earshot.jobs.metrics.SliceCounts;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * What a series' slices usually look like: exponentially decayed counts per slice (and for the
 * whole series) over the windows it learned from. The series monitor lets it learn only from
 * windows without an open alert, so an incident does not become its own baseline. Bounded to
 * {@code maxSlices}: when it holds more, the slices with the least (decayed) traffic are forgotten.
 * A plain value class (Flink POJO) kept in keyed state.
 */
public class SliceBaseline {

  /** Below this many decayed interactions a slice is forgotten. */
  static final double FORGET_BELOW = 0.05;

  public Map<String, SliceCounts> slices = new HashMap<>();
  public SliceCounts total = new SliceCounts();
  /** Windows learned from (not decayed). */
  public long windows;

  public SliceBaseline() {}

  /** Forgets a little (multiplies by {@code decay}) and adds the window. */
  public void learn(Breakdown window, double decay, int maxSlices) {
    total.scale(decay);
    total.add(window.total, 1.0);
    // One pass decays every slice and forgets those fallen below the bar that the window does not add to
    // (a slice the window counts has at least one interaction once added, so it would stay).
    Iterator<Map.Entry<String, SliceCounts>> learned = slices.entrySet().iterator();
    while (learned.hasNext()) {
      Map.Entry<String, SliceCounts> slice = learned.next();
      slice.getValue().scale(decay);
      if (slice.getValue().interactions < FORGET_BELOW && !window.slices.containsKey(slice.getKey())) {
        learned.remove();
      }
    }
    window.slices.forEach((key, counts) -> slices.computeIfAbsent(key, k -> new SliceCounts()).add(counts, 1.0));
    if (slices.size() > maxSlices) {
      List<Map.Entry<String, SliceCounts>> smallest = new ArrayList<>(slices.entrySet());
      smallest.sort(Comparator.comparingDouble((Map.Entry<String, SliceCounts> e) -> e.getValue().interactions)
          .thenComparing(Map.Entry::getKey));
      for (int i = 0; i < smallest.size() - maxSlices; i++) {
        slices.remove(smallest.get(i).getKey());
      }
    }
    windows++;
  }
}
