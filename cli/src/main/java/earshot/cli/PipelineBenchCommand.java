package earshot.cli;

import earshot.deploy.services.LocalServices;
import earshot.jobs.config.EarshotConfig;
import earshot.lab.bench.ChurnBenchmark;
import earshot.lab.bench.PipelineBenchmark;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code ./earshot bench pipeline}: the end-to-end benchmark ({@link PipelineBenchmark}) and the
 * churn path alone ({@link ChurnBenchmark}); parses the options, lends the benchmark the command
 * line's provisioning and Kafka clients, and prints the figures.
 */
final class PipelineBenchCommand implements Command {

  @Override
  public String name() {
    return "pipeline";
  }

  @Override
  public String summary() {
    return "Kafka -> enrich -> signals -> Kafka and Elasticsearch: throughput with and without text, alert latency";
  }

  @Override
  public String usage() {
    return """
        usage: ./earshot bench pipeline [--count N] [--per-minute R] [--es-warm-up N] [--rounds N]
                                        [--window DURATION] [--skip-latency] [--customers N] [--per-operator]
                                        [--config FILE] [--set key=value]...

        Starts Kafka and Elasticsearch, warms them and the JVM up with one enrich run over up to
        30000 other interactions (its figures are printed: what a cold start costs) and one more
        over --es-warm-up more (default 200000, 0 skips it: Elasticsearch's CPU per document keeps
        falling for 150000 to 250000 documents after it starts) followed by the signals job over
        them, all with the configured text model, pushes N generated interactions (default 100000)
        through Kafka -> enrich -> signals -> Kafka and Elasticsearch (--per-minute: their mean rate in event
        time, default N / 1440, about a day of traffic; the signals job's work per window and series
        does not grow with the traffic in it, so a denser stream costs it less per interaction)
        with the configured text model and again with text analysis off, in --rounds rounds (default 2)
        whose order alternates (text then off, off then text, ...) so that warm-up and drift weigh on
        both modes alike, and prints interactions/s for each job and end to end, each round's ratio
        and the ratio over all rounds, and where the time went: each task's busy, back-pressured
        and idle share from Flink's task metrics (a task is a chain of operators; --per-operator
        turns chaining off so that every operator is a task, at the cost of serialising records
        between them), the CPU time of Flink, Kafka and Elasticsearch per interaction during each
        job run, and Elasticsearch's own time indexing, refreshing and merging each index; then
        runs both jobs continuously on live, flat traffic (600 a minute at any hour) with a planted
        incident and prints the alert latency: from the first incident record sent to Kafka, and
        from the end of the alert's window, to the alert readable on the alert topic (--window sets
        the window length of that run, default PT1M). It runs twice: with the configured latency
        settings, then with short ones, and prints what sets the delay in each. In the throughput runs the signals job also runs once to warm up, then
        without, with and again without the churn path, to show what the churn path costs.

        Then the churn path alone with --customers N distinct customers (default 1000000; 0 skips
        it): one contact for each new customer, then as many more for customers already in state,
        on the configured state backend (RocksDB unless job.state-backend is set); prints contacts/s
        in each phase and the state size per customer from a full checkpoint, per operator.

        Benchmarks use their own topics and indices and delete them afterwards. The machine is
        shared and noisy: compare figures taken in one run.""";
  }

