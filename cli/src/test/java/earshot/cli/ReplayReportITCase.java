package earshot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import earshot.deploy.testing.RealServicesExtension;
import earshot.jobs.run.ReplayPipeline;
import earshot.schemas.Alert;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./earshot replay --report} end to end: a generated two-day stream with a planted
 * detractor spike, replayed on a Flink MiniCluster, gives one self-contained HTML page with a
 * chart for every alerted series.
 */
class ReplayReportITCase {

  @Test
  void writesOneSelfContainedPageWithAChartPerAlertedSeries(@TempDir Path dir) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Cli cli = new Cli(RealServicesExtension.projectHome(), Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
        System.err);
    Path plan = dir.resolve("plan.json");
    Files.writeString(plan, """
        {"incidents": [{"type": "DETRACTOR_SPIKE", "dimensions": {"touchpoint": "billing"},
                        "start": "P1DT10H", "end": "P1DT16H", "intensity": 0.6}]}""");
    Path stream = dir.resolve("two-days.jsonl");
    Path truth = dir.resolve("two-days.truth.json");
    assertThat(new GenerateCommand().run(List.of("--days", "2", "--rate", "10", "--seed", "7", "--incidents",
        plan.toString(), "--truth", truth.toString(), "--out", stream.toString()), cli)).isZero();

    // Text analysis off: the planted spike is in the survey answers, and the replay is quicker without it.
    Path replayed = dir.resolve("replay");
    Path report = dir.resolve("pictures/report.html");
    int code = new ReplayCommand().run(List.of("--input", stream.toString(), "--truth", truth.toString(), "--out",
        replayed.toString(), "--report", report.toString(), "--set", "text.mode=off"), cli);
    String printed = out.toString(StandardCharsets.UTF_8);
    assertThat(code).as(printed).isZero();
    assertThat(report).isRegularFile();
    String html = Files.readString(report, StandardCharsets.UTF_8);

    // Self-contained: nothing fetched from anywhere, no script at all.
    assertThat(html).doesNotContainPattern("(?i)<link\\b").doesNotContainPattern("(?i)<script\\b")
        .doesNotContainPattern("(?i)<img\\b").doesNotContainPattern("(?i)@import")
        .doesNotContainPattern("(?i)(src|href)\\s*=\\s*\"(https?:)?//").doesNotContainPattern("(?i)url\\(");

    List<Alert> alerts = ReplayPipeline.sortedAlerts(replayed);
    Set<String> alerted = alerts.stream().filter(a -> a.getCustomerKey() == null).map(Alert::getSeriesKey)
        .collect(Collectors.toCollection(TreeSet::new));
    assertThat(alerted).as("the planted spike raises alerts").isNotEmpty();
    int charts = count(html, "<svg ");
    Matcher drawn = Pattern.compile("Report: .* \\((\\d+) charts\\)").matcher(printed);
    assertThat(drawn.find()).as(printed).isTrue();
    assertThat(charts).isEqualTo(Integer.parseInt(drawn.group(1)));
    assertThat(charts).isBetween(Math.min(alerted.size(), 50), 50);
    if (alerted.size() <= 50) {
      // Every alerted series has a section headed by its name.
      Set<String> headed = new TreeSet<>();
      Matcher heading = Pattern.compile("<section id=\"chart-\\d+\">\\s*<h2><span class=\"badge \\w+\">\\w+</span>([^<]*):")
          .matcher(html);
      while (heading.find()) {
        headed.add(heading.group(1).equals("all interactions") ? "global" : heading.group(1).replace(" x ", "|"));
      }
      assertThat(headed).isEqualTo(alerted);
    }
    assertThat(html).contains("Detection against the planted incidents", "DETRACTOR_SPIKE", "planted incident");
    assertThat(html).contains("touchpoint=billing");
  }

  private static int count(String text, String needle) {
    int n = 0;
    for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
      n++;
    }
    return n;
  }
}
