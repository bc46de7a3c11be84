package earshot.jobs.signals;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.TimerService;

/**
 * Items held in keyed state until the watermark passes them, as {@link WatermarkHold} does, but one
 * map entry per item: for a key that holds many items per timestamp. {@link WatermarkHold} keeps a
 * timestamp's items in one list, which a backend that serialises its state (RocksDB) reads and writes
 * whole at every hold, so holding n items for one timestamp costs in the order of n² item copies. Here
 * holding an item reads one count and writes the count and the item, on any backend.
 *
 * <p>The caller owns both states (their names and types: {@code counts} maps a timestamp to the items
 * held for it, {@code items} a timestamp and a sequence number to one item) and its timers call
 * {@link #release}.
 */
final class WatermarkQueue<T> {

  private final MapState<Long, Integer> counts;
  private final MapState<Tuple2<Long, Integer>, T> items;

  WatermarkQueue(MapState<Long, Integer> counts, MapState<Tuple2<Long, Integer>, T> items) {
    this.counts = counts;
    this.items = items;
  }

  /**
   * Holds an item until the watermark reaches {@code at}, with an event-time timer there.
   *
   * @return false, holding nothing, when the watermark has passed {@code at} already: the caller takes it now
   */
  boolean hold(long at, T item, TimerService timers) throws Exception {
    if (at <= timers.currentWatermark()) {
      return false;
    }
    Integer held = counts.get(at);
    int sequence = held == null ? 0 : held;
    items.put(Tuple2.of(at, sequence), item);
    counts.put(at, sequence + 1);
    if (held == null) {
      timers.registerEventTimeTimer(at);
    }
    return true;
  }

  /** The items held for a timer's time, in the order they were held, no longer held; empty when none were. */
  List<T> release(long timestamp) throws Exception {
    Integer held = counts.get(timestamp);
    if (held == null) {
      return List.of();
    }
    List<T> released = new ArrayList<>(held);
    for (int sequence = 0; sequence < held; sequence++) {
      Tuple2<Long, Integer> key = Tuple2.of(timestamp, sequence);
      released.add(items.get(key));
      items.remove(key);
    }
    counts.remove(timestamp);
    return released;
  }
}
