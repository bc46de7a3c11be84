package earshot.lab.report;

import static org.assertj.core.api.Assertions.assertThat;

import earshot.lab.generator.Incident;
import earshot.schemas.Alert;
import earshot.schemas.AlertState;
import earshot.schemas.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DetectionReportTest {

  private static final Instant START = Instant.parse("2026-11-02T10:00:00Z");
  private static final Incident INCIDENT = new Incident("DETRACTOR_SPIKE",
      Map.of("touchpoint", "delivery", "region", "north"), START, START.plus(Duration.ofHours(6)), 0.7, null);

  @Test
  void anAlertOfTheIncidentsTypeOnASeriesSharingItsTrafficDuringItDetectsIt() {
    assertThat(DetectionReport.detects(alert("DETRACTOR_SPIKE", Map.of("touchpoint", "delivery"), 1), INCIDENT)).isTrue();
    assertThat(DetectionReport.detects(alert("DETRACTOR_SPIKE", Map.of(), 1), INCIDENT)).as("global").isTrue();
    assertThat(DetectionReport.detects(alert("DETRACTOR_SPIKE", Map.of("product", "fibre-1g"), 1), INCIDENT)).isTrue();
  }

  @Test
  void anotherDetectorAnotherRegionOrAnotherTimeDoesNot() {
    assertThat(DetectionReport.detects(alert("NPS_DROP", Map.of("touchpoint", "delivery"), 1), INCIDENT)).isFalse();
    assertThat(DetectionReport.detects(alert("DETRACTOR_SPIKE", Map.of("region", "south"), 1), INCIDENT)).isFalse();
    assertThat(DetectionReport.detects(alert("DETRACTOR_SPIKE", Map.of("region", "north"), -1), INCIDENT))
        .as("opened before the incident").isFalse();
    assertThat(DetectionReport.detects(alert("DETRACTOR_SPIKE", Map.of("region", "north"), 9 * 60), INCIDENT))
        .as("opened more than two windows after its end").isFalse();
  }

  @Test
  void theReportCountsDetectedMissedAndFalseAlertsWithTheSameRule() {
    DetectionReport report = DetectionReport.score(List.of(INCIDENT), List.of(
        alert("DETRACTOR_SPIKE", Map.of("touchpoint", "delivery"), 20),
        alert("DETRACTOR_SPIKE", Map.of("region", "south"), 30)));
    DetectionReport.Score score = report.scores().get("DETRACTOR_SPIKE");
    assertThat(score.detected()).isEqualTo(1);
    assertThat(score.missed()).isZero();
    assertThat(score.falseAlerts()).isEqualTo(1);
    assertThat(score.medianDelay()).isEqualTo(Duration.ofMinutes(20));
  }

  @Test
  void anIncidentIsPlacedByAnAlertOnItsSeriesOrWhoseTopRootCauseCompletesItsSlice() {
    Alert onParent = alert("DETRACTOR_SPIKE", Map.of("touchpoint", "delivery"), 20);
    assertThat(DetectionReport.places(onParent, INCIDENT)).as("no root cause").isFalse();
    Alert namesRegion = Alert.newBuilder(onParent).setRootCauses(List.of(new earshot.schemas.RootCause("region=north",
        Map.of("region", "north"), 0.9, 12.0, 0.6, 0.2, 40L))).build();
    assertThat(DetectionReport.places(namesRegion, INCIDENT)).isTrue();
    Alert namesProduct = Alert.newBuilder(onParent).setRootCauses(List.of(new earshot.schemas.RootCause(
        "product=tv-plus", Map.of("product", "tv-plus"), 0.9, 12.0, 0.6, 0.2, 40L))).build();
    assertThat(DetectionReport.places(namesProduct, INCIDENT)).isFalse();
    assertThat(DetectionReport.places(alert("DETRACTOR_SPIKE", Map.of("touchpoint", "delivery", "region", "north"), 5),
        INCIDENT)).as("on the incident's own series").isTrue();

    DetectionReport report = DetectionReport.score(List.of(INCIDENT), List.of(namesRegion));
    assertThat(report.scores().get("DETRACTOR_SPIKE").placed()).isEqualTo(1);
    assertThat(report.lines().get(1)).endsWith("1/1");
  }

  @Test
  void theScorecardKeepsEachIncidentsSizeBesideItsFateAndCountsFalseAlertsPerSeriesWeek() {
    Instant later = START.plus(Duration.ofDays(2));
    Incident missed = new Incident("VOLUME_SURGE", Map.of("segment", "premium"), later, later.plus(Duration.ofHours(3)),
        0.4, null);
    DetectionScorecard scorecard = new DetectionScorecard();
    scorecard.add(List.of(new earshot.lab.generator.RandomIncidents.Drawn(INCIDENT, 1.5),
            new earshot.lab.generator.RandomIncidents.Drawn(missed, 1.4)), List.of(240.0, 30.0),
        List.of(alert("DETRACTOR_SPIKE", Map.of("touchpoint", "delivery"), 20),
            alert("DETRACTOR_SPIKE", Map.of("region", "south"), 30),
            Alert.newBuilder(alert("VOLUME_DROP", Map.of("region", "south"), 50)).setPrimaryAlertId("another").build(),
            alert("NPS_DROP", Map.of(), 50)),
        10, Duration.ofDays(14));

    assertThat(scorecard.rows()).extracting(r -> r.found() == null).containsExactly(false, true);
    assertThat(scorecard.rows().get(0).found().delay()).isEqualTo(Duration.ofMinutes(20));
    assertThat(scorecard.found(100)).isEqualTo(1);
    assertThat(scorecard.planted(0)).isEqualTo(2);
    // One false alert each over 10 series for two weeks.
    assertThat(scorecard.falseAlertsPerSeriesWeek("DETRACTOR_SPIKE")).isEqualTo(0.05);
    assertThat(scorecard.falseAlertsPerSeriesWeek("VOLUME_DROP")).isEqualTo(0.05);
    assertThat(scorecard.falseAlertsPerSeriesWeek("VOLUME_SURGE")).isZero();
    assertThat(scorecard.falseAlertsPerSeriesWeek("NPS_DROP")).as("another detector's alert on the incident's traffic")
        .isZero();
    assertThat(scorecard.lines()).anyMatch(l -> l.contains("DETRACTOR_SPIKE") && l.contains("x1.50") && l.contains("20 min"))
        .anyMatch(l -> l.contains("segment=premium") && l.contains("missed"))
        .anyMatch(l -> l.startsWith("all: 1 of 2 found (1 of 1 where") && l.contains("2 false alerts")
            && l.contains("shown as 1 incidents"));
  }

  /** An alert of an hourly window opened {@code minutes} after the incident's start. */
  private static Alert alert(String detector, Map<String, String> dimensions, long minutes) {
    Instant opened = START.plus(Duration.ofMinutes(minutes));
    String series = dimensions.isEmpty() ? "global" : dimensions.entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue()).sorted().reduce((a, b) -> a + "|" + b).orElseThrow();
    return Alert.newBuilder()
        .setAlertId(detector + "-" + series + "-" + minutes).setVersion(1).setState(AlertState.OPEN)
        .setDetector(detector).setSeverity(Severity.WARNING).setSeriesKey(series).setDimensions(dimensions)
        .setWindowSeconds(3600).setWindowStart(opened.minus(Duration.ofHours(1))).setWindowEnd(opened)
        .setOpenedAt(opened).setUpdatedAt(opened).setMetric("detractorShare").setObserved(0.6).setBaseline(0.2)
        .setExpectedLow(0.1).setExpectedHigh(0.3).setStatisticName("z").setStatistic(5).setPValue(1e-6)
        .setSampleSize(60).setSummary("Detractors up")
        .build();
  }
}
