package earshot.jobs.detect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ZChartTest {

  @Test
  void aModerateLastingShiftAlarmsWhereNoSingleWindowWould() {
    ZChart chart = new ZChart();
    int windows = 0;
    while (!chart.add(2.0)) {
      windows++;
      assertThat(windows).as("windows of z = 2 before the alarm").isLessThan(10);
    }
    // Each window adds 1.5: the sixth reaches 8.
    assertThat(windows + 1).isEqualTo(6);
  }

  @Test
  void itNeitherBanksEvidenceBeyondTheAlarmNorLetsOneWildWindowCarryIt() {
    ZChart chart = new ZChart();
    assertThat(chart.add(40)).as("one window far off").isFalse();
    assertThat(chart.sum).isEqualTo(ZChart.MAX_STEP - ZChart.K);
    for (int w = 0; w < 30; w++) {
      chart.add(6);
    }
    assertThat(chart.sum).isEqualTo(ZChart.H);
    // Back at the baseline: below the alarm at the very next window, not a day later.
    assertThat(chart.add(0)).isFalse();
    assertThat(chart.sum).isEqualTo(ZChart.H - ZChart.K);
    // Still off by half a standard error or more a window: the shift is still there.
    assertThat(chart.add(1.0)).isTrue();
  }

  @Test
  void stableWindowsRarelyAlarmAndTheReportedChanceMatchesThatRate() {
    ZChart chart = new ZChart();
    java.util.SplittableRandom random = new java.util.SplittableRandom(11);
    int alarms = 0;
    int windows = 2_000_000;
    for (int w = 0; w < windows; w++) {
      if (chart.add(gaussian(random))) {
        alarms++;
      }
    }
    // Siegmund: about one alarm in 19,000 windows, so about 100 here; the bound allows for the
    // approximation and for alarms that come in runs (the chart stays at h while z >= k).
    assertThat(1.0 / ZChart.FALSE_ALARM_PER_WINDOW).isBetween(17_000.0, 21_000.0);
    assertThat(alarms).as("alarms in %s stable windows", windows).isBetween(50, 250);
  }

  @Test
  void resetForgetsTheEvidence() {
    ZChart chart = new ZChart();
    chart.add(3);
    chart.add(3);
    chart.reset();
    assertThat(chart.sum).isZero();
  }

  private static double gaussian(java.util.SplittableRandom random) {
    double u = 1 - random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
  }
}
