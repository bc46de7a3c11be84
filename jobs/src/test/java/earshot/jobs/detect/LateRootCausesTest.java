package earshot.jobs.detect;

import static org.assertj.core.api.Assertions.assertThat;

import earshot.schemas.RootCause;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class LateRootCausesTest {

  /** A tally of on-time interactions per value, then late ones per value (each late record in one value per dimension). */
  private static LateTally tally(Map<String, Long> onTime, Map<String, Long> late) {
    LateTally tally = new LateTally();
    long total = onTime.entrySet().stream().filter(e -> e.getKey().startsWith("channel=")).mapToLong(Map.Entry::getValue)
        .sum();
    tally.addOnTime(total, onTime, false);
    late.forEach((value, count) -> {
      for (long i = 0; i < count; i++) {
        tally.addLate(new String[] {value});
      }
    });
    // addLate counted each record once per value given: keep the series' total at the channel records.
    tally.late = late.entrySet().stream().filter(e -> e.getKey().startsWith("channel=")).mapToLong(Map.Entry::getValue)
        .sum();
    return tally;
  }

  /** Counts {@code count} late records, each in the given values (one per dimension). */
  private static void addLate(LateTally tally, int count, String... values) {
    for (int i = 0; i < count; i++) {
      tally.addLate(values);
    }
  }

  @Test
  void aValueThatCameLateFarMoreOftenThanTheRestIsNamedWithItsFigures() {
    LateTally tally = tally(Map.of("channel=EMAIL", 900L, "channel=CALL", 9_000L, "channel=CHAT", 100L),
        Map.of("channel=EMAIL", 300L, "channel=CALL", 20L));
    List<RootCause> causes = LateRootCauses.explain(tally);
    assertThat(causes).singleElement().satisfies(cause -> {
      assertThat(cause.getSlice()).isEqualTo("channel=EMAIL");
      assertThat(cause.getDimensions()).containsExactly(Map.entry("channel", "EMAIL"));
      assertThat(cause.getShare()).isCloseTo(300 / 320.0, Offset.offset(1e-9));
      assertThat(cause.getSize()).isEqualTo(1_200);
      assertThat(cause.getObserved()).isCloseTo(0.25, Offset.offset(1e-9));
      assertThat(cause.getBaseline()).isCloseTo(20 / 9_120.0, Offset.offset(1e-9));
      assertThat(cause.getExtra()).isCloseTo(300 - 1_200 * 20 / 9_120.0, Offset.offset(1e-9));
    });
    assertThat(LateRootCauses.sentence(causes, tally, "hours"))
        .isEqualTo("94% of the late records are channel=EMAIL: 25.0% of its 1200 interactions in the same hours "
            + "came late, against 0.2% of the rest.");
  }

  @Test
  void lateRecordsSpreadLikeTheTrafficNameNothing() {
    LateTally tally = tally(Map.of("channel=EMAIL", 1_000L, "channel=CALL", 9_000L),
        Map.of("channel=EMAIL", 12L, "channel=CALL", 100L));
    assertThat(LateRootCauses.explain(tally)).isEmpty();
    assertThat(LateRootCauses.sentence(List.of(), tally, "hours")).startsWith(
        "They are spread over the series: no dimension value below it came late 2 times as often as the rest in the "
            + "same hours");
  }

  @Test
  void aValueMustHoldAFifthOfTheLateRecordsAndComeLateTwiceAsOftenAsTheRest() {
    // CHAT: every record late, but 15 of 115 late records (13%).
    LateTally small = tally(Map.of("channel=CHAT", 15L, "channel=CALL", 9_000L), Map.of("channel=CHAT", 15L,
        "channel=CALL", 100L));
    assertThat(LateRootCauses.explain(small)).isEmpty();
    // EMAIL: 1.8 times as often late as the rest, on plenty of records.
    LateTally mild = tally(Map.of("channel=EMAIL", 5_000L, "channel=CALL", 5_000L),
        Map.of("channel=EMAIL", 180L, "channel=CALL", 100L));
    assertThat(LateRootCauses.explain(mild)).isEmpty();
    LateTally twice = tally(Map.of("channel=EMAIL", 5_000L, "channel=CALL", 5_000L),
        Map.of("channel=EMAIL", 220L, "channel=CALL", 100L));
    assertThat(LateRootCauses.explain(twice)).extracting(RootCause::getSlice).containsExactly("channel=EMAIL");
  }

  @Test
  void aFewLateRecordsInASmallValueAreNotEnoughEvidence() {
    // 1 of 4 late against 2 of 99: lift 12, but one record is no evidence at 5% over 2 values...
    LateTally few = tally(Map.of("channel=SMS", 3L, "channel=CALL", 97L), Map.of("channel=SMS", 1L, "channel=CALL", 2L));
    assertThat(LateRootCauses.explain(few)).isEmpty();
    // ... while ten of 40 are.
    LateTally more = tally(Map.of("channel=SMS", 30L, "channel=CALL", 970L), Map.of("channel=SMS", 10L,
        "channel=CALL", 20L));
    assertThat(LateRootCauses.explain(more)).extracting(RootCause::getSlice).containsExactly("channel=SMS");
  }

  @Test
  void everyValueThatLagsIsNamedTheLargestShareFirst() {
    LateTally tally = new LateTally();
    tally.addOnTime(10_000, Map.of("channel=EMAIL", 1_000L, "channel=SMS", 1_000L, "channel=CALL", 8_000L,
        "team=mail-desk", 1_100L, "team=voice", 8_900L), false);
    addLate(tally, 300, "channel=EMAIL", "team=mail-desk");
    addLate(tally, 100, "channel=SMS", "team=voice");
    addLate(tally, 20, "channel=CALL", "team=voice");
    // team=voice: 120 of 9,020 late against 300 of 1,400 for the rest: no cause.
    List<RootCause> causes = LateRootCauses.explain(tally);
    // The same late records: the value where they are the larger part of its traffic comes first.
    assertThat(causes).extracting(RootCause::getSlice).containsExactly("channel=EMAIL", "team=mail-desk",
        "channel=SMS");
    assertThat(LateRootCauses.sentence(causes, tally, "hours")).contains("71% of the late records are team=mail-desk")
        .contains("71% of the late records are channel=EMAIL").contains("24% of the late records are channel=SMS");
  }

  /** The chats of region=north lag: 300 late of its 900, against 30 late of the other 9,100 interactions. */
  private static LateTally chatsOfTheNorthLag(boolean allPairs) {
    LateTally tally = new LateTally();
    tally.addOnTime(10_000, Map.of("channel=CHAT", 2_000L, "channel=CALL", 8_000L, "region=north", 3_000L,
        "region=south", 7_000L, "channel=CHAT|region=north", 600L, "channel=CHAT|region=south", 1_400L,
        "channel=CALL|region=north", 2_400L, "channel=CALL|region=south", 5_600L), allPairs);
    addLate(tally, 300, "channel=CHAT", "region=north");
    addLate(tally, 10, "channel=CALL", "region=south");
    addLate(tally, 10, "channel=CALL", "region=north");
    addLate(tally, 10, "channel=CHAT", "region=south");
    return tally;
  }

  @Test
  void aProducerKnownOnlyByAPairOfValuesIsNamedByThePair() {
    LateTally tally = chatsOfTheNorthLag(true);
    assertThat(tally.lateByPair).containsEntry("channel=CHAT|region=north", 300L);
    List<RootCause> causes = LateRootCauses.explain(tally);
    assertThat(causes).singleElement().satisfies(cause -> {
      assertThat(cause.getSlice()).isEqualTo("channel=CHAT|region=north");
      assertThat(cause.getDimensions()).containsExactly(Map.entry("channel", "CHAT"), Map.entry("region", "north"));
      assertThat(cause.getSize()).isEqualTo(900);
      assertThat(cause.getShare()).isCloseTo(300 / 330.0, Offset.offset(1e-9));
    });
    assertThat(LateRootCauses.sentence(causes, tally, "hours")).isEqualTo("91% of the late records are channel=CHAT x "
        + "region=north: 33.3% of its 900 interactions in the same hours came late, against 0.3% of the rest.");
    // Without every pair's on-time count the pairs are not judged, and both values are named, as before.
    assertThat(LateRootCauses.explain(chatsOfTheNorthLag(false))).extracting(RootCause::getSlice)
        .containsExactlyInAnyOrder("channel=CHAT", "region=north");
  }

  @Test
  void aPairThatIsNearlyAllOfOneOfItsValuesAddsNothingToThatValue() {
    // Every e-mail lags; team=mail-desk answers all e-mail and a few calls.
    LateTally tally = new LateTally();
    tally.addOnTime(10_000, Map.of("channel=EMAIL", 1_000L, "channel=CALL", 9_000L, "team=mail-desk", 1_100L,
        "team=voice", 8_900L, "channel=EMAIL|team=mail-desk", 1_000L, "channel=CALL|team=mail-desk", 100L,
        "channel=CALL|team=voice", 8_900L), true);
    addLate(tally, 300, "channel=EMAIL", "team=mail-desk");
    tally.addLate(new String[] {"channel=CALL", "team=voice"});
    assertThat(LateRootCauses.explain(tally)).extracting(RootCause::getSlice)
        .containsExactly("channel=EMAIL", "team=mail-desk");
  }

  @Test
  void aValueThatLagsAsAWholeIsNotNamedByItsLargestPair() {
    // Every e-mail lags; most e-mails (and most interactions) come from consumers.
    LateTally tally = new LateTally();
    tally.addOnTime(10_000, Map.of("channel=EMAIL", 1_000L, "channel=CALL", 9_000L, "segment=consumer", 8_000L,
        "segment=business", 2_000L, "channel=EMAIL|segment=consumer", 800L, "channel=EMAIL|segment=business", 200L,
        "channel=CALL|segment=consumer", 7_200L, "channel=CALL|segment=business", 1_800L), true);
    addLate(tally, 240, "channel=EMAIL", "segment=consumer");
    addLate(tally, 60, "channel=EMAIL", "segment=business");
    assertThat(LateRootCauses.explain(tally)).extracting(RootCause::getSlice).containsExactly("channel=EMAIL");
  }

  @Test
  void ofTwoPairsWithTheSameLateRecordsTheOneThatCameLateMoreOftenIsNamed() {
    // The chats of region=north lag; team=care-chat answers every chat and some calls.
    LateTally tally = new LateTally();
    tally.addOnTime(10_000, Map.ofEntries(Map.entry("channel=CHAT", 2_000L), Map.entry("channel=CALL", 8_000L),
        Map.entry("region=north", 3_000L), Map.entry("region=south", 7_000L), Map.entry("team=care-chat", 2_500L),
        Map.entry("team=voice", 7_500L), Map.entry("channel=CHAT|region=north", 600L),
        Map.entry("channel=CHAT|region=south", 1_400L), Map.entry("channel=CALL|region=north", 2_400L),
        Map.entry("channel=CALL|region=south", 5_600L), Map.entry("channel=CHAT|team=care-chat", 2_000L),
        Map.entry("channel=CALL|team=care-chat", 500L), Map.entry("channel=CALL|team=voice", 7_500L),
        Map.entry("region=north|team=care-chat", 850L), Map.entry("region=north|team=voice", 2_150L),
        Map.entry("region=south|team=care-chat", 1_650L), Map.entry("region=south|team=voice", 5_350L)), true);
    addLate(tally, 300, "channel=CHAT", "region=north", "team=care-chat");
    tally.addLate(new String[] {"channel=CALL", "region=south", "team=voice"});
    List<RootCause> causes = LateRootCauses.explain(tally);
    // region=north x team=care-chat holds the same 300 late records on more traffic: not named beside it.
    assertThat(causes).extracting(RootCause::getSlice).contains("channel=CHAT|region=north")
        .doesNotContain("region=north|team=care-chat", "channel=CHAT", "region=north");
  }

  @Test
  void aPartOfALaggingValueIsNotNamedBesideIt() {
    // Everything of region=north lags; its consumers hold nearly all of segment=consumer's late records,
    // but only part of region=north's: the value says it all.
    LateTally tally = new LateTally();
    tally.addOnTime(10_000, Map.of("region=north", 2_000L, "region=south", 8_000L, "segment=consumer", 5_000L,
        "segment=business", 5_000L, "region=north|segment=consumer", 1_200L, "region=north|segment=business", 800L,
        "region=south|segment=consumer", 3_800L, "region=south|segment=business", 4_200L), true);
    addLate(tally, 150, "region=north", "segment=consumer");
    addLate(tally, 90, "region=north", "segment=business");
    tally.addLate(new String[] {"region=south", "segment=business"});
    assertThat(LateRootCauses.explain(tally)).extracting(RootCause::getSlice).containsExactly("region=north");
  }

  @Test
  void aValueThatIsTheWholeSeriesIsNoCause() {
    LateTally tally = new LateTally();
    tally.addOnTime(100, Map.of("segment=SMB", 100L), false);
    addLate(tally, 20, "segment=SMB");
    assertThat(LateRootCauses.explain(tally)).isEmpty();
  }

  @Test
  void withoutValuesNothingIsSaid() {
    LateTally tally = new LateTally();
    tally.addOnTime(100, Map.of(), false);
    tally.addLate(new String[0]);
    assertThat(LateRootCauses.explain(tally)).isEmpty();
    assertThat(LateRootCauses.sentence(List.of(), tally, "hours")).isEmpty();
  }

  @Test
  void aTallyKeepsABoundedNumberOfValuesAndMergesExactly() {
    LateTally first = new LateTally();
    for (int i = 0; i < LateTally.MAX_VALUES + 10; i++) {
      first.addLate(new String[] {"product=p" + i});
    }
    assertThat(first.late).isEqualTo(LateTally.MAX_VALUES + 10);
    assertThat(first.lateByValue).hasSize(LateTally.MAX_VALUES);
    LateTally second = new LateTally();
    second.addLate(new String[] {"product=p0"});
    second.addOnTime(5, Map.of("product=p0", 5L), false);
    assertThat(first.pairsIncomplete).isFalse();
    LateTally wide = new LateTally();
    String[] values = new String[50];
    for (int i = 0; i < values.length; i++) {
      values[i] = "d" + i + "=v";
    }
    wide.addLate(values); // 1,225 pairs
    assertThat(wide.lateByPair).hasSize(LateTally.MAX_PAIRS);
    assertThat(wide.pairsIncomplete).isTrue();
    assertThat(new LateTally().merge(wide).pairsIncomplete).isTrue();
    LateTally merged = new LateTally().merge(first).merge(second);
    assertThat(merged.late).isEqualTo(LateTally.MAX_VALUES + 11);
    assertThat(merged.onTime).isEqualTo(5);
    assertThat(merged.lateByValue.get("product=p0")).isEqualTo(2);
    assertThat(merged.onTimeByValue).containsExactly(Map.entry("product=p0", 5L));
  }
}
