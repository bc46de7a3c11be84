package earshot.lab.run;

import earshot.jobs.config.EarshotConfig;
import earshot.jobs.detect.AlertGrouper;
import earshot.jobs.detect.SeriesMonitor;
import earshot.jobs.detect.SeriesState;
import earshot.jobs.metrics.CxMetrics;
import earshot.jobs.metrics.Observation;
import earshot.jobs.metrics.WindowResult;
import earshot.jobs.signals.AggregateMetrics;
import earshot.jobs.signals.SignalsSettings;
import earshot.jobs.signals.ToObservations;
import earshot.lab.generator.InteractionGenerator;
import earshot.schemas.Alert;
import earshot.schemas.EnrichedInteraction;
import earshot.schemas.Interaction;
import earshot.schemas.TextAnalysis;
import earshot.schemas.TextStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.util.ListCollector;

/**
 * The signals job's detection path without Flink, for tests that replay a generated stream fast:
 * the generator's interactions cut into series by the job's own functions ({@link ToObservations},
 * {@link AggregateMetrics}), folded into tumbling windows of every configured length in event
 * time, judged per series and window length by {@link SeriesMonitor} (silent windows included),
 * and grouped per detector and window length by {@link AlertGrouper}, as the job does. Text is not
 * analysed (the survey, volume and service-level detectors only); a record behind the window being
 * filled, which the job would count as a late revision, is dropped.
 */
final class WindowedReplay {

  private final SignalsSettings settings;
  private final ToObservations toObservations;
  private final List<Length> lengths = new ArrayList<>();
  private final AlertGrouper grouper;
  private final Map<String, AlertGrouper.Groups> groups = new HashMap<>();
  private final List<Alert> alerts = new ArrayList<>();

  /** The windows of one length: the one being filled and every series' state. */
  private final class Length {
    final long millis;
    final SeriesMonitor monitor;
    final AggregateMetrics aggregate;
    final Map<String, SeriesState> states = new TreeMap<>();
    final Map<String, CxMetrics> filling = new TreeMap<>();
    long start = Long.MIN_VALUE;

    Length(long millis, boolean longest) {
      this.millis = millis;
      this.aggregate = AggregateMetrics.forWindow(settings, longest);
      this.monitor = new SeriesMonitor(settings.detectors(), settings.emergingMaxDimensions(), settings.rootCauses(),
          longest && settings.rootCauses().maxSlices() > 0 ? settings.slices()
              : earshot.jobs.detect.slices.SliceWatchSettings.off());
    }

    void add(long at, List<Observation> observations) {
      long windowStart = at - Math.floorMod(at, millis);
      if (windowStart < start) {
        return;
      }
      if (windowStart > start) {
        close();
        start = windowStart;
      }
      for (Observation o : observations) {
        aggregate.add(o, filling.computeIfAbsent(o.seriesKey, k -> aggregate.createAccumulator()));
      }
    }

    void close() {
      if (start == Long.MIN_VALUE) {
        return;
      }
      List<Alert> raised = new ArrayList<>();
      for (Map.Entry<String, CxMetrics> series : filling.entrySet()) {
        WindowResult window = WindowResult.of(series.getKey(), start, start + millis, 0, series.getValue());
        raised.addAll(monitor.onWindow(states.computeIfAbsent(series.getKey(), k -> new SeriesState()),
            window.snapshot, window.terms, window.breakdown));
      }
      // The job's timer at the end of the next window: a known series without a window fell silent.
      for (Map.Entry<String, SeriesState> series : states.entrySet()) {
        if (!filling.containsKey(series.getKey())) {
          raised.addAll(monitor.onSilentWindow(series.getValue(), series.getKey(), start, millis));
        }
      }
      filling.clear();
      group(raised);
    }
  }

  WindowedReplay(EarshotConfig config) {
    this.settings = SignalsSettings.from(config);
    this.grouper = new AlertGrouper(settings.detectors().cooldownWindows());
    this.toObservations = new ToObservations(settings.series(), settings.rootCauses().maxSlices() > 0);
    long longest = settings.windows().stream().mapToLong(Duration::toMillis).max().orElseThrow();
    for (Duration window : settings.windows()) {
      lengths.add(new Length(window.toMillis(), window.toMillis() == longest));
    }
  }

  /** Replays the generated stream; returns every published alert state, in order. */
  static List<Alert> run(EarshotConfig config, InteractionGenerator generator) {
    WindowedReplay replay = new WindowedReplay(config);
    List<Observation> observations = new ArrayList<>();
    generator.generate(interaction -> {
      observations.clear();
      replay.toObservations.flatMap(surveyOnly(interaction), new ListCollector<>(observations));
      long at = interaction.getOccurredAt().toEpochMilli();
      for (Length length : replay.lengths) {
        length.add(at, observations);
      }
    });
    replay.lengths.forEach(Length::close);
    return replay.alerts;
  }

  /** As the job's GroupAlerts: keyed by detector and window length, one window end at a time. */
  private void group(List<Alert> raised) {
    Map<String, TreeMap<Long, List<Alert>>> byKey = new TreeMap<>();
    for (Alert alert : raised) {
      byKey.computeIfAbsent(alert.getDetector() + "|" + alert.getWindowSeconds(), k -> new TreeMap<>())
          .computeIfAbsent(alert.getWindowEnd().toEpochMilli(), k -> new ArrayList<>()).add(alert);
    }
    byKey.forEach((key, batches) -> batches.values().forEach(batch -> {
      batch.sort(Comparator.comparing(Alert::getSeriesKey));
      alerts.addAll(grouper.onWindow(batch, groups.computeIfAbsent(key, k -> new AlertGrouper.Groups())));
    }));
  }

  private static EnrichedInteraction surveyOnly(Interaction interaction) {
    return EnrichedInteraction.newBuilder().setInteraction(interaction)
        .setAnalysis(TextAnalysis.newBuilder().setStatus(TextStatus.SKIPPED).build())
        .setEnrichedAt(interaction.getOccurredAt()).build();
  }
}
