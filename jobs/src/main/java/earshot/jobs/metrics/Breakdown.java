package earshot.jobs.metrics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
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
 *
 * <p>A breakdown that a watch judges slice by slice can also sketch what the cap left out
 * ({@link #add(Observation, int, boolean)}): the interactions of slices not kept are added to a small
 * count-min sketch with conservative update ({@value #SKETCH_ROWS} rows of {@value #SKETCH_WIDTH}
 * counters, 32 kB, made when the cap is first reached), so that a watched slice missing from a full
 * window still has an estimated count ({@link #overflowEstimate}) instead of an unknown one. Without it
 * a slice that stops getting contacts never appears in a full window and its stop is never judged. A
 * slice counted exactly in one window and sketched in another keeps only its exact part after a merge.
 */
public class Breakdown {

  /** Counts per slice key (dimension=value, or two of them joined by '|', in the catalog's dimension order). */
  public Map<String, SliceCounts> slices = new HashMap<>();
  /** Counts of the whole series in the window. */
  public SliceCounts total = new SliceCounts();
  /** Slice counts not kept because the window had reached its cap. */
  public long dropped;
  /**
   * Interactions of the slices not kept, {@value #SKETCH_ROWS} rows of {@value #SKETCH_WIDTH} counters, each
   * slice in one counter of each row; null while nothing was sketched.
   */
  public int[] overflow;
  /**
   * For a series whose topics are watched: where the window's mentions of each theme came from, a sample
   * per theme ({@link MentionSample}); empty otherwise.
   */
  public Map<String, String> mentions = new HashMap<>();
  /** The slice keys {@link #mentions} refer to by number ({@link MentionSample.Keys#joined()}). */
  public String mentionKeys = "";

  static final int SKETCH_ROWS = 4;
  static final int SKETCH_WIDTH = 2048;

  private transient Map<String, Node> index;
  /** {@link #mentionKeys} numbered; not state: rebuilt from it after a copy or a restore. */
  private transient MentionSample.Keys keys;
  /** What a mention must beat to enter each full sample of {@link #mentions} ({@link MentionSample#offer}); not state. */
  private transient Map<String, Long> sampleBars;
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
    /** The key's hash for the overflow sketch, worked out once. */
    final long sketchHash;
    SliceCounts counts;
    SliceCounts[] pairs = NO_PAIRS;

    Node(String key, int number) {
      this.key = key;
      this.number = number;
      this.sketchHash = mix(key.hashCode());
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
    add(o, maxSlices, false);
  }

  /**
   * As {@link #add(Observation, int)}; with {@code sketchOverflow}, the interaction is also added to the
   * overflow sketch under each of its slices that the cap leaves out.
   */
  public void add(Observation o, int maxSlices, boolean sketchOverflow) {
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
      if (Observation.isBelowSeries(keys, o.seriesMask, i)) {
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
        } else if (sketchOverflow) {
          sketch(node.sketchHash, 1);
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
            if (sketchOverflow) {
              sketch(pairHash(first.sketchHash, second.sketchHash), 1);
            }
            continue;
          }
          first.pair(second, counts);
        }
        counts.addUnit(unit);
      }
    }
    indexed = slices.size();
  }

  /**
   * Interactions per single value below the series (dimension=value), without the pairs: read from the
   * slice index, which holds one node per value, rather than by scanning every slice key for a '|'.
   */
  public Map<String, Long> interactionsByValue() {
    Map<String, Node> nodes = index();
    Map<String, Long> byValue = new HashMap<>(Math.max(16, (int) (nodes.size() / 0.75f) + 1));
    for (Node node : nodes.values()) {
      if (node.counts != null) {
        byValue.put(node.key, Math.round(node.counts.interactions));
      }
    }
    return byValue;
  }

  /**
   * Interactions per slice below the series, single values and pairs. Complete only while the window
   * dropped nothing at its cap ({@link #dropped} is 0).
   */
  public Map<String, Long> interactionsBySlice() {
    Map<String, Long> bySlice = new HashMap<>(Math.max(16, (int) (slices.size() / 0.75f) + 1));
    slices.forEach((key, counts) -> bySlice.put(key, Math.round(counts.interactions)));
    return bySlice;
  }

  /** Offers the observation's themes to {@link #mentions}: where each theme's mentions come from. */
  public void sampleMentions(Observation o) {
    if (mentions == null) {
      mentions = new HashMap<>();
    }
    MentionSample.Keys numbered = keys();
    int before = numbered.size();
    if (sampleBars == null) {
      sampleBars = new HashMap<>();
    }
    MentionSample.offer(mentions, numbered, sampleBars, o);
    if (numbered.size() != before) {
      mentionKeys = numbered.joined();
    }
  }

  /**
   * Where the window's sampled mentions of a theme lie: for each sampled mention, the slices below the
   * series it counts in (its values and their pairs); empty when the theme was not sampled.
   */
  public java.util.List<java.util.List<String>> mentionSlices(String term) {
    String sample = mentions == null ? null : mentions.get(term);
    java.util.List<java.util.List<String>> slices = new java.util.ArrayList<>();
    for (String entry : MentionSample.entries(sample)) {
      slices.add(MentionSample.slicesOf(entry, keys()));
    }
    return slices;
  }

  private MentionSample.Keys keys() {
    if (keys == null) {
      keys = new MentionSample.Keys(mentionKeys);
    }
    return keys;
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

  /**
   * Adds another window's breakdown, within the same cap. When either is sketched, the sum is too, and a
   * slice the cap leaves out goes into the sketch.
   */
  public Breakdown merge(Breakdown other, int maxSlices) {
    return merge(other, maxSlices, true);
  }

  /** As {@link #merge(Breakdown, int)}; without {@code withMentions}, the mention samples are left out. */
  public Breakdown merge(Breakdown other, int maxSlices, boolean withMentions) {
    return merge(other, maxSlices, withMentions, overflow != null || other.overflow != null);
  }

  /**
   * Adds part of this window's interactions, counted apart ({@link PartialWindow}), within this window's
   * cap: the same counts as adding those interactions one by one while the cap is not reached. When not
   * all the part's new slices fit, those with the most interactions enter first (ties by key), so what a
   * window keeps does not depend on how its interactions were split into parts' hash orders; with
   * {@code sketchOverflow} the part's sketch and the slices the cap leaves out go into this window's sketch,
   * without it both are left out.
   */
  public Breakdown addPart(Breakdown part, int maxSlices, boolean sketchOverflow) {
    return merge(part, maxSlices, true, sketchOverflow, true);
  }

  private Breakdown merge(Breakdown other, int maxSlices, boolean withMentions, boolean sketched) {
    return merge(other, maxSlices, withMentions, sketched, false);
  }

  /** With {@code busiestFirst}, slices new to this breakdown enter by most interactions when not all fit. */
  private Breakdown merge(Breakdown other, int maxSlices, boolean withMentions, boolean sketched,
      boolean busiestFirst) {
    total.add(other.total, 1.0);
    if (withMentions && other.mentions != null && !other.mentions.isEmpty()) {
      if (mentions == null) {
        mentions = new HashMap<>();
      }
      // The bars stay: a merge only adds lower ranks, so a bar can be too high (one more reading), never too low.
      MentionSample.merge(mentions, keys(), other.mentions, other.keys());
      mentionKeys = keys().joined();
    }
    dropped += other.dropped;
    if (sketched && other.overflow != null) {
      // The sum of two upper bounds bounds the sum.
      int[] counters = counters();
      for (int i = 0; i < other.overflow.length; i++) {
        counters[i] += other.overflow[i];
      }
    }
    Iterable<Map.Entry<String, SliceCounts>> entries = other.slices.entrySet();
    if (busiestFirst && slices.size() + other.slices.size() > maxSlices) {
      // Not all may fit: a part's own order is its hash order, so the busiest enter first (ties by key).
      List<Map.Entry<String, SliceCounts>> byInteractions = new ArrayList<>(other.slices.entrySet());
      byInteractions.sort(Comparator.comparingDouble((Map.Entry<String, SliceCounts> e) -> -e.getValue().interactions)
          .thenComparing(Map.Entry::getKey));
      entries = byInteractions;
    }
    for (Map.Entry<String, SliceCounts> entry : entries) {
      SliceCounts counts = slices.get(entry.getKey());
      if (counts != null) {
        counts.add(entry.getValue(), 1.0);
      } else if (slices.size() < maxSlices) {
        slices.put(entry.getKey(), entry.getValue().copy());
      } else {
        dropped++;
        if (sketched) {
          sketch(sketchHash(entry.getKey()), (int) Math.round(entry.getValue().interactions));
        }
      }
    }
    return this;
  }

  /**
   * The estimated interactions of a slice that is not among {@link #slices}, from the overflow sketch: the
   * smallest of its counters, which never falls below its true count (0 when nothing was sketched). With
   * conservative update it rarely exceeds it by much: on a window whose catalog holds twice the cap's
   * slices, by 0.2 interactions on average (measured in {@code AggregateMetricsTest}).
   */
  public double overflowEstimate(String key) {
    if (overflow == null) {
      return 0;
    }
    long hash = sketchHash(key);
    int smallest = Integer.MAX_VALUE;
    for (int row = 0; row < SKETCH_ROWS; row++) {
      smallest = Math.min(smallest, overflow[row * SKETCH_WIDTH + column(hash, row)]);
    }
    return smallest;
  }

  /** Whether slices left out by the cap were sketched, so that {@link #overflowEstimate} means something. */
  public boolean sketched() {
    return overflow != null;
  }

  /** Conservative update: only the counters at the slice's current estimate rise, which keeps collisions small. */
  private void sketch(long hash, int interactions) {
    if (interactions <= 0) {
      return;
    }
    int[] counters = counters();
    int smallest = Integer.MAX_VALUE;
    for (int row = 0; row < SKETCH_ROWS; row++) {
      smallest = Math.min(smallest, counters[row * SKETCH_WIDTH + column(hash, row)]);
    }
    int raised = smallest + interactions;
    for (int row = 0; row < SKETCH_ROWS; row++) {
      int at = row * SKETCH_WIDTH + column(hash, row);
      counters[at] = Math.max(counters[at], raised);
    }
  }

  private int[] counters() {
    if (overflow == null) {
      overflow = new int[SKETCH_ROWS * SKETCH_WIDTH];
    }
    return overflow;
  }

  /** The sketch's hash of a slice key, the same whether the key is hashed whole or as a pair of its nodes. */
  static long sketchHash(String key) {
    int bar = key.indexOf('|');
    return bar < 0 ? mix(key.hashCode())
        : pairHash(mix(key.substring(0, bar).hashCode()), mix(key.substring(bar + 1).hashCode()));
  }

  private static long pairHash(long first, long second) {
    return mix(first * 31 + second);
  }

  private static int column(long hash, int row) {
    // Each row hashes again with its own offset, so the rows' collisions are independent.
    return (int) ((mix(hash + row * 0x9e3779b97f4a7c15L) & 0xffffffffL) % SKETCH_WIDTH);
  }

  /** A 64-bit finaliser (SplitMix64's): every input bit moves every output bit. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  /** A deep copy. */
  public Breakdown copy() {
    Breakdown copy = new Breakdown();
    copy.total = total.copy();
    copy.dropped = dropped;
    copy.overflow = overflow == null ? null : overflow.clone();
    copy.mentions = mentions == null ? new HashMap<>() : new HashMap<>(mentions);
    copy.mentionKeys = mentionKeys;
    // Sized once and filled by key; the values are then replaced in place, without rehashing.
    copy.slices = new HashMap<>(slices);
    copy.slices.replaceAll((key, counts) -> counts.copy());
    return copy;
  }

  /**
   * The counts alone, sharing this breakdown's slice map and total rather than copying them: for keeping
   * a window that nothing changes any more (a result handed out) without its mention samples or sketch.
   */
  public Breakdown countsOnly() {
    Breakdown counts = new Breakdown();
    counts.slices = slices;
    counts.total = total;
    counts.dropped = dropped;
    return counts;
  }

  /** Whether nothing was counted. */
  public boolean isEmpty() {
    return total.interactions == 0;
  }
}
