package earshot.jobs.rootcause;

import earshot.jobs.metrics.Breakdown;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import earshot.jobs.rootcause.RootCauseExplainer.Measure;
import earshot.schemas.RootCause;
import java.util.List;
import org.junit.jupiter.api.Test;

class RootCauseExplainerTest {

  private final RootCauseExplainer explainer = new RootCauseExplainer(RootCauseSettings.defaults());
  private final SliceBaseline usual = Cells.baseline(Cells::usual, 50);

  @Test
  void aChangeConcentratedInOnePairIsFoundAtThePairNotSplitIntoItsParents() {
    // billing x SMB (both regions): 9 of 10 answers detractors, no promoter; every other cell as usual.
    Breakdown now = Cells.window((t, r, s) -> t.equals("billing") && s.equals("SMB") ? new int[] {10, 9, 0}
        : Cells.usual(t, r, s));

    List<RootCause> causes = explainer.explain(Measure.NPS, now, usual, Double.NaN);

    assertThat(causes).isNotEmpty();
    RootCause top = causes.get(0);
    assertThat(top.getSlice()).isEqualTo("touchpoint=billing|segment=SMB");
    assertThat(top.getDimensions()).containsEntry("touchpoint", "billing").containsEntry("segment", "SMB");
    assertThat(top.getShare()).isGreaterThan(0.95);
    assertThat(top.getSize()).isEqualTo(20);
    assertThat(top.getObserved()).isEqualTo(-90.0);
    assertThat(top.getBaseline()).isCloseTo(30.0, within(0.5));
    // Neither parent nor any other view of the same change is listed as a second cause.
    assertThat(causes).extracting(RootCause::getSlice)
        .doesNotContain("touchpoint=billing", "segment=SMB", "touchpoint=billing|region=north",
            "touchpoint=billing|region=south", "region=north|segment=SMB", "region=south|segment=SMB");
    assertThat(causes).hasSize(1);
  }

  @Test
  void aChangeAcrossAWholeValueIsFoundAtThatValueAndItsFiguresAddUp() {
    // All of billing (4 cells) goes bad; no pair holds three quarters of it.
    Breakdown now = Cells.window((t, r, s) -> t.equals("billing") ? new int[] {10, 8, 1} : Cells.usual(t, r, s));

    List<RootCause> causes = explainer.explain(Measure.DETRACTOR_SHARE, now, usual, Double.NaN);

    assertThat(causes).extracting(RootCause::getSlice).containsExactly("touchpoint=billing");
    RootCause billing = causes.get(0);
    // 40 answers, 32 detractors where 20% (8) were expected: 24 extra, all of the series' 24 extra.
    assertThat(billing.getSize()).isEqualTo(40);
    assertThat(billing.getObserved()).isCloseTo(0.8, within(1e-9));
    assertThat(billing.getBaseline()).isCloseTo(0.2, within(1e-6));
    assertThat(billing.getExtra()).isCloseTo(24.0, within(1e-4));
    assertThat(billing.getShare()).isCloseTo(1.0, within(1e-4));
    // The parts add up: the pairs under billing hold the same extra detractors between them.
    List<RootCause> bySegment = new RootCauseExplainer(new RootCauseSettings(400, 5, 20, 0.01, 288))
        .explain(Measure.DETRACTOR_SHARE, Cells.window((t, r, s) -> t.equals("billing") && s.equals("SMB")
            ? new int[] {10, 8, 1} : Cells.usual(t, r, s)), usual, Double.NaN);
    assertThat(bySegment.get(0).getSlice()).isEqualTo("touchpoint=billing|segment=SMB");
    assertThat(bySegment.get(0).getExtra()).isCloseTo(12.0, within(1e-4));
  }

  @Test
  void aChangeSpreadEvenlyHasNoDominantCause() {
    // Every cell's detractors double: 4 of 10 instead of 2.
    Breakdown now = Cells.window((t, r, s) -> new int[] {10, 4, 4});

    assertThat(explainer.explain(Measure.DETRACTOR_SHARE, now, usual, Double.NaN)).isEmpty();
    assertThat(explainer.explain(Measure.NPS, now, usual, Double.NaN)).isEmpty();
  }

