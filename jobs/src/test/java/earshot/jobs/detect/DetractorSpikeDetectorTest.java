package earshot.jobs.detect;

import static org.assertj.core.api.Assertions.assertThat;

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
  void doesNotAlertWhileLearning() {
    ProportionBaseline baseline = new ProportionBaseline();
    for (int w = 0; w < 5; w++) {
      Evaluation e = detector.evaluate(Windows.nps("global", Windows.START + w * Windows.HOUR, Windows.HOUR, 50, w == 4 ? 45 : 10), baseline);
      assertThat(e.verdict()).isEqualTo(Verdict.LEARNING);
    }
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

  private static ProportionBaseline copy(ProportionBaseline b) {
    ProportionBaseline c = new ProportionBaseline();
    c.successes = b.successes;
    c.trials = b.trials;
    c.windows = b.windows;
    return c;
  }
}
