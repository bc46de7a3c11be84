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
 * carry DATA_QUALITY alerts, its interactions per dimension value below the series and per pair of them
 * (from the window's breakdown; empty otherwise), so that late records can be compared with the on-time
 * ones of the same value or pair. Only the interaction counts travel, not the other counts. A window that
 * reached its slice cap sends its single values alone. A plain value class (Flink POJO).
 */
public class TrackedWindow {

  public MetricSnapshot snapshot;
  /**
   * Interactions per dimension value (dimension=value) of the window and, when {@link #allPairs}, per pair
   * (two of them joined by '|'); empty when not counted.
   */
  public Map<String, Long> interactionsByValue = new HashMap<>();
  /** Whether {@link #interactionsByValue} holds every pair of the window (false at the slice cap, or when not counted). */
  public boolean allPairs;
  /** The watermark of the window operator that emitted the snapshot ({@link WindowResult#emittedAtWatermark}). */
  public long emittedAtWatermark = Long.MIN_VALUE;

  public TrackedWindow() {}

  public TrackedWindow(MetricSnapshot snapshot, Map<String, Long> interactionsByValue) {
    this(snapshot, interactionsByValue, false);
  }

  public TrackedWindow(MetricSnapshot snapshot, Map<String, Long> interactionsByValue, boolean allPairs) {
    this.snapshot = snapshot;
    this.interactionsByValue = interactionsByValue;
    this.allPairs = allPairs;
  }

  /** The window's snapshot, with its interactions per value and pair when {@code withValues}. */
  public static TrackedWindow of(WindowResult result, boolean withValues) {
    Breakdown breakdown = result.breakdown;
    TrackedWindow tracked;
    if (!withValues || breakdown == null) {
      tracked = new TrackedWindow(result.snapshot, new HashMap<>(), false);
    } else if (breakdown.dropped == 0) {
      tracked = new TrackedWindow(result.snapshot, breakdown.interactionsBySlice(), true);
    } else {
      tracked = new TrackedWindow(result.snapshot, breakdown.interactionsByValue(), false);
    }
    tracked.emittedAtWatermark = result.emittedAtWatermark;
    return tracked;
  }

  /** Flink's type: the snapshot through Avro, the counts as a map of strings to longs. */
  static TypeInformation<TrackedWindow> type() {
    return Types.POJO(TrackedWindow.class, Map.of(
        "snapshot", new AvroTypeInfo<>(MetricSnapshot.class),
        "interactionsByValue", Types.MAP(Types.STRING, Types.LONG),
        "allPairs", Types.BOOLEAN,
        "emittedAtWatermark", Types.LONG));
  }
}
