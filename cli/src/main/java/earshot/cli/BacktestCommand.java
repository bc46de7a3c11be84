package earshot.cli;

import earshot.jobs.detect.DetectorSettings;
import earshot.lab.backtest.NabBenchmark;
import earshot.lab.backtest.NabCorpus;
import earshot.lab.backtest.NabCrossValidation;
import earshot.lab.backtest.NabScorer;
import earshot.lab.backtest.VolumeBacktest;
import earshot.lab.report.html.BacktestReport;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code ./earshot backtest}: the volume detector over a timestamp,value count series, or over a
 * NAB corpus scored with NAB's rules.
 */
final class BacktestCommand implements Command {

  @Override
  public String name() {
    return "backtest";
  }

  @Override
  public String summary() {
    return "run the volume detector over a timestamp,value CSV series, or score it on NAB";
  }

  @Override
  public String usage() {
    return """
        usage: ./earshot backtest --input series.csv [--out FILE] [--report FILE.html] [--config FILE]
                                  [--set key=value]...
               ./earshot backtest --nab [DIR] [--profile standard] [--report-per-file] [--compare RESULTS]...
                                  [--report FILE.html] [--cross-validate]

          --input FILE  rows of timestamp,value at a regular interval (an export from any metrics
                        store); timestamps ISO-8601 or epoch seconds/milliseconds, a header is allowed
          --out FILE    where to write timestamp,value,anomaly_score,alert (default: standard output)
          --nab [DIR]   score the detector on a NAB-shaped folder (default: data/nab, five NAB
                        categories): per category and in total, NAB's normalised score (0 = the
                        null detector, 100 = perfect), with the threshold NAB's sweep chooses;
                        a category without anomaly windows shows its raw score (false positives only)
          --profile P   the NAB cost profile from DIR/profiles.json (default: standard)
          --report-per-file  also print each series' raw score and counts
          --report FILE also write one self-contained HTML page (inline SVG, no script): per series the
                        values with the flagged rows and (with --nab) the labelled windows shaded, and
                        the anomaly_score line with the threshold; with --nab, NAB's score table too
          --cross-validate  also score a small grid of scoring parameters: each one's total with the
                        threshold chosen on all categories, and leave-one-category-out (parameters
                        and threshold chosen on the other categories, scored on the held-out one)
          --compare DIR a published NAB results folder of one detector (DIR/<category>/<detector>_<file>.csv),
                        or a folder of such folders; scored on the same series with the same rules

        anomaly_score is in [0, 1): how unusual the row's surprise is, alone and averaged over the
        last 6 rows, each against the series' own history of such values (0 while it learns), so
        one threshold ranks rows across series and a spike and a sustained shift both count.
        A series of whole numbers is judged as a count by the volume detector's seasonal baseline
        (the one the signals job uses); any other series (CPU %, latency, prices) by a detector
        for continuous values. alert is 1 for a row the score puts above the alert level. The
        detect.* settings apply (./earshot config).""";
  }