  @Test
  void anEvenChangeWithSamplingNoiseRarelyNamesAChanceSlice() {
    // Every cell's detractors rise from 20% to 35% of its answers, drawn answer by answer: some slice
    // then holds over one and a half times its traffic share of the change by chance in most windows.
    java.util.Random random = new java.util.Random(42);
    int windows = 200;
    int named = 0;
    int namedWithoutConcentration = 0;
    for (int w = 0; w < windows; w++) {
      Breakdown now = Cells.window((t, r, s) -> {
        int detractors = 0;
        int promoters = 0;
        for (int i = 0; i < 15; i++) {
          double u = random.nextDouble();
          detractors += u < 0.35 ? 1 : 0;
          promoters += u >= 0.35 && u < 0.75 ? 1 : 0;
        }
        return new int[] {15, detractors, promoters};
      });
      named += explainer.explain(Measure.DETRACTOR_SHARE, now, usual, Double.NaN).isEmpty() ? 0 : 1;
      namedWithoutConcentration += new RootCauseExplainer(RootCauseSettings.defaults(), false)
          .explain(Measure.DETRACTOR_SHARE, now, usual, Double.NaN).isEmpty() ? 0 : 1;
    }
    // Bonferroni at 5% over the window's 23 slices: at most about one window in twenty.
    assertThat(named).isLessThanOrEqualTo(windows / 20);
    assertThat(namedWithoutConcentration).as("the same windows judged only against each slice's own baseline")
        .isGreaterThan(4 * Math.max(1, named));
  }

  @Test
  void longerWaitsOnOneValueAreFoundThereButWaitsLongerEverywhereHaveNoCause() {
    SliceBaseline usualWaits = waitBaseline(50);
    Breakdown deliverySlow = waitWindow(t -> t.equals("delivery") ? 3.0 : 1.0, 0);
    List<RootCause> causes = explainer.explain(Measure.WAIT_MEAN, deliverySlow, usualWaits, Double.NaN);

    assertThat(causes).extracting(RootCause::getSlice).containsExactly("touchpoint=delivery");
    RootCause delivery = causes.get(0);
    assertThat(delivery.getSize()).isEqualTo(40);
    assertThat(delivery.getBaseline()).isCloseTo(200, within(5.0));
    assertThat(delivery.getObserved()).isCloseTo(3 * delivery.getBaseline(), within(20.0));
    // 40 waits each about 400 s longer: about 16,000 s of extra waiting, all of the series' extra.
    assertThat(delivery.getExtra()).isCloseTo(16_000, within(800.0));
    assertThat(delivery.getShare()).isGreaterThan(0.95);
    assertThat(RootCauseExplainer.sentence(Measure.WAIT_MEAN, delivery))
        .startsWith("100% of the extra waiting is in touchpoint=delivery: mean wait ").contains(" s on 40 waits against ");

    Breakdown allSlow = waitWindow(t -> 1.5, 0);
    assertThat(explainer.explain(Measure.WAIT_MEAN, allSlow, usualWaits, Double.NaN)).isEmpty();
  }

  /** Ten calls a cell, waits of 100 to 299 s (shifted by {@code phase}) times the touchpoint's factor. */
  private static Breakdown waitWindow(java.util.function.ToDoubleFunction<String> factor, int phase) {
    Breakdown breakdown = new Breakdown();
    for (earshot.jobs.metrics.Observation o : Cells.calls(10, (n, touchpoint, region, segment, i) -> {
      earshot.jobs.metrics.Observation call = Cells.observation("w" + n, touchpoint, region, segment, 8);
      call.waitSeconds = (int) Math.round((100 + (i * 41 + phase * 13 + n + 1) % 200) * factor.applyAsDouble(touchpoint));
      return call;
    })) {
      breakdown.add(o, Cells.MAX_SLICES);
    }
    return breakdown;
  }

  private static SliceBaseline waitBaseline(int windows) {
    SliceBaseline baseline = new SliceBaseline();
    for (int i = 0; i < windows; i++) {
      baseline.learn(waitWindow(t -> 1.0, i), RootCauseSettings.defaults().decay(), Cells.MAX_SLICES);
    }
    return baseline;
  }

