package earshot.lab.run;

import static org.assertj.core.api.Assertions.assertThat;

import earshot.jobs.config.EarshotConfig;
import earshot.jobs.detect.slices.SliceWatch;
import earshot.jobs.detect.slices.SliceWatchState;
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
import earshot.schemas.TextAnalysis;
import earshot.schemas.TextStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/**
 * The slice watch on a generated week, without Flink: the generator's interactions (seed 7, 20 a
 * minute, text not analysed) cut into the global series' slices by the signals job's own functions
 * ({@link ToObservations}, {@link AggregateMetrics}), folded into 1-hour windows in event time, and
 * judged by {@link SliceWatch} with the default configuration. Three incidents are planted on pairs
 * that are not configured series (the README's week); each must be alerted at its pair while it lasts,
 * and no other slice may be alerted all week.
 */
class SliceWatchReplayTest {

  private static final Instant START = InteractionGenerator.DEFAULT_START;
  private static final long HOUR = 3600_000L;

  private static Incident incident(String type, Map<String, String> where, int fromHour, double intensity) {
    return new Incident(type, where, START.plus(Duration.ofHours(fromHour)), START.plus(Duration.ofHours(fromHour + 6)),
        intensity, null);
  }

  @Test
  void findsEachIncidentPlantedOnAnUnconfiguredPairAndNothingElse() {
    List<Incident> incidents = List.of(
        incident("NPS_DROP", Map.of("touchpoint", "billing", "segment", "business"), 3 * 24 + 10, 0.5),
        incident("DETRACTOR_SPIKE", Map.of("product", "tv-plus", "region", "west"), 4 * 24 + 14, 0.4),
        incident("NPS_DROP", Map.of("touchpoint", "delivery", "product", "mobile-basic"), 5 * 24 + 14, 0.4));
    List<Alert> opened = replay(incidents).stream().filter(a -> a.getState() == AlertState.OPEN).toList();
    opened.forEach(a -> System.out.println(a.getSeriesKey() + " " + a.getDetector() + " " + a.getOpenedAt() + ": "
        + a.getSummary()));

    for (Incident incident : incidents) {
      List<Alert> found = opened.stream().filter(a -> at(a, incident.dimensions()))
          .filter(a -> !a.getOpenedAt().isBefore(incident.start()) && !a.getOpenedAt().isAfter(incident.end()))
          .toList();
      assertThat(found).as("alerts at %s during its incident", incident.dimensions()).isNotEmpty();
    }
    List<Alert> elsewhere = opened.stream()
        .filter(a -> incidents.stream().noneMatch(i -> at(a, i.dimensions()))).toList();
    assertThat(elsewhere).as("slice alerts away from the planted pairs").isEmpty();
    // No incident changes how many contacts a pair gets: a contact-share alert would be a false one.
    assertThat(opened).noneMatch(a -> a.getDetector().startsWith("VOLUME_"));
  }

  /**
   * What the watch keeps of the week in the signals job's state, serialised as the job does (Flink's POJO
   * serializer): bounded by the slice cap whatever the week held, at most 3 kB a slice with the contact
   * shares by hour (24 parts) and day of the week.
   */
  @Test
  void itsStateAfterAWeekIsBoundedBySliceCap() throws Exception {
    SliceWatchState state = new SliceWatchState();
    replay(List.of(), state);
    TypeSerializer<SliceWatchState> serializer = TypeInformation.of(SliceWatchState.class)
        .createSerializer(new SerializerConfigImpl());
    DataOutputSerializer out = new DataOutputSerializer(1 << 20);
    serializer.serialize(state, out);
    int slices = state.slices.size();
    System.out.printf("slice watch state after the generated week: %d slices, %,d bytes (%,d a slice)%n", slices,
        out.length(), out.length() / Math.max(1, slices));
    assertThat(slices).isPositive().isLessThanOrEqualTo(SignalsSettings.from(EarshotConfig.defaults()).slices().maxSlices());
    assertThat(out.length()).isLessThanOrEqualTo(slices * 3_000);
  }

  /**
   * A contact surge planted on a pair that is no series (the generator adds its extra contacts with the
   * pair's values, the rest drawn as usual), twice and 1.5 times its usual contacts for 6 hours: alerted at
   * the pair while it lasts, as a VOLUME_SURGE (both after 1 hourly window), and nothing else all week.
   */
  @Test
  void findsAContactSurgeOnAnUnconfiguredPair() {
    for (double intensity : new double[] {1.0, 0.5}) {
      Incident surge = incident("VOLUME_SURGE", Map.of("product", "tv-plus", "region", "west"), 4 * 24 + 14, intensity);
      List<Alert> opened = replay(List.of(surge)).stream().filter(a -> a.getState() == AlertState.OPEN).toList();
      opened.forEach(a -> System.out.println("surge x" + (1 + intensity) + ": " + a.getSeriesKey() + " "
          + a.getDetector() + " " + a.getOpenedAt() + " (" + Duration.between(surge.start(), a.getOpenedAt()).toMinutes()
          + " min after it began): " + a.getSummary()));
      assertThat(opened).as("slice alerts of the week with a surge x%s on tv-plus x west", 1 + intensity)
          .singleElement().satisfies(a -> {
            assertThat(a.getDetector()).isEqualTo("VOLUME_SURGE");
            assertThat(at(a, surge.dimensions())).isTrue();
            assertThat(a.getOpenedAt()).isAfter(surge.start()).isBeforeOrEqualTo(surge.end());
          });
    }
  }

