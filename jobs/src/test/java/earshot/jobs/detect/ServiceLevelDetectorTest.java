package earshot.jobs.detect;

import static org.assertj.core.api.Assertions.assertThat;

import earshot.jobs.metrics.CxMetrics;
import earshot.jobs.metrics.MetricSnapshots;
import earshot.jobs.metrics.Observation;
import earshot.schemas.Alert;
import earshot.schemas.AlertState;
import earshot.schemas.MetricSnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ServiceLevelDetectorTest {

  private final ServiceLevelDetector detector = new ServiceLevelDetector(Windows.settings());

  /** A window of {@code n} interactions of which {@code transferred} were transferred (no waits). */
  private static MetricSnapshot transfers(String series, int hour, int n, int transferred) {
    CxMetrics m = new CxMetrics();
    for (int i = 0; i < n; i++) {
      Observation o = new Observation();
      o.interactionId = "t" + hour + "-" + i;
      o.transfers = i < transferred ? 1 : 0;
      m.add(o);
    }
    long start = Windows.START + hour * Windows.HOUR;
    return MetricSnapshots.of(series, start, start + Windows.HOUR, 0, m);
  }

  /** A window of {@code n} waits spread evenly (+-50%) around {@code meanSeconds}, without transfer data. */
  private static MetricSnapshot waits(String series, int hour, int n, double meanSeconds, SplittableRandom random) {
    CxMetrics m = new CxMetrics();
    for (int i = 0; i < n; i++) {
      Observation o = new Observation();
      o.interactionId = "w" + hour + "-" + i;
      o.waitSeconds = (int) Math.round(meanSeconds * (0.5 + random.nextDouble()));
      m.add(o);
    }
    long start = Windows.START + hour * Windows.HOUR;
    return MetricSnapshots.of(series, start, start + Windows.HOUR, 0, m);
  }

  /** A window of {@code n} waits, log-normal (sigma 0.6, as queue waits are long-tailed) around {@code medianSeconds}. */
  private static MetricSnapshot skewedWaits(String series, long start, long length, int n, double medianSeconds,
      SplittableRandom random) {
    CxMetrics m = new CxMetrics();
    for (int i = 0; i < n; i++) {
      Observation o = new Observation();
      o.interactionId = "s" + start + "-" + i;
      o.waitSeconds = (int) Math.max(1, Math.round(medianSeconds * Math.exp(0.6 * gaussian(random))));
      m.add(o);
    }
    return MetricSnapshots.of(series, start, start + length, 0, m);
  }

  private static double gaussian(SplittableRandom random) {
    return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
  }

  private static Evaluation evaluation(ServiceLevelDetector detector, MetricSnapshot window, ServiceLevelState state) {
    return detector.evaluate(window, state);
  }

  @Test
  void aModerateRiseThatLastsIsFoundByTheChartsWhereSingleWindowsMissIt() {
    // Hourly windows of 100: transfers from 10% to 16%, or waits from a median of 60 s to 72 s, for
    // eight hours after two days; about two standard errors a window, under the per-window test's 4.
    int[] foundAlone = new int[2];
    int[] foundWithCharts = new int[2];
    int[] anomalousOnStable = new int[2];
    for (int seed = 1; seed <= 10; seed++) {
      for (int metric = 0; metric < 2; metric++) {
        for (boolean change : new boolean[] {true, false}) {
          ServiceLevelState state = new ServiceLevelState();
          SplittableRandom random = new SplittableRandom(seed * 7 + metric);
          String series = metric == 0 ? "global" : "channel=CALL";
          boolean alone = false;
          boolean withCharts = false;
          for (int w = 0; w < 96; w++) {
            boolean inside = change && w >= 48 && w < 56;
            MetricSnapshot window = metric == 0
                ? transfers(series, w, 100, Windows.binomial(100, inside ? 0.16 : 0.10, random))
                : skewedWaits(series, Windows.START + w * Windows.HOUR, Windows.HOUR, 100, inside ? 72 : 60, random);
            Evaluation e = evaluation(detector, window, state);
            if (e.verdict() != Verdict.ANOMALY) {
              continue;
            }
            if (inside) {
              alone |= e.statisticName().equals("z");
              withCharts = true;
            } else if (!change && w >= 24) {
              anomalousOnStable[metric]++;
            }
          }
          foundAlone[metric] += alone ? 1 : 0;
          foundWithCharts[metric] += withCharts ? 1 : 0;
        }
      }
    }
    System.out.printf("service level, changes found of 10 (windows alone / with charts): transfers %d / %d,"
        + " waits %d / %d; anomalous windows on 10 stable series of 3 days: %d, %d%n", foundAlone[0],
        foundWithCharts[0], foundAlone[1], foundWithCharts[1], anomalousOnStable[0], anomalousOnStable[1]);
    // Measured: transfers 0 / 6, waits 3 / 9; no anomalous window on the stable series either way.
    for (int metric = 0; metric < 2; metric++) {
      assertThat(foundWithCharts[metric]).as("changes found with charts, metric %d", metric)
          .isGreaterThanOrEqualTo(metric == 0 ? 5 : 8).isGreaterThan(foundAlone[metric] + 2);
      assertThat(anomalousOnStable[metric]).as("anomalous windows on stable series, metric %d", metric)
          .isLessThanOrEqualTo(1);
    }
  }

  @Test
  void warmUpIsByEvidenceNotByWindowCount() {
    // warmupWindows x minSample = 120 transfers known: five windows of 20 are not enough.
    ServiceLevelState sparse = new ServiceLevelState();
    for (int w = 0; w < 5; w++) {
      Evaluation e = evaluation(detector, transfers("global", w, 20, w == 4 ? 15 : 2), sparse);
      assertThat(e.verdict()).isEqualTo(Verdict.LEARNING);
    }
    // Three windows of 50 are.
    ServiceLevelState busy = new ServiceLevelState();
    for (int w = 0; w < 3; w++) {
      assertThat(evaluation(detector, transfers("global", w, 50, 5), busy).verdict()).isEqualTo(Verdict.LEARNING);
    }
    Evaluation spike = evaluation(detector, transfers("global", 3, 50, 30), busy);
    assertThat(spike.verdict()).isEqualTo(Verdict.ANOMALY);
    assertThat(spike.metric()).isEqualTo("transferRate");
  }

  @Test
  void strayEarlyTransfersDoNotSetTheBaseline() {
    // A first window of stray records, all transferred (a backfill of escalations), then the steady stream at 10%.
    ServiceLevelState state = new ServiceLevelState();
    evaluation(detector, transfers("global", 0, 25, 25), state);
    SplittableRandom random = new SplittableRandom(3);
    for (int w = 1; w < 8; w++) {
      evaluation(detector, transfers("global", w, 60, Windows.binomial(60, 0.1, random)), state);
    }
    assertThat(state.transfers.proportion()).as("baseline after the warm-up").isBetween(0.04, 0.18);
    // So a rise to 40% is still seen.
    assertThat(evaluation(detector, transfers("global", 8, 100, 40), state).verdict()).isEqualTo(Verdict.ANOMALY);
  }

  @Test
  void strayEarlyWaitsDoNotSetTheBaseline() {
    // A first window of backfilled e-mails that waited ten times as long, then the steady stream.
    ServiceLevelState state = new ServiceLevelState();
    SplittableRandom random = new SplittableRandom(4);
    evaluation(detector, waits("channel=EMAIL", 0, 60, 600, random), state);
    for (int w = 1; w < 31; w++) {
      evaluation(detector, waits("channel=EMAIL", w, 100, 60, random), state);
    }
    assertThat(state.wait.mean).as("baseline after the warm-up").isBetween(55.0, 65.0);
    Evaluation longer = evaluation(detector, waits("channel=EMAIL", 31, 100, 150, random), state);
    assertThat(longer.verdict()).isEqualTo(Verdict.ANOMALY);
    assertThat(longer.metric()).isEqualTo("waitMeanSeconds");
  }

  @Test
  void aRiseInTransfersThatPersistsIsAdoptedOnceAsTheNewNormal() {
    ServiceLevelState state = new ServiceLevelState();
    SplittableRandom random = new SplittableRandom(5);
    for (int w = 0; w < 48; w++) {
      evaluation(detector, transfers("global", w, 100, Windows.binomial(100, 0.1, random)), state);
    }
    List<Verdict> verdicts = new ArrayList<>();
    for (int w = 48; w < 48 + 72; w++) {
      verdicts.add(evaluation(detector, transfers("global", w, 100, Windows.binomial(100, 0.25, random)), state).verdict());
    }
    assertThat(verdicts.get(0)).isEqualTo(Verdict.ANOMALY);
    assertThat(verdicts.stream().filter(v -> v == Verdict.LEVEL_SHIFT).count()).as("level shifts").isEqualTo(1);
    int shiftAt = verdicts.indexOf(Verdict.LEVEL_SHIFT);
    // Twelve hours at the least; a window that happens to fall back within a standard error of the
    // (slowly rising) baseline starts the run again, so at most about twice that.
    assertThat(shiftAt).as("hours until adopted").isBetween(11, 26);
    assertThat(verdicts.subList(shiftAt + 1, verdicts.size())).as("after adoption").doesNotContain(Verdict.ANOMALY);
    assertThat(state.transfers.proportion()).isBetween(0.2, 0.3);
  }

  @Test
  void longerWaitsThatPersistAreAdoptedOnceAsTheNewNormal() {
    ServiceLevelState state = new ServiceLevelState();
    SplittableRandom random = new SplittableRandom(6);
    for (int w = 0; w < 48; w++) {
      evaluation(detector, waits("channel=PHONE", w, 100, 60, random), state);
    }
    List<Evaluation> evaluations = new ArrayList<>();
    for (int w = 48; w < 48 + 72; w++) {
      evaluations.add(evaluation(detector, waits("channel=PHONE", w, 100, 120, random), state));
    }
    List<Verdict> verdicts = evaluations.stream().map(Evaluation::verdict).toList();
    assertThat(verdicts.get(0)).isEqualTo(Verdict.ANOMALY);
    assertThat(verdicts.stream().filter(v -> v == Verdict.LEVEL_SHIFT).count()).as("level shifts").isEqualTo(1);
    int shiftAt = verdicts.indexOf(Verdict.LEVEL_SHIFT);
    assertThat(shiftAt).as("hours until adopted").isBetween(11, 14);
    assertThat(evaluations.get(shiftAt).observed()).as("the new level reported").isBetween(110.0, 130.0);
    assertThat(verdicts.subList(shiftAt + 1, verdicts.size())).as("after adoption").doesNotContain(Verdict.ANOMALY);
    assertThat(state.wait.mean).isBetween(110.0, 130.0);
    assertThat(state.wait.run.levelShifts).isEqualTo(1);
  }

  @Test
  void anIncidentBarelyMovesTheWaitBaseline() {
    ServiceLevelState state = new ServiceLevelState();
    SplittableRandom random = new SplittableRandom(7);
    for (int w = 0; w < 48; w++) {
      evaluation(detector, waits("channel=CHAT", w, 100, 60, random), state);
    }
    double before = state.wait.mean;
    for (int w = 48; w < 52; w++) {
      assertThat(evaluation(detector, waits("channel=CHAT", w, 100, 180, random), state).verdict())
          .isEqualTo(Verdict.ANOMALY);
    }
    assertThat(state.wait.mean - before).as("baseline drift after four incident windows").isLessThan(10);
  }

  @Test
  void theSkewOfWaitsIsCorrectedSoAMeanFarOffIsAsRareAsANormalOne() {
    // Means of 50 log-normal waits (sigma 0.6: coefficient of variation 0.66) in standard errors
    // above the true mean: a plain z of 3 or more is more than twice as frequent as a normal's
    // (0.135%), the corrected one about as frequent.
    double sigma = 0.6;
    double mean = Math.exp(sigma * sigma / 2);
    double cv = Math.sqrt(Math.exp(sigma * sigma) - 1);
    int n = 50;
    int draws = 200_000;
    SplittableRandom random = new SplittableRandom(12);
    int plain = 0;
    int corrected = 0;
    for (int i = 0; i < draws; i++) {
      double sum = 0;
      for (int j = 0; j < n; j++) {
        sum += Math.exp(sigma * gaussian(random));
      }
      double d = (sum / n - mean) / (cv * mean / Math.sqrt(n));
      plain += d >= 3 ? 1 : 0;
      corrected += ServiceLevelDetector.skewCorrected(d, cv, n) >= 3 ? 1 : 0;
    }
    double normal = Stats.upperTail(3) * draws;
    assertThat(plain).as("plain z >= 3 (normal: %.0f)", normal).isGreaterThan((int) (2 * normal));
    assertThat(corrected).as("corrected z >= 3 (normal: %.0f)", normal).isBetween((int) (0.6 * normal), (int) (1.4 * normal));
    // Larger samples are less skewed: the correction fades.
    assertThat(ServiceLevelDetector.skewCorrected(4, cv, 1_000_000)).isCloseTo(4, org.assertj.core.data.Offset.offset(0.01));
    assertThat(ServiceLevelDetector.skewCorrected(4, cv, 50)).isLessThan(ServiceLevelDetector.skewCorrected(4, cv, 500));
  }

  @Test
  void afterLongerWaitsAreAdoptedAFurtherRiseIsStillFound() {
    // A busy phone queue in 5-minute windows: waits double for a day, then rise by half again.
    ServiceLevelState state = new ServiceLevelState();
    SplittableRandom random = new SplittableRandom(13);
    long fiveMinutes = 300_000L;
    int w = 0;
    for (; w < 288; w++) {
      evaluation(detector, skewedWaits("channel=CALL", Windows.START + w * fiveMinutes, fiveMinutes, 60, 90, random),
          state);
    }
    List<Verdict> doubled = new ArrayList<>();
    for (; w < 288 * 2; w++) {
      doubled.add(evaluation(detector,
          skewedWaits("channel=CALL", Windows.START + w * fiveMinutes, fiveMinutes, 60, 180, random), state).verdict());
    }
    assertThat(doubled.get(0)).isEqualTo(Verdict.ANOMALY);
    // With a 2-hour half-life the baseline may follow the change before the 12 hours of a level
    // shift are over; either way the change is the normal by the end of the day.
    assertThat(doubled.stream().filter(v -> v == Verdict.LEVEL_SHIFT).count()).as("adopted at most once")
        .isLessThanOrEqualTo(1);
    assertThat(doubled.subList(doubled.size() - 72, doubled.size())).as("the last six hours")
        .doesNotContain(Verdict.ANOMALY);
    assertThat(state.wait.mean).isBetween(180 * 1.1, 180 * 1.3);
    // The spread stays the one of normal waits (scaled to the level), not one the clamped windows
    // of the change widened while it lasted.
    assertThat(state.wait.unitCv()).as("spread over mean after the shift").isBetween(0.4, 1.0);
    List<Verdict> further = new ArrayList<>();
    for (int k = 0; k < 6; k++, w++) {
      further.add(evaluation(detector,
          skewedWaits("channel=CALL", Windows.START + w * fiveMinutes, fiveMinutes, 60, 270, random), state).verdict());
    }
    assertThat(further.subList(0, 2)).as("a further rise by half").contains(Verdict.ANOMALY);
  }

  @Test
  void waitsOfAChannelArePooledUpToTheSampleAMeanNeeds() {
    ServiceLevelState state = new ServiceLevelState();
    SplittableRandom random = new SplittableRandom(8);
    List<MetricSnapshot> windows = new ArrayList<>();
    MetricSnapshot judged = null;
    for (int w = 0; w < 5; w++) {
      MetricSnapshot window = waits("channel=EMAIL", w, 12, 100 + 10 * w, random);
      windows.add(window);
      judged = detector.pool(window, null, state).snapshot();
      if (w < 4) {
        assertThat(judged).as("window " + w + ": 12 waits a window, 50 needed").isSameAs(window);
      }
    }
    assertThat(judged.getWaitCount()).isEqualTo(60);
    double expectedMean = windows.stream().mapToDouble(s -> s.getWaitMeanSeconds() * s.getWaitCount()).sum() / 60;
    assertThat(judged.getWaitMeanSeconds()).isCloseTo(expectedMean, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(judged.getWindowSeconds()).isEqualTo(5 * 3600);
    assertThat(judged.getWindowStart().toEpochMilli()).isEqualTo(Windows.START);
    assertThat(state.pool.windows).as("emptied once judged").isZero();
  }

  @Test
  void aWindowWithEnoughIsJudgedAsItIsAndTransfersAloneNeedOnlyTheMinimumSample() {
    ServiceLevelState state = new ServiceLevelState();
    SplittableRandom random = new SplittableRandom(10);
    MetricSnapshot busy = waits("channel=CALL", 0, 60, 90, random);
    assertThat(detector.pool(busy, null, state).snapshot()).isSameAs(busy);
    // The global series judges no waits (channels mixed): 25 transfers are enough.
    MetricSnapshot global = transfers("global", 1, 25, 3);
    assertThat(detector.pool(global, null, state).snapshot()).isSameAs(global);
    assertThat(state.pool.windows).isZero();
    // 12 and 12: pooled until 24.
    MetricSnapshot first = transfers("global", 2, 12, 1);
    assertThat(detector.pool(first, null, state).snapshot()).isSameAs(first);
    MetricSnapshot pooled = detector.pool(transfers("global", 3, 12, 5), null, state).snapshot();
    assertThat(pooled.getTransferCount()).isEqualTo(24);
    assertThat(pooled.getTransferredInteractions()).isEqualTo(6);
    assertThat(pooled.getTransferRate()).isEqualTo(0.25);
    assertThat(pooled.getWindowSeconds()).isEqualTo(2 * 3600);
  }

  @Test
  void evidenceOlderThanADayOfWindowsIsDropped() {
    ServiceLevelState state = new ServiceLevelState();
    SplittableRandom random = new SplittableRandom(11);
    detector.pool(waits("channel=EMAIL", 0, 40, 100, random), null, state);
    MetricSnapshot late = waits("channel=EMAIL", EvidencePool.MAX_WINDOWS + 5, 20, 100, random);
    assertThat(detector.pool(late, null, state).snapshot()).as("40 + 20, but the 40 are a day old").isSameAs(late);
    assertThat(state.pool.waitCount).isEqualTo(20);
  }

  @Test
  void aSparseSeriesIsJudgedOnPooledWindowsAndItsLongerWaitsAlertOnce() {
    // Twelve e-mails an hour: no hour alone holds the 50 waits a mean needs.
    SeriesMonitor monitor = new SeriesMonitor(Windows.settings(), 0);
    SeriesState state = new SeriesState();
    SplittableRandom random = new SplittableRandom(9);
    List<Alert> stable = new ArrayList<>();
    int hours = 24 * 8;
    for (int w = 0; w < hours; w++) {
      stable.addAll(serviceAlerts(monitor.onWindow(state, waits("channel=EMAIL", w, 12, 3600, random), new HashMap<>())));
    }
    assertThat(stable).as("eight quiet days").isEmpty();
    assertThat(state.serviceLevel.wait.learned(Windows.settings())).as("learned from pooled windows").isTrue();

    // Waits double for a day.
    List<Alert> alerts = new ArrayList<>();
    for (int w = hours; w < hours + 24; w++) {
      alerts.addAll(serviceAlerts(monitor.onWindow(state, waits("channel=EMAIL", w, 12, 7200, random), new HashMap<>())));
    }
    assertThat(alerts).isNotEmpty();
    Alert first = alerts.get(0);
    assertThat(first.getState()).isEqualTo(AlertState.OPEN);
    assertThat(first.getWindowSeconds()).as("the series' window length").isEqualTo(3600);
    assertThat(Duration.between(first.getWindowStart(), first.getWindowEnd()))
        .as("judged on pooled windows").isGreaterThan(Duration.ofHours(1));
    assertThat(first.getWindowEnd().toEpochMilli() - (Windows.START + hours * Windows.HOUR))
        .as("found within ten hours").isLessThanOrEqualTo(10 * Windows.HOUR);
    assertThat(alerts.stream().filter(a -> a.getState() == AlertState.OPEN).count()).as("opened once").isEqualTo(1);
  }

  private static List<Alert> serviceAlerts(List<Alert> alerts) {
    return alerts.stream().filter(a -> a.getDetector().equals(ServiceLevelDetector.TYPE)).toList();
  }
}
