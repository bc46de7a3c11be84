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

  @Test
  void theSameInputGivesTheSameOutputs() throws Exception {
    Path input = dir.resolve("two-days.jsonl");
    new InteractionGenerator(START, Duration.ofDays(3), 10, 3,
        List.of(new Incident("DETRACTOR_SPIKE", Map.of("touchpoint", "billing"), START.plus(Duration.ofHours(50)),
            START.plus(Duration.ofHours(56)), 0.7, null))).writeJsonLines(input);
    Path first = dir.resolve("first");
    Path second = dir.resolve("second");
    LocalRunner.run(ReplayPipeline.NAME, config(), 0, false, (env, c) -> ReplayPipeline.attach(env, c, input, first));
    LocalRunner.run(ReplayPipeline.NAME, config(), 0, false, (env, c) -> ReplayPipeline.attach(env, c, input, second));
    List<Alert> alerts = ReplayPipeline.sortedAlerts(first);
    ReplayPipeline.sortedAlerts(second);
    ReplayPipeline.sortedMetrics(first);
    ReplayPipeline.sortedMetrics(second);
    assertThat(alerts).isNotEmpty();
    for (String file : List.of(ReplayPipeline.ALERTS, ReplayPipeline.METRICS)) {
      assertThat(Files.readString(second.resolve(file), StandardCharsets.UTF_8))
          .as(file).isEqualTo(Files.readString(first.resolve(file), StandardCharsets.UTF_8));
    }
  }
}