  @Override
  public int run(List<String> raw, Cli cli) throws Exception {
    Args args = Args.parse(raw, Set.of("count", "per-minute", "es-warm-up", "window", "customers", "rounds", "config",
            "set"),
        Set.of("skip-latency", "per-operator"));
    args.noPositionals();
    int count = args.integer("count", 100_000, 1_000, 50_000_000);
    int customers = args.integer("customers", 1_000_000, 0, 100_000_000);
    int esWarmUp = args.integer("es-warm-up", 200_000, 0, 10_000_000);
    int rounds = args.integer("rounds", 2, 1, 10);
    double perMinute = args.has("per-minute")
        ? args.integer("per-minute", 0, 1, 10_000_000) : PipelineBenchmark.defaultPerMinute(count);
    Duration window;
    try {
      window = Duration.parse(args.get("window", "PT1M"));
    } catch (java.time.format.DateTimeParseException e) {
      throw new UsageException("--window must be an ISO-8601 duration such as PT1M");
    }
    LocalServices services = cli.services();
    services.notes().forEach(cli.out::println);
    services.start();
    EarshotConfig config = cli.config(args);
    PipelineBenchmark bench = new PipelineBenchmark(new BenchTools(services), config, cli.out);
    if (args.has("per-operator")) {
      bench.unchained();
      cli.out.println("Operator chaining is off for the throughput runs: every operator is its own task.");
    }
    String textMode = config.get(earshot.jobs.config.Settings.TEXT_MODE);

    int warmUp = Math.min(count, 30_000);
    cli.out.printf("Warm-up: the enrich job over %,d other interactions, text model '%s' (not counted below):%n", warmUp,
        textMode);
    PipelineBenchmark.Breakdown cold = bench.warmUp(warmUp, textMode);
    cli.out.printf(Locale.ROOT, "  %,.0f interactions/s%n", warmUp / cold.seconds());
    printBreakdown(cli, "enrich, cold", cold, warmUp);
    if (esWarmUp > 0) {
      cli.out.printf("Warm-up of Elasticsearch and the JVM: the enrich job over %,d more, then the signals job over"
          + " them, text model '%s' (not counted below):%n", esWarmUp, textMode);
      PipelineBenchmark.WarmUp warm = bench.warmUpElasticsearch(esWarmUp, textMode);
      printBreakdown(cli, "enrich, warming up", warm.enrich(), esWarmUp);
      printBreakdown(cli, "signals, warming up", warm.signals(), esWarmUp);
    }
    // Rounds alternate the order (text first, then off; then off first, then text): the services'
    // warm-up and any drift of the machine then weigh on both modes alike instead of on whichever runs first.
    List<PipelineBenchmark.Throughput> withText = new java.util.ArrayList<>();
    List<PipelineBenchmark.Throughput> withoutText = new java.util.ArrayList<>();
    for (int round = 1; round <= rounds; round++) {
      boolean textFirst = round % 2 == 1;
      double[] endToEnd = new double[2]; // [0] the configured text model, [1] text off
      for (boolean withModel : textFirst ? new boolean[] {true, false} : new boolean[] {false, true}) {
        String mode = withModel ? textMode : "off";
        cli.out.printf(Locale.ROOT, "Round %d of %d: throughput, %,d interactions (%,.0f a minute in event time), text '%s':%n",
            round, rounds, count, perMinute, mode);
        PipelineBenchmark.Throughput run = bench.throughput(count, mode, perMinute);
        (withModel ? withText : withoutText).add(run);
        endToEnd[withModel ? 0 : 1] = run.endToEnd();
        print(cli, run);
        cli.out.printf("  where the time went, text '%s':%n", mode);
        printBreakdown(cli, "enrich", run.enrich(), run.interactions());
        printBreakdown(cli, "signals", run.signals(), run.interactions());
      }
      cli.out.printf(Locale.ROOT, "Round %d: end to end with text '%s' / without: %.2f (%s first)%n", round, textMode,
          endToEnd[0] / endToEnd[1], textFirst ? "text '" + textMode + "'" : "text off");
    }
    PipelineBenchmark.Throughput text = PipelineBenchmark.Throughput.pooled(withText);
    PipelineBenchmark.Throughput off = PipelineBenchmark.Throughput.pooled(withoutText);
    cli.out.printf("Over all rounds (interactions over seconds, summed over the %d runs of each mode):%n", rounds);
    cli.out.printf("  text '%s':%n", textMode);
    print(cli, text);
    cli.out.println("  text off:");
    print(cli, off);
    cli.out.printf(Locale.ROOT, "End to end with text '%s' / without: %.2f%n", textMode, text.endToEnd() / off.endToEnd());
    cli.out.println("Signals job without the churn path (mean of a run before and one after) / with it:");
    for (var run : List.of(Map.entry(textMode, text), Map.entry("off", off))) {
      PipelineBenchmark.Throughput t = run.getValue();
      cli.out.printf(Locale.ROOT, "  text '%s': %,.0f / %,.0f interactions/s (churn path: %+.0f%% time)%n", run.getKey(),
          t.interactions() / t.signalsWithoutChurnSeconds(), t.interactions() / t.signalsSeconds(),
          100 * (t.signalsSeconds() / t.signalsWithoutChurnSeconds() - 1));
    }

    if (customers > 0) {
      ChurnBenchmark churn = new ChurnBenchmark(config, cli.out);
      cli.out.printf("Churn path alone, %,d distinct customers:%n", customers);
      churn.print(churn.run(customers, 2));
    }

    if (!args.has("skip-latency")) {
      cli.out.printf("Alert latency, %s windows, text model '%s', flat traffic (the same at any hour):%n", window,
          textMode);
      boolean allArrived = true;
      for (var profile : latencyProfiles().entrySet()) {
        cli.out.printf("Settings: %s%n", profile.getKey());
        PipelineBenchmark.Latency latency = bench.alertLatency(window, 600, profile.getValue());
        if (latency == null) {
          cli.out.println("  no alert for the planted incident arrived in time");
          allArrived = false;
          continue;
        }
        cli.out.printf(Locale.ROOT, "  alert %.1f s after the first incident record was sent; %.1f s after its %d s window"
                + " ended%n", latency.fromFirstRecord().toMillis() / 1000.0, latency.afterWindowEnd().toMillis() / 1000.0,
            window.toSeconds());
      }
      if (!allArrived) {
        return 1;
      }
    }
    return 0;
  }

