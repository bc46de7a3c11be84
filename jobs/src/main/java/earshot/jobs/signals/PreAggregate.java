package earshot.jobs.signals;

import earshot.jobs.metrics.Observation;
import earshot.jobs.metrics.PartialWindow;
import earshot.jobs.metrics.PartialWindows;
import earshot.jobs.metrics.WindowFold;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Counts each task's observations per series and span ({@link PartialWindows}) before they are keyed to
 * the windows, so that the windows take one part per series, span and task instead of every observation.
 * Consumes observations, emits {@link PartialWindow}s, each stamped with the last millisecond of its span.
 *
 * <p>Guarantees: a part is emitted before the watermark that closes its span, so the windows count it on
 * time; an observation that comes after its span closed is emitted alone at once (a late record revises
 * its window as before). Holds no state: everything held is emitted before a checkpoint barrier and at the
 * end of the input, so a restore loses and repeats nothing. Chains to the operator before it.
 */
public final class PreAggregate extends AbstractStreamOperator<PartialWindow>
    implements OneInputStreamOperator<Observation, PartialWindow> {

  private static final long serialVersionUID = 1L;

  private final List<Duration> windows;
  private final int maxObservations;
  private final WindowFold fold;
  private transient PartialWindows parts;
  private transient long watermark;
  private transient Consumer<PartialWindow> emit;

  public PreAggregate(List<Duration> windows, int maxObservations,
      WindowFold fold) {
    this.windows = List.copyOf(windows);
    this.maxObservations = maxObservations;
    this.fold = fold;
  }

  @Override
  public void open() throws Exception {
    super.open();
    parts = new PartialWindows(windows, maxObservations, fold);
    watermark = Long.MIN_VALUE;
    StreamRecord<PartialWindow> reused = new StreamRecord<>(null);
    emit = part -> output.collect(reused.replace(part, parts.timestampOf(part)));
  }

  @Override
  public void processElement(StreamRecord<Observation> element) {
    parts.add(element.getValue(), element.getTimestamp(), watermark, emit);
  }

  @Override
  public void processWatermark(Watermark mark) throws Exception {
    watermark = mark.getTimestamp();
    parts.advance(watermark, emit);
    super.processWatermark(mark);
  }

  @Override
  public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
    parts.handOverAll(emit);
    super.prepareSnapshotPreBarrier(checkpointId);
  }

  @Override
  public void finish() throws Exception {
    parts.handOverAll(emit);
    super.finish();
  }
}
