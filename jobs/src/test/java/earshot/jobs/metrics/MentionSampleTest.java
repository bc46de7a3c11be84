package earshot.jobs.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MentionSampleTest {

  /** A text of {@code region} and {@code segment} on channel=CALL (its series fixes the channel) mentioning {@code terms}. */
  private static Observation text(String id, String region, String segment, String... terms) {
    Observation o = new Observation();
    o.seriesKey = "channel=CALL";
    o.interactionId = id;
    o.sliceKeys = new String[] {"channel=CALL", "region=" + region, null, "segment=" + segment};
    o.seriesMask = 1;
    o.keyPhrases = List.of(terms);
    return o;
  }

  @Test
  void eachThemeKeepsTheSameBoundedSampleWhateverTheOrderAndHowTheWindowsWereSplit() {
    List<Observation> texts = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      texts.add(text("t" + i, i % 2 == 0 ? "north" : "south", "SMB", "login loop", i < 5 ? "rare" : "common"));
    }
    Breakdown whole = new Breakdown();
    texts.forEach(whole::sampleMentions);
    Breakdown reversed = new Breakdown();
    for (int i = texts.size() - 1; i >= 0; i--) {
      reversed.sampleMentions(texts.get(i));
    }
    // Two halves counted apart (south first in the second, so their keys are numbered differently), then merged.
    Breakdown first = new Breakdown();
    Breakdown second = new Breakdown();
    for (int i = 0; i < texts.size(); i++) {
      (i < 200 ? first : second).sampleMentions(texts.get(i < 200 ? i : texts.size() + 199 - i));
    }
    first.merge(second, 400);
    first.merge(second.copy(), 400); // merging the same mentions again adds nothing

    assertThat(whole.mentionSlices("login loop")).hasSize(MentionSample.SIZE);
    assertThat(whole.mentionSlices("rare")).hasSize(5);
    for (Breakdown other : List.of(reversed, first)) {
      for (String term : List.of("login loop", "rare", "common")) {
        assertThat(other.mentionSlices(term)).as(term).isEqualTo(whole.mentionSlices(term));
      }
    }
    // About half the sampled mentions are in each region, as in the texts: the sample is not the first ones seen.
    long north = whole.mentionSlices("login loop").stream().filter(s -> s.contains("region=north")).count();
    assertThat(north).isBetween(3L, 13L);
    // A restored copy reads the same slices from the state's two strings alone.
    Breakdown restored = new Breakdown();
    restored.mentions = new HashMap<>(whole.mentions);
    restored.mentionKeys = whole.mentionKeys;
    assertThat(restored.mentionSlices("login loop")).isEqualTo(whole.mentionSlices("login loop"));
  }

  @Test
  void aMentionLiesInEachOfItsValuesBelowTheSeriesAndTheirPairs() {
    Breakdown breakdown = new Breakdown();
    breakdown.sampleMentions(text("t1", "north", "SMB", "refund"));
    assertThat(breakdown.mentionSlices("refund"))
        .containsExactly(List.of("region=north", "segment=SMB", "region=north|segment=SMB"));
  }

  /**
   * Dimension values are customer input: one holding the samples' own separator must not shift the
   * numbered keys when a window's state is copied or restored (the copy read the wrong slices, or failed).
   */
  @Test
  void aDimensionValueHoldingTheSeparatorsKeepsEveryMentionInItsSlicesAfterACopy() {
    SeriesCatalog catalog = SeriesCatalog.of(List.of("channel", "touchpoint", "region", "segment"), List.of());
    Breakdown window = new Breakdown();
    String[] regions = {"no\u0002rth", "region=south", "so\u0001uth\u0002segment=SMB"};
    for (int i = 0; i < 30; i++) {
      earshot.schemas.Interaction interaction = earshot.schemas.Interaction.newBuilder().setInteractionId("i" + i)
          .setChannel(earshot.schemas.Channel.CALL).setOccurredAt(java.time.Instant.EPOCH)
          .setTouchpoint(i % 2 == 0 ? "billing" : "support").setRegion(regions[i % 3]).setSegment("SMB").build();
      Observation o = new Observation();
      o.interactionId = interaction.getInteractionId();
      o.sliceKeys = catalog.sliceKeysFor(interaction);
      o.keyPhrases = List.of("late parcel");
      window.sampleMentions(o.inSeries("channel=CALL", catalog.sliceMaskOf("channel=CALL")));
    }
    List<List<String>> live = window.mentionSlices("late parcel");
    assertThat(live).hasSize(MentionSample.SIZE)
        .allSatisfy(slices -> assertThat(slices).hasSize(6).noneMatch(s -> s.chars().anyMatch(c -> c < 0x20)));
    assertThat(window.copy().mentionSlices("late parcel")).isEqualTo(live);
  }

  /**
   * A window skips a full sample's reading when a mention cannot beat its last hash: the samples it
   * keeps are those of offers that read every sample, before and after a merge changes the samples.
   */
  @Test
  void skippingFullSamplesByTheirBarKeepsExactlyTheSamplesOfReadingThemEveryTime() {
    java.util.Random random = new java.util.Random(11);
    Breakdown window = new Breakdown();
    Map<String, String> reference = new HashMap<>();
    MentionSample.Keys referenceKeys = new MentionSample.Keys("");
    Breakdown other = new Breakdown();
    for (int i = 0; i < 3_000; i++) {
      Observation o = text("t" + i, "r" + random.nextInt(4), "s" + random.nextInt(3),
          "theme" + random.nextInt(40), "theme" + (40 + random.nextInt(3)));
      if (i == 1_500) {
        // A merge brings mentions the window's bars have not seen: its bars must not skip past them.
        window.merge(other, 400);
        MentionSample.merge(reference, referenceKeys, other.mentions, new MentionSample.Keys(other.mentionKeys));
      }
      if (i < 1_000) {
        other.sampleMentions(text("u" + i, "r0", "s0", "theme" + random.nextInt(43)));
      }
      window.sampleMentions(o);
      // A new map of bars at every offer: every sample is read.
      MentionSample.offer(reference, referenceKeys, new HashMap<>(), o);
    }
    assertThat(reference).hasSize(43);
    for (String term : reference.keySet()) {
      List<String> expected = MentionSample.entries(reference.get(term)).stream()
          .map(entry -> String.join(",", MentionSample.slicesOf(entry, referenceKeys))).toList();
      List<String> kept = window.mentionSlices(term).stream().map(slices -> String.join(",", slices)).toList();
      assertThat(kept).as(term).hasSize(MentionSample.SIZE).isEqualTo(expected);
      assertThat(hashes(window.mentions.get(term))).as(term).isEqualTo(hashes(reference.get(term)));
    }
  }

  private static List<String> hashes(String sample) {
    return MentionSample.entries(sample).stream().map(entry -> entry.substring(0, MentionSample.HASH_DIGITS)).toList();
  }
}