  /**
   * The configuration's own latency settings, then shorter ones: what a window's alert waits for
   * after the window ends is set by them ({@link PipelineBenchmark#expectedDelay}).
   */
  private static Map<String, java.util.function.UnaryOperator<EarshotConfig>> latencyProfiles() {
    Map<String, java.util.function.UnaryOperator<EarshotConfig>> profiles = new java.util.LinkedHashMap<>();
    profiles.put("as configured", c -> c);
    profiles.put("job.checkpoint-interval=PT2S, enrich.out-of-orderness=PT1S, signals.out-of-orderness=PT2S",
        c -> c.with(earshot.jobs.config.Settings.CHECKPOINT_INTERVAL, "PT2S")
            .with(earshot.jobs.config.Settings.ENRICH_OUT_OF_ORDERNESS, "PT1S")
            .with(earshot.jobs.config.Settings.OUT_OF_ORDERNESS, "PT2S"));
    return profiles;
  }

  private static void print(Cli cli, PipelineBenchmark.Throughput t) {
    cli.out.printf(Locale.ROOT, "  enrich  (Kafka -> Kafka + Elasticsearch): %6.1f s  %,8.0f interactions/s%n",
        t.enrichSeconds(), t.interactions() / t.enrichSeconds());
    cli.out.printf(Locale.ROOT, "  signals without the churn path:           %6.1f s  %,8.0f interactions/s%n",
        t.signalsWithoutChurnSeconds(), t.interactions() / t.signalsWithoutChurnSeconds());
    cli.out.printf(Locale.ROOT, "  signals (Kafka -> Kafka + Elasticsearch): %6.1f s  %,8.0f interactions/s%n",
        t.signalsSeconds(), t.interactions() / t.signalsSeconds());
    cli.out.printf(Locale.ROOT, "  end to end:                               %6.1f s  %,8.0f interactions/s%n",
        t.enrichSeconds() + t.signalsSeconds(), t.endToEnd());
  }

