package earshot.jobs.rootcause;

import earshot.jobs.metrics.Breakdown;

import static org.assertj.core.api.Assertions.assertThat;

import earshot.jobs.detect.DetectorSettings;
import earshot.jobs.detect.SeriesMonitor;
import earshot.jobs.detect.SeriesState;
import earshot.jobs.metrics.CxMetrics;
import earshot.jobs.metrics.Observation;
import earshot.jobs.metrics.WindowResult;
import earshot.schemas.Alert;
import earshot.schemas.AlertState;
import earshot.schemas.RootCause;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The detectors' alerts carry the root causes of their change, and their summary leads with the top one. */
class SeriesMonitorRootCauseTest {

  private static final long HOUR = 3600_000L;
  private static final long START = java.time.Instant.parse("2026-11-02T00:00:00Z").toEpochMilli();

  private final SeriesMonitor monitor = new SeriesMonitor(new DetectorSettings(20, 6, 4.0, 2.0, 0.05, 3, 6, 24), 1,
      RootCauseSettings.defaults());

  /** An hour of calls: 30 answers a cell, 6 detractors and 15 promoters; billing x SMB all detractors if {@code bad}. */
  private static WindowResult hour(int index, boolean bad) {
    CxMetrics metrics = new CxMetrics();
    Breakdown breakdown = new Breakdown();
    int id = 0;
    for (String t : Cells.TOUCHPOINTS) {
      for (String r : Cells.REGIONS) {
        for (String s : Cells.SEGMENTS) {
          boolean incident = bad && t.equals("billing") && s.equals("SMB");
          for (int i = 0; i < 30; i++) {
            int nps = incident || i < 6 ? 2 : i < 21 ? 10 : 8;
            Observation o = Cells.observation("h" + index + "-" + id++, t, r, s, nps);
            metrics.add(o);
            breakdown.add(o, Cells.MAX_SLICES);
          }
        }
      }
    }
    metrics.breakdown = breakdown;
    long start = START + index * HOUR;
    return WindowResult.of(Cells.SERIES, start, start + HOUR, 0, metrics);
  }

  @Test
  void anAlertOnTheSeriesNamesThePairWhereTheChangeIsAndItsSummaryLeadsWithIt() {
    SeriesState state = new SeriesState();
    for (int w = 0; w < 30; w++) {
      WindowResult window = hour(w, false);
      assertThat(monitor.onWindow(state, window.snapshot, window.terms, window.breakdown)).as("window %d", w).isEmpty();
    }
    WindowResult incident = hour(30, true);
    List<Alert> alerts = new ArrayList<>(monitor.onWindow(state, incident.snapshot, incident.terms, incident.breakdown));

    assertThat(alerts).extracting(Alert::getDetector).contains("DETRACTOR_SPIKE", "NPS_DROP");
    for (Alert alert : alerts) {
      assertThat(alert.getState()).isEqualTo(AlertState.OPEN);
      assertThat(alert.getRootCauses()).as(alert.getDetector()).isNotEmpty();
      RootCause top = alert.getRootCauses().get(0);
      assertThat(top.getSlice()).isEqualTo("touchpoint=billing|segment=SMB");
      assertThat(top.getShare()).isGreaterThan(0.9);
      assertThat(top.getSize()).isEqualTo(60);
      assertThat(alert.getSummary()).startsWith(String.format(java.util.Locale.ROOT, "%.0f%% of the ", 100 * top.getShare()))
          .contains("touchpoint=billing x segment=SMB: ");
    }
    Alert nps = alerts.stream().filter(a -> a.getDetector().equals("NPS_DROP")).findFirst().orElseThrow();
    assertThat(nps.getSummary()).startsWith("100% of the NPS lost is in touchpoint=billing x segment=SMB: NPS -100 on 60 answers against +30.");
    // The incident window is not learned as the slices' normal while the alert is open.
    assertThat(state.slices.windows).isEqualTo(30);
  }

  @Test
  void withoutSliceCountsAnAlertHasNoRootCauseAndSaysNothingAboutSlices() {
    SeriesState state = new SeriesState();
    for (int w = 0; w < 30; w++) {
      WindowResult window = hour(w, false);
      monitor.onWindow(state, window.snapshot, window.terms);
    }
    WindowResult incident = hour(30, true);
    List<Alert> alerts = monitor.onWindow(state, incident.snapshot, incident.terms);
    assertThat(alerts).isNotEmpty().allSatisfy(alert -> {
      assertThat(alert.getRootCauses()).isEmpty();
      assertThat(alert.getSummary()).doesNotContain("concentrates").doesNotStartWith("100%");
    });
  }
}
