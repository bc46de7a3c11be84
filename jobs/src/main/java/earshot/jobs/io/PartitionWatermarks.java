package earshot.jobs.io;

import java.time.Duration;
import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.util.clock.RelativeClock;

/**
 * Event time of one input partition: bounded out-of-orderness, the partition ignored once it has been
 * quiet for the idleness time, and held back for a while when it comes back.
 *
 * <p>Why the hold: when every partition has gone idle (nothing upstream for a while: an outage, a stalled
 * job upstream) and data comes back to all of them at once, they are not read at the same instant. Idle
 * partitions do not hold event time back, so the first one read would carry the watermark through its
 * whole backlog, and the records the others hold, just as old, would all arrive behind it. A partition
 * that comes back therefore reports, for {@code resumeHold}, the watermark it had before it went idle:
 * it is active again (it holds the others back) but does not move event time on, which gives the others
 * time to come back too. A partition that stays empty stops holding back event time again after the
 * idleness time, as before.
 *
 * <p>Quiet time is measured on the source's input-activity clock, which stands still while the source is
 * back-pressured, so a source waiting for its consumers is not taken for an idle one.
 */
public final class PartitionWatermarks<T> implements WatermarkGenerator<T> {

  private final long outOfOrdernessMillis;
  private final long idleNanos;
  private final long holdNanos;
  private final RelativeClock clock;

  private long maxTimestamp;
  private long emitted = Long.MIN_VALUE;
  private long events;
  private long eventsSeen;
  private long quietSince;
  private boolean idle;
  private long heldSince = -1;

  PartitionWatermarks(Duration outOfOrderness, Duration idleness, Duration resumeHold, RelativeClock clock) {
    this.outOfOrdernessMillis = outOfOrderness.toMillis();
    this.idleNanos = idleness.toNanos();
    this.holdNanos = resumeHold.toNanos();
    this.clock = clock;
    this.maxTimestamp = Long.MIN_VALUE + outOfOrdernessMillis + 1;
    this.quietSince = clock.relativeTimeNanos();
  }

  /** The strategy for a source whose partitions each get a {@link PartitionWatermarks}. */
  public static <T> WatermarkStrategy<T> strategy(Duration outOfOrderness, Duration idleness, Duration resumeHold,
      SerializableTimestampAssigner<T> timestamps) {
    return WatermarkStrategy.<T>forGenerator(context ->
            new PartitionWatermarks<>(outOfOrderness, idleness, resumeHold, context.getInputActivityClock()))
        .withTimestampAssigner(timestamps);
  }

  @Override
  public void onEvent(T event, long timestamp, WatermarkOutput output) {
    if (timestamp > maxTimestamp) {
      maxTimestamp = timestamp;
    }
    events++;
  }

  @Override
  public void onPeriodicEmit(WatermarkOutput output) {
    long now = clock.relativeTimeNanos();
    if (events != eventsSeen) {
      eventsSeen = events;
      quietSince = now;
      if (idle) {
        idle = false;
        heldSince = now;
      }
    } else if (!idle && now - quietSince >= idleNanos) {
      idle = true;
      heldSince = -1;
    }
    if (idle) {
      output.markIdle();
      return;
    }
    if (heldSince >= 0 && now - heldSince < holdNanos) {
      output.emitWatermark(new Watermark(emitted)); // active again, at the time it had reached
      return;
    }
    heldSince = -1;
    emitted = Math.max(emitted, maxTimestamp - outOfOrdernessMillis - 1);
    output.emitWatermark(new Watermark(emitted));
  }
}
