package earshot.jobs.detect;

import static org.assertj.core.api.Assertions.assertThat;

import earshot.schemas.Alert;
import earshot.schemas.AlertState;
import earshot.schemas.RootCause;
import earshot.schemas.Severity;
import earshot.schemas.Verbatim;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IncidentGrouperTest {

  private static final Instant T = Instant.parse("2026-11-05T10:00:00Z");

  private static Map<String, String> dims(String key) {
    Map<String, String> dims = new LinkedHashMap<>();
    if (!key.equals("global")) {
      for (String part : key.split("\\|")) {
        dims.put(part.substring(0, part.indexOf('=')), part.substring(part.indexOf('=') + 1));
      }
    }
    return dims;
  }

  private static Alert alert(String id, String detector, String series, AlertState state, int hour, String cause) {
    Alert.Builder b = Alert.newBuilder().setAlertId(id).setVersion(1).setState(state).setDetector(detector)
        .setSeverity(Severity.WARNING).setSeriesKey(series).setDimensions(dims(series)).setWindowSeconds(3600)
        .setWindowStart(T.plusSeconds(3600L * hour)).setWindowEnd(T.plusSeconds(3600L * (hour + 1)))
        .setOpenedAt(T.plusSeconds(3600L * (hour + 1))).setUpdatedAt(T.plusSeconds(3600L * (hour + 1)))
        .setMetric("nps").setObserved(-30).setBaseline(30).setExpectedLow(10).setExpectedHigh(50)
        .setStatisticName("z").setStatistic(5).setPValue(1e-6).setSampleSize(40).setSummary("s");
    if (cause != null) {
      b.setRootCauses(List.of(RootCause.newBuilder().setSlice(cause).setDimensions(dims(cause)).setShare(0.9)
          .setExtra(20).setObserved(-30).setBaseline(30).setSize(40).build()));
    }
    return b.build();
  }

  private static Map<String, Alert> byId(List<Alert> alerts) {
    Map<String, Alert> map = new LinkedHashMap<>();
    alerts.forEach(a -> map.put(a.getAlertId(), a));
    return map;
  }

  @Test
  void twoMetricsOnOneSliceAndTheParentsThatNameItAreOneIncidentAtTheSlice() {
    IncidentGrouper grouper = new IncidentGrouper();
    IncidentGrouper.Incidents incidents = new IncidentGrouper.Incidents();
    String pair = "touchpoint=billing|segment=business";
    Map<String, Alert> first = byId(grouper.onWindow(List.of(
        alert("nps-pair", "NPS_DROP", pair, AlertState.OPEN, 0, null),
        alert("det-pair", "DETRACTOR_SPIKE", pair, AlertState.OPEN, 0, null)), incidents));
    assertThat(first.get("det-pair").getPrimaryAlertId()).isNull();
    assertThat(first.get("nps-pair").getPrimaryAlertId()).isEqualTo("det-pair");

    // Hours later the configured series alert; their root causes name the pair.
    Map<String, Alert> later = byId(grouper.onWindow(List.of(
        alert("nps-billing", "NPS_DROP", "touchpoint=billing", AlertState.OPEN, 5, "segment=business"),
        alert("nps-global", "NPS_DROP", "global", AlertState.OPEN, 5, pair),
        alert("det-pair", "DETRACTOR_SPIKE", pair, AlertState.UPDATED, 5, null)), incidents));
    assertThat(later.get("nps-billing").getPrimaryAlertId()).isEqualTo("det-pair");
    assertThat(later.get("nps-global").getPrimaryAlertId()).isEqualTo("det-pair");
    assertThat(later.get("det-pair").getPrimaryAlertId()).isNull();
    assertThat(later.get("det-pair").getGroupedAlerts()).containsExactlyInAnyOrder("nps-pair", "nps-billing", "nps-global");
    assertThat(later.get("nps-billing").getGroupedAlerts()).isEmpty();

    // A grouped alert keeps its primary on every version, resolved included.
    Map<String, Alert> resolved = byId(grouper.onWindow(List.of(
        alert("nps-billing", "NPS_DROP", "touchpoint=billing", AlertState.RESOLVED, 9, null)), incidents));
    assertThat(resolved.get("nps-billing").getPrimaryAlertId()).isEqualTo("det-pair");
    assertThat(incidents.members).doesNotContainKey("nps-billing");
  }

  /**
   * The slice watch reports a configured series' share of contacts beside the series' own volume detector:
   * the two alerts of one incident are one incident, whichever opens first.
   */
  @Test
  void aConfiguredSeriesVolumeAlertAndTheSliceWatchsShareAlertOnItAreOneIncident() {
    for (boolean seriesFirst : new boolean[] {true, false}) {
      IncidentGrouper grouper = new IncidentGrouper();
      IncidentGrouper.Incidents incidents = new IncidentGrouper.Incidents();
      Alert series = alert("volume-billing", "VOLUME_SURGE", "touchpoint=billing", AlertState.OPEN, 0, null);
      Alert share = alert("share-billing", "VOLUME_SURGE", "touchpoint=billing", AlertState.OPEN, 2,
          "touchpoint=billing");
      grouper.onWindow(List.of(seriesFirst ? series : share), incidents);
      Map<String, Alert> out = byId(grouper.onWindow(List.of(seriesFirst ? share : series), incidents));
      String later = seriesFirst ? "share-billing" : "volume-billing";
      assertThat(out.get(later).getPrimaryAlertId()).isEqualTo(seriesFirst ? "volume-billing" : "share-billing");
    }
  }

  @Test
  void unrelatedSlicesOtherDetectorsAndParentsWithoutTheCauseStayOnTheirOwn() {
    IncidentGrouper grouper = new IncidentGrouper();
    IncidentGrouper.Incidents incidents = new IncidentGrouper.Incidents();
    grouper.onWindow(List.of(alert("pair", "NPS_DROP", "touchpoint=billing|segment=business", AlertState.OPEN, 0,
        null)), incidents);
    Map<String, Alert> out = byId(grouper.onWindow(List.of(
        alert("other-pair", "NPS_DROP", "touchpoint=delivery|segment=business", AlertState.OPEN, 1, null),
        alert("volume", "VOLUME_SURGE", "touchpoint=billing|segment=business", AlertState.OPEN, 1, null),
        alert("parent-elsewhere", "DETRACTOR_SPIKE", "touchpoint=billing", AlertState.OPEN, 1, "segment=SMB"),
        alert("parent-no-cause", "DETRACTOR_SPIKE", "segment=business", AlertState.OPEN, 1, null)), incidents));
    assertThat(out.values()).allSatisfy(a -> assertThat(a.getPrimaryAlertId()).isNull());
  }

  @Test
  void theMostSpecificSliceOfAWindowBecomesThePrimaryAndAResolvedPrimaryTakesNoMore() {
    IncidentGrouper grouper = new IncidentGrouper();
    IncidentGrouper.Incidents incidents = new IncidentGrouper.Incidents();
    Map<String, Alert> out = byId(grouper.onWindow(List.of(
        alert("parent", "NPS_DROP", "touchpoint=billing", AlertState.OPEN, 0, "region=south"),
        alert("pair", "NPS_DROP", "touchpoint=billing|region=south", AlertState.OPEN, 0, null)), incidents));
    assertThat(out.get("pair").getPrimaryAlertId()).isNull();
    assertThat(out.get("parent").getPrimaryAlertId()).isEqualTo("pair");

    grouper.onWindow(List.of(alert("pair", "NPS_DROP", "touchpoint=billing|region=south", AlertState.RESOLVED, 3,
        null)), incidents);
    Map<String, Alert> after = byId(grouper.onWindow(List.of(
        alert("again", "DETRACTOR_SPIKE", "region=south", AlertState.OPEN, 4, "touchpoint=billing")), incidents));
    assertThat(after.get("again").getPrimaryAlertId()).isNull();
  }

  @Test
  void aParentWhoseCauseLiesWithinAnOpenPairIsGroupedUnderItInTheSameWindowOrLater() {
    IncidentGrouper grouper = new IncidentGrouper();
    IncidentGrouper.Incidents incidents = new IncidentGrouper.Incidents();
    String pair = "touchpoint=delivery|product=mobile-basic";
    // Same window: the touchpoint's root cause (product x segment) narrows below the pair, yet the pair,
    // the more specific series, is the primary.
    Map<String, Alert> same = byId(grouper.onWindow(List.of(
        alert("delivery", "NPS_DROP", "touchpoint=delivery", AlertState.OPEN, 0, "product=mobile-basic|segment=consumer"),
        alert("pair", "NPS_DROP", pair, AlertState.OPEN, 0, pair)), incidents));
    assertThat(same.get("pair").getPrimaryAlertId()).isNull();
    assertThat(same.get("delivery").getPrimaryAlertId()).isEqualTo("pair");

    // Later window: the product's alert narrows within the pair too; one on another product does not.
    Map<String, Alert> later = byId(grouper.onWindow(List.of(
        alert("product", "DETRACTOR_SPIKE", "product=mobile-basic", AlertState.OPEN, 1,
            "touchpoint=delivery|region=west"),
        alert("elsewhere", "NPS_DROP", "product=tv-plus", AlertState.OPEN, 1, "touchpoint=delivery|region=west"),
        alert("segment", "NPS_DROP", "segment=consumer", AlertState.OPEN, 1,
            "touchpoint=delivery|product=mobile-basic"),
        alert("no-cause", "NPS_DROP", "touchpoint=delivery", AlertState.OPEN, 1, null)), incidents));
    assertThat(later.get("product").getPrimaryAlertId()).isEqualTo("pair");
    assertThat(later.get("elsewhere").getPrimaryAlertId()).isNull();
    // A segment whose drop lies in the pair's consumers is the same incident; a parent saying nothing of
    // where its change lies is not grouped.
    assertThat(later.get("segment").getPrimaryAlertId()).isEqualTo("pair");
    assertThat(later.get("no-cause").getPrimaryAlertId()).isNull();
    assertThat(later.get("pair")).isNull();
    assertThat(incidents.members.get("pair").grouped).containsExactly("delivery", "product", "segment");
  }

  private static Alert quoting(Alert alert, String... interactionIds) {
    List<Verbatim> examples = java.util.Arrays.stream(interactionIds).map(id -> Verbatim.newBuilder()
        .setInteractionId(id).setOccurredAt(alert.getWindowStart()).setText("t").build()).toList();
    return Alert.newBuilder(alert).setExamples(examples).build();
  }

  /**
   * channel=CALL and team=care-voice hold the same calls: their NPS drops on one window are one incident.
   * Alerts that differ in sample, quote other interactions or none, or lie on slices that exclude each
   * other, are not twins.
   */
  @Test
  void alertsOnTheSameInteractionsOfSeriesThatDoNotContainEachOtherAreOneIncident() {
    IncidentGrouper grouper = new IncidentGrouper();
    IncidentGrouper.Incidents incidents = new IncidentGrouper.Incidents();
    Alert otherSample = Alert.newBuilder(quoting(alert("region", "NPS_DROP", "region=east", AlertState.OPEN, 0, null),
        "i1")).setSampleSize(41).build();
    Map<String, Alert> out = byId(grouper.onWindow(List.of(
        quoting(alert("call", "NPS_DROP", "channel=CALL", AlertState.OPEN, 0, null), "i1", "i2"),
        quoting(alert("team", "NPS_DROP", "team=care-voice", AlertState.OPEN, 0, null), "i2", "i1"),
        quoting(alert("chat", "NPS_DROP", "channel=CHAT", AlertState.OPEN, 0, null), "i1"),
        quoting(alert("call-volume", "VOLUME_SURGE", "team=care-voice", AlertState.OPEN, 0, null), "i1"),
        quoting(alert("segment", "NPS_DROP", "segment=consumer", AlertState.OPEN, 0, null), "i3"),
        alert("product", "NPS_DROP", "product=tv-plus", AlertState.OPEN, 0, null),
        otherSample), incidents));
    assertThat(out.get("call").getPrimaryAlertId()).isNull();
    assertThat(out.get("team").getPrimaryAlertId()).isEqualTo("call");
    assertThat(out.get("call").getGroupedAlerts()).containsExactly("team");
    assertThat(List.of("chat", "call-volume", "segment", "product", "region"))
        .allSatisfy(id -> assertThat(out.get(id).getPrimaryAlertId()).as(id).isNull());

    // The same reading a window later is another window's: not a twin of an alert already open.
    Map<String, Alert> later = byId(grouper.onWindow(List.of(
        quoting(alert("later", "NPS_DROP", "region=west", AlertState.OPEN, 1, null), "i1")), incidents));
    assertThat(later.get("later").getPrimaryAlertId()).isNull();
  }

  /**
   * The chats of region=north lag: the narrow series cross first, each naming channel=CHAT, then broader
   * ones naming the pair or its values. One incident; the e-mails of region=south lagging at the same time
   * are another.
   */
  @Test
  void lateDataAlertsFromOneProducerSeenFromSeveralSeriesAreOneIncident() {
    IncidentGrouper grouper = new IncidentGrouper();
    IncidentGrouper.Incidents incidents = new IncidentGrouper.Incidents();
    Map<String, Alert> first = byId(grouper.onWindow(List.of(
        alert("billing-north", "DATA_QUALITY", "touchpoint=billing|region=north", AlertState.OPEN, 0, "channel=CHAT"),
        alert("delivery-north", "DATA_QUALITY", "touchpoint=delivery|region=north", AlertState.OPEN, 0,
            "channel=CHAT"),
        alert("billing-south", "DATA_QUALITY", "touchpoint=billing|region=south", AlertState.OPEN, 0,
            "channel=EMAIL")), incidents));
    assertThat(first.get("billing-north").getPrimaryAlertId()).isNull();
    assertThat(first.get("delivery-north").getPrimaryAlertId()).isEqualTo("billing-north");
    assertThat(first.get("billing-south").getPrimaryAlertId()).as("another producer").isNull();
    Map<String, Alert> later = byId(grouper.onWindow(List.of(
        alert("support", "DATA_QUALITY", "touchpoint=support", AlertState.OPEN, 1, "channel=CHAT|region=north"),
        alert("chat", "DATA_QUALITY", "channel=CHAT", AlertState.OPEN, 1, "region=north"),
        alert("global", "DATA_QUALITY", "global", AlertState.OPEN, 1, "channel=CHAT"),
        alert("delivery-south", "DATA_QUALITY", "touchpoint=delivery|region=south", AlertState.OPEN, 1,
            "channel=EMAIL"),
        alert("nps", "NPS_DROP", "touchpoint=support", AlertState.OPEN, 1, "channel=CHAT|region=north")),
        incidents));
    assertThat(later.get("support").getPrimaryAlertId()).isEqualTo("billing-north");
    assertThat(later.get("chat").getPrimaryAlertId()).isEqualTo("billing-north");
    assertThat(later.get("global").getPrimaryAlertId()).isEqualTo("billing-north");
    assertThat(later.get("delivery-south").getPrimaryAlertId()).isEqualTo("billing-south");
    assertThat(later.get("nps").getPrimaryAlertId()).as("another detector's alert").isNull();
  }

  @Test
  void lateDataAlertsAreOneIncidentAtTheValueTheirCausesNameOrAtTheBroadestSeriesWhenSpread() {
    IncidentGrouper grouper = new IncidentGrouper();
    IncidentGrouper.Incidents incidents = new IncidentGrouper.Incidents();
    // One producer lags: its channel's alert has no cause below it, the others name the channel.
    Map<String, Alert> lagging = byId(grouper.onWindow(List.of(
        alert("late-global", "DATA_QUALITY", "global", AlertState.OPEN, 0, "channel=EMAIL"),
        alert("late-billing", "DATA_QUALITY", "touchpoint=billing", AlertState.OPEN, 0, "channel=EMAIL"),
        alert("late-email", "DATA_QUALITY", "channel=EMAIL", AlertState.OPEN, 0, null)), incidents));
    assertThat(lagging.get("late-email").getPrimaryAlertId()).isNull();
    assertThat(lagging.get("late-email").getGroupedAlerts()).containsExactlyInAnyOrder("late-global", "late-billing");
    assertThat(lagging.get("late-global").getPrimaryAlertId()).isEqualTo("late-email");
    assertThat(lagging.get("late-billing").getPrimaryAlertId()).isEqualTo("late-email");
    grouper.onWindow(List.of(alert("late-email", "DATA_QUALITY", "channel=EMAIL", AlertState.RESOLVED, 1, null),
        alert("late-global", "DATA_QUALITY", "global", AlertState.RESOLVED, 1, "channel=EMAIL"),
        alert("late-billing", "DATA_QUALITY", "touchpoint=billing", AlertState.RESOLVED, 1, "channel=EMAIL")),
        incidents);

    // A backfill of everything: nothing concentrates the late records of any series. A narrow series
    // crossing first, in its own window, stays a primary (roles never change); the broadest of the next
    // window would be taken first there, but joins the open incident, as do the series that do not contain
    // each other.
    Map<String, Alert> first = byId(grouper.onWindow(List.of(
        alert("bf-pair", "DATA_QUALITY", "touchpoint=billing|region=west", AlertState.OPEN, 2, null)), incidents));
    assertThat(first.get("bf-pair").getPrimaryAlertId()).isNull();
    Map<String, Alert> next = byId(grouper.onWindow(List.of(
        alert("bf-north", "DATA_QUALITY", "touchpoint=support|region=north", AlertState.OPEN, 3, null),
        alert("bf-global", "DATA_QUALITY", "global", AlertState.OPEN, 3, null),
        alert("bf-call", "DATA_QUALITY", "channel=CALL", AlertState.OPEN, 3, null)), incidents));
    assertThat(next.values()).extracting(Alert::getPrimaryAlertId).containsOnly("bf-pair");

    // Without an open incident the broadest series of the window is the primary, whatever the order.
    IncidentGrouper.Incidents fresh = new IncidentGrouper.Incidents();
    Map<String, Alert> backfill = byId(grouper.onWindow(List.of(
        alert("b-north", "DATA_QUALITY", "touchpoint=support|region=north", AlertState.OPEN, 0, null),
        alert("b-call", "DATA_QUALITY", "channel=CALL", AlertState.OPEN, 0, null),
        alert("b-global", "DATA_QUALITY", "global", AlertState.OPEN, 0, null),
        alert("nps", "NPS_DROP", "channel=CALL", AlertState.OPEN, 0, null)), fresh));
    assertThat(backfill.get("b-global").getPrimaryAlertId()).isNull();
    assertThat(backfill.get("b-global").getGroupedAlerts()).containsExactlyInAnyOrder("b-north", "b-call");
    assertThat(backfill.get("nps").getPrimaryAlertId()).as("another detector's alert").isNull();
  }
}
