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

  /** An hour of calls, 30 a cell, each named by the hour and its number. */
  private static WindowResult hour(int index, Cells.Call call) {
    return hour(index, 30, call);
  }

  /** An hour of calls, {@code perCell} a cell. */
  private static WindowResult hour(int index, int perCell, Cells.Call call) {
    CxMetrics metrics = new CxMetrics();
    Breakdown breakdown = new Breakdown();
    for (Observation o : Cells.calls(perCell, call)) {
      metrics.add(o);
      breakdown.add(o, Cells.MAX_SLICES);
      breakdown.sampleMentions(o);
    }
    metrics.breakdown = breakdown;
    long start = START + index * HOUR;
    return WindowResult.of(Cells.SERIES, start, start + HOUR, 0, metrics);
  }

  /** An hour of answers: 6 detractors and 15 promoters of each cell's 30; billing x SMB all detractors if {@code bad}. */
  private static WindowResult hour(int index, boolean bad) {
    return hour(index, (n, t, r, s, i) -> Cells.observation("h" + index + "-" + n, t, r, s,
        bad && t.equals("billing") && s.equals("SMB") || i < 6 ? 2 : i < 21 ? 10 : 8));
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

  /**
   * A sparse series: 3 answers a cell, 36 an hour, judged two hours at a time (minimum sample 60). When
   * every billing call turns detractor, the pooled judgement's root cause counts both hours' billing
   * answers, and between judgements the series keeps the counts of the windows its pools hold, no more.
   */
  @Test
  void aPooledJudgementsRootCauseCountsEveryPooledWindow() {
    SeriesMonitor sparse = new SeriesMonitor(new DetectorSettings(60, 6, 4.0, 2.0, 0.05, 3, 6, 24), 1,
        RootCauseSettings.defaults());
    SeriesState state = new SeriesState();
    List<Alert> alerts = new ArrayList<>();
    for (int w = 0; w < 42; w++) {
      boolean incident = w >= 40;
      int hour = w;
      WindowResult window = hour(w, 3, (n, t, r, s, i) -> Cells.observation("h" + hour + "-" + n, t, r, s,
          incident && t.equals("billing") || (n + hour) % 5 == 0 ? 2 : (n + hour) % 5 < 3 ? 10 : 8));
      alerts.addAll(sparse.onWindow(state, window.snapshot, window.terms, window.breakdown));
      assertThat(state.pooledSlices.starts).as("window %d", w).hasSize(w % 2 == 0 ? 1 : 0);
      if (!incident) {
        assertThat(alerts).as("window %d", w).isEmpty();
      }
    }
    Alert spike = alerts.stream().filter(a -> a.getDetector().equals("DETRACTOR_SPIKE")).findFirst().orElseThrow();
    assertThat(spike.getWindowStart().toEpochMilli()).isEqualTo(START + 40 * HOUR);
    assertThat(spike.getRootCauses()).isNotEmpty();
    RootCause top = spike.getRootCauses().get(0);
    assertThat(top.getSlice()).isEqualTo("touchpoint=billing");
    assertThat(top.getSize()).as("billing's answers in both pooled hours").isEqualTo(24);
  }

  /** An hour of calls, each with a wait of 100 to 299 s; five times as long in billing x SMB if {@code slow}. */
  private static WindowResult waitHour(int index, boolean slow) {
    return hour(index, (n, t, r, s, i) -> {
      Observation o = Cells.observation("h" + index + "-" + n, t, r, s, 8);
      int wait = 100 + (i * 37 + index * 11) % 200;
      o.waitSeconds = slow && t.equals("billing") && s.equals("SMB") ? 5 * wait : wait;
      return o;
    });
  }

  @Test
  void aWaitTimeAlertNamesThePairWhoseCustomersWaitLonger() {
    SeriesState state = new SeriesState();
    for (int w = 0; w < 30; w++) {
      WindowResult window = waitHour(w, false);
      assertThat(monitor.onWindow(state, window.snapshot, window.terms, window.breakdown)).as("window %d", w).isEmpty();
    }
    WindowResult incident = waitHour(30, true);
    List<Alert> alerts = monitor.onWindow(state, incident.snapshot, incident.terms, incident.breakdown);

    Alert waits = alerts.stream().filter(a -> a.getMetric().equals("waitMeanSeconds")).findFirst().orElseThrow();
    assertThat(waits.getDetector()).isEqualTo("SERVICE_LEVEL");
    assertThat(waits.getRootCauses()).isNotEmpty();
    RootCause top = waits.getRootCauses().get(0);
    assertThat(top.getSlice()).isEqualTo("touchpoint=billing|segment=SMB");
    assertThat(top.getShare()).isGreaterThan(0.9);
    assertThat(top.getSize()).isEqualTo(60);
    assertThat(top.getObserved()).isGreaterThan(900.0);
    assertThat(top.getBaseline()).isBetween(180.0, 220.0);
    assertThat(waits.getSummary()).startsWith(String.format(java.util.Locale.ROOT,
        "%.0f%% of the extra waiting is in touchpoint=billing x segment=SMB: mean wait %.0f s on 60 waits against %.0f s.",
        100 * top.getShare(), top.getObserved(), top.getBaseline()));
  }

  /**
   * An hour of texts about the usual things (each call one of four themes); in {@code incident} hours a
   * new theme, "double charge", in the texts of billing x SMB only ({@code spread} false) or in every
   * third text of every cell.
   */
  private static WindowResult textHour(int index, boolean incident, boolean spread) {
    return textHour(index, 30, (t, s, i) -> incident && (spread ? i % 3 == 0 : t.equals("billing") && s.equals("SMB")));
  }

  /** Whether the {@code i}th call of a cell of touchpoint {@code t} and segment {@code s} mentions the new theme. */
  interface Mentions {
    boolean of(String t, String s, int i);
  }

  private static WindowResult textHour(int index, int perCell, Mentions mentions) {
    List<String> usual = List.of("agent", "contract", "router", "invoice");
    return hour(index, perCell, (n, t, r, s, i) -> {
      Observation o = Cells.observation("h" + index + "-" + n, t, r, s, 8);
      o.analysed = true;
      o.keyPhrases = new ArrayList<>(List.of(usual.get((i + index) % usual.size())));
      if (mentions.of(t, s, i)) {
        o.keyPhrases.add("double charge");
      }
      return o;
    });
  }

  private List<Alert> topicAlerts(boolean spread) {
    SeriesState state = new SeriesState();
    for (int w = 0; w < 30; w++) {
      WindowResult window = textHour(w, false, false);
      assertThat(monitor.onWindow(state, window.snapshot, window.terms, window.breakdown)).as("window %d", w).isEmpty();
    }
    WindowResult incident = textHour(30, true, spread);
    return monitor.onWindow(state, incident.snapshot, incident.terms, incident.breakdown).stream()
        .filter(a -> a.getDetector().equals("EMERGING_TOPIC")).toList();
  }

  @Test
  void aTopicAlertNamesThePairWhereTheThemesMentionsAreAndSaysNothingOfAThemeSpreadEverywhere() {
    Alert concentrated = topicAlerts(false).get(0);
    assertThat(concentrated.getMetric()).isEqualTo("termShare:double charge");
    assertThat(concentrated.getRootCauses()).isNotEmpty();
    RootCause top = concentrated.getRootCauses().get(0);
    assertThat(top.getSlice()).isEqualTo("touchpoint=billing|segment=SMB");
    assertThat(top.getShare()).isGreaterThan(0.9);
    assertThat(top.getObserved()).isEqualTo(1.0);
    assertThat(top.getBaseline()).isCloseTo(1.0 / 6, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(concentrated.getSummary()).startsWith(
        "100% of the extra mentions are in touchpoint=billing x segment=SMB: 100% of the mentions sampled (16) "
            + "against 17% of the texts.");

    Alert spread = topicAlerts(true).get(0);
    assertThat(spread.getMetric()).isEqualTo("termShare:double charge");
    assertThat(spread.getRootCauses()).isEmpty();
    assertThat(spread.getSummary()).endsWith("No dimension value or pair of values concentrates the change.");
  }

  /**
   * A sparse series (3 calls a cell, 36 texts an hour) judges its themes over 12 pooled hourly windows:
   * no single hour samples enough mentions (4, in billing x SMB), so the cause comes from the span's
   * samples, against the series' usual shares of texts.
   */
  @Test
  void aTopicAlertOnASpanOfPooledWindowsNamesThePairFromTheSpansSamples() {
    SeriesState state = new SeriesState();
    for (int w = 0; w < 150; w++) {
      WindowResult window = textHour(w, 3, (t, s, i) -> false);
      assertThat(monitor.onWindow(state, window.snapshot, window.terms, window.breakdown)).as("window %d", w).isEmpty();
    }
    Alert topic = null;
    for (int w = 150; w < 162 && topic == null; w++) {
      WindowResult window = textHour(w, 3, (t, s, i) -> t.equals("billing") && s.equals("SMB") && i % 2 == 0);
      assertThat(window.breakdown.mentionSlices("double charge")).hasSizeLessThan(RootCauseExplainer.MIN_SAMPLED);
      topic = monitor.onWindow(state, window.snapshot, window.terms, window.breakdown).stream()
          .filter(a -> a.getDetector().equals("EMERGING_TOPIC")).findFirst().orElse(null);
    }
    assertThat(topic).as("a topic alert within 12 hours").isNotNull();
    assertThat(topic.getWindowEnd().toEpochMilli() - topic.getWindowStart().toEpochMilli()).isGreaterThan(HOUR);
    assertThat(topic.getRootCauses()).isNotEmpty();
    assertThat(topic.getRootCauses().get(0).getSlice()).isEqualTo("touchpoint=billing|segment=SMB");
    assertThat(topic.getRootCauses().get(0).getBaseline()).isCloseTo(1.0 / 6, org.assertj.core.data.Offset.offset(0.01));
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
