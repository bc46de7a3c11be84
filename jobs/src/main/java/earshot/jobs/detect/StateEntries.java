package earshot.jobs.detect;

import java.util.HashMap;
import java.util.Map;

/**
 * Entries of a series' state kept apart from {@link SeriesState}, each read and written on its own.
 * On a state backend that serialises state at every access (RocksDB), a window then costs what it
 * reads and changes, not everything the series has learned. The signals job backs it with a Flink
 * {@code MapState}; plain Java callers with a map ({@link #inMemory()}).
 *
 * <p>A value read may be a copy: whoever changes one puts it back.
 */
public interface StateEntries<K, V> {

  /** The value under {@code key}, or null. */
  V get(K key);

  void put(K key, V value);

  void remove(K key);

  /** Entries in a map of their own, for callers that keep a series' state in memory (tests, tools). */
  static <K, V> StateEntries<K, V> inMemory() {
    Map<K, V> map = new HashMap<>();
    return new StateEntries<>() {
      @Override
      public V get(K key) {
        return map.get(key);
      }

      @Override
      public void put(K key, V value) {
        map.put(key, value);
      }

      @Override
      public void remove(K key) {
        map.remove(key);
      }
    };
  }
}
