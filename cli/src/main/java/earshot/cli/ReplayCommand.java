package earshot.cli;

import earshot.jobs.config.EarshotConfig;
import earshot.jobs.config.Settings;
import earshot.jobs.identity.CrmExport;
import earshot.jobs.identity.IdentitySettings;
import earshot.jobs.run.LocalRunner;
import earshot.jobs.run.ReplayPipeline;
import earshot.lab.generator.Incident;
import earshot.lab.generator.IncidentFiles;
import earshot.lab.generator.PlantedChurner;
import earshot.lab.report.ChurnReport;
import earshot.lab.report.DetectionReport;
import earshot.lab.report.html.ReplayReport;
import earshot.schemas.Alert;
import earshot.schemas.CustomerSignal;
import earshot.schemas.MetricSnapshot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** {@code ./earshot replay}: the jobs in bounded mode over a file, outputs as files, scored against the truth. */
final class ReplayCommand implements Command {

  @Override
  public String name() {
    return "replay";
  }

  @Override
  public String summary() {
    return "run enrich + signals over a JSON-lines file; with --truth, score the detectors";
  }

  @Override
  public String usage() {
    return """
        usage: ./earshot replay --input FILE [--truth FILE] [--identities FILE] [--out DIR] [--report FILE.html]
                                [--config FILE] [--set key=value]...

          --input FILE       interactions, one JSON object per line (as written by ./earshot generate)
          --truth FILE       what was planted (as written by ./earshot generate): prints, per detector,
                             incidents detected and missed, false alerts and the median delay; with
                             churners, how many were flagged, how many before their cancellation, the
                             median lead time and how many flagged customers did not churn
          --identities FILE  a CRM export (customer_id,email,phone,social_handle) that resolves
                             interactions without a customer id; read before the first is resolved
          --out DIR          where to write metrics.jsonl, alerts.jsonl (CHURN_RISK alerts included),
                             customer-signals.jsonl, customers.jsonl (customer profiles),
                             identity-links.jsonl, late-interactions.jsonl and dead-letters.jsonl
                             (default: out/replay)
          --report FILE      also write one self-contained HTML page (inline SVG, no script, readable
                             offline): per alerted series, most severe first (at most 50 charts), the
                             metric judged over time with the alert's baseline and normal range, the
                             windows that fired and planted incidents shaded; per alert its summary,
                             root causes, rising themes and verbatims; with --truth, the detection table

        Runs the same enrich and signals pipelines as the Kafka jobs, in one bounded job at
        parallelism 1 in an embedded Flink MiniCluster; no Kafka or Elasticsearch is needed. The
        output files are sorted, and the same input always gives the same files (the late
        interactions' file aside, whose records carry the time they were enriched): watermarks
        follow the records, not the clock, so records later than signals.allowed-lateness are
        counted and alerted on the same way on every run.""";
  }