  @Override
  public int run(List<String> raw, Cli cli) throws Exception {
    List<String> words = new ArrayList<>(raw);
    int nab = words.indexOf("--nab");
    if (nab >= 0 && (nab + 1 == words.size() || words.get(nab + 1).startsWith("--"))) {
      words.add(nab + 1, cli.home.resolve("data/nab").toString());
    }
    Args args = Args.parse(words, Set.of("input", "out", "report", "config", "set", "nab", "profile", "compare"),
        Set.of("report-per-file", "cross-validate"));
    args.noPositionals();
    if (args.has("nab")) {
      return nab(args, cli);
    }
    Path input = Path.of(args.required("input"));
    if (!Files.isRegularFile(input)) {
      throw new UsageException("--input: no such file " + input);
    }
    List<VolumeBacktest.Point> points;
    try {
      points = VolumeBacktest.parse(Files.readAllLines(input, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      throw new UsageException(input + ": " + e.getMessage());
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new UsageException(input + ": not UTF-8 text; save the file as UTF-8");
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
    Path report = args.path("report");
    if (report != null) {
      BacktestReport.series(input.getFileName().toString(), scored).write(report);
      // Not on standard output when the scored rows go there: it would corrupt the CSV.
      (out == null ? cli.err : cli.out).println("Report: " + report);
    }
    return 0;
  }

  private int nab(Args args, Cli cli) throws Exception {
    Path dir = Path.of(args.get("nab", null));
    if (!Files.isDirectory(dir)) {
      throw new UsageException("--nab: no such folder " + dir);
    }
    List<NabCorpus.Data> corpus;
    NabScorer scorer;
    String profile = args.get("profile", "standard");
    try {
      corpus = NabCorpus.read(dir);
      scorer = new NabScorer(NabCorpus.profile(dir, profile));
    } catch (IllegalArgumentException e) {
      throw new UsageException("--nab: " + e.getMessage());
    }
    VolumeBacktest backtest = new VolumeBacktest(DetectorSettings.from(cli.config(args)));
    List<NabScorer.Series> ours = new ArrayList<>();
    List<NabScorer.Series> none = new ArrayList<>();
    List<double[]> scores = new ArrayList<>();
    long began = System.nanoTime();
    for (NabCorpus.Data data : corpus) {
      double[] score = backtest.scores(data.timestamps(), data.values());
      scores.add(score);
      ours.add(data.scored(score));
      none.add(data.scored(new double[data.timestamps().length]));
    }
    double seconds = (System.nanoTime() - began) / 1e9;
    List<NabBenchmark.Result> results = new ArrayList<>();
    results.add(NabBenchmark.score("earshot", ours, scorer));
    results.add(NabBenchmark.score("null", none, scorer));
    for (String compare : args.all("compare")) {
      for (Path detector : detectorFolders(Path.of(compare))) {
        List<NabScorer.Series> published = NabCorpus.published(detector, corpus);
        if (published.size() != corpus.size()) {
          cli.err.printf("%s: results for %d of %d series; left out%n", detector, published.size(), corpus.size());
          continue;
        }
        results.add(NabBenchmark.score(detector.getFileName().toString(), published, scorer));
      }
    }
    int windows = results.get(0).total().windows();
    cli.out.printf("NAB, %d series in %s, %d anomaly windows, profile %s (detector ran in %.1f s)%n", corpus.size(),
        dir, windows, profile, seconds);
    cli.out.print(NabBenchmark.table(results));
    if (args.has("report-per-file")) {
      cli.out.println();
      results.forEach(r -> cli.out.print(NabBenchmark.perFile(r)));
    }
    if (args.has("cross-validate")) {
      cli.out.println();
      cli.out.print(NabCrossValidation.table(NabCrossValidation.run(corpus, NabCrossValidation.grid(), scorer, backtest),
          scorer));
    }
    Path report = args.path("report");
    if (report != null) {
      BacktestReport.nab(corpus, scores, results, String.format(java.util.Locale.ROOT,
          "%d series in %s, %d anomaly windows, profile %s.", corpus.size(), dir.getFileName(), windows, profile),
          BacktestReport.DEFAULT_MAX_SERIES).write(report);
      cli.out.println("Report: " + report);
    }
    return 0;
  }

  /** A detector's results folder, or each detector folder inside a folder of them. */
  private static List<Path> detectorFolders(Path dir) throws java.io.IOException {
    if (!Files.isDirectory(dir)) {
      throw new UsageException("--compare: no such folder " + dir);
    }
    try (Stream<Path> children = Files.list(dir)) {
      List<Path> folders = children.filter(Files::isDirectory).sorted().toList();
      boolean isDetector = folders.stream().anyMatch(f -> {
        String name = f.getFileName().toString();
        return name.startsWith("real") || name.startsWith("artificial");
      });
      return isDetector ? List.of(dir) : folders;
    }
  }
}
