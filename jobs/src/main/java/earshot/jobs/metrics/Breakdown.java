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

  private transient Map<String, Node> index;
  private transient int indexed;

  /** One single slice's counts (null while not counted) and those of the pairs it opens. */
  private static final class Node {
    String key;
    SliceCounts counts;
    final Map<String, SliceCounts> pairs = new HashMap<>();
  }

  public Breakdown() {}

  /**
   * Counts an interaction in its slices under its series: its value along each dimension the series
   * does not fix ({@link Observation#seriesMask}), then each pair of those values, in the catalog's
   * dimension order (the order the cap sees them in).
   */
  public void add(Observation o, int maxSlices) {
    total.add(o);
    String[] keys = o.sliceKeys;
    if (keys == null) {
      return;
    }
    Map<String, Node> nodes = index();
    Node[] free = new Node[keys.length];
    int count = 0;
    for (int i = 0; i < keys.length; i++) {
      if (keys[i] != null && (o.seriesMask & (1 << i)) == 0) {
        Node node = nodes.computeIfAbsent(keys[i], k -> new Node());
        if (node.counts == null) {
          node.counts = newSlice(keys[i], maxSlices);
        }
        if (node.counts != null) {
          node.counts.add(o);
        }
        node.key = keys[i];
        free[count++] = node;
      }
    }
    for (int i = 0; i < count; i++) {
      Node first = free[i];
      for (int j = i + 1; j < count; j++) {
        String second = free[j].key;
        SliceCounts counts = first.pairs.get(second);
        if (counts == null) {
          counts = newSlice(first.key + "|" + second, maxSlices);
          if (counts == null) {
            continue;
          }
          first.pairs.put(second, counts);
        }
        counts.add(o);
      }
    }
    indexed = slices.size();
  }

  /** A new slice's counts, kept in {@link #slices}; null (and counted as dropped) once the cap is reached. */
  private SliceCounts newSlice(String key, int maxSlices) {
    if (slices.size() >= maxSlices) {
      dropped++;
      return null;
    }
    SliceCounts counts = new SliceCounts();
    slices.put(key, counts);
    return counts;
  }

  /**
   * {@link #slices} by single key, then by the pair's second key: each observation's lookups then hash
   * its few single keys (their hashes cached) instead of building and hashing every pair key. Not
   * state: rebuilt from {@link #slices} after a copy, a restore or a merge.
   */
  private Map<String, Node> index() {
    if (index == null || indexed != slices.size()) {
      index = new HashMap<>();
      for (Map.Entry<String, SliceCounts> entry : slices.entrySet()) {
        String key = entry.getKey();
        int bar = key.indexOf('|');
        if (bar < 0) {
          index.computeIfAbsent(key, k -> new Node()).counts = entry.getValue();
        } else {
          index.computeIfAbsent(key.substring(0, bar), k -> new Node()).pairs.put(key.substring(bar + 1), entry.getValue());
        }
      }
      indexed = slices.size();
    }
    return index;
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
