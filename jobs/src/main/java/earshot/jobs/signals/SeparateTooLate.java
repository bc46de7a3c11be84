package earshot.jobs.signals;

import earshot.schemas.AvroTrust;
import earshot.schemas.EnrichedInteraction;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Sends interactions older than the watermark minus the allowed lateness to the {@link #TOO_LATE}
 * side output, where they are counted and kept, instead of letting windows drop them silently.
 * Everything that passes is still accepted by every window it falls in: the window operator
 * downstream never has a later watermark than this operator had when it forwarded the record.
 */
public final class SeparateTooLate extends ProcessFunction<EnrichedInteraction, EnrichedInteraction> {

  // Task managers read Earshot's Avro records as soon as this function is deployed (state
  // restore comes before open()): trust the generated classes when this class loads.
  static {
    AvroTrust.install();
  }

  private static final long serialVersionUID = 1L;

  public static final OutputTag<EnrichedInteraction> TOO_LATE =
      new OutputTag<>("too-late", new AvroTypeInfo<>(EnrichedInteraction.class));

  private final long allowedLatenessMillis;
  private transient Counter tooLate;

  public SeparateTooLate(Duration allowedLateness) {
    this.allowedLatenessMillis = allowedLateness.toMillis();
  }

  @Override
  public void open(OpenContext context) {
    tooLate = getRuntimeContext().getMetricGroup().counter("earshotLateRecords");
  }

  @Override
  public void processElement(EnrichedInteraction value, Context context, Collector<EnrichedInteraction> out) {
    long watermark = context.timerService().currentWatermark();
    Long timestamp = context.timestamp();
    if (timestamp != null && watermark != Long.MIN_VALUE && timestamp < watermark - allowedLatenessMillis) {
      tooLate.inc();
      context.output(TOO_LATE, value);
    } else {
      out.collect(value);
    }
  }
}
