package earshot.jobs.signals;

import static org.assertj.core.api.Assertions.assertThat;

import earshot.jobs.config.EarshotConfig;
import earshot.jobs.metrics.CxMetrics;
import earshot.jobs.metrics.Observation;
import earshot.jobs.metrics.SeriesCatalog;
import earshot.jobs.metrics.SliceCounts;
import earshot.jobs.metrics.WindowResult;
import earshot.schemas.Channel;
import earshot.schemas.Interaction;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A window on its way to the late-record counts carries its interactions per single value and per pair,
 * and only its single values once it reached its slice cap (its pairs are then incomplete).
 */
class TrackedWindowTest {

  private static final SeriesCatalog CATALOG = SignalsSettings.from(EarshotConfig.defaults()).series();

  /** Interactions per value read straight from the slices: every key without a '|'. */
  private static Map<String, Long> singlesOf(Map<String, SliceCounts> slices) {
    Map<String, Long> singles = new HashMap<>();
    slices.forEach((key, counts) -> {
      if (key.indexOf('|') < 0) {
        singles.put(key, Math.round(counts.interactions));
      }
    });
    return singles;
  }

  @Test
  void carriesEverySliceOfAWindowBelowItsCapAndOnlyItsSingleValuesAtTheCap() {
    for (int cap : new int[] {1_000, 40}) {
      AggregateMetrics aggregate = new AggregateMetrics(cap);
      CxMetrics totals = aggregate.createAccumulator();
      Random random = new Random(cap);
      for (int i = 0; i < 500; i++) {
        Interaction interaction = Interaction.newBuilder().setInteractionId("i" + i).setChannel(Channel.CALL)
            .setOccurredAt(Instant.EPOCH).setTouchpoint("t" + random.nextInt(8)).setProduct("p" + random.nextInt(8))
            .setRegion("r" + random.nextInt(4)).setSegment("s" + random.nextInt(3)).build();
        Observation o = new Observation();
        o.interactionId = interaction.getInteractionId();
        o.sliceKeys = CATALOG.sliceKeysFor(interaction);
        totals = aggregate.add(o.inSeries(SeriesCatalog.GLOBAL, CATALOG.sliceMaskOf(SeriesCatalog.GLOBAL)), totals);
      }
      WindowResult result = WindowResult.of(SeriesCatalog.GLOBAL, 0, 300_000, 0, totals);
      Map<String, Long> expected = singlesOf(result.breakdown.slices);
      assertThat(expected).as("cap %d", cap).isNotEmpty();
      TrackedWindow tracked = TrackedWindow.of(result, true);
      if (cap == 40) {
        assertThat(result.breakdown.dropped).isPositive();
        assertThat(tracked.interactionsByValue).isEqualTo(expected);
        assertThat(tracked.allPairs).isFalse();
      } else {
        assertThat(result.breakdown.dropped).isZero();
        Map<String, Long> all = new HashMap<>();
        result.breakdown.slices.forEach((key, counts) -> all.put(key, Math.round(counts.interactions)));
        assertThat(all.keySet()).anyMatch(key -> key.indexOf('|') > 0);
        assertThat(tracked.interactionsByValue).isEqualTo(all);
        assertThat(tracked.allPairs).isTrue();
      }
      // A restored breakdown has no slice index yet: it is rebuilt from the slices.
      assertThat(result.breakdown.copy().interactionsByValue()).isEqualTo(expected);
      assertThat(TrackedWindow.of(result, false).interactionsByValue).isEmpty();
      assertThat(TrackedWindow.of(result, false).allPairs).isFalse();
      assertThat(TrackedWindow.of(result, true).snapshot).isSameAs(result.snapshot);
    }
  }
}
