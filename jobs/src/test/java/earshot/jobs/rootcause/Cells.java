package earshot.jobs.rootcause;

import earshot.jobs.metrics.Breakdown;

import earshot.jobs.metrics.Observation;
import earshot.jobs.metrics.SeriesCatalog;
import earshot.schemas.Channel;
import earshot.schemas.Interaction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Hand-made breakdowns for root-cause tests: calls (channel=CALL) over touchpoints billing,
 * delivery and support, regions north and south, segments SMB and consumer (12 cells), each cell
 * with a chosen number of NPS answers, detractors and promoters.
 */
final class Cells {

  static final SeriesCatalog CATALOG = SeriesCatalog.of(List.of("channel", "touchpoint", "region", "segment"), List.of());
  static final String SERIES = "channel=CALL";
  static final List<String> TOUCHPOINTS = List.of("billing", "delivery", "support");
  static final List<String> REGIONS = List.of("north", "south");
  static final List<String> SEGMENTS = List.of("SMB", "consumer");
  static final int MAX_SLICES = 400;

  /** Answers, detractors and promoters of one cell. */
  interface Mix {
    int[] of(String touchpoint, String region, String segment);
  }

  private Cells() {}

  /** A window of the series with every cell filled by {@code mix}. */
  static Breakdown window(Mix mix) {
    Breakdown breakdown = new Breakdown();
    int id = 0;
    for (String touchpoint : TOUCHPOINTS) {
      for (String region : REGIONS) {
        for (String segment : SEGMENTS) {
          int[] cell = mix.of(touchpoint, region, segment);
          for (int i = 0; i < cell[0]; i++) {
            int nps = i < cell[1] ? 2 : i < cell[1] + cell[2] ? 10 : 8;
            breakdown.add(observation("i" + id++, touchpoint, region, segment, nps), MAX_SLICES);
          }
        }
      }
    }
    return breakdown;
  }

  /** One call of a cell: its number in the window (from 0), touchpoint, region, segment and index within the cell. */
  interface Call {
    Observation of(int n, String touchpoint, String region, String segment, int i);
  }

  /** {@code perCell} calls of every cell, in cell order. */
  static List<Observation> calls(int perCell, Call call) {
    List<Observation> calls = new ArrayList<>();
    for (String touchpoint : TOUCHPOINTS) {
      for (String region : REGIONS) {
        for (String segment : SEGMENTS) {
          for (int i = 0; i < perCell; i++) {
            calls.add(call.of(calls.size(), touchpoint, region, segment, i));
          }
        }
      }
    }
    return calls;
  }

  /** A call with an NPS answer, cut into its slices below channel=CALL as the signals job does. */
  static Observation observation(String id, String touchpoint, String region, String segment, int nps) {
    Interaction interaction = Interaction.newBuilder().setInteractionId(id).setChannel(Channel.CALL)
        .setOccurredAt(Instant.EPOCH).setTouchpoint(touchpoint).setRegion(region).setSegment(segment).build();
    Observation o = new Observation();
    o.interactionId = id;
    o.nps = nps;
    o.sliceKeys = CATALOG.sliceKeysFor(interaction);
    return o.inSeries(SERIES, CATALOG.sliceMaskOf(SERIES));
  }

  /** A baseline that learned {@code windows} windows of {@code mix}. */
  static SliceBaseline baseline(Mix mix, int windows) {
    SliceBaseline baseline = new SliceBaseline();
    Breakdown window = window(mix);
    for (int i = 0; i < windows; i++) {
      baseline.learn(window, RootCauseSettings.defaults().decay(), MAX_SLICES);
    }
    return baseline;
  }

  /** Every cell: 10 answers, 2 detractors, 5 promoters (NPS +30). */
  static int[] usual(String touchpoint, String region, String segment) {
    return new int[] {10, 2, 5};
  }
}
