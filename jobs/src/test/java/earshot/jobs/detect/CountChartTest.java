package earshot.jobs.detect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CountChartTest {

  @Test
  void aLeanTheBaselineMayHaveItselfDoesNotAlarmHoweverLongItLasts() {
    // Every window 10% above an expectation of 100 that is itself known to 10% only: the z scores
    // add up, but the span as a whole is one standard error off.
    CountChart chart = new CountChart();
    int alarms = 0;
    for (int w = 0; w < 200; w++) {
      if (chart.add(2.0, 110, 100, 100, 10, 1, 4)) {
        alarms++;
      }
    }
    assertThat(chart.chart.sum).as("the chart alone").isEqualTo(ZChart.H);
    assertThat(chart.pooledZ()).isLessThan(1.0);
    assertThat(alarms).isZero();
  }

  @Test
  void theSameLeanOnAWellKnownBaselineAlarmsOnceTheSpanHoldsEnough() {
    CountChart chart = new CountChart();
    int firstAlarm = -1;
    for (int w = 0; w < 200 && firstAlarm < 0; w++) {
      if (chart.add(1.0, 110, 100, 100, 0.5, 1, 4)) {
        firstAlarm = w;
      }
    }
    // One standard error a window: the pooled z passes 4 after about 16 windows of the span.
    assertThat(firstAlarm).isBetween(14, 20);
  }

  @Test
  void aWindowBackAtTheBaselineEmptiesTheSpanWithTheChart() {
    CountChart chart = new CountChart();
    for (int w = 0; w < 10; w++) {
      chart.add(2.0, 120, 100, 100, 1, 1, 4);
    }
    for (int w = 0; w < 20 && chart.chart.sum > 0; w++) {
      chart.add(-3.0, 70, 100, 100, 1, 1, 4);
    }
    assertThat(chart.expected).isZero();
    assertThat(chart.observed).isZero();
    assertThat(chart.add(0.0, 100, 100, 100, 1, 1, 4)).as("a window at the baseline").isFalse();
  }
}
