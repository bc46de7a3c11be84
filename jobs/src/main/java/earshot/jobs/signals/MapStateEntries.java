package earshot.jobs.signals;

import earshot.jobs.detect.StateEntries;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.util.FlinkRuntimeException;

/** {@link StateEntries} of the current key in a Flink {@link MapState}. */
final class MapStateEntries<K, V> implements StateEntries<K, V> {

  private final MapState<K, V> state;

  MapStateEntries(MapState<K, V> state) {
    this.state = state;
  }

  @Override
  public V get(K key) {
    try {
      return state.get(key);
    } catch (Exception e) {
      throw new FlinkRuntimeException("reading keyed state failed", e);
    }
  }

  @Override
  public void put(K key, V value) {
    try {
      state.put(key, value);
    } catch (Exception e) {
      throw new FlinkRuntimeException("writing keyed state failed", e);
    }
  }

  @Override
  public void remove(K key) {
    try {
      state.remove(key);
    } catch (Exception e) {
      throw new FlinkRuntimeException("writing keyed state failed", e);
    }
  }
}
