package earshot.jobs.detect.slices;

import static org.assertj.core.api.Assertions.assertThat;

import earshot.jobs.metrics.Observation;
import earshot.schemas.Verbatim;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SliceVerbatimsTest {

  private static Observation o(String id, long at, Integer nps, String text, String... sliceKeys) {
    Observation o = new Observation();
    o.seriesKey = "global";
    o.interactionId = id;
    o.occurredAt = at;
    o.nps = nps;
    o.text = text;
    o.sliceKeys = sliceKeys;
    return o;
  }

  @Test
  void onlyGlobalObservationsWithTextAndABadOutcomeAreCandidates() {
    assertThat(SliceVerbatims.candidate(o("a", 0, 2, "charged twice", "touchpoint=billing"))).isTrue();
    assertThat(SliceVerbatims.candidate(o("b", 0, 9, "great", "touchpoint=billing"))).isFalse();
    assertThat(SliceVerbatims.candidate(o("c", 0, 2, null, "touchpoint=billing"))).isFalse();
    assertThat(SliceVerbatims.candidate(o("d", 0, null, "meh", "touchpoint=billing"))).isFalse();
    Observation negative = o("e", 0, null, "the app crashed", "touchpoint=billing");
    negative.analysed = true;
    negative.negative = true;
    negative.sentimentScore = -0.8;
    assertThat(SliceVerbatims.candidate(negative)).isTrue();
    Observation inSeries = o("f", 0, 1, "bad", "touchpoint=billing");
    inSeries.seriesKey = "touchpoint=billing";
    assertThat(SliceVerbatims.candidate(inSeries)).isFalse();
  }

  @Test
  void picksTheMostNegativeOfTheSliceInTheSpanAtMostFive() {
    List<Observation> kept = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      kept.add(o("in-" + i, 100 + i, i % 7, "billing SMB " + i, "touchpoint=billing", "segment=SMB", null));
    }
    kept.add(o("other-segment", 105, 0, "billing consumer", "touchpoint=billing", "segment=consumer", null));
    kept.add(o("too-early", 50, 0, "early", "touchpoint=billing", "segment=SMB", null));
    kept.add(o("too-late", 200, 0, "late", "touchpoint=billing", "segment=SMB", null));

    List<Verbatim> picked = SliceVerbatims.pick(kept, "touchpoint=billing|segment=SMB", 100, 200);

    assertThat(picked).hasSize(SliceVerbatims.MAX_EXAMPLES);
    assertThat(picked).extracting(Verbatim::getInteractionId).containsExactly("in-0", "in-7", "in-1", "in-2", "in-3");
    assertThat(picked).extracting(Verbatim::getNps).containsExactly(0, 0, 1, 2, 3);
    assertThat(SliceVerbatims.pick(kept, "segment=consumer", 0, 1000)).extracting(Verbatim::getInteractionId)
        .containsExactly("other-segment");
    assertThat(SliceVerbatims.pick(kept, "region=west", 0, 1000)).isEmpty();
  }

  @Test
  void keepsACompactCopyWithTheTextCut() {
    Observation long_ = o("x", 1, 0, "a".repeat(1000), "touchpoint=billing");
    long_.intents = new ArrayList<>(List.of("billing_dispute"));
    Observation kept = SliceVerbatims.keep(long_);
    assertThat(kept.text).hasSize(SliceVerbatims.MAX_TEXT).endsWith("…");
    assertThat(kept.intents).isEmpty();
    assertThat(kept.sliceKeys).containsExactly("touchpoint=billing");
    assertThat(long_.text).hasSize(1000);
  }
}
