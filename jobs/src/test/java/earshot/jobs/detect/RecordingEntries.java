package earshot.jobs.detect;

import java.util.HashMap;
import java.util.Map;

/** State entries in a map that count their reads and writes, for tests of what a window touches. */
final class RecordingEntries<K, V> implements StateEntries<K, V> {

  final Map<K, V> map = new HashMap<>();
  int gets;
  int puts;

  @Override
  public V get(K key) {
    gets++;
    return map.get(key);
  }

  @Override
  public void put(K key, V value) {
    puts++;
    map.put(key, value);
  }

  @Override
  public void remove(K key) {
    map.remove(key);
  }
}
