package earshot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import earshot.deploy.testing.RealServicesExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BacktestCommandTest {

  @Test
  void scoresANabShapedFolderPerCategoryWithTheNullDetector(@TempDir Path dir) throws Exception {
    // One series of 2,000 five-minute counts near 50 with a burst at row 1,500, labelled around it.
    writeBurstCorpus(dir, 2000, 1500, 10, 1480, 1530);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Cli cli = new Cli(RealServicesExtension.projectHome(), Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
        System.err);
    int code = new BacktestCommand().run(List.of("--nab", dir.toString(), "--report-per-file"), cli);
    String text = out.toString(StandardCharsets.UTF_8);
    assertThat(code).isZero();
    assertThat(text).contains("1 anomaly windows", "demo", "total");
    String earshot = text.lines().filter(l -> l.startsWith("earshot ")).findFirst().orElseThrow();
    String none = text.lines().filter(l -> l.startsWith("null ")).findFirst().orElseThrow();
    double ours = Double.parseDouble(earshot.trim().split("\\s+")[earshot.trim().split("\\s+").length - 1]);
    assertThat(ours).as("the burst is found early in its window: %s", text).isGreaterThan(50.0);
    assertThat(none).endsWith("0.0");
    assertThat(text).contains("demo/burst.csv");
  }

  @Test
  void crossValidatesTheScoringParametersByHeldOutCategory(@TempDir Path dir) throws Exception {
    writeBurstCorpus(dir, 2000, 1500, 10, 1480, 1530);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Cli cli = new Cli(RealServicesExtension.projectHome(), Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
        System.err);
    assertThat(new BacktestCommand().run(List.of("--nab", dir.toString(), "--cross-validate"), cli)).isZero();
    String text = out.toString(StandardCharsets.UTF_8);
    assertThat(text).contains("In-sample", "<- best", "Leave one category out", "held-out");
    assertThat(text.lines().filter(l -> l.contains("history=500"))).hasSizeGreaterThan(8);
  }

  @Test
  void writesAnHtmlReportOfTheNabRunAndOfOneSeries(@TempDir Path dir) throws Exception {
    writeBurstCorpus(dir, 1200, 900, 5, 880, 930);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Cli cli = new Cli(RealServicesExtension.projectHome(), Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
        System.err);
    Path nabReport = dir.resolve("nab.html");
    assertThat(new BacktestCommand().run(List.of("--nab", dir.toString(), "--report", nabReport.toString()), cli))
        .isZero();
    String nab = Files.readString(nabReport, StandardCharsets.UTF_8);
    assertThat(nab).contains("demo/burst.csv", "labelled window", "threshold").doesNotContain("<script");
    assertThat(nab.split("<svg ", -1)).hasSize(3); // values and anomaly_score

    Path seriesReport = dir.resolve("series.html");
    Path scored = dir.resolve("scored.csv");
    assertThat(new BacktestCommand().run(List.of("--input", dir.resolve("demo/burst.csv").toString(), "--out",
        scored.toString(), "--report", seriesReport.toString()), cli)).isZero();
    String series = Files.readString(seriesReport, StandardCharsets.UTF_8);
    assertThat(series).contains("burst.csv", "1,200 rows", "expected by the volume detector");
    assertThat(series.split("<svg ", -1)).hasSize(3);
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("Report: " + seriesReport);
  }

  /**
   * A NAB-shaped folder: {@code demo/burst.csv} with {@code rows} five-minute counts near 50 and a
   * burst of 400 more from row {@code burstAt} for {@code burstRows} rows, and a labelled window
   * from row {@code windowFrom} to row {@code windowTo} in {@code combined_windows.json}.
   */
  private static void writeBurstCorpus(Path dir, int rows, int burstAt, int burstRows, int windowFrom, int windowTo)
      throws java.io.IOException {
    Files.createDirectories(dir.resolve("demo"));
    List<String> lines = new ArrayList<>(List.of("timestamp,value"));
    LocalDateTime t = LocalDateTime.of(2024, 1, 1, 0, 0);
    for (int i = 0; i < rows; i++) {
      long value = 50 + (i * 7919L % 11) - 5 + (i >= burstAt && i < burstAt + burstRows ? 400 : 0);
      lines.add(t.plusMinutes(5L * i).toString().replace('T', ' ') + ":00," + value);
    }
    Files.write(dir.resolve("demo/burst.csv"), lines, StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("combined_windows.json"), "{\"demo/burst.csv\": [[\""
        + t.plusMinutes(5L * windowFrom).toString().replace('T', ' ') + ":00.000000\", \""
        + t.plusMinutes(5L * windowTo).toString().replace('T', ' ') + ":00.000000\"]]}");
  }
}