  @Test
  void theBonferroniBarIsTheNormalQuantile() {
    assertThat(RootCauseExplainer.upperTailZ(1e-3)).isCloseTo(3.090, within(0.04));
    assertThat(RootCauseExplainer.upperTailZ(1.25e-4)).isCloseTo(3.662, within(0.03));
    assertThat(RootCauseExplainer.upperTailZ(1e-6)).isCloseTo(4.753, within(0.02));
  }

  @Test
  void twoSeparateCausesAreBothListedLargestFirstAndTheirSharesDoNotOverlap() {
    Breakdown now = Cells.window((t, r, s) -> {
      if (t.equals("billing") && s.equals("SMB")) {
        return new int[] {10, 10, 0};
      }
      if (t.equals("delivery") && r.equals("south")) {
        return new int[] {10, 7, 1};
      }
      return Cells.usual(t, r, s);
    });

    List<RootCause> causes = explainer.explain(Measure.DETRACTOR_SHARE, now, usual, Double.NaN);

    assertThat(causes).extracting(RootCause::getSlice)
        .containsExactly("touchpoint=billing|segment=SMB", "touchpoint=delivery|region=south");
    // 16 + 10 extra detractors out of 26.
    assertThat(causes.get(0).getShare()).isCloseTo(16 / 26.0, within(1e-4));
    assertThat(causes.get(1).getShare()).isCloseTo(10 / 26.0, within(1e-4));
    assertThat(causes.stream().mapToDouble(RootCause::getShare).sum()).isCloseTo(1.0, within(1e-4));
  }

  @Test
  void aVolumeSurgeIsPlacedWhereTheExtraInteractionsAre() {
    // North gets three times its traffic: 60 interactions more than the 120 expected.
    Breakdown now = Cells.window((t, r, s) -> r.equals("north") ? new int[] {30, 6, 15} : Cells.usual(t, r, s));

    List<RootCause> causes = explainer.explain(Measure.INTERACTIONS, now, usual, 120.0);

    assertThat(causes).extracting(RootCause::getSlice).containsExactly("region=north");
    assertThat(causes.get(0).getShare()).isCloseTo(2.0 * 60 / 120, within(1e-4));
    assertThat(causes.get(0).getBaseline()).isCloseTo(60.0, within(1e-6));
    assertThat(causes.get(0).getSize()).isEqualTo(180);
  }

  @Test
  void aSliceTooSmallOrWithoutABaselineIsNotNamed() {
    Breakdown now = Cells.window((t, r, s) -> t.equals("billing") && s.equals("SMB") ? new int[] {2, 2, 0}
        : Cells.usual(t, r, s));
    RootCauseExplainer strict = new RootCauseExplainer(new RootCauseSettings(400, 5, 3, 0.2, 288));
    assertThat(strict.explain(Measure.DETRACTOR_SHARE, now, usual, Double.NaN))
        .extracting(RootCause::getSlice).doesNotContain("touchpoint=billing|segment=SMB");
    assertThat(explainer.explain(Measure.DETRACTOR_SHARE, now, new SliceBaseline(), Double.NaN)).isEmpty();
  }

  @Test
  void theSentenceGivesTheShareTheSliceAndItsFigures() {
    RootCause cause = new RootCause("touchpoint=billing|segment=SMB", java.util.Map.of(), 0.83, 40.0, -91.1, 17.2, 45L);
    assertThat(RootCauseExplainer.sentence(Measure.NPS, cause))
        .isEqualTo("83% of the NPS lost is in touchpoint=billing x segment=SMB: NPS -91 on 45 answers against +17.");
    RootCause detractors = new RootCause("touchpoint=billing", java.util.Map.of(), 0.5, 12.0, 0.64, 0.2, 45L);
    assertThat(RootCauseExplainer.sentence(Measure.DETRACTOR_SHARE, detractors))
        .isEqualTo("50% of the extra detractors are in touchpoint=billing: 64% on 45 answers against 20%.");
  }

