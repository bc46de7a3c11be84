package earshot.jobs.detect;

import static earshot.jobs.testing.SeasonalCounts.poisson;
import static earshot.jobs.testing.SeasonalCounts.seasonalMean;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class VolumeDetectorTest {

  private static final long FIVE_MIN = 300_000L;
  private final VolumeDetector detector = new VolumeDetector(Windows.settings());

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
  void trafficOnLocalTimeIsJudgedInItsOwnZoneAcrossTheEndOfDaylightSaving() {
    // New York's busy days and quiet nights, in local time, two weeks before and one after the clocks
    // go back (1 November 2026): on UTC hours the whole cycle moves an hour that night.
    java.time.ZoneId newYork = java.time.ZoneId.of("America/New_York");
    long from = Instant.parse("2026-10-12T04:00:00Z").toEpochMilli(); // Monday 00:00 in New York
    long change = Instant.parse("2026-11-01T06:00:00Z").toEpochMilli();
    int[] falseAlarms = new int[2];
    java.time.ZoneId[] zones = {ZoneOffset.UTC, newYork};
    for (int z = 0; z < zones.length; z++) {
      VolumeDetector judge = new VolumeDetector(Windows.settings().withTimeZone(zones[z]));
      SeasonalCountBaseline baseline = new SeasonalCountBaseline();
      SplittableRandom random = new SplittableRandom(17);
      for (long start = from; start < change + 7 * 24 * Windows.HOUR; start += FIVE_MIN) {
        long wallClock = start + newYork.getRules().getOffset(Instant.ofEpochMilli(start)).getTotalSeconds() * 1000L;
        Evaluation[] e = judge.evaluate(start, start + FIVE_MIN, poisson(seasonalMean(wallClock), random), baseline);
        if (start >= change && anomalous(e)) {
          falseAlarms[z]++;
        }
      }
    }
    System.out.printf("anomalous 5-minute windows in the week after the change: UTC %d, America/New_York %d%n",
        falseAlarms[0], falseAlarms[1]);
    assertThat(falseAlarms[0]).as("judged on UTC hours").isGreaterThanOrEqualTo(5);
    // Measured: 9 on UTC hours, 1 on New York hours.
    assertThat(falseAlarms[1]).as("judged on New York hours").isLessThanOrEqualTo(falseAlarms[0] / 4);
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

  private static boolean anomalous(Evaluation[] e) {
    return e[0].verdict() == Verdict.ANOMALY || e[1].verdict() == Verdict.ANOMALY;
  }

  @Test
  void aBusySeriesIsJudgedOnItsThirdDayASparseOneOnlyOnceItHasShownEnoughInteractions() {
    SeasonalCountBaseline busy = new SeasonalCountBaseline();
    SeasonalCountBaseline sparse = new SeasonalCountBaseline();
    SplittableRandom random = new SplittableRandom(21);
    Evaluation[] busyAtDay3 = null;
    Evaluation[] sparseAtDay3 = null;
    Evaluation[] sparseAtDay20 = null;
    for (long h = 0; h < 20 * 24 + 13; h++) {
      long start = Windows.START + h * Windows.HOUR;
      Evaluation[] b = detector.evaluate(start, start + Windows.HOUR, poisson(200, random), busy);
      Evaluation[] s = detector.evaluate(start, start + Windows.HOUR, random.nextDouble() < 0.5 ? 1 : 0, sparse);
      if (h == 2 * 24 + 12) {
        busyAtDay3 = b;
        sparseAtDay3 = s;
      }
      sparseAtDay20 = s;
    }
    assertThat(busyAtDay3[0].verdict()).as("200 an hour: two days of each hour are enough evidence").isNotEqualTo(Verdict.LEARNING);
    assertThat(sparseAtDay3[0].verdict()).as("one interaction in two hours: not yet").isEqualTo(Verdict.LEARNING);
    assertThat(sparseAtDay20[0].verdict()).as("after twenty days of that hour").isNotEqualTo(Verdict.LEARNING);
  }

  @Test
  void twoStrayRecordsADayBeforeTheStreamDoNotMakeThatHourSurgeEveryDay() {
    SeasonalCountBaseline baseline = new SeasonalCountBaseline();
    SplittableRandom random = new SplittableRandom(17);
    long strayHour = Windows.START + 5 * Windows.HOUR;
    detector.evaluate(strayHour, strayHour + Windows.HOUR, 2, baseline);
    // The series then stays silent: the job judges up to MAX_SILENT_WINDOWS empty windows.
    for (int i = 1; i <= SeriesMonitor.MAX_SILENT_WINDOWS; i++) {
      long start = strayHour + i * Windows.HOUR;
      detector.evaluate(start, start + Windows.HOUR, 0, baseline);
    }
    int surges = 0;
    for (long h = 0; h < 8 * 24; h++) {
      long start = Windows.START + 2 * 24 * Windows.HOUR + h * Windows.HOUR;
      Evaluation[] e = detector.evaluate(start, start + Windows.HOUR, poisson(12 * seasonalMean(start), random), baseline);
      if (e[0].verdict() == Verdict.ANOMALY) {
        surges++;
      }
    }
    assertThat(surges).as("VOLUME_SURGE windows in eight days of steady traffic").isZero();
    long fiveInTheMorning = Windows.START + 9 * 24 * Windows.HOUR + 5 * Windows.HOUR;
    assertThat(baseline.expected(LocalCalendar.UTC, fiveInTheMorning, Windows.HOUR))
        .as("the stray hour learned the real traffic")
        .isBetween(0.8 * 12 * seasonalMean(Windows.START + 9 * 24 * Windows.HOUR + 5 * Windows.HOUR),
            1.2 * 12 * seasonalMean(Windows.START + 9 * 24 * Windows.HOUR + 5 * Windows.HOUR));
  }

  @Test
  void aLevelShiftThatPersistsIsReportedOnceThenAdoptedAsTheNewNormal() {
    SeasonalCountBaseline baseline = new SeasonalCountBaseline();
    SplittableRandom random = new SplittableRandom(23);
    long shiftAt = 10 * 288;
    int anomalousAfterShift = 0;
    int alertsOpened = 0;
    boolean open = false;
    int normalInARow = 0;
    long lastAnomalous = -1;
    for (long w = 0; w < 17 * 288; w++) {
      long start = Windows.START + w * FIVE_MIN;
      double mean = seasonalMean(start) * (w >= shiftAt ? 1.8 : 1.0);
      Evaluation[] e = detector.evaluate(start, start + FIVE_MIN, poisson(mean, random), baseline);
      boolean anomalous = anomalous(e);
      // As the alert lifecycle sees it: an alert opens on an anomalous window and resolves after
      // resolveAfterWindows windows in a row below the clear threshold.
      boolean elevated = e[0].verdict() == Verdict.ELEVATED || e[1].verdict() == Verdict.ELEVATED;
      normalInARow = anomalous || elevated ? 0 : normalInARow + 1;
      if (w >= shiftAt && anomalous) {
        anomalousAfterShift++;
        lastAnomalous = w;
        if (!open) {
          alertsOpened++;
        }
      }
      open = anomalous || open && normalInARow < Windows.settings().resolveAfterWindows();
    }
    assertThat(anomalousAfterShift).as("the shift is found").isPositive();
    assertThat(lastAnomalous - shiftAt).as("windows from the shift to its last anomalous window")
        .isLessThanOrEqualTo(VolumeDetector.shiftWindows(FIVE_MIN));
    assertThat(alertsOpened).as("alerts opened by the shift").isEqualTo(1);
    assertThat(baseline.levelShifts).isEqualTo(1);
    long later = Windows.START + 16 * 288 * FIVE_MIN + 12 * Windows.HOUR;
    assertThat(baseline.expected(LocalCalendar.UTC, later, FIVE_MIN)).as("the new level is the baseline")
        .isBetween(1.8 * 0.8 * seasonalMean(later), 1.8 * 1.2 * seasonalMean(later));
  }

  @Test
  void aSurgeOfAnHourIsNotAdoptedAndTheBaselineKeepsItsLevel() {
    SeasonalCountBaseline baseline = new SeasonalCountBaseline();
    SplittableRandom random = new SplittableRandom(29);
    long surgeFrom = 8 * 288 + 12 * 12;
    int anomalous = 0;
    for (long w = 0; w < 9 * 288; w++) {
      long start = Windows.START + w * FIVE_MIN;
      double mean = seasonalMean(start) * (w >= surgeFrom && w < surgeFrom + 12 ? 2.0 : 1.0);
      if (anomalous(detector.evaluate(start, start + FIVE_MIN, poisson(mean, random), baseline)) && w >= surgeFrom
          && w < surgeFrom + 12) {
        anomalous++;
      }
    }
    assertThat(anomalous).as("windows of the hour-long surge found").isGreaterThanOrEqualTo(10);
    assertThat(baseline.levelShifts).isZero();
  }

  private static SeasonalCountBaseline copy(SeasonalCountBaseline b) {
    SeasonalCountBaseline c = new SeasonalCountBaseline();
    c.slotMean = b.slotMean.clone();
    c.slotSeen = b.slotSeen.clone();
    c.day = b.day.clone();
    c.daySeen = b.daySeen.clone();
    c.dispersion = b.dispersion;
    c.windows = b.windows;
    c.slotRun = b.slotRun.clone();
    c.run = b.run;
    c.runLogRatio = b.runLogRatio;
    c.levelShifts = b.levelShifts;
    return c;
  }
}
