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
  /**
   * The node each dimension's value last found: consecutive interactions often share a value, and
   * comparing with it costs less than hashing a freshly deserialised key.
   */
  private transient Node[] lastByDimension;
  /** Nodes numbered so far in {@link #index}. */
  private transient int numbered;
  private transient int indexed;

  /**
   * One single slice's counts (null while not counted) and those of the pairs it opens, indexed by
   * the second value's node number: a pair is found by an array index, not by hashing a key.
   */
  private static final class Node {
    final String key;
    final int number;
    SliceCounts counts;
    SliceCounts[] pairs = NO_PAIRS;

    Node(String key, int number) {
      this.key = key;
      this.number = number;
    }

    SliceCounts pair(Node second) {
      return second.number < pairs.length ? pairs[second.number] : null;
    }

    void pair(Node second, SliceCounts counts) {
      if (second.number >= pairs.length) {
        pairs = java.util.Arrays.copyOf(pairs, Math.max(second.number + 1, pairs.length * 2));
      }
      pairs[second.number] = counts;
    }
  }

  private static final SliceCounts[] NO_PAIRS = new SliceCounts[0];

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
    // What the interaction adds to each of its slices, worked out once rather than per slice.
    SliceCounts unit = new SliceCounts();
    unit.add(o);
    if (lastByDimension == null || lastByDimension.length != keys.length) {
      lastByDimension = new Node[keys.length];
    }
    Node[] free = new Node[keys.length];
    int count = 0;
    for (int i = 0; i < keys.length; i++) {
      if (keys[i] != null && (o.seriesMask & (1 << i)) == 0) {
        Node node = lastByDimension[i];
        if (node == null || !node.key.equals(keys[i])) {
          node = node(nodes, keys[i]);
          lastByDimension[i] = node;
        }
        if (node.counts == null) {
          node.counts = newSlice(keys[i], maxSlices);
        }
        if (node.counts != null) {
          node.counts.addUnit(unit);
        }
        free[count++] = node;
      }
    }
    for (int i = 0; i < count; i++) {
      Node first = free[i];
      for (int j = i + 1; j < count; j++) {
        Node second = free[j];
        SliceCounts counts = first.pair(second);
        if (counts == null) {
          counts = newSlice(first.key + "|" + second.key, maxSlices);
          if (counts == null) {
            continue;
          }
          first.pair(second, counts);
        }
        counts.addUnit(unit);
      }
    }
    indexed = slices.size();
  }

  private Node node(Map<String, Node> nodes, String key) {
    Node node = nodes.get(key);
    if (node == null) {
      node = new Node(key, numbered++);
      nodes.put(key, node);
    }
    return node;
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
   * {@link #slices} by single key, then by the pair's second node: each observation's lookups then hash
   * its few single keys instead of building and hashing every pair key. Not
   * state: rebuilt from {@link #slices} after a copy, a restore or a merge.
   */
  private Map<String, Node> index() {
    if (index == null || indexed != slices.size()) {
      index = new HashMap<>();
      lastByDimension = null;
      numbered = 0;
      for (Map.Entry<String, SliceCounts> entry : slices.entrySet()) {
        String key = entry.getKey();
        int bar = key.indexOf('|');
        if (bar < 0) {
          node(index, key).counts = entry.getValue();
        } else {
          Node first = node(index, key.substring(0, bar));
          first.pair(node(index, key.substring(bar + 1)), entry.getValue());
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
    // Sized once and filled by key; the values are then replaced in place, without rehashing.
    copy.slices = new HashMap<>(slices);
    copy.slices.replaceAll((key, counts) -> counts.copy());
    return copy;
  }

  /** Whether nothing was counted. */
  public boolean isEmpty() {
    return total.interactions == 0;
  }
}
