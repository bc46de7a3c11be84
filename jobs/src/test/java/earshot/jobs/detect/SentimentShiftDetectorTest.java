package earshot.jobs.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SentimentShiftDetectorTest {

  private final SentimentShiftDetector detector = new SentimentShiftDetector(Windows.settings());

  @Test
  void aShiftThatPersistsIsAdoptedOnceAndStrayTextsDoNotSetTheBaseline() {
    CusumState state = new CusumState();
    SplittableRandom random = new SplittableRandom(4);
    // Stray early texts, all negative, a day before the steady stream at 25% negative.
    detector.evaluate(Windows.texts("global", Windows.START - 24 * Windows.HOUR, Windows.HOUR, 30, 30, List.of(), 0), state);
    long t = Windows.START;
    for (int w = 0; w < 48; w++, t += Windows.HOUR) {
      assertThat(detector.evaluate(Windows.texts("global", t, Windows.HOUR, 200, Windows.binomial(200, 0.25, random),
          List.of(), 0), state).verdict()).isNotEqualTo(Verdict.ANOMALY);
    }
    assertThat(state.baseline.proportion()).isBetween(0.2, 0.3);
    List<Verdict> verdicts = new java.util.ArrayList<>();
    for (int w = 0; w < 48; w++, t += Windows.HOUR) {
      verdicts.add(detector.evaluate(Windows.texts("global", t, Windows.HOUR, 200, Windows.binomial(200, 0.4, random),
          List.of(), 0), state).verdict());
    }
    assertThat(verdicts.subList(0, 3)).contains(Verdict.ANOMALY);
    assertThat(verdicts.stream().filter(v -> v == Verdict.LEVEL_SHIFT).count()).isEqualTo(1);
    int shiftAt = verdicts.indexOf(Verdict.LEVEL_SHIFT);
    assertThat(shiftAt).as("hours until adopted").isBetween(11, 14);
    assertThat(verdicts.subList(shiftAt + 1, verdicts.size())).doesNotContain(Verdict.ANOMALY);
  }

  @Test
  void accumulatesASmallPersistentShiftThatNoSingleWindowShows() {
    CusumState state = new CusumState();
    SplittableRandom random = new SplittableRandom(3);
    long t = Windows.START;
    for (int w = 0; w < 300; w++, t += Windows.HOUR) {
      Evaluation e = detector.evaluate(Windows.texts("global", t, Windows.HOUR, 200, Windows.binomial(200, 0.25, random), List.of(), 0), state);
      assertThat(e.verdict()).as("window %d of stable traffic", w).isNotEqualTo(Verdict.ANOMALY);
    }
    // 25% -> 33% negative on 200 texts: about 2.6 standard errors a window, never 4 in one window.
    int firstAlarm = -1;
    for (int w = 0; w < 12; w++, t += Windows.HOUR) {
      Evaluation e = detector.evaluate(Windows.texts("global", t, Windows.HOUR, 200, 66, List.of(), 0), state);
      assertThat(e.statistic()).isGreaterThanOrEqualTo(0);
      if (e.verdict() == Verdict.ANOMALY && firstAlarm < 0) {
        firstAlarm = w;
        assertThat(e.statisticName()).isEqualTo("cusum");
        assertThat(e.pValue()).isLessThan(0.01);
      }
    }
    assertThat(firstAlarm).as("windows until the CUSUM alarms").isBetween(1, 6);
  }

  @Test
  void anAlarmEndsSoonAfterTheShiftDoes() {
    CusumState state = new CusumState();
    SplittableRandom random = new SplittableRandom(5);
    long t = Windows.START;
    for (int w = 0; w < 100; w++, t += Windows.HOUR) {
      detector.evaluate(Windows.texts("global", t, Windows.HOUR, 200, Windows.binomial(200, 0.25, random), List.of(), 0),
          state);
    }
    // Ten hours far above the baseline (each window about 10 standard errors off), then back to it.
    for (int w = 0; w < 10; w++, t += Windows.HOUR) {
      detector.evaluate(Windows.texts("global", t, Windows.HOUR, 200, 120, List.of(), 0), state);
    }
    assertThat(state.sum).as("the chart holds no more than its alarm level").isEqualTo(SentimentShiftDetector.H);
    int normalAfter = -1;
    for (int w = 0; w < 48 && normalAfter < 0; w++, t += Windows.HOUR) {
      Evaluation e = detector.evaluate(Windows.texts("global", t, Windows.HOUR, 200, 50, List.of(), 0), state);
      if (e.verdict() == Verdict.NORMAL) {
        normalAfter = w;
      }
      assertThat(e.verdict()).as("window %d after the shift", w).isNotEqualTo(Verdict.ANOMALY);
    }
    // At most (H - H/4) / K = 12 windows at the baseline bring it back below a quarter of H (fewer when the
    // baseline learned a little from the shift, so those windows score below it); unbounded, the sum would
    // have climbed to 55 and held the alert for days.
    assertThat(normalAfter).as("windows at the baseline until the chart is normal again").isBetween(0, 12);
  }
}