  /**
   * A contact drop planted on the same pair (the generator leaves out that share of the pair's contacts, the
   * rest drawn as usual): 80% and then all of its contacts missing for 6 hours, each alerted at the pair
   * at the end of the drop's first hourly window, as a VOLUME_DROP, and nothing else all week (the other
   * slices' shares rose a little, a mirror of the drop).
   */
  @Test
  void findsAContactDropOnAnUnconfiguredPairInItsFirstWindow() {
    for (double intensity : new double[] {0.8, 1.0}) {
      Incident drop = incident("VOLUME_DROP", Map.of("product", "tv-plus", "region", "west"), 4 * 24 + 14, intensity);
      List<Alert> opened = opened(replay(List.of(drop)));
      opened.forEach(a -> System.out.println("drop " + Math.round(100 * intensity) + "%: " + a.getSeriesKey() + " "
          + a.getDetector() + " " + a.getOpenedAt() + " (" + Duration.between(drop.start(), a.getOpenedAt()).toMinutes()
          + " min after it began): " + a.getSummary()));
      assertThat(opened).as("slice alerts of the week with %s of tv-plus x west's contacts missing", intensity)
          .singleElement().satisfies(a -> {
            assertThat(a.getDetector()).isEqualTo("VOLUME_DROP");
            assertThat(at(a, drop.dimensions())).isTrue();
            assertThat(a.getOpenedAt()).isEqualTo(drop.start().plus(Duration.ofHours(1)));
          });
    }
  }

  /**
   * The same stop with the global series counting fewer slices per window than the generated catalog holds
   * in a busy hour (459): the pair, with no contacts, is never among the slices a full window counts, and
   * its count there comes from the window's overflow sketch. It is still alerted at the pair, as a
   * VOLUME_DROP, while the stop lasts, and nothing else all week, with 400 and with 100 slices counted.
   */
  @Test
  void aStopIsFoundWhenTheWindowCountsFewerSlicesThanTheCatalogHas() {
    Incident stop = incident("VOLUME_DROP", Map.of("product", "tv-plus", "region", "west"), 4 * 24 + 14, 1.0);
    for (String counted : new String[] {"400", "100"}) {
      EarshotConfig capped = EarshotConfig.defaults().with(earshot.jobs.config.Settings.SLICES_COUNTED, counted);
      List<Alert> opened = opened(replay(List.of(stop), new SliceWatchState(), capped));
      opened.forEach(a -> System.out.println(counted + " slices counted: " + a.getSeriesKey() + " " + a.getDetector()
          + " " + a.getOpenedAt() + " (" + Duration.between(stop.start(), a.getOpenedAt()).toMinutes()
          + " min after it began): " + a.getSummary()));
      assertThat(opened).as("slice alerts of the week with %s slices counted", counted)
          .singleElement().satisfies(a -> {
            assertThat(a.getDetector()).isEqualTo("VOLUME_DROP");
            assertThat(at(a, stop.dimensions())).isTrue();
            assertThat(a.getOpenedAt()).isAfter(stop.start()).isBeforeOrEqualTo(stop.end());
          });
    }
  }

  private static List<Alert> opened(List<Alert> alerts) {
    return alerts.stream().filter(a -> a.getState() == AlertState.OPEN).toList();
  }

  private static boolean at(Alert alert, Map<String, String> where) {
    return alert.getDimensions().equals(where);
  }

  /** The slice watch's alerts over a generated week, 1-hour windows of the global series. */
  private static List<Alert> replay(List<Incident> incidents) {
    return replay(incidents, new SliceWatchState());
  }

  private static List<Alert> replay(List<Incident> incidents, SliceWatchState state) {
    return replay(incidents, state, EarshotConfig.defaults());
  }

  private static List<Alert> replay(List<Incident> incidents, SliceWatchState state, EarshotConfig config) {
    SignalsSettings settings = SignalsSettings.from(config);
    SeriesCatalog catalog = settings.series();
    ToObservations toObservations = new ToObservations(catalog, true);
    AggregateMetrics aggregate = AggregateMetrics.forWindow(settings, true);
    SliceWatch watch = new SliceWatch(settings.slices(), settings.detectors());
    CxMetrics[] hour = {aggregate.createAccumulator()};
    long[] current = {Long.MIN_VALUE};
    List<Alert> alerts = new ArrayList<>();
    List<Observation> observations = new ArrayList<>();
    new InteractionGenerator(START, Duration.ofDays(7), 20, 7, incidents).generate(interaction -> {
      long at = interaction.getOccurredAt().toEpochMilli();
      long start = at - Math.floorMod(at, HOUR);
      if (start < current[0]) {
        return; // the rare record behind the hour being filled: the job would count it late
      }
      if (start > current[0]) {
        close(hour[0], current[0], watch, state, alerts);
        hour[0] = aggregate.createAccumulator();
        current[0] = start;
      }
      observations.clear();
      toObservations.flatMap(surveyOnly(interaction), new ListCollector<>(observations));
      for (Observation o : observations) {
        if (SeriesCatalog.GLOBAL.equals(o.seriesKey)) {
          aggregate.add(o, hour[0]);
        }
      }
    });
    close(hour[0], current[0], watch, state, alerts);
    return alerts;
  }

  private static void close(CxMetrics hour, long start, SliceWatch watch, SliceWatchState state, List<Alert> alerts) {
    if (start == Long.MIN_VALUE) {
      return;
    }
    WindowResult window = WindowResult.of(SeriesCatalog.GLOBAL, start, start + HOUR, 0, hour);
    alerts.addAll(watch.onWindow(state, window.snapshot, window.breakdown));
  }

  private static EnrichedInteraction surveyOnly(Interaction interaction) {
    return EnrichedInteraction.newBuilder().setInteraction(interaction)
        .setAnalysis(TextAnalysis.newBuilder().setStatus(TextStatus.SKIPPED).build())
        .setEnrichedAt(interaction.getOccurredAt()).build();
  }
}