  /**
   * One job run's breakdown: per task (a chain of operators, summed over its subtasks) the share of
   * the task's time it was busy, back-pressured (waiting for the task after it) and idle (waiting
   * for input), from Flink's task metrics; then the CPU time each process used during the run, per
   * interaction and as a share of the machine's cores over the run. The busiest task that is not
   * back-pressured is where a job is slowest.
   */
  static void printBreakdown(Cli cli, String job, PipelineBenchmark.Breakdown breakdown, long interactions) {
    cli.out.printf(Locale.ROOT,
        "  %s, %.1f s; per task: busy / back-pressured / idle (Flink task metrics), records in / out%n", job,
        breakdown.seconds());
    if (breakdown.tasks().isEmpty()) {
      cli.out.println("    (no task metrics were reported)");
    }
    for (var task : breakdown.tasks()) {
      double total = Math.max(1, task.totalMillis());
      cli.out.printf(Locale.ROOT, "    %5.1f%% %5.1f%% %5.1f%%  %,9d / %,9d  x%d  %s%n", 100 * task.busyMillis() / total,
          100 * task.backPressuredMillis() / total, 100 * task.idleMillis() / total, task.recordsIn(),
          task.recordsOut(), task.subtasks(), abbreviate(task.task(), 100));
    }
    if (!breakdown.tasks().isEmpty()) {
      cli.out.println("    (busy is wall time neither idle nor back-pressured: it includes waiting for a core and a source"
          + " that has read all its input waiting for the rest of the job; read it beside the task's records and"
          + " the CPU below)");
    }
    int cores = Runtime.getRuntime().availableProcessors();
    breakdown.cpu().forEach((process, cpu) -> cli.out.printf(Locale.ROOT,
        "    CPU %-30s %7.1f s  %6.1f us per interaction  %5.1f%% of %d cores%n", process, cpu.toMillis() / 1000.0,
        cpu.toNanos() / 1000.0 / Math.max(1, interactions), 100 * cpu.toMillis() / 1000.0 / (cores * breakdown.seconds()),
        cores));
    var checkpoints = breakdown.checkpoints();
    if (checkpoints.completed() > 0) {
      cli.out.printf(Locale.ROOT, "    checkpoints: %d completed; state (all of it, as a restore reads it): last %.2f MB, largest"
          + " %.2f MB; the last took %d ms%n", checkpoints.completed(), checkpoints.lastFullBytes() / 1e6,
          checkpoints.largestFullBytes() / 1e6, checkpoints.lastDurationMillis());
      var state = breakdown.state();
      if (!state.tasks().isEmpty()) {
        cli.out.printf(Locale.ROOT, "    state per task at checkpoint %d, the last read while the job ran (%.2f MB in all,"
            + " as a restore reads it):%n", state.id(), state.fullBytes() / 1e6);
      }
      for (var task : state.tasks()) {
        cli.out.printf(Locale.ROOT, "      %9.2f MB  x%d  %s%n", task.fullBytes() / 1e6, task.subtasks(),
            abbreviate(task.task(), 100));
      }
    } else {
      cli.out.println("    checkpoints: none completed during the run");
    }
    if (!breakdown.elasticsearch().isEmpty()) {
      cli.out.println("    Elasticsearch per index: index operations, documents held; thread time indexing / refreshing / merging");
    }
    for (var index : breakdown.elasticsearch()) {
      cli.out.printf(Locale.ROOT, "      %-28s %,9d ops %,9d docs  %7.1f / %6.1f / %6.1f s  (%.0f us per op indexing)%n",
          abbreviate(index.index(), 28), index.indexed(), index.documents(), index.indexMillis() / 1000.0,
          index.refreshMillis() / 1000.0, index.mergeMillis() / 1000.0,
          1000.0 * index.indexMillis() / Math.max(1, index.indexed()));
    }
  }

  private static String abbreviate(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 3) + "...";
  }
}
