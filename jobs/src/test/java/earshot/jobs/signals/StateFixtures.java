package earshot.jobs.signals;

import earshot.jobs.config.EarshotConfig;
import earshot.jobs.detect.AlertGrouper;
import earshot.jobs.detect.SeriesMonitor;
import earshot.jobs.detect.SeriesState;
import earshot.jobs.metrics.CxMetrics;
import earshot.jobs.metrics.Observation;
import earshot.jobs.metrics.SeriesCatalog;
import earshot.jobs.metrics.WindowResult;
import earshot.schemas.Alert;
import earshot.schemas.Channel;
import earshot.schemas.Interaction;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * Keyed state as the signals job holds it after three days of a small catalog, made by the job's own
 * functions (aggregation, detectors, slice watch, alert grouping) with the default configuration: the
 * global series' and touchpoint=billing's detector state, an hourly window's accumulator (with a slice
 * cap small enough to drop slices) and the alert groups after a detractor incident on billing.
 *
 * <p>{@link #write} records them as a release leaves them in a savepoint, per type: the serializer's
 * snapshot ({@code NAME.snapshot}), the value's bytes ({@code NAME.bytes}) and its {@link StateDump}
 * ({@code NAME.fields.gz}, gzipped lines). {@code StateUpgradeTest} restores every recorded release with the current
 * classes. Only API that older releases have is used here, so this class can record them too.
 */
final class StateFixtures {

  /** The recorded states and the classes they restore as. */
  static final Map<String, Class<?>> TYPES = types();

  private StateFixtures() {}

  private static Map<String, Class<?>> types() {
    Map<String, Class<?>> types = new LinkedHashMap<>();
    types.put("window-accumulator", CxMetrics.class);
    types.put("series-global", SeriesState.class);
    types.put("series-touchpoint-billing", SeriesState.class);
    types.put("alert-groups", AlertGrouper.Groups.class);
    return types;
  }

  /** The states, by the names of {@link #TYPES}. */
  static Map<String, Object> samples() {
    SignalsSettings settings = SignalsSettings.from(EarshotConfig.defaults());
    SeriesCatalog catalog = settings.series();
    AggregateMetrics aggregate = AggregateMetrics.forWindow(settings, true);
    AggregateMetrics capped = new AggregateMetrics(12);
    SeriesMonitor monitor = new SeriesMonitor(settings.detectors(), settings.emergingMaxDimensions(),
        settings.rootCauses(), settings.slices());
    AlertGrouper grouper = new AlertGrouper(settings.detectors().cooldownWindows());
    AlertGrouper.Groups groups = new AlertGrouper.Groups();
    Map<String, SeriesState> states = new TreeMap<>();
    CxMetrics accumulator = null;
    Random random = new Random(17);
    long start = Instant.parse("2026-11-02T00:00:00Z").toEpochMilli();
    long hour = 3_600_000L;
    String[] touchpoints = {"billing", "delivery", "support"};
    String[] regions = {"north", "south"};
    String[] segments = {"SMB", "consumer"};
    String[] phrases = {"late delivery", "double charge", "friendly agent", "app login", "long wait"};
    for (int h = 0; h < 72; h++) {
      Map<String, CxMetrics> windows = new TreeMap<>();
      accumulator = capped.createAccumulator();
      int interactions = 150 + random.nextInt(50);
      for (int i = 0; i < interactions; i++) {
        String touchpoint = touchpoints[random.nextInt(touchpoints.length)];
        boolean incident = h >= 62 && touchpoint.equals("billing");
        long at = start + h * hour + i * (hour / interactions);
        Interaction interaction = Interaction.newBuilder().setInteractionId("h" + h + "-" + i)
            .setChannel(random.nextBoolean() ? Channel.CALL : Channel.CHAT).setOccurredAt(Instant.ofEpochMilli(at))
            .setTouchpoint(touchpoint).setRegion(regions[random.nextInt(regions.length)])
            .setSegment(segments[random.nextInt(segments.length)]).build();
        Observation o = new Observation();
        o.interactionId = interaction.getInteractionId();
        o.occurredAt = at;
        o.nps = incident ? random.nextInt(5) : 4 + random.nextInt(7);
        o.analysed = true;
        o.sentimentScore = incident ? -0.6 : random.nextDouble() * 2 - 0.8;
        o.negative = o.sentimentScore < -0.3;
        o.waitSeconds = random.nextInt(300);
        o.transfers = random.nextInt(8) == 0 ? 1 : 0;
        o.keyPhrases = new ArrayList<>(List.of(incident ? "double charge" : phrases[random.nextInt(phrases.length)]));
        o.intents = new ArrayList<>(List.of(incident ? "billing_problem" : "praise"));
        o.text = "customer text " + i;
        o.sliceKeys = catalog.sliceKeysFor(interaction);
        for (String key : catalog.keysFor(interaction)) {
          Observation inSeries = o.inSeries(key, catalog.sliceMaskOf(key));
          aggregate.add(inSeries, windows.computeIfAbsent(key, k -> aggregate.createAccumulator()));
          if (SeriesCatalog.GLOBAL.equals(key)) {
            capped.add(inSeries, accumulator);
          }
        }
      }
      List<Alert> alerts = new ArrayList<>();
      for (Map.Entry<String, CxMetrics> window : windows.entrySet()) {
        WindowResult result = WindowResult.of(window.getKey(), start + h * hour, start + (h + 1) * hour, 0,
            window.getValue());
        SeriesState state = states.computeIfAbsent(window.getKey(), k -> new SeriesState());
        alerts.addAll(monitor.onWindow(state, result.snapshot, result.terms, result.breakdown));
      }
      grouper.onWindow(alerts, groups);
    }
    Map<String, Object> samples = new LinkedHashMap<>();
    samples.put("window-accumulator", accumulator);
    samples.put("series-global", states.get(SeriesCatalog.GLOBAL));
    samples.put("series-touchpoint-billing", states.get("touchpoint=billing"));
    samples.put("alert-groups", groups);
    return samples;
  }

  static <T> TypeSerializer<T> serializer(Class<T> type) {
    return TypeInformation.of(type).createSerializer(new SerializerConfigImpl());
  }

  /** Records {@link #samples} into {@code dir} as described above. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static void write(Path dir) throws IOException {
    Files.createDirectories(dir);
    for (Map.Entry<String, Object> sample : samples().entrySet()) {
      TypeSerializer serializer = serializer(TYPES.get(sample.getKey()));
      DataOutputSerializer snapshot = new DataOutputSerializer(1024);
      TypeSerializerSnapshot.writeVersionedSnapshot(snapshot, serializer.snapshotConfiguration());
      Files.write(dir.resolve(sample.getKey() + ".snapshot"), snapshot.getCopyOfBuffer());
      DataOutputSerializer bytes = new DataOutputSerializer(1 << 16);
      serializer.serialize(sample.getValue(), bytes);
      Files.write(dir.resolve(sample.getKey() + ".bytes"), bytes.getCopyOfBuffer());
      try (Writer fields = new OutputStreamWriter(new GZIPOutputStream(
          Files.newOutputStream(dir.resolve(sample.getKey() + ".fields.gz"))), StandardCharsets.UTF_8)) {
        fields.write(String.join("\n", StateDump.of(sample.getValue())) + "\n");
      }
    }
  }
}
