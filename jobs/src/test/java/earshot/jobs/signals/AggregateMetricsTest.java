package earshot.jobs.signals;

import static org.assertj.core.api.Assertions.assertThat;

import earshot.jobs.config.EarshotConfig;
import earshot.jobs.metrics.Breakdown;
import earshot.jobs.metrics.CxMetrics;
import earshot.jobs.metrics.Observation;
import earshot.jobs.metrics.SeriesCatalog;
import earshot.schemas.Channel;
import earshot.schemas.Interaction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AggregateMetricsTest {

  private static final SignalsSettings SETTINGS = SignalsSettings.from(EarshotConfig.defaults());
  private static final SeriesCatalog CATALOG = SETTINGS.series();

  /** One window of a catalog far wider than the root causes' cap: 20 values in each of five dimensions. */
  private static CxMetrics window(AggregateMetrics aggregate, String seriesKey) {
    CxMetrics window = aggregate.createAccumulator();
    for (Interaction interaction : interactions()) {
      Observation o = new Observation();
      o.interactionId = interaction.getInteractionId();
      o.sliceKeys = CATALOG.sliceKeysFor(interaction);
      aggregate.add(o.inSeries(seriesKey, CATALOG.sliceMaskOf(seriesKey)), window);
    }
    return window;
  }

  private static List<Interaction> interactions() {
    Random random = new Random(3);
    List<Interaction> interactions = new ArrayList<>();
    for (int i = 0; i < 3_000; i++) {
      interactions.add(Interaction.newBuilder().setInteractionId("i" + i).setChannel(Channel.CALL)
          .setOccurredAt(Instant.EPOCH).setTouchpoint("t" + random.nextInt(20)).setProduct("p" + random.nextInt(20))
          .setRegion("r" + random.nextInt(20)).setSegment("s" + random.nextInt(20)).setTeam("team" + random.nextInt(20))
          .build());
    }
    return interactions;
  }

  @Test
  void theGlobalSeriesCountsTheSliceWatchsSlicesAtItsWindowOnly() {
    int rootCauses = SETTINGS.rootCauses().maxSlices();
    int watched = SETTINGS.slices().countedPerWindow();
    assertThat(watched).isGreaterThan(rootCauses);

    CxMetrics global = window(AggregateMetrics.forWindow(SETTINGS, true), SeriesCatalog.GLOBAL);
    assertThat(global.breakdown.slices).hasSize(watched);
    assertThat(global.breakdown.dropped).isPositive();
    // Other series, and the global series at the other window lengths, keep the root causes' cap.
    assertThat(window(AggregateMetrics.forWindow(SETTINGS, true), "channel=CALL").breakdown.slices).hasSize(rootCauses);
    assertThat(window(AggregateMetrics.forWindow(SETTINGS, false), SeriesCatalog.GLOBAL).breakdown.slices)
        .hasSize(rootCauses);
    // Only the watched breakdown sketches the slices its cap leaves out.
    assertThat(global.breakdown.sketched()).isTrue();
    assertThat(window(AggregateMetrics.forWindow(SETTINGS, true), "channel=CALL").breakdown.sketched()).isFalse();
    assertThat(window(AggregateMetrics.forWindow(SETTINGS, false), SeriesCatalog.GLOBAL).breakdown.sketched())
        .isFalse();
  }

  /**
   * Every slice the watched window's cap left out has an estimated count at least its true one and close to
   * it, in a catalog of about twice the cap (4,199 slices, 2,000 counted, the 2,199 others sketched); a slice with no contacts at all reads about 0.
   */
  @Test
  void theSlicesLeftOutOfTheWatchedWindowHaveCountsEstimatedWithoutBias() {
    CxMetrics global = window(AggregateMetrics.forWindow(SETTINGS, true), SeriesCatalog.GLOBAL);
    Map<String, Integer> truth = new HashMap<>();
    for (Interaction interaction : interactions()) {
      String[] keys = CATALOG.sliceKeysFor(interaction);
      for (int a = 0; a < keys.length; a++) {
        if (keys[a] == null) {
          continue;
        }
        truth.merge(keys[a], 1, Integer::sum);
        for (int b = a + 1; b < keys.length; b++) {
          if (keys[b] != null) {
            truth.merge(keys[a] + "|" + keys[b], 1, Integer::sum);
          }
        }
      }
    }
    assertThat(global.breakdown.slices.keySet()).allMatch(truth::containsKey);
    double excess = 0;
    int left = 0;
    for (Map.Entry<String, Integer> slice : truth.entrySet()) {
      if (!global.breakdown.slices.containsKey(slice.getKey())) {
        double estimate = global.breakdown.overflowEstimate(slice.getKey());
        assertThat(estimate).as("estimate of %s", slice.getKey()).isGreaterThanOrEqualTo(slice.getValue());
        excess += estimate - slice.getValue();
        left++;
      }
    }
    System.out.printf("%d slices left out of %d; estimates above the true counts by %.2f on average%n", left,
        truth.size(), excess / left);
    assertThat(left).isGreaterThan(1_000);
    assertThat(excess / left).as("mean excess of the estimates").isLessThan(0.5);
    double none = 0;
    for (int i = 0; i < 200; i++) {
      none += global.breakdown.overflowEstimate("touchpoint=t" + i + "x|region=nowhere");
    }
    assertThat(none / 200).as("mean estimate of slices that had no contacts").isLessThan(1.5);
    // A copy (as a checkpoint makes) and a merge with an empty window keep the estimates.
    CxMetrics copy = new CxMetrics();
    copy.breakdown = global.breakdown.copy();
    copy.breakdown.merge(new Breakdown(), SETTINGS.slices().countedPerWindow());
    assertThat(truth.keySet()).allMatch(key -> global.breakdown.slices.containsKey(key)
        || copy.breakdown.overflowEstimate(key) == global.breakdown.overflowEstimate(key));
  }

  @Test
  void theWatchOffLeavesTheGlobalSeriesAtTheRootCausesCap() {
    EarshotConfig config = EarshotConfig.defaults().with(earshot.jobs.config.Settings.SLICES_ENABLED, "false");
    SignalsSettings settings = SignalsSettings.from(config);
    assertThat(window(AggregateMetrics.forWindow(settings, true), SeriesCatalog.GLOBAL).breakdown.slices)
        .hasSize(settings.rootCauses().maxSlices());
  }

  /**
   * Series whose topics are watched (at most {@code detect.emerging-max-dimensions} dimensions) sample
   * where their themes' mentions come from; a combination of more dimensions, or a job without root
   * causes, does not.
   */
  @Test
  void seriesWhoseTopicsAreWatchedSampleWhereEachThemeIsMentioned() {
    int watchedDimensions = SETTINGS.emergingMaxDimensions();
    String pair = "channel=CALL|touchpoint=t1";
    assertThat(SeriesCatalog.dimensionsIn(pair)).isGreaterThan(watchedDimensions);
    assertThat(SeriesCatalog.dimensionsIn(SeriesCatalog.GLOBAL)).isZero();
    java.util.function.BiFunction<AggregateMetrics, String, Breakdown> window = (aggregate, seriesKey) -> {
      CxMetrics metrics = aggregate.createAccumulator();
      for (Interaction interaction : interactions().subList(0, 100)) {
        Observation o = new Observation();
        o.interactionId = interaction.getInteractionId();
        o.sliceKeys = CATALOG.sliceKeysFor(interaction);
        o.keyPhrases = List.of("late parcel");
        aggregate.add(o.inSeries(seriesKey, CATALOG.sliceMaskOf(seriesKey)), metrics);
      }
      return metrics.breakdown;
    };
    AggregateMetrics aggregate = AggregateMetrics.forWindow(SETTINGS, false);
    assertThat(window.apply(aggregate, SeriesCatalog.GLOBAL).mentionSlices("late parcel"))
        .hasSize(earshot.jobs.metrics.MentionSample.SIZE)
        .allSatisfy(slices -> assertThat(slices).anyMatch(s -> s.startsWith("channel=")));
    assertThat(window.apply(aggregate, "channel=CALL").mentionSlices("late parcel"))
        .allSatisfy(slices -> assertThat(slices).noneMatch(s -> s.startsWith("channel=")))
        .hasSize(watchedDimensions >= 1 ? earshot.jobs.metrics.MentionSample.SIZE : 0);
    assertThat(window.apply(aggregate, pair).mentionSlices("late parcel")).isEmpty();
    assertThat(window.apply(new AggregateMetrics(0, 0, false, 2), SeriesCatalog.GLOBAL).mentions).isEmpty();
  }
}
