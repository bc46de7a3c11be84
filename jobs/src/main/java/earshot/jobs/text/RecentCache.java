package earshot.jobs.text;

import java.util.HashMap;

/**
 * A bounded map of recent results in two generations: new entries go to the young one; when it is
 * full it becomes the old one (the former old one is dropped) and a new young one starts; an entry
 * found in the old generation moves to the young one. Holds at most twice the generation size, as
 * a hostile flood of distinct keys needs; unlike a map cleared when full, a stream with more
 * distinct keys than that (every web address and user handle of a tweet stream is one) keeps its
 * frequent keys cached. Not thread-safe.
 */
final class RecentCache<K, V> {

  private final int generation;
  private HashMap<K, V> young = new HashMap<>();
  private HashMap<K, V> old = new HashMap<>();

  /** @param generation entries per generation (at most twice this many are held) */
  RecentCache(int generation) {
    if (generation < 1) {
      throw new IllegalArgumentException("a generation needs room for one entry, got " + generation);
    }
    this.generation = generation;
  }

  /** The value remembered for a key, or null. */
  V get(K key) {
    V value = young.get(key);
    if (value == null && !old.isEmpty()) {
      value = old.remove(key);
      if (value != null) {
        put(key, value);
      }
    }
    return value;
  }

  void put(K key, V value) {
    if (young.size() >= generation && !young.containsKey(key)) {
      old = young;
      young = new HashMap<>();
    }
    young.put(key, value);
  }

  /** Entries held, in both generations. */
  int size() {
    return young.size() + old.size();
  }
}
