package earshot.jobs.signals;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.ListTypeInfo;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.TimerService;

/**
 * Items held in keyed state until the watermark passes them, as {@link WatermarkHold} does, but one
 * map entry per item: for a key that holds many items per timestamp. {@link WatermarkHold} keeps a
 * timestamp's items in one list, which a backend that serialises its state (RocksDB) reads and writes
 * whole at every hold, so holding n items for one timestamp costs in the order of n² item copies. Here
 * holding an item reads one count and writes the count and the item, on any backend.
 *
 * <p>A function that held its items in a {@link WatermarkHold} before names that state too: what a
 * savepoint of that version holds is released with the rest when its timers fire, so an upgrade
 * loses nothing. The caller's timers call {@link #release}.
 */
final class WatermarkQueue<T> {

  private final MapState<Long, Integer> counts;
  private final MapState<Tuple2<Long, Integer>, T> items;
  private final WatermarkHold<T> heldBefore;

  WatermarkQueue(MapState<Long, Integer> counts, MapState<Tuple2<Long, Integer>, T> items, WatermarkHold<T> heldBefore) {
    this.counts = counts;
    this.items = items;
    this.heldBefore = heldBefore;
  }

  /**
   * A queue in keyed state named {@code name} (the counts per timestamp) and {@code name-items}.
   *
   * @param listsBefore the state in which a previous version held the items as one list per timestamp
   *     ({@link WatermarkHold}), read to drain a savepoint
   */
  static <T> WatermarkQueue<T> in(RuntimeContext context, String name, TypeInformation<T> type, String listsBefore) {
    MapState<Long, Integer> counts = context.getMapState(new MapStateDescriptor<>(name, Types.LONG, Types.INT));
    MapState<Tuple2<Long, Integer>, T> items = context.getMapState(
        new MapStateDescriptor<>(name + "-items", Types.TUPLE(Types.LONG, Types.INT), type));
    WatermarkHold<T> before = new WatermarkHold<>(
        context.getMapState(new MapStateDescriptor<>(listsBefore, Types.LONG, new ListTypeInfo<>(type))));
    return new WatermarkQueue<>(counts, items, before);
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

  /**
   * The items held for a timer's time, in the order they were held (any a previous version held first),
   * no longer held; empty when none were. The list is the caller's to change.
   */
  List<T> release(long timestamp) throws Exception {
    List<T> before = heldBefore.release(timestamp);
    List<T> released = before == null ? new ArrayList<>() : before;
    Integer held = counts.get(timestamp);
    if (held == null) {
      return released;
    }
    for (int sequence = 0; sequence < held; sequence++) {
      Tuple2<Long, Integer> key = Tuple2.of(timestamp, sequence);
      released.add(items.get(key));
      items.remove(key);
    }
    counts.remove(timestamp);
    return released;
  }
}
