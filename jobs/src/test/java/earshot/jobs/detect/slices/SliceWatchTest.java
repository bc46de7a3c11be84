package earshot.jobs.detect.slices;

import static org.assertj.core.api.Assertions.assertThat;

import earshot.jobs.config.EarshotConfig;
import earshot.jobs.detect.DetectorSettings;
import earshot.jobs.detect.Stats;
import earshot.jobs.metrics.CxMetrics;
import earshot.jobs.metrics.MetricSnapshots;
import earshot.schemas.Alert;
import earshot.schemas.AlertState;
import earshot.schemas.MetricSnapshot;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SliceWatchTest {

  private static final long HOUR = 3_600_000L;
  private static final long T0 = Instant.parse("2026-11-02T00:00:00Z").toEpochMilli();
  private static final DetectorSettings DETECTORS = DetectorSettings.from(EarshotConfig.defaults());
  private static final Map<String, List<String>> TOUCHPOINT_SEGMENT = ordered(
      "touchpoint", List.of("billing", "delivery", "support", "renewal"),
      "segment", List.of("SMB", "consumer", "business", "premium"));

  /** Dimensions in the order the signals job writes them in slice keys. */
  private static Map<String, List<String>> ordered(Object... keysAndValues) {
    Map<String, List<String>> map = new java.util.LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      @SuppressWarnings("unchecked")
      List<String> values = (List<String>) keysAndValues[i + 1];
      map.put((String) keysAndValues[i], values);
    }
    return map;
  }
  private static final SyntheticSlices.Mix DROP = new SyntheticSlices.Mix(0.02, 0.92, 0.30); // NPS -90

  private static SliceWatchSettings settings(List<String> configured) {
    return new SliceWatchSettings(true, 0.002, 30, 400, 288, configured);
  }

  private static MetricSnapshot window(int hour) {
    return MetricSnapshots.of("global", T0 + hour * HOUR, T0 + (hour + 1) * HOUR, 0, new CxMetrics());
  }

  private static List<Alert> run(SliceWatch watch, SyntheticSlices stream, int hours, SyntheticSlices.Mixes mixes) {
    return run(watch, stream, hours, mixes, (cell, hour) -> 1.0);
  }

  private static List<Alert> run(SliceWatch watch, SyntheticSlices stream, int hours, SyntheticSlices.Mixes mixes,
      SyntheticSlices.Rates rates) {
    SliceWatchState state = new SliceWatchState();
    List<Alert> alerts = new ArrayList<>();
    for (int h = 0; h < hours; h++) {
      alerts.addAll(watch.onWindow(state, window(h), stream.hour(h, mixes, rates)));
    }
    return alerts;
  }

  /** Contacts of one touchpoint (and segment, if given) times {@code factor} from hour {@code from} to {@code to}. */
  private static SyntheticSlices.Rates surgeOn(String touchpoint, String segment, double factor, int from, int to) {
    return (cell, hour) -> hour >= from && hour < to && touchpoint.equals(cell.get("touchpoint"))
        && (segment == null || segment.equals(cell.get("segment"))) ? factor : 1.0;
  }

  private static List<Alert> volume(List<Alert> alerts) {
    return alerts.stream().filter(a -> a.getDetector().equals("VOLUME_SURGE")).toList();
  }

  private static List<Alert> drops(List<Alert> alerts) {
    return alerts.stream().filter(a -> a.getDetector().equals("VOLUME_DROP")).toList();
  }

  /** Contact-share alerts of either direction. */
  private static List<Alert> shares(List<Alert> alerts) {
    return alerts.stream().filter(a -> a.getDetector().startsWith("VOLUME_")).toList();
  }

  /** Alerts opened from the incident's start to a day after its end. */
  private static List<Alert> during(List<Alert> alerts, int from, int to) {
    return alerts.stream().filter(a -> a.getOpenedAt().toEpochMilli() > T0 + from * HOUR
        && a.getOpenedAt().toEpochMilli() <= T0 + (to + 24) * HOUR).toList();
  }

  private static List<Alert> opened(List<Alert> alerts) {
    return alerts.stream().filter(a -> a.getState() == AlertState.OPEN).toList();
  }

  /** 16 pairs of about 7.5 answers an hour; an NPS drop on touchpoint=billing x segment=SMB on day 5, 10:00-16:00. */
  private static SyntheticSlices.Mixes dropOn(String touchpoint, String segment, int from, int to) {
    return (cell, hour) -> hour >= from && hour < to && touchpoint.equals(cell.get("touchpoint"))
        && (segment == null || segment.equals(cell.get("segment"))) ? DROP : SyntheticSlices.NORMAL;
  }

  @Test
  void findsAnNpsDropConfinedToAnUnconfiguredPairWithinTheIncident() {
    int from = 4 * 24 + 10;
    int to = from + 6;
    SyntheticSlices stream = new SyntheticSlices(TOUCHPOINT_SEGMENT, 7.5, 11);
    List<Alert> alerts = run(new SliceWatch(settings(List.of("touchpoint", "segment")), DETECTORS), stream, to + 48,
        dropOn("billing", "SMB", from, to));

    List<Alert> opened = opened(alerts);
    assertThat(opened).isNotEmpty();
    assertThat(opened).allSatisfy(a -> assertThat(a.getSeriesKey()).isEqualTo("touchpoint=billing|segment=SMB"));
    Alert nps = opened.stream().filter(a -> a.getDetector().equals("NPS_DROP")).findFirst().orElseThrow();
    assertThat(nps.getWindowEnd().toEpochMilli()).isBetween(T0 + from * HOUR, T0 + to * HOUR);
    assertThat(nps.getObserved()).isLessThan(-50);
    assertThat(nps.getBaseline()).isBetween(5.0, 30.0);
    assertThat(nps.getSummary()).matches("\\d+% of the NPS lost along touchpoint x segment are in "
            + "touchpoint=billing x segment=SMB.*")
        .contains("Found among 16 slices nobody configured")
        .contains("NPS for touchpoint=billing x segment=SMB: NPS -").contains("against NPS +");
    // The root-cause table: the pair first, holding most of the change along its dimensions, then its parents.
    assertThat(nps.getRootCauses()).isNotEmpty();
    earshot.schemas.RootCause top = nps.getRootCauses().get(0);
    assertThat(top.getSlice()).isEqualTo("touchpoint=billing|segment=SMB");
    assertThat(top.getShare()).isGreaterThan(0.5).isLessThanOrEqualTo(1.0);
    assertThat(top.getExtra()).isGreaterThan(5);
    assertThat(top.getObserved()).isEqualTo(nps.getObserved());
    assertThat(top.getBaseline()).isEqualTo(nps.getBaseline());
    assertThat(top.getSize()).isEqualTo(nps.getSampleSize());
    assertThat(nps.getRootCauses()).extracting(earshot.schemas.RootCause::getSlice)
        .contains("touchpoint=billing").doesNotContain("touchpoint=delivery");
    assertThat(nps.getRootCauses()).allSatisfy(c -> assertThat(c.getShare()).isBetween(0.0, 1.0));
    assertThat(nps.getDimensions()).containsEntry("touchpoint", "billing").containsEntry("segment", "SMB");
    // One incident, one alert per metric; it resolves after the incident.
    assertThat(opened.stream().filter(a -> a.getDetector().equals("NPS_DROP"))).hasSize(1);
    assertThat(alerts).anySatisfy(a -> {
      assertThat(a.getAlertId()).isEqualTo(nps.getAlertId());
      assertThat(a.getState()).isEqualTo(AlertState.RESOLVED);
    });
  }

  /**
   * Three times its usual contacts on touchpoint=billing x segment=SMB (a sixteenth of 120 contacts an hour)
   * for 6 hours, with the outcomes unchanged: a VOLUME_SURGE at the pair, within the incident, saying its
   * share now and usually, and none at its configured parents (their own series detectors watch them).
   */
  @Test
  void findsARiseOfAnUnconfiguredPairsShareOfContacts() {
    int from = 4 * 24 + 10;
    int to = from + 6;
    SliceWatchSettings settings = settings(List.of("touchpoint", "segment"));
    List<Alert> alerts = run(new SliceWatch(settings, DETECTORS), new SyntheticSlices(TOUCHPOINT_SEGMENT, 7.5, 11),
        to + 48, (cell, hour) -> SyntheticSlices.NORMAL, surgeOn("billing", "SMB", 3, from, to));

    List<Alert> opened = opened(alerts);
    assertThat(opened).singleElement().satisfies(a -> {
      assertThat(a.getDetector()).isEqualTo("VOLUME_SURGE");
      assertThat(a.getSeriesKey()).isEqualTo("touchpoint=billing|segment=SMB");
    });
    Alert surge = opened.get(0);
    System.out.printf("contact surge x3 on billing x SMB: alerted %d h into it: %s%n",
        (surge.getWindowEnd().toEpochMilli() - T0) / HOUR - from, surge.getSummary());
    assertThat(surge.getWindowEnd().toEpochMilli()).isBetween(T0 + from * HOUR, T0 + to * HOUR);
    assertThat(surge.getBaseline()).isBetween(0.04, 0.09); // a sixteenth of the contacts
    assertThat(surge.getObserved()).isGreaterThan(2 * surge.getBaseline());
    assertThat(surge.getSummary())
        .matches("touchpoint=billing x segment=SMB: \\d+\\.\\d% of contacts in the last (hour|\\d+ hours) "
            + "\\(\\d+ of [\\d,]+\\) against \\d\\.\\d% usually .*")
        .contains("% of the extra contacts along touchpoint x segment are in touchpoint=billing x segment=SMB")
        .contains("contact-share tests at this window");
    assertThat(surge.getRootCauses()).isNotEmpty();
    assertThat(surge.getRootCauses().get(0).getSlice()).isEqualTo("touchpoint=billing|segment=SMB");
    assertThat(surge.getRootCauses().get(0).getShare()).isGreaterThan(0.5);
    assertThat(alerts).anySatisfy(a -> {
      assertThat(a.getAlertId()).isEqualTo(surge.getAlertId());
      assertThat(a.getState()).isEqualTo(AlertState.RESOLVED);
    });

    // Switched off, the same stream raises nothing.
    assertThat(opened(run(new SliceWatch(settings.withVolume(false), DETECTORS),
        new SyntheticSlices(TOUCHPOINT_SEGMENT, 7.5, 11), to + 48, (cell, hour) -> SyntheticSlices.NORMAL,
        surgeOn("billing", "SMB", 3, from, to)))).isEmpty();
  }

  /**
   * Moderate changes for 8 hours on a sparse unconfigured pair (billing x SMB, 15 contacts an hour, so a pool
   * of 30 takes about two hours): contacts x1.7, or detractors from 23% to 45%. One pool of either is about
   * three standard errors off, short of what Benjamini-Hochberg at q = 0.002 asks over the window's tests; three
   * pools together are about five, less the uncertainty of the pair's own baseline. Over twenty seeds, the watch
   * that also judges each pool with the two before it finds more of them, at the pair, before the change ends,
   * than the same watch judging each pool alone.
   */
  @Test
  void moderateChangesOnASparsePairAreFoundByLookingAtThreePoolsTogether() {
    int from = 4 * 24 + 10;
    int to = from + 8;
    SliceWatchSettings settings = settings(List.of("touchpoint", "segment"));
    SyntheticSlices.Mix worse = new SyntheticSlices.Mix(0.28, 0.45, 0.30);
    int[] surges = new int[2];
    int[] rises = new int[2];
    for (int seed = 0; seed < 20; seed++) {
      for (int look = 0; look < 2; look++) {
        SliceWatch watch = look == 0 ? new SliceWatch(settings, DETECTORS) : SliceWatch.poolsAlone(settings, DETECTORS);
        List<Alert> surge = opened(run(watch, new SyntheticSlices(TOUCHPOINT_SEGMENT, 15, 100 + seed), to,
            (cell, hour) -> SyntheticSlices.NORMAL, surgeOn("billing", "SMB", 1.7, from, to)));
        surges[look] += foundAt(surge, "VOLUME_SURGE", "touchpoint=billing|segment=SMB", from) ? 1 : 0;
        List<Alert> rise = opened(run(watch, new SyntheticSlices(TOUCHPOINT_SEGMENT, 15, 200 + seed), to,
            (cell, hour) -> hour >= from && hour < to && "billing".equals(cell.get("touchpoint")) && "SMB".equals(cell.get("segment"))
                ? worse : SyntheticSlices.NORMAL));
        rises[look] += foundAt(rise, "DETRACTOR_SPIKE", "touchpoint=billing|segment=SMB", from) ? 1 : 0;
      }
    }
    System.out.printf("moderate changes on a sparse pair, 20 seeds: contacts x1.7 found %d with the longer look, "
        + "%d by pools alone; detractors 23%% to 45%% found %d and %d%n", surges[0], surges[1], rises[0], rises[1]);
    assertThat(surges[0]).as("contact surges found").isGreaterThanOrEqualTo(10).isGreaterThanOrEqualTo(surges[1] + 3);
    assertThat(rises[0]).as("detractor rises found").isGreaterThanOrEqualTo(10).isGreaterThanOrEqualTo(rises[1] + 3);
  }

  /** Whether an alert of the detector opened on the slice after {@code from} (the run ends with the change). */
  private static boolean foundAt(List<Alert> opened, String detector, String slice, int from) {
    return opened.stream().anyMatch(a -> a.getDetector().equals(detector) && a.getSeriesKey().equals(slice)
        && a.getOpenedAt().toEpochMilli() > T0 + from * HOUR);
  }

  @Test
  void aContactSurgeOverAValueIsReportedAtTheValueNotAtItsPairs() {
    int from = 4 * 24 + 10;
    int to = from + 6;
    List<Alert> alerts = run(new SliceWatch(settings(List.of()), DETECTORS), new SyntheticSlices(TOUCHPOINT_SEGMENT,
        7.5, 3), to + 24, (cell, hour) -> SyntheticSlices.NORMAL, surgeOn("billing", null, 2, from, to));

    List<Alert> opened = during(opened(alerts), from, to);
    assertThat(volume(opened)).isNotEmpty();
    assertThat(opened).allSatisfy(a -> assertThat(a.getSeriesKey()).isEqualTo("touchpoint=billing"));
  }

  @Test
  void sameSeedSameAlerts() {
    int from = 4 * 24 + 10;
    List<String> ids = new ArrayList<>();
    for (int run = 0; run < 2; run++) {
      ids.add(run(new SliceWatch(settings(List.of("touchpoint", "segment")), DETECTORS),
          new SyntheticSlices(TOUCHPOINT_SEGMENT, 7.5, 11), from + 10, dropOn("billing", "SMB", from, from + 6))
          .stream().map(a -> a.getAlertId() + a.getVersion()).toList().toString());
    }
    assertThat(ids.get(0)).isEqualTo(ids.get(1)).isNotEqualTo("[]");
  }

  /**
   * Two stable weeks, 10 x 10 x 5 cells (225 values and pairs): Benjamini-Hochberg at q bounds the
   * chance of any false rejection per window at q, so over W judged windows about q W false alerts are
   * expected; the bound allows three standard deviations of a Poisson count above that. The same watch
   * with each test alone at z >= 3 must raise clearly more.
   */
  @Test
  void twoStableWeeksOverHundredsOfSlicesRaiseFewFalseAlertsAndFarFewerThanPlainTests() {
    Map<String, List<String>> dims = ordered(
        "product", List.of("p0", "p1", "p2", "p3", "p4", "p5", "p6", "p7", "p8", "p9"),
        "region", List.of("r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8", "r9"),
        "segment", List.of("s0", "s1", "s2", "s3", "s4"));
    int hours = 14 * 24;
    SliceWatchSettings settings = settings(List.of());
    List<Alert> controlled = opened(run(new SliceWatch(settings, DETECTORS), new SyntheticSlices(dims, 1.2, 5), hours,
        (cell, hour) -> SyntheticSlices.NORMAL));
    List<Alert> plain = opened(run(SliceWatch.withoutFdrControl(settings, DETECTORS, Stats.upperTail(3)),
        new SyntheticSlices(dims, 1.2, 5), hours, (cell, hour) -> SyntheticSlices.NORMAL));

    double promised = settings.fdr() * hours;
    long bound = (long) Math.ceil(promised + 3 * Math.sqrt(promised));
    assertThat(controlled.size()).as("false alerts with FDR control (promised about %.2f)", promised)
        .isLessThanOrEqualTo((int) bound);
    assertThat(plain.size()).as("false alerts of plain z >= 3 tests").isGreaterThanOrEqualTo(20)
        .isGreaterThanOrEqualTo(5 * Math.max(1, controlled.size()));
    // Contact shares: none with Benjamini-Hochberg; a watch that alerts on any move the minimum effect allows
    // (each test alone at p <= 0.5, rises and falls) raises many.
    List<Alert> anyMove = shares(opened(run(SliceWatch.withoutFdrControl(settings, DETECTORS, 0.5),
        new SyntheticSlices(dims, 1.2, 5), hours, (cell, hour) -> SyntheticSlices.NORMAL)));
    assertThat(shares(controlled)).as("false contact-share alerts with FDR control").isEmpty();
    assertThat(volume(plain).size()).as("false contact-share alerts of plain z >= 3 tests").isGreaterThanOrEqualTo(1);
    assertThat(anyMove.size()).as("contact-share alerts on any move").isGreaterThanOrEqualTo(20);
    System.out.printf("stable fortnight, 225 slices: %d false alerts with BH (bound %d; %d contact shares), "
            + "%d with plain z >= 3 (%d contact-share rises, %d falls), %d contact-share alerts on any move "
            + "(p <= 0.5: %d rises, %d falls)%n",
        controlled.size(), bound, shares(controlled).size(), plain.size(), volume(plain).size(),
        drops(plain).size(), anyMove.size(), volume(anyMove).size(), drops(anyMove).size());
  }

  /**
   * The contacts of touchpoint=billing x segment=SMB (a sixteenth of 120 contacts an hour) stop for 6 hours
   * (a broken app login), the rest unchanged, nothing configured: a VOLUME_DROP at the pair within the
   * incident, and nothing at its parents (each lost a quarter of its contacts, below the 30% minimum) or at
   * the slices that gained the share it lost.
   */
  @Test
  void findsAContactDropConfinedToAPairAtThePair() {
    int from = 4 * 24 + 10;
    int to = from + 6;
    List<Alert> alerts = run(new SliceWatch(settings(List.of()), DETECTORS), new SyntheticSlices(TOUCHPOINT_SEGMENT,
        7.5, 11), to + 48, (cell, hour) -> SyntheticSlices.NORMAL, surgeOn("billing", "SMB", 0, from, to));

    List<Alert> opened = during(opened(alerts), from, to);
    assertThat(opened).singleElement().satisfies(a -> {
      assertThat(a.getDetector()).isEqualTo("VOLUME_DROP");
      assertThat(a.getSeriesKey()).isEqualTo("touchpoint=billing|segment=SMB");
    });
    Alert drop = opened.get(0);
    // Pooled over hours, the alert still names the watch's window length: versions downstream are kept per
    // detector and window length.
    assertThat(drop.getWindowSeconds()).isEqualTo(3600);
    assertThat(drop.getWindowEnd().toEpochMilli() - drop.getWindowStart().toEpochMilli()).isGreaterThan(HOUR);
    earshot.jobs.detect.PublishedAlerts.assertPublishedInOrder(alerts);
    System.out.printf("contact drop to 0 on billing x SMB: alerted %d h into it: %s%n",
        (drop.getWindowEnd().toEpochMilli() - T0) / HOUR - from, drop.getSummary());
    assertThat(drop.getWindowEnd().toEpochMilli()).isBetween(T0 + from * HOUR, T0 + to * HOUR);
    assertThat(drop.getObserved()).isEqualTo(0.0);
    assertThat(drop.getBaseline()).isBetween(0.04, 0.09);
    assertThat(drop.getSummary())
        .matches("touchpoint=billing x segment=SMB: 0\\.0% of contacts in the last (hour|\\d+ hours) "
            + "\\(0 of [\\d,]+\\) against \\d\\.\\d% usually at these hours .*100% below its usual share\\. .*")
        .contains("% of the missing contacts along touchpoint x segment are in touchpoint=billing x segment=SMB");
    assertThat(drop.getRootCauses().get(0).getSlice()).isEqualTo("touchpoint=billing|segment=SMB");
    assertThat(alerts).anySatisfy(a -> {
      assertThat(a.getAlertId()).isEqualTo(drop.getAlertId());
      assertThat(a.getState()).isEqualTo(AlertState.RESOLVED);
    });
  }

  /**
   * All of touchpoint=billing (a quarter of the contacts) stops for 6 hours: reported at touchpoint=billing,
   * not at its pairs, and not as a surge of the other touchpoints, whose shares rose by a third only
   * because billing's fell.
   */
  @Test
  void aContactDropOverAValueIsReportedAtTheValueNotAtItsPairsNorItsMirror() {
    int from = 4 * 24 + 10;
    int to = from + 6;
    List<Alert> alerts = run(new SliceWatch(settings(List.of()), DETECTORS), new SyntheticSlices(TOUCHPOINT_SEGMENT,
        7.5, 3), to + 24, (cell, hour) -> SyntheticSlices.NORMAL, surgeOn("billing", null, 0, from, to));

    List<Alert> opened = during(opened(alerts), from, to);
    opened.forEach(a -> System.out.println("contact drop to 0 on billing: " + a.getSeriesKey() + " "
        + a.getDetector() + " " + ((a.getWindowEnd().toEpochMilli() - T0) / HOUR - from) + " h in: " + a.getSummary()));
    assertThat(drops(opened)).isNotEmpty();
    assertThat(opened).allSatisfy(a -> assertThat(a.getSeriesKey()).isEqualTo("touchpoint=billing"));
  }

  /**
   * Consumers make 5 in 8 of every touchpoint's contacts, and all of touchpoint=billing stops for 6 hours:
   * billing x consumer holds 5 in 8 of the missing contacts, most of billing's change, but only as much as
   * its share of billing's traffic gives it under an even change, so billing, not the pair, explains it.
   */
  @Test
  void aHeavyPairOfAnEvenChangeDoesNotExplainItsParent() {
    int from = 4 * 24 + 10;
    int to = from + 6;
    SyntheticSlices.Rates stop = surgeOn("billing", null, 0, from, to);
    List<Alert> alerts = run(new SliceWatch(settings(List.of()), DETECTORS), new SyntheticSlices(TOUCHPOINT_SEGMENT,
        4, 3), to + 24, (cell, hour) -> SyntheticSlices.NORMAL,
        (cell, hour) -> ("consumer".equals(cell.get("segment")) ? 5 : 1) * stop.of(cell, hour));

    List<Alert> opened = during(opened(alerts), from, to);
    opened.forEach(a -> System.out.println("even drop on billing, heavy consumers: " + a.getSeriesKey() + " "
        + a.getDetector() + ": " + a.getSummary()));
    assertThat(drops(opened)).isNotEmpty();
    assertThat(opened).allSatisfy(a -> assertThat(a.getSeriesKey()).isEqualTo("touchpoint=billing"));
  }

  /**
   * A volume change must reach 30%, measured on the slice's contacts against the rest of the series' (its
   * share's odds), not on its share: a slice of 30% of the contacts losing 35% of them leaves a share of
   * 22% (27% below), and one rising by 30% a share of 36% (19% above); a small slice's share moves as
   * its count does.
   */
  @Test
  void aVolumeChangeIsSizedAgainstTheRestOfTheContactsNotByTheShare() {
    SliceWatch watch = new SliceWatch(settings(List.of()), DETECTORS);
    java.util.function.BiFunction<Double, Double, SliceWatch.Hypothesis> drop = (observed, usual) ->
        new SliceWatch.Hypothesis("touchpoint=support", SliceWatch.Metric.CONTACT_DROP, 1e-9, observed, usual, 0, 1,
            2000, 0);
    java.util.function.BiFunction<Double, Double, SliceWatch.Hypothesis> surge = (observed, usual) ->
        new SliceWatch.Hypothesis("touchpoint=support", SliceWatch.Metric.CONTACTS, 1e-9, observed, usual, 0, 1,
            2000, 0);

    assertThat(watch.largeEnough(drop.apply(0.22, 0.30))).as("odds 0.66 of usual").isTrue();
    assertThat(watch.largeEnough(drop.apply(0.25, 0.30))).as("odds 0.78 of usual").isFalse();
    assertThat(watch.largeEnough(surge.apply(0.36, 0.30))).as("odds 1.31 of usual").isTrue();
    assertThat(watch.largeEnough(surge.apply(0.34, 0.30))).as("odds 1.20 of usual").isFalse();
    assertThat(watch.largeEnough(drop.apply(0.034, 0.05))).as("a small slice: odds 0.67").isTrue();
    assertThat(watch.largeEnough(drop.apply(0.037, 0.05))).as("a small slice: odds 0.73").isFalse();
    assertThat(watch.largeEnough(surge.apply(1.0, 0.8))).as("all of the series now: by its share, 1.25").isFalse();
    assertThat(SliceWatch.againstTheRest(drop.apply(0.22, 0.30), false))
        .isEqualTo(", 34% fewer contacts than usual against the rest of the series");
    assertThat(SliceWatch.againstTheRest(drop.apply(0.034, 0.05), false)).as("the share says it").isEmpty();
  }

  /**
   * A stable fortnight whose contact shares follow the hour of the day: touchpoint=billing's contacts go
   * from 0.3 to 1.7 times its average over the day (12% of contacts at 06:00 UTC, 36% at 18:00), and
   * segment=business gets twice its average in office hours and half of it at night. Nothing changed, so
   * every contact-share alert is false. One usual share per slice (day parts 1) alerts on the cycle; a
   * usual share per part of the day (the default) must not.
   */
  @Test
  void sharesThatFollowTheHourOfTheDayAreJudgedAgainstTheirOwnHours() {
    int hours = 14 * 24;
    SyntheticSlices.Rates cycle = (cell, hour) -> {
      double rate = 1;
      if ("billing".equals(cell.get("touchpoint"))) {
        rate *= 1 - 0.7 * Math.cos(2 * Math.PI * ((hour % 24) - 6) / 24);
      }
      if ("business".equals(cell.get("segment"))) {
        rate *= hour % 24 >= 8 && hour % 24 < 18 ? 2 : 0.5;
      }
      return rate;
    };
    SliceWatchSettings settings = settings(List.of());
    List<Alert> single = shares(opened(run(new SliceWatch(settings.withDayParts(1), DETECTORS),
        new SyntheticSlices(TOUCHPOINT_SEGMENT, 7.5, 5), hours, (cell, hour) -> SyntheticSlices.NORMAL, cycle)));
    List<Alert> parted = shares(opened(run(new SliceWatch(settings, DETECTORS),
        new SyntheticSlices(TOUCHPOINT_SEGMENT, 7.5, 5), hours, (cell, hour) -> SyntheticSlices.NORMAL, cycle)));
    System.out.printf("stable fortnight with hour-of-day shares: %d false contact-share alerts with one usual share "
            + "(%d rises, %d falls), %d with %d day parts (%d rises, %d falls)%n", single.size(), volume(single).size(),
        drops(single).size(), parted.size(), settings.dayParts(), volume(parted).size(), drops(parted).size());
    single.forEach(a -> System.out.println("  one share: " + a.getSeriesKey() + " " + a.getDetector() + " "
        + a.getOpenedAt()));
    parted.forEach(a -> System.out.println("  day parts: " + a.getSeriesKey() + " " + a.getDetector() + " "
        + a.getOpenedAt() + ": " + a.getSummary()));
    assertThat(single.size()).as("false contact-share alerts with one usual share").isGreaterThanOrEqualTo(4);
    assertThat(parted.size()).as("false contact-share alerts with day parts").isLessThanOrEqualTo(1);
  }

  /**
   * Four weeks whose contact shares follow the day of the week (T0 is a Monday): segment=business gets a
   * quarter of its weekday contacts at weekends, and touchpoint=renewal none on Sundays (closed). Nothing
   * else changes. Shares by hour of the day alone alert every weekend and the Monday after; with the
   * weekday factors, the first week (each weekday not seen yet) and the Monday after it may, and chance
   * (Benjamini-Hochberg's rate) later. A stop of billing x SMB for 8 hours on the fourth Saturday is still
   * found, at the pair, while it lasts.
   */
  @Test
  void sharesThatFollowTheDayOfTheWeekAreJudgedAgainstTheirOwnWeekday() {
    int hours = 28 * 24;
    SyntheticSlices.Rates week = (cell, hour) -> {
      int weekday = (hour / 24) % 7;
      double rate = 1;
      if ("business".equals(cell.get("segment")) && weekday >= 5) {
        rate *= 0.25;
      }
      if ("renewal".equals(cell.get("touchpoint")) && weekday == 6) {
        rate = 0;
      }
      return rate;
    };
    int from = 26 * 24 + 10; // the fourth Saturday, 10:00
    int to = from + 8;
    SyntheticSlices.Rates stop = surgeOn("billing", "SMB", 0, from, to);
    SyntheticSlices.Rates both = (cell, hour) -> week.of(cell, hour) * stop.of(cell, hour);
    SliceWatchSettings settings = settings(List.of());
    List<Alert> hourly = shares(opened(run(new SliceWatch(settings.withWeekdays(false), DETECTORS),
        new SyntheticSlices(TOUCHPOINT_SEGMENT, 7.5, 5), hours, (cell, hour) -> SyntheticSlices.NORMAL, both)));
    List<Alert> weekly = shares(opened(run(new SliceWatch(settings, DETECTORS),
        new SyntheticSlices(TOUCHPOINT_SEGMENT, 7.5, 5), hours, (cell, hour) -> SyntheticSlices.NORMAL, both)));
    long firstWeek = T0 + 7 * 24 * HOUR;
    java.util.function.Predicate<Alert> planted = a -> a.getSeriesKey().equals("touchpoint=billing|segment=SMB")
        && a.getOpenedAt().toEpochMilli() > T0 + from * HOUR && a.getOpenedAt().toEpochMilli() <= T0 + to * HOUR;
    List<Alert> hourlyFalse = hourly.stream().filter(planted.negate())
        .filter(a -> a.getOpenedAt().toEpochMilli() > firstWeek).toList();
    List<Alert> weeklyFalse = weekly.stream().filter(planted.negate())
        .filter(a -> a.getOpenedAt().toEpochMilli() > firstWeek).toList();
    System.out.printf("four weeks with weekday shares: after the first week, %d false contact-share alerts by hour of "
            + "the day alone, %d with weekday factors (first week: %d and %d)%n", hourlyFalse.size(), weeklyFalse.size(),
        hourly.stream().filter(a -> a.getOpenedAt().toEpochMilli() <= firstWeek).count(),
        weekly.stream().filter(a -> a.getOpenedAt().toEpochMilli() <= firstWeek).count());
    hourlyFalse.forEach(a -> System.out.println("  hours only: " + a.getSeriesKey() + " " + a.getDetector() + " "
        + a.getOpenedAt()));
    weeklyFalse.forEach(a -> System.out.println("  weekdays: " + a.getSeriesKey() + " " + a.getDetector() + " "
        + a.getOpenedAt() + ": " + a.getSummary()));
    assertThat(hourlyFalse.size()).as("false contact-share alerts after the first week, hours only")
        .isGreaterThanOrEqualTo(4);
    assertThat(weeklyFalse.size()).as("false contact-share alerts after the first week, with weekdays")
        .isLessThanOrEqualTo(Math.min(3, hourlyFalse.size() / 10));
    assertThat(weekly).filteredOn(planted).singleElement().satisfies(a -> {
      assertThat(a.getDetector()).isEqualTo("VOLUME_DROP");
      System.out.printf("stop of billing x SMB on the fourth Saturday: alerted %d h into it: %s%n",
          (a.getWindowEnd().toEpochMilli() - T0) / HOUR - from, a.getSummary());
    });
  }

  /**
   * A touchpoint closed on Sundays, nothing else weekly. Its first Sunday is a weekday not seen yet, so the
   * closure is a run off its usual share; adopted as a lasting fall (as it was), the touchpoint's overall share
   * went to nothing and its day parts, shrunk toward it, expected too little on the days after, which then
   * looked like a rise. Judged at its own weekday's factor once the day is over, the closure leaves the week
   * after it quiet.
   */
  @Test
  void aFirstSundayClosureIsNotTakenForALastingFallOfTheShare() {
    int hours = 14 * 24;
    SyntheticSlices.Rates closedOnSundays = (cell, hour) ->
        "renewal".equals(cell.get("touchpoint")) && (hour / 24) % 7 == 6 ? 0 : 1;
    List<Alert> alerts = shares(opened(run(new SliceWatch(settings(List.of()), DETECTORS),
        new SyntheticSlices(TOUCHPOINT_SEGMENT, 7.5, 5), hours, (cell, hour) -> SyntheticSlices.NORMAL,
        closedOnSundays)));
    long firstMonday = T0 + 7 * 24 * HOUR;
    List<Alert> weekAfter = alerts.stream()
        .filter(a -> a.getSeriesKey().startsWith("touchpoint=renewal"))
        .filter(a -> a.getOpenedAt().toEpochMilli() >= firstMonday && a.getOpenedAt().toEpochMilli() < firstMonday + 6 * 24 * HOUR)
        .toList();
    weekAfter.forEach(a -> System.out.println("  after the first Sunday: " + a.getSeriesKey() + " " + a.getDetector()
        + " " + a.getOpenedAt() + ": " + a.getSummary()));
    assertThat(weekAfter).as("touchpoint=renewal share alerts from the second Monday to the second Saturday").isEmpty();
  }

  /**
   * Four weeks of a New York company (from Monday 2026-10-12, 00:00 EDT, over the end of daylight saving on
   * Sunday 2026-11-01) whose contact shares follow its local week and day: segment=business gets twice its
   * average in local office hours (08:00-18:00) and half of it otherwise, a quarter of that at local weekends,
   * and touchpoint=renewal has no contacts on local Sundays (closed). Nothing changes, so every contact-share
   * alert is false. In UTC a local Sunday is split over two UTC days (its evening is a UTC Monday morning) and
   * the office hours move by an hour in November; with {@code detect.time-zone=America/New_York} the day parts
   * and weekdays are the company's own.
   */
  @Test
  void sharesThatFollowTheLocalWeekOfAFarZoneAreJudgedInThatZone() {
    ZoneId newYork = ZoneId.of("America/New_York");
    long start = Instant.parse("2026-10-12T04:00:00Z").toEpochMilli();
    int hours = 28 * 24;
    SyntheticSlices.Rates localWeek = (cell, hour) -> {
      ZonedDateTime local = Instant.ofEpochMilli(start + hour * HOUR).atZone(newYork);
      boolean weekend = local.getDayOfWeek().getValue() >= 6;
      double rate = 1;
      if ("business".equals(cell.get("segment"))) {
        rate *= (local.getHour() >= 8 && local.getHour() < 18 ? 2 : 0.5) * (weekend ? 0.25 : 1);
      }
      if ("renewal".equals(cell.get("touchpoint")) && local.getDayOfWeek() == DayOfWeek.SUNDAY) {
        rate = 0;
      }
      return rate;
    };
    SliceWatchSettings settings = settings(List.of());
    long firstWeek = start + 7 * 24 * HOUR;
    List<Alert> inUtc = shares(opened(runFrom(start, new SliceWatch(settings, DETECTORS),
        new SyntheticSlices(TOUCHPOINT_SEGMENT, 7.5, 5), hours, (cell, hour) -> SyntheticSlices.NORMAL, localWeek)))
        .stream().filter(a -> a.getOpenedAt().toEpochMilli() > firstWeek).toList();
    List<Alert> inNewYork = shares(opened(runFrom(start, new SliceWatch(settings, DETECTORS.withTimeZone(newYork)),
        new SyntheticSlices(TOUCHPOINT_SEGMENT, 7.5, 5), hours, (cell, hour) -> SyntheticSlices.NORMAL, localWeek)))
        .stream().filter(a -> a.getOpenedAt().toEpochMilli() > firstWeek).toList();
    System.out.printf("four New York weeks with local weekday and hour shares: after the first week, %d false "
        + "contact-share alerts with detect.time-zone=UTC, %d with America/New_York%n", inUtc.size(), inNewYork.size());
    inUtc.forEach(a -> System.out.println("  UTC: " + a.getSeriesKey() + " " + a.getDetector() + " "
        + a.getOpenedAt()));
    inNewYork.forEach(a -> System.out.println("  New York: " + a.getSeriesKey() + " " + a.getDetector() + " "
        + a.getOpenedAt() + ": " + a.getSummary()));
    // Measured: 22 in UTC (local Sundays and the November hour change), 2 in New York (before closures on an
    // unseen weekday stopped being adopted as level shifts: 21 and 3). A zone ignored gives the same count twice
    // and fails the second bound.
    assertThat(inUtc.size()).as("false contact-share alerts after the first week, UTC").isGreaterThanOrEqualTo(10);
    assertThat(inNewYork.size()).as("false contact-share alerts after the first week, America/New_York")
        .isLessThanOrEqualTo(Math.min(6, inUtc.size() / 3));
  }

  /** As {@link #run}, with the first window starting at {@code start} instead of T0. */
  private static List<Alert> runFrom(long start, SliceWatch watch, SyntheticSlices stream, int hours,
      SyntheticSlices.Mixes mixes, SyntheticSlices.Rates rates) {
    SliceWatchState state = new SliceWatchState();
    List<Alert> alerts = new ArrayList<>();
    for (int h = 0; h < hours; h++) {
      MetricSnapshot window = MetricSnapshots.of("global", start + h * HOUR, start + (h + 1) * HOUR, 0,
          new CxMetrics());
      alerts.addAll(watch.onWindow(state, window, stream.hour(h, mixes, rates)));
    }
    return alerts;
  }

  @Test
  void aParentAndItsChildFiringTogetherAreReportedOnceAtTheChildNamingTheParent() {
    int from = 4 * 24 + 10;
    int to = from + 6;
    // 40 answers per pair an hour: the parent touchpoint=billing (160 an hour, a quarter of them in the
    // incident) fires too.
    SyntheticSlices stream = new SyntheticSlices(TOUCHPOINT_SEGMENT, 40, 3);
    // Nothing configured: the parent value could be reported as well as the pair.
    List<Alert> alerts = run(new SliceWatch(settings(List.of()), DETECTORS), stream, to + 24,
        dropOn("billing", "SMB", from, to));

    // Alerts opened during the incident (false alerts elsewhere are the fortnight test's subject).
    List<Alert> opened = during(opened(alerts), from, to);
    assertThat(opened).isNotEmpty();
    assertThat(opened).allSatisfy(a -> assertThat(a.getSeriesKey()).isEqualTo("touchpoint=billing|segment=SMB"));
    assertThat(opened).filteredOn(a -> a.getDetector().equals("NPS_DROP")).singleElement()
        .satisfies(a -> assertThat(a.getSummary()).containsPattern("Its parent (touchpoint=billing|segment=SMB) moved too"));
  }

  @Test
  void aChangeSpreadOverAValueIsReportedAtTheValueNotAtItsPairs() {
    int from = 4 * 24 + 10;
    int to = from + 6;
    SyntheticSlices stream = new SyntheticSlices(TOUCHPOINT_SEGMENT, 7.5, 3);
    List<Alert> alerts = run(new SliceWatch(settings(List.of()), DETECTORS), stream, to + 24,
        dropOn("billing", null, from, to));

    List<Alert> opened = during(opened(alerts), from, to);
    assertThat(opened).filteredOn(a -> a.getDetector().equals("NPS_DROP")).isNotEmpty();
    assertThat(opened).allSatisfy(a -> assertThat(a.getSeriesKey()).isEqualTo("touchpoint=billing"));
  }

  /**
   * Twice its usual contacts on touchpoint=billing, a configured series, for 6 hours: its own volume detector
   * judges its counts against a baseline that must first learn each day of the week's level, so the watch
   * reports the share of contacts on configured series too, saying so; the pairs below it are not reported.
   */
  @Test
  void aContactSurgeOverAConfiguredValueIsReportedByItsShare() {
    int from = 4 * 24 + 10;
    int to = from + 6;
    List<Alert> alerts = run(new SliceWatch(settings(List.of("touchpoint", "segment")), DETECTORS),
        new SyntheticSlices(TOUCHPOINT_SEGMENT, 7.5, 3), to + 24, (cell, hour) -> SyntheticSlices.NORMAL,
        surgeOn("billing", null, 2, from, to));

    List<Alert> opened = during(opened(alerts), from, to);
    assertThat(opened).singleElement().satisfies(a -> {
      assertThat(a.getDetector()).isEqualTo("VOLUME_SURGE");
      assertThat(a.getSeriesKey()).isEqualTo("touchpoint=billing");
      assertThat(a.getWindowEnd().toEpochMilli()).isBetween(T0 + from * HOUR, T0 + to * HOUR);
      assertThat(a.getSummary()).contains("Found by the slice watch's share of contacts")
          .doesNotContain("nobody configured");
    });
  }

  /**
   * A rise of a pair's share that lasts (three times its contacts for two days) becomes its new normal after
   * 12 hours: the alert closes saying the share it stayed at and the baseline it left, not the same figure twice.
   */
  @Test
  void aLastingShareChangeClosesNamingTheLevelItStayedAtAndTheBaselineItLeft() {
    int from = 4 * 24 + 10;
    List<Alert> alerts = run(new SliceWatch(settings(List.of("touchpoint", "segment")), DETECTORS),
        new SyntheticSlices(TOUCHPOINT_SEGMENT, 7.5, 11), from + 48, (cell, hour) -> SyntheticSlices.NORMAL,
        surgeOn("billing", "SMB", 3, from, from + 48));

    Alert shifted = alerts.stream().filter(a -> a.getState() == AlertState.RESOLVED
        && a.getSeriesKey().equals("touchpoint=billing|segment=SMB")).findFirst().orElseThrow();
    java.util.regex.Matcher figures = java.util.regex.Pattern.compile(
        "New normal: .* has stayed at about (\\d+)% for 12 hours or more, against the former baseline of (\\d+)%")
        .matcher(shifted.getSummary());
    assertThat(figures.find()).as(shifted.getSummary()).isTrue();
    // A sixteenth of the contacts usually (the hours' shares learned from a few days); three of eighteen once tripled.
    int stayed = Integer.parseInt(figures.group(1));
    int before = Integer.parseInt(figures.group(2));
    assertThat(before).isBetween(4, 10);
    assertThat(stayed).isBetween(12, 25);
    assertThat(stayed).isGreaterThanOrEqualTo(before + 5);
  }

  @Test
  void configuredParentIsJudgedButNotReported() {
    int from = 4 * 24 + 10;
    SyntheticSlices stream = new SyntheticSlices(TOUCHPOINT_SEGMENT, 7.5, 3);
    List<Alert> alerts = run(new SliceWatch(settings(List.of("touchpoint", "segment")), DETECTORS), stream, from + 30,
        dropOn("billing", null, from, from + 6));
    // touchpoint=billing has a series of its own; the slice watch leaves it (and its pairs) to it.
    assertThat(during(opened(alerts), from, from + 6)).isEmpty();
  }

  @Test
  void benjaminiHochbergRejectsTheStepUpSet() {
    boolean[] rejected = BenjaminiHochberg.reject(new double[] {0.01, 0.04, 0.03, 0.5, 0.001}, 0.05);
    // sorted: 0.001 <= 0.01, 0.01 <= 0.02, 0.03 <= 0.03, 0.04 > 0.04? no (0.04 <= 0.04 yes), 0.5 > 0.05
    assertThat(rejected).containsExactly(true, true, true, false, true);
    assertThat(BenjaminiHochberg.reject(new double[] {0.02, 0.03}, 0.01)).containsExactly(false, false);
  }

  @Test
  void contactTailMatchesTheBetaBinomialSumAndKeepsTinyTails() {
    // Where the usual sum is exact, the two agree.
    assertThat(SliceWatch.upperTail(12, 100, 6, 94))
        .isCloseTo(Stats.proportionTails(12, 100, 6, 94)[0], org.assertj.core.data.Percentage.withPercentage(1e-6));
    // Far in the tail: 1 minus the rest says 0; the sum from k upwards keeps it, below the less extreme tail.
    double far = SliceWatch.upperTail(300, 2500, 500, 11_700);
    assertThat(far).isGreaterThan(0).isLessThan(1e-30).isLessThan(SliceWatch.upperTail(200, 2500, 500, 11_700));
    assertThat(SliceWatch.upperTail(0, 10, 1, 1)).isEqualTo(1.0);
    assertThat(SliceWatch.upperTail(11, 10, 1, 1)).isEqualTo(0.0);
  }

  @Test
  void npsTailMatchesTheMultinomialWhenTheBaselineIsCertain() {
    // Baseline mix 40/37/23 known exactly (huge weights): P(NPS of 10 answers <= -100) = 0.23^10.
    double p = NpsTail.lower(0, 10, 10, 4e7, 3.7e7, 2.3e7);
    assertThat(p).isCloseTo(Math.pow(0.23, 10), org.assertj.core.data.Percentage.withPercentage(0.1));
    assertThat(NpsTail.lower(10, 0, 10, 40, 37, 23)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
    // Uncertain baseline: fatter tail than the plug-in multinomial.
    assertThat(NpsTail.lower(0, 10, 10, 4, 3.7, 2.3)).isGreaterThan(Math.pow(0.23, 10));
  }

  @Test
  void npsTailsMidPIsHalfwayBetweenTheTailsAtAndBelowTheObservedNps() {
    // Exact (30 answers) and approximate (600) alike: P(< s) + P(= s) / 2 = (P(<= s) + P(<= s - 1)) / 2.
    long[][] windows = {{10, 8, 30}, {3, 20, 30}, {0, 30, 30}, {200, 150, 600}, {0, 600, 600}};
    for (long[] w : windows) {
      double atMost = NpsTail.lower(w[0], w[1], w[2], 400, 370, 230);
      double below = w[0] - w[1] <= -w[2] ? 0 : NpsTail.lower(w[0], w[1] + 1, w[2], 400, 370, 230);
      assertThat(NpsTail.midLower(w[0], w[1], w[2], 400, 370, 230)).as("%s", java.util.Arrays.toString(w))
          .isCloseTo((atMost + below) / 2, org.assertj.core.data.Offset.offset(1e-12))
          .isLessThan(atMost);
    }
  }

  /** The closing summary of a slice gone quiet says how long it went unjudged, at every window length. */
  @Test
  void aQuietSlicesAlertSaysHowLongItWentWithoutEvidence() {
    assertThat(SliceWatch.quietSpan(HOUR)).isEqualTo("a day");
    assertThat(SliceWatch.quietSpan(5 * 60_000L)).isEqualTo("2 hours");
    assertThat(SliceWatch.quietSpan(24 * HOUR)).isEqualTo("24 days");
    assertThat(SliceWatch.quietSpan(60_000L)).isEqualTo("24 minutes");
  }
}
