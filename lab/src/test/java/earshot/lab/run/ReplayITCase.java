package earshot.lab.run;

import static org.assertj.core.api.Assertions.assertThat;

import earshot.jobs.config.EarshotConfig;
import earshot.jobs.run.LocalRunner;
import earshot.jobs.run.ReplayPipeline;
import earshot.lab.generator.Incident;
import earshot.lab.generator.IncidentFiles;
import earshot.lab.generator.InteractionGenerator;
import earshot.lab.report.DetectionReport;
import earshot.schemas.Alert;
import earshot.schemas.MetricSnapshot;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The detectors judged the way a CX team would judge them: a generated week with daily and weekly
 * seasonality and one planted incident for each detector, replayed through the real enrich (with
 * the fast text model) and signals pipelines on a Flink MiniCluster. Every incident must be found within two windows; false alerts must stay within
 * the budget of one per series per week.
 */
class ReplayITCase {

  private static final Instant START = Instant.parse("2026-11-02T00:00:00Z");

  @TempDir
  Path dir;

  /** The default configuration: the fast text model, needed by the sentiment and emerging-topic detectors. */
  private static EarshotConfig config() {
    return EarshotConfig.defaults();
  }

  @Test
  void everyPlantedIncidentIsFoundWithinTwoWindowsAndFalseAlertsStayWithinBudget() throws Exception {
    Path plan = Path.of(ReplayITCase.class.getResource("/earshot/lab/replay-incidents.json").toURI());
    List<Incident> incidents = IncidentFiles.read(plan, START);
    Path input = dir.resolve("week.jsonl");
    long interactions = new InteractionGenerator(START, Duration.ofDays(7), 30, 7, incidents).writeJsonLines(input);
    assertThat(interactions).isGreaterThan(250_000);

    Path out = dir.resolve("out");
    LocalRunner.run(ReplayPipeline.NAME, config(), 0, false, (env, c) -> ReplayPipeline.attach(env, c, input, out));
    List<Alert> alerts = ReplayPipeline.sortedAlerts(out);
    List<MetricSnapshot> metrics = ReplayPipeline.sortedMetrics(out);
    DetectionReport report = DetectionReport.score(incidents, alerts);
    report.lines().forEach(System.out::println);

    for (Incident incident : incidents) {
      DetectionReport.Score score = report.scores().get(incident.type());
      assertThat(score.detected()).as("%s detected", incident.type()).isEqualTo(score.incidents());
      assertThat(score.detectedWithinTwoWindows()).as("%s within two windows", incident.type()).isEqualTo(score.incidents());
    }
    long series = metrics.stream().map(MetricSnapshot::getSeriesKey).distinct().count();
    assertThat(series).isGreaterThan(50);
    Map<String, Long> falsePerSeries = report.falseAlerts().stream()
        .collect(Collectors.groupingBy(Alert::getSeriesKey, Collectors.counting()));
    assertThat(falsePerSeries.values()).as("false alerts per series in a week: %s", falsePerSeries)
        .allSatisfy(count -> assertThat(count).isLessThanOrEqualTo(1));
    assertThat(alerts).allSatisfy(a -> assertThat(a.getSummary()).isNotBlank());
  }

