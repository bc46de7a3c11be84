package earshot.jobs.signals;

import static org.assertj.core.api.Assertions.assertThat;

import earshot.jobs.config.EarshotConfig;
import earshot.jobs.metrics.CxMetrics;
import earshot.jobs.metrics.Observation;
import earshot.jobs.metrics.SeriesCatalog;
import earshot.schemas.Channel;
import earshot.schemas.Interaction;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AggregateMetricsTest {

  private static final SignalsSettings SETTINGS = SignalsSettings.from(EarshotConfig.defaults());
  private static final SeriesCatalog CATALOG = SETTINGS.series();

  /** One window of a catalog far wider than the root causes' cap: 20 values in each of five dimensions. */
  private static CxMetrics window(AggregateMetrics aggregate, String seriesKey) {
    Random random = new Random(3);
    CxMetrics window = aggregate.createAccumulator();
    for (int i = 0; i < 3_000; i++) {
      Interaction interaction = Interaction.newBuilder().setInteractionId("i" + i).setChannel(Channel.CALL)
          .setOccurredAt(Instant.EPOCH).setTouchpoint("t" + random.nextInt(20)).setProduct("p" + random.nextInt(20))
          .setRegion("r" + random.nextInt(20)).setSegment("s" + random.nextInt(20)).setTeam("team" + random.nextInt(20))
          .build();
      Observation o = new Observation();
      o.interactionId = interaction.getInteractionId();
      o.sliceKeys = CATALOG.sliceKeysFor(interaction);
      aggregate.add(o.inSeries(seriesKey, CATALOG.sliceMaskOf(seriesKey)), window);
    }
    return window;
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
  }

  @Test
  void theWatchOffLeavesTheGlobalSeriesAtTheRootCausesCap() {
    EarshotConfig config = EarshotConfig.defaults().with(earshot.jobs.config.Settings.SLICES_ENABLED, "false");
    SignalsSettings settings = SignalsSettings.from(config);
    assertThat(window(AggregateMetrics.forWindow(settings, true), SeriesCatalog.GLOBAL).breakdown.slices)
        .hasSize(settings.rootCauses().maxSlices());
  }
}