  @Test
  void theBinomialTailIsExact() {
    assertThat(RootCauseExplainer.binomialUpperTail(3, 5, 0.5)).isCloseTo(0.5, within(1e-12));
    assertThat(RootCauseExplainer.binomialUpperTail(5, 5, 0.5)).isCloseTo(1.0 / 32, within(1e-12));
    assertThat(RootCauseExplainer.binomialUpperTail(1, 16, 0.1)).isCloseTo(1 - Math.pow(0.9, 16), within(1e-12));
    assertThat(RootCauseExplainer.binomialUpperTail(0, 16, 0.1)).isEqualTo(1.0);
    assertThat(RootCauseExplainer.binomialUpperTail(2, 16, 0.0)).isZero();
  }

  /**
   * A theme mentioned in calls about delivery from the north and, half as often, about billing from the
   * south: delivery x north is named first (16 sampled mentions cannot show the smaller part at the
   * Bonferroni bar), and a theme whose mentions follow the texts names none.
   */
  @Test
  void aThemesMentionsAreFoundWhereTheyConcentrateFromTheirSample() {
    java.util.function.BiFunction<Boolean, String, Breakdown> window = (concentrated, term) -> {
      Breakdown breakdown = new Breakdown();
      for (earshot.jobs.metrics.Observation o : Cells.calls(40, (n, t, r, s, i) -> {
        earshot.jobs.metrics.Observation call = Cells.observation("c" + n, t, r, s, 8);
        call.analysed = true;
        boolean mentions = concentrated
            ? t.equals("delivery") && r.equals("north") && i < 20 || t.equals("billing") && r.equals("south") && i < 10
            : i % 8 == 0;
        call.keyPhrases = mentions ? List.of(term) : List.of();
        return call;
      })) {
        breakdown.add(o, Cells.MAX_SLICES);
        breakdown.sampleMentions(o);
      }
      return breakdown;
    };
    // 60 mentions where about 2 were expected.
    List<RootCause> causes = explainer.explainMentions(window.apply(true, "parcel lost"), "parcel lost", 60, 2);
    assertThat(causes).extracting(RootCause::getSlice).startsWith("touchpoint=delivery|region=north");
    RootCause top = causes.get(0);
    assertThat(top.getBaseline()).isCloseTo(1.0 / 6, within(1e-9));
    assertThat(top.getObserved()).isGreaterThan(0.4);
    assertThat(top.getShare()).isBetween(0.3, 1.0);
    assertThat(top.getSize()).isEqualTo(Math.round(top.getObserved() * earshot.jobs.metrics.MentionSample.SIZE));

    assertThat(explainer.explainMentions(window.apply(false, "parcel lost"), "parcel lost", 60, 2)).isEmpty();
    assertThat(explainer.explainMentions(window.apply(true, "parcel lost"), "another theme", 60, 2)).isEmpty();
  }

  /**
   * Consumers write 85% of region=north's texts (in the south, half), and a theme rises evenly across
   * region=north: the region is named, not region=north x segment=consumer, which holds most of the
   * mentions only because it holds most of the texts.
   */
  @Test
  void aThemeRisingEvenlyInAValueIsNamedThereNotAtItsHeaviestPair() {
    Breakdown now = new Breakdown();
    int id = 0;
    for (String region : Cells.REGIONS) {
      for (int i = 0; i < 200; i++) {
        String segment = region.equals("north") ? (i % 20 < 17 ? "consumer" : "SMB") : (i % 2 == 0 ? "consumer" : "SMB");
        earshot.jobs.metrics.Observation text = Cells.observation("t" + id++, Cells.TOUCHPOINTS.get(i % 3), region,
            segment, 8);
        text.analysed = true;
        text.keyPhrases = region.equals("north") && i % 2 == 0 ? List.of("app crash") : List.of();
        now.add(text, Cells.MAX_SLICES);
        now.sampleMentions(text);
      }
    }
    long consumers = now.mentionSlices("app crash").stream().filter(m -> m.contains("segment=consumer")).count();
    assertThat(consumers).as("the pair holds three quarters of the sampled mentions").isGreaterThanOrEqualTo(12);

    List<RootCause> causes = explainer.explainMentions(now, "app crash", 100, 4);
    assertThat(causes).extracting(RootCause::getSlice).first().isEqualTo("region=north");
  }
}