  /**
   * Two replays of the same file and CRM export give the same files, also when part of it comes later
   * than the allowed lateness: a backfill of 300 interactions of the first day, read about 20 hours late, which the late
   * counter counts on the windows they missed and raises DATA_QUALITY alerts for. The second replay keeps its state
   * on RocksDB, as the Kubernetes manifests do: state read there is a copy, where the heap hands out the object
   * itself, so a change made to state read but not written back shows as a difference.
   */
  @Test
  void theSameInputGivesTheSameOutputsOnTheHeapAndOnRocksDb() throws Exception {
    Path generated = dir.resolve("three-days.jsonl");
    InteractionGenerator generator = new InteractionGenerator(START, Duration.ofDays(3), 10, 3,
        List.of(new Incident("DETRACTOR_SPIKE", Map.of("touchpoint", "billing"), START.plus(Duration.ofHours(50)),
            START.plus(Duration.ofHours(56)), 0.7, null)));
    generator.writeJsonLines(generated);
    // The CRM export is a second input, read beside the interactions: it must not make runs differ.
    Path crm = dir.resolve("crm.csv");
    assertThat(generator.writeCrmExport(crm)).as("customers in the CRM export").isGreaterThan(100);
    List<String> lines = new java.util.ArrayList<>(Files.readAllLines(generated, StandardCharsets.UTF_8));
    int from = lines.size() * 4 / 10;
    List<String> backfill = new java.util.ArrayList<>(lines.subList(from, from + 300));
    lines.subList(from, from + 300).clear();
    lines.addAll(lines.size() * 7 / 10, backfill);
    Path input = dir.resolve("with-backfill.jsonl");
    Files.write(input, lines, StandardCharsets.UTF_8);
    Path first = dir.resolve("first");
    Path second = dir.resolve("second");
    LocalRunner.run(ReplayPipeline.NAME, config(), 0, false,
        (env, c) -> ReplayPipeline.attach(env, c, input, crm, first));
    EarshotConfig onRocksDb = config().with(earshot.jobs.config.Settings.STATE_BACKEND, "rocksdb");
    LocalRunner.run(ReplayPipeline.NAME, onRocksDb, 0, false,
        (env, c) -> ReplayPipeline.attach(env, c, input, crm, second));
    List<Alert> alerts = ReplayPipeline.sortedAlerts(first);
    List<MetricSnapshot> metrics = ReplayPipeline.sortedMetrics(first);
    for (Path out : List.of(first, second)) {
      ReplayPipeline.sortedAlerts(out);
      ReplayPipeline.sortedMetrics(out);
      ReplayPipeline.sortedCustomerSignals(out);
      ReplayPipeline.sortedCustomerProfiles(out);
      ReplayPipeline.sortedIdentityLinks(out);
    }
    assertThat(alerts).extracting(Alert::getDetector).contains("DETRACTOR_SPIKE", "DATA_QUALITY");
    assertThat(metrics).as("the backfill counted on the windows it missed")
        .anySatisfy(m -> assertThat(m.getLateRecords()).isPositive());
    assertThat(Files.readAllLines(first.resolve(ReplayPipeline.LATE))).hasSizeGreaterThan(100);
    for (String file : List.of(ReplayPipeline.ALERTS, ReplayPipeline.METRICS, ReplayPipeline.CUSTOMER_SIGNALS,
        ReplayPipeline.CUSTOMERS, ReplayPipeline.IDENTITY_LINKS)) {
      assertSameLines(file, Files.readAllLines(first.resolve(file), StandardCharsets.UTF_8),
          Files.readAllLines(second.resolve(file), StandardCharsets.UTF_8));
    }
    // The late interactions carry the time they were enriched: the same ones, in the same order.
    assertSameLines(ReplayPipeline.LATE, lateIds(first), lateIds(second));
  }

  /** Equal line by line; a difference names the file and the first line that differs, not the whole files. */
  private static void assertSameLines(String file, List<String> first, List<String> second) {
    for (int i = 0; i < Math.min(first.size(), second.size()); i++) {
      assertThat(second.get(i)).as("%s, line %d of %d", file, i + 1, first.size()).isEqualTo(first.get(i));
    }
    assertThat(second.size()).as("%s: lines", file).isEqualTo(first.size());
  }

  private static List<String> lateIds(Path out) throws java.io.IOException {
    return Files.readAllLines(out.resolve(ReplayPipeline.LATE), StandardCharsets.UTF_8).stream()
        .map(line -> earshot.schemas.JsonCodec.fromJson(line, earshot.schemas.EnrichedInteraction.class)
            .getInteraction().getInteractionId())
        .toList();
  }
}
