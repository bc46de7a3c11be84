package earshot.cli;

import earshot.jobs.detect.DetectorSettings;
import earshot.lab.backtest.VolumeBacktest;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** {@code ./earshot backtest}: the volume detector over a timestamp,value count series. */
final class BacktestCommand implements Command {

  @Override
  public String name() {
    return "backtest";
  }

  @Override
  public String summary() {
    return "run the volume detector over a timestamp,value CSV count series";
  }

  @Override
  public String usage() {
    return """
        usage: ./earshot backtest --input series.csv [--out FILE] [--config FILE] [--set key=value]...

          --input FILE  rows of timestamp,value at a regular interval (an export from any metrics
                        store); timestamps ISO-8601 or epoch seconds/milliseconds, a header is allowed
          --out FILE    where to write timestamp,value,anomaly_score,alert (default: standard output)

        anomaly_score is in [0, 1]: 1 minus the two-sided probability of the value under the
        detector's learned seasonal baseline (0 while it learns, the first day or warm-up);
        alert is 1 for a row the volume detector finds anomalous, above or below. The
        detect.* settings apply (./earshot config).""";
  }

  @Override
  public int run(List<String> raw, Cli cli) throws Exception {
    Args args = Args.parse(raw, Set.of("input", "out", "config", "set"), Set.of());
    args.noPositionals();
    Path input = Path.of(args.required("input"));
    if (!Files.isRegularFile(input)) {
      throw new UsageException("--input: no such file " + input);
    }
    List<VolumeBacktest.Point> points;
    try {
      points = VolumeBacktest.parse(Files.readAllLines(input, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      throw new UsageException(input + ": " + e.getMessage());
    }
    List<VolumeBacktest.Scored> scored = new VolumeBacktest(DetectorSettings.from(cli.config(args))).run(points);
    Path out = args.path("out");
    PrintStream target = out == null ? cli.out : new PrintStream(Files.newOutputStream(out), false, StandardCharsets.UTF_8);
    try {
      target.println("timestamp,value,anomaly_score,alert");
      scored.forEach(s -> target.println(s.csv()));
    } finally {
      target.flush();
      if (out != null) {
        target.close();
      }
    }
    if (out != null) {
      cli.out.printf("Scored %,d rows (%d flagged) into %s%n", scored.size(), scored.stream().filter(VolumeBacktest.Scored::alert).count(), out);
    }
    return 0;
  }
}
