package earshot.jobs.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DetractorSpikeDetectorTest {

  private final DetractorSpikeDetector detector = new DetractorSpikeDetector(Windows.settings());

  @Test
  void findsASpikeAfterLearningAndStaysQuietOnStableWindows() {
    ProportionBaseline baseline = new ProportionBaseline();
    SplittableRandom random = new SplittableRandom(1);
    int anomalies = 0;
    for (int w = 0; w < 500; w++) {
      int detractors = Windows.binomial(100, 0.2, random);
      Evaluation e = detector.evaluate(Windows.nps("global", Windows.START + w * Windows.HOUR, Windows.HOUR, 100, detractors), baseline);
      if (e.verdict() == Verdict.ANOMALY) {
        anomalies++;
      }
    }
    assertThat(anomalies).as("false alarms in 500 stable windows").isZero();
    assertThat(baseline.proportion()).isBetween(0.17, 0.23);

    Evaluation spike = detector.evaluate(Windows.nps("global", Windows.START + 500 * Windows.HOUR, Windows.HOUR, 100, 45), baseline);
    assertThat(spike.verdict()).isEqualTo(Verdict.ANOMALY);
    assertThat(spike.observed()).isEqualTo(0.45);
    assertThat(spike.statistic()).isGreaterThan(4);
    assertThat(spike.pValue()).isLessThan(1e-4);
    assertThat(spike.expectedHigh()).isLessThan(0.45);
  }

  @Test
  void needsTheMinimumSample() {
    ProportionBaseline baseline = new ProportionBaseline();
    Evaluation e = detector.evaluate(Windows.nps("global", Windows.START, Windows.HOUR, 19, 19), baseline);
    assertThat(e.verdict()).isEqualTo(Verdict.INSUFFICIENT);
    assertThat(baseline.windows).isZero();
  }

  @Test
  void warmUpIsByEvidenceNotByWindowCount() {
    // warmupWindows x minSample = 120 answers: five windows of 20 answers are not enough.
    ProportionBaseline sparse = new ProportionBaseline();
    for (int w = 0; w < 5; w++) {
      Evaluation e = detector.evaluate(Windows.nps("global", Windows.START + w * Windows.HOUR, Windows.HOUR, 20, w == 4 ? 18 : 4), sparse);
      assertThat(e.verdict()).isEqualTo(Verdict.LEARNING);
    }
    // Three windows of 50 answers are.
    ProportionBaseline busy = new ProportionBaseline();
    for (int w = 0; w < 3; w++) {
      assertThat(detector.evaluate(Windows.nps("global", Windows.START + w * Windows.HOUR, Windows.HOUR, 50, 10), busy).verdict())
          .isEqualTo(Verdict.LEARNING);
    }
    assertThat(detector.evaluate(Windows.nps("global", Windows.START + 3 * Windows.HOUR, Windows.HOUR, 50, 35), busy).verdict())
        .isEqualTo(Verdict.ANOMALY);
  }

  @Test
  void strayEarlyAnswersDoNotSetTheBaseline() {
    // A first window of stray answers, nearly all detractors (a backfill of complaints), then the steady stream at 20%.
    ProportionBaseline baseline = new ProportionBaseline();
    detector.evaluate(Windows.nps("global", Windows.START, Windows.HOUR, 25, 24), baseline);
    SplittableRandom random = new SplittableRandom(3);
    for (int w = 1; w < 8; w++) {
      detector.evaluate(Windows.nps("global", Windows.START + w * Windows.HOUR, Windows.HOUR, 60,
          Windows.binomial(60, 0.2, random)), baseline);
    }
    assertThat(baseline.proportion()).as("baseline after the warm-up").isBetween(0.12, 0.28);
    // So a rise to 40% is still seen.
    assertThat(detector.evaluate(Windows.nps("global", Windows.START + 8 * Windows.HOUR, Windows.HOUR, 100, 45), baseline)
        .verdict()).isEqualTo(Verdict.ANOMALY);
  }

  @Test
  void aRiseThatPersistsIsAdoptedOnceAsTheNewNormal() {
    ProportionBaseline baseline = new ProportionBaseline();
    SplittableRandom random = new SplittableRandom(5);
    for (int w = 0; w < 48; w++) {
      detector.evaluate(Windows.nps("global", Windows.START + w * Windows.HOUR, Windows.HOUR, 100,
          Windows.binomial(100, 0.2, random)), baseline);
    }
    List<Verdict> verdicts = new ArrayList<>();
    for (int w = 48; w < 48 + 72; w++) {
      verdicts.add(detector.evaluate(Windows.nps("global", Windows.START + w * Windows.HOUR, Windows.HOUR, 100,
          Windows.binomial(100, 0.35, random)), baseline).verdict());
    }
    assertThat(verdicts.get(0)).isEqualTo(Verdict.ANOMALY);
    assertThat(verdicts.stream().filter(v -> v == Verdict.LEVEL_SHIFT).count()).as("level shifts").isEqualTo(1);
    int shiftAt = verdicts.indexOf(Verdict.LEVEL_SHIFT);
    assertThat(shiftAt).as("hours until adopted").isBetween(11, 14);
    assertThat(verdicts.subList(shiftAt + 1, verdicts.size())).as("after adoption").doesNotContain(Verdict.ANOMALY);
    assertThat(baseline.proportion()).isBetween(0.3, 0.4);
  }

  @Test
  void anAlertOnAPersistingRiseClosesOnceAsANewNormal() {
    SeriesMonitor monitor = new SeriesMonitor(Windows.settings(), 0);
    SeriesState state = new SeriesState();
    SplittableRandom random = new SplittableRandom(9);
    List<earshot.schemas.Alert> alerts = new ArrayList<>();
    for (int w = 0; w < 24 * 5; w++) {
      double share = w < 48 ? 0.2 : 0.4;
      var window = Windows.nps("global", Windows.START + w * Windows.HOUR, Windows.HOUR, 100, Windows.binomial(100, share, random));
      alerts.addAll(monitor.onWindow(state, window, new java.util.HashMap<>()).stream()
          .filter(a -> a.getDetector().equals(DetractorSpikeDetector.TYPE)).toList());
    }
    assertThat(alerts).extracting(a -> a.getState().name()).startsWith("OPEN").endsWith("RESOLVED");
    assertThat(alerts.stream().filter(a -> a.getState() == earshot.schemas.AlertState.OPEN).count()).isEqualTo(1);
    assertThat(alerts.get(alerts.size() - 1).getSummary()).startsWith("New normal: the share of NPS detractors");
    assertThat(alerts.get(alerts.size() - 1).getUpdatedAt().toEpochMilli() - alerts.get(0).getOpenedAt().toEpochMilli())
        .as("open for at most the bounded time").isLessThanOrEqualTo(LevelRun.SHIFT_MILLIS + 2 * Windows.HOUR);
  }

  @Test
  void anIncidentBarelyMovesTheBaseline() {
    ProportionBaseline baseline = new ProportionBaseline();
    for (int w = 0; w < 50; w++) {
      detector.evaluate(Windows.nps("global", Windows.START + w * Windows.HOUR, Windows.HOUR, 100, 20), baseline);
    }
    double before = baseline.proportion();
    for (int w = 50; w < 54; w++) {
      assertThat(detector.evaluate(Windows.nps("global", Windows.START + w * Windows.HOUR, Windows.HOUR, 100, 70), baseline).verdict())
          .isEqualTo(Verdict.ANOMALY);
    }
    assertThat(baseline.proportion() - before).as("baseline drift after four incident windows").isLessThan(0.06);
  }

  @Test
  void aSmallWindowNeedsALargerRise() {
    ProportionBaseline baseline = new ProportionBaseline();
    for (int w = 0; w < 50; w++) {
      detector.evaluate(Windows.nps("global", Windows.START + w * Windows.HOUR, Windows.HOUR, 400, 80), baseline);
    }
    // 35% of 20 answers is within chance for a 20% baseline; 35% of 400 is not.
    assertThat(detector.evaluate(Windows.nps("global", Windows.START + 50 * Windows.HOUR, Windows.HOUR, 20, 7), copy(baseline)).verdict())
        .isNotEqualTo(Verdict.ANOMALY);
    assertThat(detector.evaluate(Windows.nps("global", Windows.START + 50 * Windows.HOUR, Windows.HOUR, 400, 140), copy(baseline)).verdict())
        .isEqualTo(Verdict.ANOMALY);
  }

  @Test
  void aModerateRiseThatLastsIsFoundByItsChartWhereSingleWindowsMissIt() {
    // 150 answers an hour at 17% detractors, then six hours at 28%: 3.6 standard errors an hour, under
    // the bar of 4 for one window most hours.
    Windows.ShiftTrials trials = Windows.shiftTrials(20, 100, 150, 0.17, 0.28, 6, () -> {
      ProportionBaseline baseline = new ProportionBaseline();
      return (hour, detractors) -> judge(baseline, hour, 150, detractors);
    });
    assertThat(trials.falseAlarms()).as("false alarms in 6,000 stable hours").isLessThanOrEqualTo(1);
    assertThat(trials.found()).as("rises found of 20").isGreaterThanOrEqualTo(18);
    assertThat(trials.foundByOneWindow()).as("rises a single window's test found of 20")
        .isLessThanOrEqualTo(trials.found() - 3);
  }

  @Test
  void aChartAlarmSaysSoAndEndsWithTheRise() {
    ProportionBaseline baseline = new ProportionBaseline();
    for (int hour = 0; hour < 50; hour++) {
      judge(baseline, hour, 200, 40);
    }
    // 26% on 200 answers: about 2 standard errors a window, never 4.
    List<Evaluation> rise = new ArrayList<>();
    for (int hour = 50; hour < 62; hour++) {
      rise.add(judge(baseline, hour, 200, 52));
    }
    assertThat(rise).allMatch(e -> e.statistic() < 4 || e.statisticName().equals("cusum"));
    Evaluation alarm = rise.stream().filter(e -> e.verdict() == Verdict.ANOMALY).findFirst().orElseThrow();
    assertThat(alarm.statisticName()).isEqualTo("cusum");
    assertThat(alarm.statistic()).isEqualTo(ZChart.H);
    assertThat(alarm.pValue()).isLessThan(1e-4);
    assertThat(judge(baseline, 62, 200, 40).verdict()).as("back at the baseline").isNotEqualTo(Verdict.ANOMALY);
  }

  private Evaluation judge(ProportionBaseline baseline, int hour, int answers, int detractors) {
    return detector.evaluate(Windows.nps("global", Windows.START + hour * Windows.HOUR, Windows.HOUR, answers,
        detractors), baseline);
  }

  private static ProportionBaseline copy(ProportionBaseline b) {
    ProportionBaseline c = new ProportionBaseline();
    c.successes = b.successes;
    c.trials = b.trials;
    c.windows = b.windows;
    c.seen = b.seen;
    return c;
  }
}
