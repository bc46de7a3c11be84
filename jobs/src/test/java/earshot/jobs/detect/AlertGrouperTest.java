package earshot.jobs.detect;

import static org.assertj.core.api.Assertions.assertThat;

import earshot.jobs.metrics.SeriesCatalog;
import earshot.schemas.Alert;
import earshot.schemas.AlertState;
import earshot.schemas.Severity;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertGrouperTest {

  private final AlertGrouper grouper = new AlertGrouper(6);
  private final AlertGrouper.Groups groups = new AlertGrouper.Groups();

  private static Alert alert(String id, String series, AlertState state, int version, int hour) {
    Instant end = Instant.parse("2026-11-02T00:00:00Z").plusSeconds(3600L * hour);
    return Alert.newBuilder().setAlertId(id).setVersion(version).setState(state).setDetector("DETRACTOR_SPIKE")
        .setSeverity(Severity.WARNING).setSeriesKey(series).setDimensions(SeriesCatalog.dimensionsOf(series))
        .setWindowSeconds(3600).setWindowStart(end.minusSeconds(3600)).setWindowEnd(end).setOpenedAt(end)
        .setUpdatedAt(end).setMetric("detractorShare").setObserved(0.5).setBaseline(0.2).setExpectedLow(0.1)
        .setExpectedHigh(0.3).setStatisticName("z").setStatistic(5).setPValue(1e-6).setSampleSize(40)
        .setSummary("s").build();
  }

  @Test
  void childrenOpeningWithTheirParentAreGroupedUnderIt() {
    // Arrival order must not matter: the child comes first.
    List<Alert> out = grouper.onWindow(List.of(
        alert("c1", "region=north", AlertState.OPEN, 1, 1),
        alert("p", "global", AlertState.OPEN, 1, 1),
        alert("c2", "touchpoint=delivery|region=north", AlertState.OPEN, 1, 1)), groups);
    assertThat(out).extracting(Alert::getAlertId).containsOnly("p");
    Alert last = out.get(out.size() - 1);
    assertThat(last.getChildren()).containsExactly("region=north", "touchpoint=delivery|region=north");
    assertThat(last.getVersion()).isEqualTo(out.size());
    assertThat(last.getSummary()).contains("Also affected: region=north; touchpoint=delivery|region=north");
  }

  @Test
  void anAlertReopenedAfterItsResolutionContinuesItsVersions() {
    // The detector reopens the same alert id when the anomaly comes back within its cooldown.
    grouper.onWindow(List.of(alert("p", "global", AlertState.OPEN, 1, 1)), groups);
    grouper.onWindow(List.of(alert("p", "global", AlertState.RESOLVED, 2, 4)), groups);
    List<Alert> reopened = grouper.onWindow(List.of(alert("p", "global", AlertState.OPEN, 3, 6)), groups);
    assertThat(reopened).singleElement().satisfies(a -> {
      assertThat(a.getState()).isEqualTo(AlertState.OPEN);
      assertThat(a.getVersion()).as("after versions 1 and 2").isEqualTo(3);
      assertThat(a.getHistory()).extracting(h -> h.getState().name()).containsExactly("OPEN", "RESOLVED", "OPEN");
    });
    assertThat(grouper.onWindow(List.of(alert("p", "global", AlertState.RESOLVED, 4, 9)), groups))
        .singleElement().extracting(Alert::getVersion).isEqualTo(4);
  }

  @Test
  void anAlertReopenedUnderAnOpenParentIsGroupedAndThenGoesOnFromItsLastVersion() {
    grouper.onWindow(List.of(alert("c", "region=north", AlertState.OPEN, 1, 1)), groups);
    grouper.onWindow(List.of(alert("c", "region=north", AlertState.RESOLVED, 2, 4)), groups);
    List<Alert> out = grouper.onWindow(List.of(alert("p", "global", AlertState.OPEN, 1, 6),
        alert("c", "region=north", AlertState.OPEN, 3, 6)), groups);
    assertThat(out).extracting(Alert::getAlertId).containsOnly("p");
    assertThat(out.get(out.size() - 1).getChildren()).containsExactly("region=north");
    grouper.onWindow(List.of(alert("p", "global", AlertState.RESOLVED, 2, 7)), groups);
    List<Alert> alone = grouper.onWindow(List.of(alert("c", "region=north", AlertState.UPDATED, 4, 8)), groups);
    assertThat(alone).singleElement().satisfies(a -> {
      assertThat(a.getState()).as("subscribers last saw it resolved").isEqualTo(AlertState.OPEN);
      assertThat(a.getVersion()).isEqualTo(3);
    });
  }

  @Test
  void anAlertReopenedAndResolvedUnderItsParentStaysResolved() {
    grouper.onWindow(List.of(alert("c", "region=north", AlertState.OPEN, 1, 1)), groups);
    grouper.onWindow(List.of(alert("c", "region=north", AlertState.RESOLVED, 2, 4)), groups);
    grouper.onWindow(List.of(alert("p", "global", AlertState.OPEN, 1, 6), alert("c", "region=north", AlertState.OPEN, 3, 6)),
        groups);
    assertThat(grouper.onWindow(List.of(alert("c", "region=north", AlertState.RESOLVED, 4, 8)), groups)).isEmpty();
    assertThat(groups.entries).containsOnlyKeys("p");
    assertThat(groups.resolved).containsOnlyKeys("c");
  }

  @Test
  void aResolvedAlertIsForgottenOnceItCanNoLongerReopen() {
    grouper.onWindow(List.of(alert("p", "global", AlertState.OPEN, 1, 1)), groups);
    grouper.onWindow(List.of(alert("p", "global", AlertState.RESOLVED, 2, 2)), groups);
    assertThat(groups.resolved).containsOnlyKeys("p");
    // Six hourly windows of cooldown.
    grouper.onWindow(List.of(alert("q", "region=north", AlertState.OPEN, 1, 2 + 6)), groups);
    assertThat(groups.resolved).containsOnlyKeys("p");
    grouper.onWindow(List.of(alert("q", "region=north", AlertState.UPDATED, 2, 2 + 7)), groups);
    assertThat(groups.resolved).isEmpty();
  }

  @Test
  void childrenJoiningInOneWindowRepublishTheirParentOnce() {
    grouper.onWindow(List.of(alert("p", "global", AlertState.OPEN, 1, 1)), groups);
    List<Alert> out = grouper.onWindow(List.of(
        alert("c1", "region=north", AlertState.OPEN, 1, 2),
        alert("c2", "region=south", AlertState.OPEN, 1, 2),
        alert("c3", "touchpoint=billing", AlertState.OPEN, 1, 2)), groups);
    assertThat(out).singleElement().satisfies(a -> {
      assertThat(a.getAlertId()).isEqualTo("p");
      assertThat(a.getVersion()).isEqualTo(2);
      assertThat(a.getChildren()).containsExactly("region=north", "region=south", "touchpoint=billing");
    });
  }

  @Test
  void childUpdatesAndResolutionsStayQuietWhileTheParentIsOpen() {
    grouper.onWindow(List.of(alert("p", "global", AlertState.OPEN, 1, 1), alert("c", "region=north", AlertState.OPEN, 1, 1)), groups);
    assertThat(grouper.onWindow(List.of(alert("c", "region=north", AlertState.UPDATED, 2, 2)), groups)).isEmpty();
    assertThat(grouper.onWindow(List.of(alert("c", "region=north", AlertState.RESOLVED, 3, 3)), groups)).isEmpty();
    List<Alert> resolved = grouper.onWindow(List.of(alert("p", "global", AlertState.RESOLVED, 2, 4)), groups);
    assertThat(resolved).singleElement().satisfies(a -> {
      assertThat(a.getState()).isEqualTo(AlertState.RESOLVED);
      assertThat(a.getHistory()).extracting(h -> h.getState().name()).containsExactly("OPEN", "UPDATED", "RESOLVED");
    });
    assertThat(groups.entries).isEmpty();
  }

  @Test
  void aChildThatOutlivesItsParentIsPublishedOnItsOwn() {
    grouper.onWindow(List.of(alert("p", "global", AlertState.OPEN, 1, 1), alert("c", "region=north", AlertState.OPEN, 1, 1)), groups);
    grouper.onWindow(List.of(alert("p", "global", AlertState.RESOLVED, 2, 2)), groups);
    List<Alert> out = grouper.onWindow(List.of(alert("c", "region=north", AlertState.UPDATED, 2, 3)), groups);
    assertThat(out).singleElement().satisfies(a -> {
      assertThat(a.getState()).isEqualTo(AlertState.OPEN);
      assertThat(a.getVersion()).isEqualTo(1);
    });
  }

  @Test
  void unrelatedSeriesAreNotGrouped() {
    List<Alert> out = grouper.onWindow(List.of(alert("a", "channel=CHAT", AlertState.OPEN, 1, 1),
        alert("b", "touchpoint=delivery", AlertState.OPEN, 1, 1)), groups);
    assertThat(out).extracting(Alert::getAlertId).containsExactly("a", "b");
    assertThat(out).allSatisfy(a -> assertThat(a.getChildren()).isEmpty());
  }
}
