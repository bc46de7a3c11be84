package earshot.jobs.detect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NpsDropDetectorTest {

  private final NpsDropDetector detector = new NpsDropDetector(Windows.settings());

  @Test
  void theSameDropAlertsOnManyAnswersButNotOnFew() {
    NpsBaseline many = learned(400);
    NpsBaseline few = learned(400);
    // Baseline: 20% detractors, 40% promoters, NPS +20. Window: 35% detractors, NPS about 0.
    Evaluation onMany = detector.evaluate(Windows.nps("global", Windows.START + 100 * Windows.HOUR, Windows.HOUR, 400, 140), many);
    Evaluation onFew = detector.evaluate(Windows.nps("global", Windows.START + 100 * Windows.HOUR, Windows.HOUR, 20, 7), few);
    assertThat(onMany.verdict()).isEqualTo(Verdict.ANOMALY);
    assertThat(onMany.baseline()).isBetween(15.0, 25.0);
    assertThat(onFew.verdict()).isNotEqualTo(Verdict.ANOMALY);
    assertThat(onFew.expectedLow()).isLessThan(onMany.expectedLow());
  }

  @Test
  void aRiseIsNotADrop() {
    NpsBaseline baseline = learned(200);
    Evaluation e = detector.evaluate(Windows.nps("global", Windows.START + 100 * Windows.HOUR, Windows.HOUR, 200, 0), baseline);
    assertThat(e.verdict()).isEqualTo(Verdict.NORMAL);
    assertThat(e.statistic()).isNegative();
  }

  @Test
  void aDropThatPersistsIsAdoptedOnceAndStrayAnswersDoNotSetTheBaseline() {
    NpsBaseline baseline = new NpsBaseline();
    // Stray early answers: 30 detractors and nothing else, before the steady stream at NPS +20.
    detector.evaluate(Windows.nps("global", Windows.START - 24 * Windows.HOUR, Windows.HOUR, 30, 30), baseline);
    for (int w = 0; w < 48; w++) {
      detector.evaluate(Windows.nps("global", Windows.START + w * Windows.HOUR, Windows.HOUR, 200, 40), baseline);
    }
    assertThat(baseline.nps()).as("baseline after the warm-up").isBetween(15.0, 25.0);
    java.util.List<Verdict> verdicts = new java.util.ArrayList<>();
    for (int w = 48; w < 48 + 48; w++) {
      // 45% detractors from here on: NPS about -15.
      verdicts.add(detector.evaluate(Windows.nps("global", Windows.START + w * Windows.HOUR, Windows.HOUR, 200, 90), baseline)
          .verdict());
    }
    assertThat(verdicts.get(0)).isEqualTo(Verdict.ANOMALY);
    assertThat(verdicts.stream().filter(v -> v == Verdict.LEVEL_SHIFT).count()).isEqualTo(1);
    int shiftAt = verdicts.indexOf(Verdict.LEVEL_SHIFT);
    assertThat(shiftAt).as("hours until adopted").isBetween(11, 12);
    assertThat(verdicts.subList(shiftAt + 1, verdicts.size())).containsOnly(Verdict.NORMAL);
  }

  @Test
  void aModerateDropThatLastsIsFoundByItsChartWhereSingleWindowsMissIt() {
    // 150 answers an hour at NPS +20 (20% detractors, 40% promoters), then six hours at about +5
    // (30% detractors): about 2.4 standard errors an hour, far under the bar of 4 for one window.
    Windows.ShiftTrials trials = Windows.shiftTrials(20, 200, 150, 0.20, 0.30, 6, () -> {
      NpsBaseline baseline = new NpsBaseline();
      return (hour, detractors) -> judge(baseline, hour, detractors);
    });
    assertThat(trials.falseAlarms()).as("false alarms in 6,000 stable hours").isLessThanOrEqualTo(1);
    // The chart needs about four such hours to reach its bar: it finds most within six, one window's test almost none.
    assertThat(trials.found()).as("drops found of 20").isGreaterThanOrEqualTo(15);
    assertThat(trials.foundByOneWindow()).as("drops a single window's test found of 20").isLessThanOrEqualTo(3);
  }

  @Test
  void theChartScoresSmallWindowsByTheirExactTail() {
    // A baseline of 20% detractors and 40% promoters on 2,000 answers; windows of 25 answers drawn from that mix.
    NpsBaseline baseline = new NpsBaseline();
    baseline.learn(800, 400, 2000, 1);
    java.util.SplittableRandom random = new java.util.SplittableRandom(9);
    int windows = 40_000;
    int overTwo = 0;
    double sum = 0;
    for (int w = 0; w < windows; w++) {
      double z = NpsDropDetector.exactScores(drawn(random, 25, 0.4, 0.2), baseline, 25)[2];
      sum += z;
      overTwo += z > 2 ? 1 : 0;
    }
    // A standard normal score: mean 0, above 2 in 2.3% of windows (mid-p of a discrete score: close, not exact).
    assertThat(sum / windows).as("mean score on stable windows").isBetween(-0.05, 0.05);
    assertThat((double) overTwo / windows).as("share of stable windows scored above 2").isBetween(0.015, 0.03);
    // And a drop scores high: 12 detractors and 4 promoters of 25 is NPS -32 against +20.
    assertThat(NpsDropDetector.exactScores(window(4, 12, 25), baseline, 25)[2]).isGreaterThan(3.0);
  }

  @Test
  void aSmallWindowAlertsOnItsOwnNoMoreOftenThanItsBarPromises() {
    // Stable windows of 22 answers (a busy slice's five minutes) from the baseline's own mix: 15% detractors,
    // 50% promoters. The bar of 4 standard scores is a one-sided chance of 3 in 100,000. On so few answers
    // the count is skewed: judged by a normal approximation, 9 of these windows alerted (half as many again
    // as promised); by the exact tail, 3.
    java.util.SplittableRandom random = new java.util.SplittableRandom(13);
    int windows = 200_000;
    int alone = 0;
    for (int w = 0; w < windows; w++) {
      // A baseline as a series of such windows holds it (half-life 24 windows: about 770 answers), fresh for each.
      NpsBaseline steady = new NpsBaseline();
      steady.learn(385, 115.5, 770, 1);
      steady.replaceEvidence(100, 2200);
      Evaluation e = detector.evaluate(drawn(random, 22, 0.5, 0.15), steady);
      alone += e.verdict() == Verdict.ANOMALY && e.statisticName().equals("z") ? 1 : 0;
    }
    assertThat(alone).as("single-window alerts in 200,000 stable windows (3 in 100,000 promised: 6)")
        .isLessThanOrEqualTo(6);
  }

  /** A window of {@code answers} answers, each a promoter or a detractor with the given chances. */
  private static earshot.schemas.MetricSnapshot drawn(java.util.SplittableRandom random, int answers,
      double promoterShare, double detractorShare) {
    int promoters = 0;
    int detractors = 0;
    for (int i = 0; i < answers; i++) {
      double u = random.nextDouble();
      promoters += u < promoterShare ? 1 : 0;
      detractors += u >= 1 - detractorShare ? 1 : 0;
    }
    return window(promoters, detractors, answers);
  }

  private static earshot.schemas.MetricSnapshot window(int promoters, int detractors, int answers) {
    earshot.schemas.MetricSnapshot w = Windows.nps("global", Windows.START, Windows.HOUR, answers, detractors);
    w.setPromoters(promoters);
    return w;
  }

  private Evaluation judge(NpsBaseline baseline, int hour, int detractors) {
    return detector.evaluate(Windows.nps("global", Windows.START + hour * Windows.HOUR, Windows.HOUR, 150, detractors),
        baseline);
  }

  private NpsBaseline learned(int answers) {
    NpsBaseline baseline = new NpsBaseline();
    for (int w = 0; w < 100; w++) {
      detector.evaluate(Windows.nps("global", Windows.START + w * Windows.HOUR, Windows.HOUR, answers, answers / 5), baseline);
    }
    return baseline;
  }
}
