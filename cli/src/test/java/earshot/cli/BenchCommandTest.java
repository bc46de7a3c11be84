package earshot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import earshot.deploy.testing.RealServicesExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark command runs and prints its figures; the figures themselves are not judged here. */
class BenchCommandTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final Cli cli = new Cli(RealServicesExtension.projectHome(), Map.of(),
      new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

  @Test
  void sentimentBenchmarkPrintsBothModesAndTheirRatio(@TempDir Path dir) throws Exception {
    Path texts = Files.writeString(dir.resolve("texts.tsv"), """
        The app keeps crashing\tnegative
        Thanks, brilliant service\tpositive
        What time do you open?\tneutral
        """);
    Path outputs = dir.resolve("outputs.txt");
    int code = new BenchCommand().run(List.of("sentiment", "--texts", texts.toString(), "--seconds", "0.2",
        "--warmup-seconds", "0", "--deep-texts", "2", "--stage-seconds", "0.1", "--outputs", outputs.toString()), cli);
    assertThat(code).isZero();
    String report = out.toString(StandardCharsets.UTF_8);
    assertThat(report).contains("Sentiment benchmark: 3 texts")
        .containsPattern("(?m)^fast +earshot-fast-[0-9a-f]{12} +\\d+ ")
        .containsPattern("(?m)^deep +corenlp-rntn-4\\.5\\.10 +2 ")
        .contains("texts/s").contains("texts/cpu-s").contains("p50 ms").contains("p99 ms")
        .contains("fast/deep throughput ratio:")
        .contains("fast - deep accuracy:");
    for (String part : List.of("redaction", "language", "tokenizer", "sentiment", "intents", "key phrases",
        "whole stage")) {
      assertThat(report).containsPattern("(?m)^" + part + " +3 +[0-9,.]+ +[0-9.]+ +[0-9.]+$");
    }
    List<String> lines = Files.readAllLines(outputs);
    assertThat(lines).hasSize(3).allMatch(line -> line.startsWith("ANALYSED\ten\t{}\t"));
    assertThat(lines.get(0)).containsPattern("\tThe app keeps crashing\t(NEGATIVE|NEUTRAL|POSITIVE)\t-?[0-9.E-]+\t");
  }

  @Test
  void churnBenchmarkPrintsBothModesSideBySide() throws Exception {
    int code = new BenchCommand().run(List.of("churn", "--customers", "400", "--days", "4", "--churners", "5",
        "--churn-rate", "0.3", "--horizon-days", "2", "--top", "5"), cli);
    assertThat(code).isZero();
    String report = out.toString(StandardCharsets.UTF_8);
    assertThat(report).containsPattern("(?m)^planted .* 5 churners")
        .containsPattern("(?m)^ +\\| planted mode +\\| latent mode")
        .containsPattern("(?m)^precision of the top 5 a day \\(cancel within 2 d\\) +\\| \\d")
        .containsPattern("(?m)^ROC AUC of the risk score +\\| [0-9.]+ +\\| [0-9.]+");
  }

  @Test
  void pipelineBreakdownSaysHowMuchStateTheJobCheckpointed() {
    var checkpointed = new earshot.lab.bench.PipelineBenchmark.Breakdown(10, List.of(), Map.of(), List.of(),
        new earshot.lab.bench.TaskTimeReporter.Checkpoints(3, 2_500_000, 4_250_000, 2_500_000, 180),
        new earshot.lab.bench.TaskState.Checkpoint(3, List.of(
            new earshot.lab.bench.TaskState("CX metrics per series, 5 min windows", 2, 1_750_000),
            new earshot.lab.bench.TaskState("Churn: identity table", 1, 250_000))));
    PipelineBenchCommand.printBreakdown(cli, "signals", checkpointed, 1000);
    var none = new earshot.lab.bench.PipelineBenchmark.Breakdown(1, List.of(), Map.of(), List.of(),
        new earshot.lab.bench.TaskTimeReporter.Checkpoints(0, 0, 0, 0, 0), earshot.lab.bench.TaskState.Checkpoint.NONE);
    PipelineBenchCommand.printBreakdown(cli, "enrich", none, 1000);
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("checkpoints: 3 completed; state (all of it, as a restore reads it): last 2.50 MB, largest 4.25 MB;"
            + " the last took 180 ms")
        .contains("state per task at checkpoint 3, the last read while the job ran (2.00 MB in all")
        .containsPattern("(?m)^ +1\\.75 MB  x2  CX metrics per series, 5 min windows$")
        .contains("checkpoints: none completed during the run");
  }

  @Test
  void unknownOrMissingBenchmarkIsAUsageError() {
    Earshot earshot = new Earshot();
    assertThat(earshot.run(new String[] {"bench"}, cli)).isEqualTo(2);
    assertThat(earshot.run(new String[] {"bench", "nothing"}, cli)).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown benchmark 'nothing'")
        .contains("sentiment");
  }
}
