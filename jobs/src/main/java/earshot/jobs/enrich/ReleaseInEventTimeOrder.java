package earshot.jobs.enrich;

import earshot.schemas.AvroTrust;
import earshot.schemas.EnrichedInteraction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Releases enriched interactions in event-time order, one ordered stream per key. Keyed by the
 * enriched partition a record will be written to ({@link EnrichedPartitions}), and chained to the
 * Kafka sink, it makes each enriched partition a stream sorted by {@code occurredAt}, whatever the
 * order in which the enrich job read its input partitions and however its parallel subtasks
 * interleave: a record is held until the job's watermark (the slowest input partition, minus
 * {@code enrich.out-of-orderness}) passes its time, then released by an event-time timer, and timers
 * fire in timestamp order.
 *
 * <p>When the watermark does not move at all for {@code quiet} (processing time) while records are
 * held, the stream has gone quiet (the end of a burst, a night with no contacts): the held records are
 * released, still in order, rather than waiting for the next contact; what arrives later with an
 * earlier time is then behind. A record that is behind when it arrives (behind the watermark or the
 * last record released: out of order by more than the bound within its input partition, or from a
 * partition that had gone idle) cannot be put in order any more: it is released at once and counted
 * ({@code earshotEnrichOutOfOrder}). The signals job then decides whether it is still in time.
 */
public final class ReleaseInEventTimeOrder
    extends KeyedProcessFunction<Integer, EnrichedInteraction, EnrichedInteraction> {

  // Task managers read Earshot's Avro records as soon as this function is deployed (state
  // restore comes before open()): trust the generated classes when this class loads.
  static {
    AvroTrust.install();
  }

  private static final long serialVersionUID = 1L;

  private final long quietMillis;

  private transient MapState<Long, List<EnrichedInteraction>> held;
  /** The latest time released by a quiet-stream release (Long.MIN_VALUE before any). */
  private transient ValueState<Long> releasedUpTo;
  /** The watermark when the pending quiet-stream check was set, or null when none is pending. */
  private transient ValueState<Long> watermarkAtCheck;
  private transient Counter outOfOrder;

  /** @param quiet how long the watermark may stand still before held records are released anyway */
  public ReleaseInEventTimeOrder(Duration quiet) {
    this.quietMillis = quiet.toMillis();
  }

  @Override
  public void open(OpenContext context) {
    held = getRuntimeContext().getMapState(new MapStateDescriptor<>("held", Types.LONG,
        Types.LIST(new AvroTypeInfo<>(EnrichedInteraction.class))));
    releasedUpTo = getRuntimeContext().getState(new ValueStateDescriptor<>("released-up-to", Types.LONG));
    watermarkAtCheck = getRuntimeContext().getState(new ValueStateDescriptor<>("watermark-at-check", Types.LONG));
    outOfOrder = getRuntimeContext().getMetricGroup().counter("earshotEnrichOutOfOrder");
  }

  @Override
  public void processElement(EnrichedInteraction record, Context context, Collector<EnrichedInteraction> out)
      throws Exception {
    long time = record.getInteraction().getOccurredAt().toEpochMilli();
    long watermark = context.timerService().currentWatermark();
    Long released = releasedUpTo.value();
    if (time <= watermark || (released != null && time <= released)) {
      outOfOrder.inc();
      out.collect(record);
      return;
    }
    List<EnrichedInteraction> atTime = held.get(time);
    if (atTime == null) {
      atTime = new ArrayList<>(1);
      context.timerService().registerEventTimeTimer(time);
    }
    atTime.add(record);
    held.put(time, atTime);
    if (watermarkAtCheck.value() == null) {
      watermarkAtCheck.update(watermark);
      context.timerService().registerProcessingTimeTimer(context.timerService().currentProcessingTime() + quietMillis);
    }
  }

  @Override
  public void onTimer(long time, OnTimerContext context, Collector<EnrichedInteraction> out) throws Exception {
    if (context.timeDomain() == TimeDomain.EVENT_TIME) {
      List<EnrichedInteraction> atTime = held.get(time);
      if (atTime != null) {
        atTime.forEach(out::collect);
        held.remove(time);
      }
      return;
    }
    long watermark = context.timerService().currentWatermark();
    Long atCheck = watermarkAtCheck.value();
    watermarkAtCheck.clear();
    if (held.isEmpty()) {
      return;
    }
    if (atCheck != null && atCheck == watermark) {
      releaseAll(context, out);
      return;
    }
    watermarkAtCheck.update(watermark); // still moving: look again later
    context.timerService().registerProcessingTimeTimer(context.timerService().currentProcessingTime() + quietMillis);
  }

  /** Releases every held record in time order and remembers the latest time released. */
  private void releaseAll(OnTimerContext context, Collector<EnrichedInteraction> out) throws Exception {
    List<Long> times = new ArrayList<>();
    held.keys().forEach(times::add);
    times.sort(null);
    for (long time : times) {
      held.get(time).forEach(out::collect);
      context.timerService().deleteEventTimeTimer(time);
    }
    held.clear();
    releasedUpTo.update(times.get(times.size() - 1));
  }
}
