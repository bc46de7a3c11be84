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
    int found = 0;
    int foundByOneWindow = 0;
    int falseAlarms = 0;
    for (int seed = 0; seed < 20; seed++) {
      java.util.SplittableRandom random = new java.util.SplittableRandom(200 + seed);
      NpsBaseline baseline = new NpsBaseline();
      int hour = 0;
      for (; hour < 300; hour++) {
        if (judge(baseline, hour, Windows.binomial(150, 0.20, random)).verdict() == Verdict.ANOMALY) {
          falseAlarms++;
        }
      }
      boolean charted = false;
      boolean oneWindow = false;
      for (int end = hour + 6; hour < end; hour++) {
        Evaluation e = judge(baseline, hour, Windows.binomial(150, 0.30, random));
        if (e.verdict() == Verdict.ANOMALY) {
          charted = true;
          oneWindow |= e.statisticName().equals("z");
        }
      }
      found += charted ? 1 : 0;
      foundByOneWindow += oneWindow ? 1 : 0;
    }
    assertThat(falseAlarms).as("false alarms in 6,000 stable hours").isLessThanOrEqualTo(1);
    // The chart needs about five such hours to reach its bar: it finds most within six, one window's test almost none.
    assertThat(found).as("drops found of 20").isGreaterThanOrEqualTo(12);
    assertThat(foundByOneWindow).as("drops a single window's test found of 20").isLessThanOrEqualTo(3);
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
