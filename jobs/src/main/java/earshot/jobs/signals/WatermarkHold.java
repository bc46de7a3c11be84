package earshot.jobs.signals;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.streaming.api.TimerService;

/**
 * Items held in keyed map state, by event time, until the watermark passes them: a keyed function
 * then takes the items of one key in event-time order however their paths reordered them. The
 * function owns the state (its name, type and TTL) and its timers call {@link #release}.
 */
final class WatermarkHold<T> {

  private final MapState<Long, List<T>> pending;

  WatermarkHold(MapState<Long, List<T>> pending) {
    this.pending = pending;
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
    List<T> batch = pending.get(at);
    if (batch == null) {
      batch = new ArrayList<>(2);
    }
    batch.add(item);
    pending.put(at, batch);
    timers.registerEventTimeTimer(at);
    return true;
  }

  /**
   * Until when an item of event time {@code at} is held: {@code at}; in watermark order (replays), an item
   * that came later than the watermark also waits until the watermark passes the one it was routed at,
   * since which items a task's watermark has passed when they arrive depends on the other inputs' timing.
   */
  static long until(long at, long routedAtWatermark, boolean watermarkOrder) {
    if (!watermarkOrder || routedAtWatermark == Long.MIN_VALUE) {
      return at;
    }
    return Math.max(at, passed(routedAtWatermark));
  }

  /** The first timer time that fires only once the watermark has passed {@code watermark} (the end of time stays). */
  static long passed(long watermark) {
    return watermark == Long.MAX_VALUE ? watermark : watermark + 1;
  }

  /** The items held for a timer's time, no longer held; null when nothing was held for it. */
  List<T> release(long timestamp) throws Exception {
    List<T> batch = pending.get(timestamp);
    if (batch != null) {
      pending.remove(timestamp);
    }
    return batch;
  }
}
