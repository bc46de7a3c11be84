package earshot.jobs.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class VolumeDetectorTest {

  private static final long FIVE_MIN = 300_000L;
  private final VolumeDetector detector = new VolumeDetector(Windows.settings());

  /** Busy days and quiet nights, quieter weekends: the shape real contact volumes have. */
  static double seasonalMean(long start) {
    var time = Instant.ofEpochMilli(start).atZone(ZoneOffset.UTC);
    double hour = 0.3 + 1.4 * Math.max(0, Math.sin(Math.PI * (time.getHour() - 6) / 16.0));
    double day = switch (time.getDayOfWeek()) {
      case SATURDAY -> 0.8;
      case SUNDAY -> 0.7;
      default -> 1.1;
    };
    return 100 * hour * day;
  }

  static long poisson(double mean, SplittableRandom random) {
    return Math.max(0, Math.round(mean + Math.sqrt(mean) * gaussian(random)));
  }

  static double gaussian(SplittableRandom random) {
    return Math.sqrt(-2 * Math.log(Math.max(1e-12, random.nextDouble()))) * Math.cos(2 * Math.PI * random.nextDouble());
  }

  @Test
  void aSeasonalWeekStaysWithinTheFalseAlarmBudget() {
    SeasonalCountBaseline baseline = new SeasonalCountBaseline();
    SplittableRandom random = new SplittableRandom(11);
    int falseAlarms = 0;
    long windows = 14 * 288;
    for (long w = 0; w < windows; w++) {
      long start = Windows.START + w * FIVE_MIN;
      Evaluation[] e = detector.evaluate(start, start + FIVE_MIN, poisson(seasonalMean(start), random), baseline);
      if (w >= 7 * 288 && (e[0].verdict() == Verdict.ANOMALY || e[1].verdict() == Verdict.ANOMALY)) {
        falseAlarms++;
      }
    }
    assertThat(falseAlarms).as("anomalous windows in the second week of stable seasonal traffic").isLessThanOrEqualTo(1);
  }

  @Test
  void findsASurgeAndADropAgainstTheSeasonalExpectation() {
    SeasonalCountBaseline baseline = new SeasonalCountBaseline();
    SplittableRandom random = new SplittableRandom(5);
    long w = 0;
    for (; w < 3 * 288; w++) {
      long start = Windows.START + w * FIVE_MIN;
      detector.evaluate(start, start + FIVE_MIN, poisson(seasonalMean(start), random), baseline);
    }
    long noon = Windows.START + 3 * 24 * Windows.HOUR + 12 * Windows.HOUR;
    SeasonalCountBaseline forDrop = copy(baseline);
    for (long t = Windows.START + w * FIVE_MIN; t < noon; t += FIVE_MIN) {
      detector.evaluate(t, t + FIVE_MIN, poisson(seasonalMean(t), random), baseline);
      detector.evaluate(t, t + FIVE_MIN, poisson(seasonalMean(t), random), forDrop);
    }
    Evaluation[] surge = detector.evaluate(noon, noon + FIVE_MIN, Math.round(seasonalMean(noon) * 2), baseline);
    assertThat(surge[0].verdict()).isEqualTo(Verdict.ANOMALY);
    assertThat(surge[0].detector()).isEqualTo(VolumeDetector.SURGE);
    assertThat(surge[0].baseline()).isBetween(seasonalMean(noon) * 0.8, seasonalMean(noon) * 1.2);
    assertThat(surge[1].verdict()).isNotEqualTo(Verdict.ANOMALY);

    Evaluation[] drop = detector.evaluate(noon, noon + FIVE_MIN, 0, forDrop);
    assertThat(drop[1].verdict()).isEqualTo(Verdict.ANOMALY);
    assertThat(drop[1].detector()).isEqualTo(VolumeDetector.DROP);
  }

  @Test
  void aNightAtTheUsualLowIsNotADrop() {
    SeasonalCountBaseline baseline = new SeasonalCountBaseline();
    SplittableRandom random = new SplittableRandom(9);
    for (long w = 0; w < 4 * 288; w++) {
      long start = Windows.START + w * FIVE_MIN;
      Evaluation[] e = detector.evaluate(start, start + FIVE_MIN, poisson(seasonalMean(start), random), baseline);
      if (w > 288) {
        assertThat(e[1].verdict()).as("window %d", w).isNotEqualTo(Verdict.ANOMALY);
      }
    }
  }

  private static SeasonalCountBaseline copy(SeasonalCountBaseline b) {
    SeasonalCountBaseline c = new SeasonalCountBaseline();
    c.slotMean = b.slotMean.clone();
    c.slotSeen = b.slotSeen.clone();
    c.day = b.day.clone();
    c.daySeen = b.daySeen.clone();
    c.dispersion = b.dispersion;
    c.windows = b.windows;
    return c;
  }
}
