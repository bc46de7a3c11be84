package earshot.jobs.detect;

import static earshot.jobs.testing.SeasonalCounts.poisson;
import static earshot.jobs.testing.SeasonalCounts.seasonalMean;
import static earshot.jobs.testing.SeasonalCounts.smoothSeasonalMean;
import static earshot.jobs.testing.SeasonalCounts.weekdaySeasonalMean;
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
  void theWeeklyCycleIsLearnedInTheFirstWeeksNotAbsorbedByTheHours() {
    // Busy hourly windows (about 1,200 at noon): at this size a weekend the hour means absorb
    // instead of the day factors leaves Mondays several standard errors above the expectation.
    long hour = Windows.HOUR;
    for (int seed = 1; seed <= 3; seed++) {
      SeasonalCountBaseline baseline = new SeasonalCountBaseline();
      SplittableRandom random = new SplittableRandom(seed);
      int anomalous = 0;
      for (long h = 0; h < 21 * 24; h++) {
        long start = Windows.START + h * hour;
        Evaluation[] e = detector.evaluate(start, start + hour, poisson(12 * smoothSeasonalMean(start, hour), random), baseline);
        if (h >= 7 * 24 && anomalous(e)) {
          anomalous++;
        }
      }
      // Measured before the day factors learned as a ratio estimate: 8, 4 and 0 anomalous windows,
      // Saturday's factor at 0.98, 0.96 and 0.98 after three weeks.
      assertThat(anomalous).as("anomalous hours in weeks two and three, seed %d", seed).isZero();
      assertThat(baseline.day[5]).as("Saturday's factor (true 0.8), seed %d", seed).isBetween(0.76, 0.84);
      assertThat(baseline.day[6]).as("Sunday's factor (true 0.7), seed %d", seed).isBetween(0.66, 0.74);
      assertThat(baseline.day[0]).as("Monday's factor (true 1.1), seed %d", seed).isBetween(1.05, 1.15);
    }
  }

  @Test
  void aFirstDayIsNotMeasuredAgainstItsOwnHours() {
    // A stream that starts on a Saturday (true factor 0.8), 5-minute windows of about 10 at noon.
    // Measured against hour means learned from its own earlier windows, the first Saturday's factor
    // ended the week at 0.80 to 0.88 over these seeds (towards 1); now 0.78 to 0.83.
    long saturday = Windows.START + 5 * 24 * Windows.HOUR;
    for (int seed = 1; seed <= 8; seed++) {
      SeasonalCountBaseline baseline = new SeasonalCountBaseline();
      SplittableRandom random = new SplittableRandom(seed);
      for (long w = 0; w < 7 * 288; w++) {
        long start = saturday + w * FIVE_MIN;
        detector.evaluate(start, start + FIVE_MIN, poisson(0.1 * seasonalMean(start), random), baseline);
        if (w == 287) {
          assertThat(baseline.dayEvidence[5]).as("Saturday's own evidence after its first day, seed %d", seed).isZero();
        }
      }
      assertThat(baseline.day[5]).as("Saturday's factor (true 0.8) after a week, seed %d", seed).isBetween(0.76, 0.84);
    }
  }

  @Test
  void anHourIsNotRestartedAsShiftedOnADayWhoseFactorHasNotLearned() {
    // Hourly windows, every weekday at its own level, two stray records the Sunday before. In a
    // first week an hour runs off the same way for days because the days' factors are unknown;
    // restarted as a shifted hour then (15 restarts over these 24 series, measured), it took a
    // count divided by a wrong day factor as its mean.
    int restarts = 0;
    int anomalous = 0;
    long sunday = Windows.START - 24 * Windows.HOUR;
    for (double scale : new double[] {3, 6, 12}) {
      for (int seed = 1; seed <= 8; seed++) {
        SeasonalCountBaseline baseline = new SeasonalCountBaseline();
        SplittableRandom random = new SplittableRandom(seed);
        for (long h = 0; h < 15 * 24; h++) {
          long start = sunday + h * Windows.HOUR;
          long count = h == 0 ? 2 : h < 24 ? 0 : poisson(scale * weekdaySeasonalMean(start), random);
          Evaluation[] e = detector.evaluate(start, start + Windows.HOUR, count, baseline);
          if (h == 8 * 24) {
            restarts += baseline.levelShifts;
          }
          if (h >= 8 * 24 && anomalous(e)) {
            anomalous++;
          }
        }
      }
    }
    // Measured: 2 restarts in the first weeks (a day factor learned by then), no anomalous window after.
    assertThat(restarts).as("hours restarted or levels adopted in the first week, 24 series").isLessThanOrEqualTo(3);
    assertThat(anomalous).as("anomalous hours in the second week").isZero();
  }

  @Test
  void aRampWithinTheHourIsLearnedAndAStepOnTheHourStaysFlat() {
    SeasonalCountBaseline ramp = new SeasonalCountBaseline();
    SeasonalCountBaseline step = new SeasonalCountBaseline();
    SplittableRandom random = new SplittableRandom(41);
    for (long w = 0; w < 10 * 288; w++) {
      long start = Windows.START + w * FIVE_MIN;
      detector.evaluate(start, start + FIVE_MIN, poisson(smoothSeasonalMean(start, FIVE_MIN), random), ramp);
      detector.evaluate(start, start + FIVE_MIN, poisson(seasonalMean(start), random), step);
    }
    long eight = Windows.START + 10 * 24 * Windows.HOUR + 8 * Windows.HOUR;
    long lastOfEight = eight + 11 * FIVE_MIN;
    // Rising through eight o'clock: the true first and last 5 minutes are 0.88 and 1.11 of the hour's mean.
    assertThat(ramp.withinHour(LocalCalendar.UTC, eight, FIVE_MIN)).as("first 5 minutes, ramp").isBetween(0.8, 0.96);
    assertThat(ramp.withinHour(LocalCalendar.UTC, lastOfEight, FIVE_MIN)).as("last 5 minutes, ramp").isBetween(1.04, 1.2);
    assertThat(step.withinHour(LocalCalendar.UTC, eight, FIVE_MIN)).as("first 5 minutes, step").isBetween(0.95, 1.05);
    assertThat(step.withinHour(LocalCalendar.UTC, lastOfEight, FIVE_MIN)).as("last 5 minutes, step").isBetween(0.95, 1.05);
    assertThat(ramp.withinHour(LocalCalendar.UTC, eight, Windows.HOUR)).as("a whole hour").isEqualTo(1.0);
  }

  @Test
  void aStrayRecordAloneOnItsDayDoesNotSetThatDaysFactor() {
    SeasonalCountBaseline baseline = new SeasonalCountBaseline();
    SplittableRandom random = new SplittableRandom(5);
    long tuesday = Windows.START + 24 * Windows.HOUR;
    detector.evaluate(tuesday + 5 * Windows.HOUR, tuesday + 6 * Windows.HOUR, 2, baseline);
    for (long h = 6; h < 30; h++) {
      detector.evaluate(tuesday + h * Windows.HOUR, tuesday + (h + 1) * Windows.HOUR, 0, baseline);
    }
    for (long h = 0; h < 14 * 24; h++) {
      long start = tuesday + 2 * 24 * Windows.HOUR + h * Windows.HOUR;
      detector.evaluate(start, start + Windows.HOUR, poisson(12 * seasonalMean(start), random), baseline);
    }
    assertThat(baseline.day[1]).as("Tuesday's factor (true 1.1)").isBetween(1.0, 1.2);
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
    // Measured: 276 on UTC hours (9 before the volume charts, which add up a baseline an hour off
    // for days), 0 on New York hours.
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

  @Test
  void aModerateChangeThatLastsIsFoundByTheChartsWhereSingleWindowsMissIt() {
    // 5-minute windows of a series with about 1,200 an hour at noon, a change of x1.35 or x1/1.35
    // for six hours at a random time of the third week: about the 30% a single window needs.
    double[] effects = {1.0, 1.35, 1 / 1.35};
    int[][] found = new int[effects.length][2];
    int[][] falseWindows = new int[effects.length][2];
    for (int e = 0; e < effects.length; e++) {
      for (int seed = 1; seed <= 10; seed++) {
        for (int mode = 0; mode < 2; mode++) {
          VolumeDetector judge = mode == 0 ? VolumeDetector.windowsAlone(Windows.settings()) : detector;
          int[] outcome = plantedChange(judge, FIVE_MIN, 12, effects[e], seed);
          found[e][mode] += outcome[0];
          falseWindows[e][mode] += outcome[1];
        }
      }
    }
    System.out.printf("found of 10 (windows alone / with charts): x1.35 %d / %d, x1/1.35 %d / %d;"
        + " anomalous windows away from any change in 20 series-weeks: %d / %d%n",
        found[1][0], found[1][1], found[2][0], found[2][1], falseWindows[0][0], falseWindows[0][1]);
    // Measured: x1.35 7 / 10, x1/1.35 6 / 10; 3 / 3 anomalous windows on stable traffic.
    assertThat(found[1][1]).as("surges x1.35 found with charts").isGreaterThanOrEqualTo(9).isGreaterThan(found[1][0] + 2);
    assertThat(found[2][1]).as("drops x1/1.35 found with charts").isGreaterThanOrEqualTo(9).isGreaterThan(found[2][0] + 2);
    assertThat(falseWindows[0][1]).as("anomalous windows on stable traffic with charts").isLessThanOrEqualTo(falseWindows[0][0] + 1);
    for (int e = 1; e < effects.length; e++) {
      assertThat(falseWindows[e][1]).as("anomalous windows away from the change (after it: none once it ended)")
          .isLessThanOrEqualTo(falseWindows[e][0] + 1);
    }
  }

  /**
   * Smooth seasonal traffic for three weeks, {@code effect} times it for six hours of the third
   * (0 while learning); returns [1 if an anomalous window fell inside the change, anomalous windows
   * in weeks two and three more than six hours from it].
   */
  private static int[] plantedChange(VolumeDetector judge, long window, double scale, double effect, int seed) {
    SeasonalCountBaseline baseline = new SeasonalCountBaseline();
    SplittableRandom random = new SplittableRandom(seed);
    long perDay = 24 * Windows.HOUR / window;
    long from = 15 * perDay + perDay * (seed % 7) / 7 + perDay / 3;
    long to = from + 6 * Windows.HOUR / window;
    long margin = 6 * Windows.HOUR / window;
    int[] outcome = new int[2];
    for (long w = 0; w < 21 * perDay; w++) {
      long start = Windows.START + w * window;
      boolean inside = w >= from && w < to;
      double mean = scale * smoothSeasonalMean(start, window) * window / Windows.HOUR * (inside ? effect : 1);
      boolean anomalous = anomalous(judge.evaluate(start, start + window, poisson(mean, random), baseline));
      if (anomalous && inside && effect != 1.0) {
        outcome[0] = 1;
      } else if (anomalous && w >= 7 * perDay && (w < from - margin || w >= to + margin || effect == 1.0)) {
        outcome[1]++;
      }
    }
    return outcome;
  }

  @Test
  void aSurgeAdoptedAsTheNewLevelIsTakenBackWhenItEndsWithoutADropAlert() {
    // x1.6 for seven hours: adopted as the new level after six, then the traffic returns.
    SeasonalCountBaseline baseline = new SeasonalCountBaseline();
    SplittableRandom random = new SplittableRandom(31);
    long from = 15 * 288 + 10 * 12;
    long to = from + 7 * 12;
    int dropsAfter = 0;
    int shiftsAtEnd = -1;
    for (long w = 0; w < 17 * 288; w++) {
      long start = Windows.START + w * FIVE_MIN;
      double mean = 12 * smoothSeasonalMean(start, FIVE_MIN) / 12 * (w >= from && w < to ? 1.6 : 1);
      Evaluation[] e = detector.evaluate(start, start + FIVE_MIN, poisson(mean, random), baseline);
      if (w == to - 1) {
        shiftsAtEnd = baseline.levelShifts;
      }
      if (w >= to && e[1].verdict() == Verdict.ANOMALY) {
        dropsAfter++;
      }
    }
    assertThat(shiftsAtEnd).as("the surge adopted as the new level").isEqualTo(1);
    assertThat(baseline.levelShifts).as("adopted, then taken back").isEqualTo(2);
    assertThat(dropsAfter).as("anomalous drop windows once the surge ended").isZero();
    long later = Windows.START + 16 * 288 * FIVE_MIN + 12 * Windows.HOUR;
    assertThat(baseline.expected(LocalCalendar.UTC, later, FIVE_MIN)).as("the level before the surge")
        .isBetween(0.9 * smoothSeasonalMean(later, FIVE_MIN), 1.1 * smoothSeasonalMean(later, FIVE_MIN));
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
    c.dayEvidence = b.dayEvidence.clone();
    return c;
  }
}