  @Override
  public int run(List<String> raw, Cli cli) throws Exception {
    Args args = Args.parse(raw, Set.of("input", "truth", "identities", "out", "report", "config", "set"), Set.of());
    args.noPositionals();
    Path input = Path.of(args.required("input"));
    if (!Files.isRegularFile(input)) {
      throw new UsageException("--input: no such file " + input);
    }
    Path truthFile = args.path("truth");
    if (truthFile != null && !Files.isRegularFile(truthFile)) {
      throw new UsageException("--truth: no such file " + truthFile);
    }
    Path identities = args.path("identities");
    if (identities != null && !Files.isRegularFile(identities)) {
      throw new UsageException("--identities: no such file " + identities);
    }
    Path out = args.path("out") != null ? args.path("out") : Path.of("out", "replay");
    Path reportFile = args.path("report");
    EarshotConfig config = cli.config(args);
    List<Incident> truth = truthFile == null ? List.of() : IncidentFiles.readTruth(truthFile);
    List<PlantedChurner> churners = truthFile == null ? List.of() : IncidentFiles.readChurners(truthFile);
    if (identities != null) {
      try {
        CrmExport.read(identities, IdentitySettings.hasher(config));
      } catch (CrmExport.InvalidExportException e) {
        cli.err.println("earshot replay: " + e.getMessage());
        return 1;
      }
    }

    long begin = System.nanoTime();
    LocalRunner.run(ReplayPipeline.NAME, config, 0, false,
        (env, c) -> ReplayPipeline.attach(env, c, input, identities, out));
    double seconds = (System.nanoTime() - begin) / 1e9;

    List<MetricSnapshot> metrics = ReplayPipeline.sortedMetrics(out);
    List<Alert> alerts = ReplayPipeline.sortedAlerts(out);
    long lines = countLines(input);
    cli.out.printf("Replayed %,d lines in %.1f s: %,d metric windows, %,d alert states (%d alerts), %,d late, %,d dead letters%n",
        lines, seconds, metrics.size(), alerts.size(), alerts.stream().map(Alert::getAlertId).distinct().count(),
        countLines(out.resolve(ReplayPipeline.LATE)), countLines(out.resolve(ReplayPipeline.DEAD_LETTERS)));
    cli.out.println("Outputs in " + out.toAbsolutePath());
    DetectionReport detection = null;
    if (truthFile != null) {
      detection = DetectionReport.score(truth, alerts);
      cli.out.println();
      detection.lines().forEach(cli.out::println);
      long series = metrics.stream().map(MetricSnapshot::getSeriesKey).distinct().count();
      cli.out.printf("%n%d series watched; false alerts per series: %.3f%n", series,
          detection.falseAlerts().size() / (double) Math.max(1, series));
    }
    if (reportFile != null) {
      ReplayReport page = new ReplayReport(metrics, alerts)
          .describe(String.format(java.util.Locale.ROOT, "Replayed %s: %,d lines in %.1f s%s.", input.getFileName(),
              lines, seconds, truthFile == null ? "" : ", scored against " + truthFile.getFileName()));
      if (truthFile != null) {
        page.truth(truth, detection);
      }
      page.write(reportFile);
      cli.out.printf("%nReport: %s (%d charts)%n", reportFile, page.chartsDrawn());
    }
    List<CustomerSignal> signals = ReplayPipeline.sortedCustomerSignals(out);
    long churnAlerts = alerts.stream().filter(a -> a.getCustomerKey() != null).map(Alert::getAlertId).distinct().count();
    if (config.get(Settings.CHURN_ENABLED)) {
      cli.out.printf("%nChurn: %,d CHURN_RISK alerts, %,d customer signals (%s), %,d identity links learned%n", churnAlerts,
          signals.size(), countByType(signals), ReplayPipeline.sortedIdentityLinks(out).size());
      List<earshot.schemas.CustomerProfile> profiles = ReplayPipeline.sortedCustomerProfiles(out);
      cli.out.printf("Customers: %,d profile writes for %,d customers%n", profiles.size(),
          profiles.stream().map(earshot.schemas.CustomerProfile::getCustomerKey).distinct().count());
    }
    if (!churners.isEmpty()) {
      ChurnReport churn = ChurnReport.score(churners, IncidentFiles.readCancellationRequests(truthFile), alerts,
          IdentitySettings.hasher(config));
      cli.out.println();
      churn.lines(countCustomers(input)).forEach(cli.out::println);
    }
    return 0;
  }


  private static String countByType(List<CustomerSignal> signals) {
    Map<String, Long> counts = new TreeMap<>();
    signals.forEach(s -> counts.merge(s.getType().name(), 1L, Long::sum));
    return counts.isEmpty() ? "none" : counts.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
        .collect(Collectors.joining(", "));
  }

  /** Distinct customer ids in an interactions file. */
  private static long countCustomers(Path input) throws IOException {
    Set<String> customers = new HashSet<>();
    try (var lines = Files.lines(input, StandardCharsets.UTF_8)) {
      lines.forEach(line -> {
        int at = line.indexOf("\"customerId\":\"");
        if (at >= 0) {
          int from = at + "\"customerId\":\"".length();
          customers.add(line.substring(from, line.indexOf('"', from)));
        }
      });
    }
    return customers.size();
  }

  private static long countLines(Path file) throws IOException {
    if (!Files.exists(file)) {
      return 0;
    }
    try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
      return lines.filter(l -> !l.isBlank()).count();
    }
  }
}
