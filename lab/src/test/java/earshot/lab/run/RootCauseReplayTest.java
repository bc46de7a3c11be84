package earshot.lab.run;

import static org.assertj.core.api.Assertions.assertThat;

import earshot.jobs.config.EarshotConfig;
import earshot.jobs.detect.SeriesMonitor;
import earshot.jobs.detect.SeriesState;
import earshot.jobs.metrics.CxMetrics;
import earshot.jobs.metrics.Observation;
import earshot.jobs.metrics.SeriesCatalog;
import earshot.jobs.metrics.WindowResult;
import earshot.jobs.signals.AggregateMetrics;
import earshot.jobs.signals.SignalsSettings;
import earshot.jobs.signals.ToObservations;
import earshot.lab.generator.Incident;
import earshot.lab.generator.InteractionGenerator;
import earshot.schemas.Alert;
import earshot.schemas.AlertState;
import earshot.schemas.EnrichedInteraction;
import earshot.schemas.Interaction;
import earshot.schemas.RootCause;
import earshot.schemas.TextAnalysis;
import earshot.schemas.TextStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.junit.jupiter.api.Test;

/**
 * Root causes on a generated stream, without Flink: the generator's interactions cut into series and
 * slices by the signals job's own functions ({@link ToObservations}, {@link AggregateMetrics}),
 * folded into 1-hour windows in event time, and judged per series by {@link SeriesMonitor}. An NPS
 * drop is planted on a pair that is not a configured series (touchpoint=support x segment=business);
 * every alert the series above it raise during the incident must name that pair (what is left of
 * it below the alerted series) as its top root cause. Text is not analysed (survey metrics only).
 */
class RootCauseReplayTest {

  private static final Instant START = Instant.parse("2026-11-02T00:00:00Z");
  private static final long HOUR = 3600_000L;
  private static final Map<String, String> SLICE = Map.of("touchpoint", "support", "segment", "business");

  @Test
  void alertsDuringAnIncidentOnAnUnconfiguredPairNameThatPairAsTheirTopRootCause() {
    Incident incident = new Incident("NPS_DROP", SLICE, START.plus(Duration.ofHours(34)),
        START.plus(Duration.ofHours(40)), 0.9, null);
    List<Alert> alerts = replay(incident);

    List<Alert> opened = alerts.stream()
        .filter(a -> a.getState() == AlertState.OPEN)
        .filter(a -> a.getDetector().equals("NPS_DROP") || a.getDetector().equals("DETRACTOR_SPIKE"))
        .filter(a -> !a.getWindowEnd().isBefore(incident.start()) && a.getWindowStart().isBefore(incident.end()))
        .toList();
    opened.forEach(a -> System.out.println(a.getSeriesKey() + " " + a.getDetector() + ": " + a.getSummary()));
    assertThat(opened).as("survey alerts during the incident").isNotEmpty();
    assertThat(opened).extracting(Alert::getSeriesKey).contains("global", "touchpoint=support", "segment=business");
    for (Alert alert : opened) {
      assertThat(alert.getRootCauses()).as("%s %s", alert.getSeriesKey(), alert.getDetector()).isNotEmpty();
      RootCause top = alert.getRootCauses().get(0);
      String what = alert.getSeriesKey() + " " + alert.getDetector() + ": top cause " + top.getSlice();
      assertThat(alert.getSummary()).as(what).startsWith(String.format(java.util.Locale.ROOT, "%.0f%% of the ",
          100 * top.getShare())).contains(top.getSlice().replace("|", " x "));
      // A detector's chart alerts on a window only moderately off (evidence gathered over earlier windows), so
      // the rest of the series' chance variation is a larger part of that window's change than on a window that
      // alerts alone.
      double leastShare = alert.getStatisticName().equals("cusum") ? 0.4 : 0.5;
      assertThat(top.getShare()).as(what).isGreaterThan(leastShare).isLessThanOrEqualTo(1.0);
      if (SLICE.entrySet().containsAll(alert.getDimensions().entrySet())) {
        // A series above the planted pair: the cause is the rest of the pair, exactly.
        Map<String, String> where = new HashMap<>(alert.getDimensions());
        where.putAll(top.getDimensions());
        assertThat(where).as(what).isEqualTo(SLICE);
      } else {
        // A series across the pair (a channel): the cause is the pair or one of its values, nothing else.
        assertThat(SLICE.entrySet()).as(what).containsAll(top.getDimensions().entrySet());
      }
    }
  }

  /** The survey alerts of a two-day generated stream, 1-hour windows, default configuration. */
  private static List<Alert> replay(Incident incident) {
    SignalsSettings settings = SignalsSettings.from(EarshotConfig.defaults());
    SeriesCatalog catalog = settings.series();
    ToObservations toObservations = new ToObservations(catalog, true);
    AggregateMetrics aggregate = new AggregateMetrics(settings.rootCauses().maxSlices());
    SeriesMonitor monitor = new SeriesMonitor(settings.detectors(), settings.emergingMaxDimensions(),
        settings.rootCauses());
    Map<String, SeriesState> states = new HashMap<>();
    Map<String, CxMetrics> hour = new TreeMap<>();
    long[] current = {Long.MIN_VALUE};
    List<Alert> alerts = new ArrayList<>();
    List<Observation> observations = new ArrayList<>();
    new InteractionGenerator(START, Duration.ofDays(2), 40, 11, List.of(incident)).generate(interaction -> {
      long at = interaction.getOccurredAt().toEpochMilli();
      long start = at - Math.floorMod(at, HOUR);
      if (start < current[0]) {
        return; // the rare record behind the hour being filled: the job would count it late
      }
      if (start > current[0]) {
        close(hour, current[0], states, monitor, alerts);
        current[0] = start;
      }
      observations.clear();
      toObservations.flatMap(surveyOnly(interaction), new ListCollector<>(observations));
      for (Observation o : observations) {
        aggregate.add(o, hour.computeIfAbsent(o.seriesKey, k -> aggregate.createAccumulator()));
      }
    });
    close(hour, current[0], states, monitor, alerts);
    return alerts;
  }

  private static void close(Map<String, CxMetrics> hour, long start, Map<String, SeriesState> states,
      SeriesMonitor monitor, List<Alert> alerts) {
    for (Map.Entry<String, CxMetrics> series : hour.entrySet()) {
      WindowResult window = WindowResult.of(series.getKey(), start, start + HOUR, 0, series.getValue());
      alerts.addAll(monitor.onWindow(states.computeIfAbsent(series.getKey(), k -> new SeriesState()), window.snapshot,
          window.terms, window.breakdown));
    }
    hour.clear();
  }

  private static EnrichedInteraction surveyOnly(Interaction interaction) {
    return EnrichedInteraction.newBuilder().setInteraction(interaction)
        .setAnalysis(TextAnalysis.newBuilder().setStatus(TextStatus.SKIPPED).build())
        .setEnrichedAt(interaction.getOccurredAt()).build();
  }

}
