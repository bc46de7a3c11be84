package earshot.jobs.signals;

import earshot.jobs.metrics.Breakdown;
import earshot.jobs.metrics.WindowResult;
import earshot.schemas.MetricSnapshot;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;

/**
 * A metric window on its way to {@link CountLateRecords}: the snapshot to publish and, on the windows that
 * carry DATA_QUALITY alerts, its interactions per dimension value below the series (from the window's
 * breakdown; empty otherwise), so that late records can be compared with the on-time ones of the same
 * value. Only the single values travel, not the pairs or the other counts. A plain value class (Flink POJO).
 */
public class TrackedWindow {

  public MetricSnapshot snapshot;
  /** Interactions per dimension value (dimension=value) of the window; empty when not counted. */
  public Map<String, Long> interactionsByValue = new HashMap<>();

  public TrackedWindow() {}

  public TrackedWindow(MetricSnapshot snapshot, Map<String, Long> interactionsByValue) {
    this.snapshot = snapshot;
    this.interactionsByValue = interactionsByValue;
  }

  /** The window's snapshot, with its interactions per value when {@code withValues}. */
  public static TrackedWindow of(WindowResult result, boolean withValues) {
    Breakdown breakdown = result.breakdown;
    return new TrackedWindow(result.snapshot,
        withValues && breakdown != null ? breakdown.interactionsByValue() : new HashMap<>());
  }

  /** Flink's type: the snapshot through Avro, the counts as a map of strings to longs. */
  static TypeInformation<TrackedWindow> type() {
    return Types.POJO(TrackedWindow.class, Map.of(
        "snapshot", new AvroTypeInfo<>(MetricSnapshot.class),
        "interactionsByValue", Types.MAP(Types.STRING, Types.LONG)));
  }
}
