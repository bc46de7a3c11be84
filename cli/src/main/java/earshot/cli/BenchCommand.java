package earshot.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ./earshot bench <benchmark>}: benchmarks that print figures. Each benchmark is a {@link
 * Command} of its own, registered here by name; speed is measured here, never asserted in tests.
 */
final class BenchCommand implements Command {

  private final Map<String, Command> benchmarks = new LinkedHashMap<>();

  BenchCommand() {
    this(List.of(new SentimentBenchmark(), new PipelineBenchCommand(), new ChurnBenchCommand(),
        new DetectionBenchCommand()));
  }

  BenchCommand(List<Command> benchmarks) {
    for (Command benchmark : benchmarks) {
      this.benchmarks.put(benchmark.name(), benchmark);
    }
  }

  @Override
  public String name() {
    return "bench";
  }

  @Override
  public String summary() {
    return "run a benchmark and print its figures: " + String.join(", ", benchmarks.keySet());
  }

  @Override
  public String usage() {
    StringBuilder usage = new StringBuilder("usage: ./earshot bench <benchmark> [options]\n\nbenchmarks:\n");
    benchmarks.values().forEach(b -> usage.append(String.format("  %-12s %s%n", b.name(), b.summary())));
    benchmarks.values().forEach(b -> usage.append('\n').append(b.usage()).append('\n'));
    return usage.toString().stripTrailing();
  }

  @Override
  public int run(List<String> args, Cli cli) throws Exception {
    if (args.isEmpty()) {
      throw new UsageException("which benchmark? one of " + String.join(", ", benchmarks.keySet()));
    }
    Command benchmark = benchmarks.get(args.get(0));
    if (benchmark == null) {
      throw new UsageException("unknown benchmark '" + args.get(0) + "'");
    }
    List<String> rest = args.subList(1, args.size());
    if (rest.contains("--help") || rest.contains("-h")) {
      cli.out.println(benchmark.usage());
      return 0;
    }
    try {
      return benchmark.run(rest, cli);
    } catch (UsageException e) {
      throw new UsageException(e.getMessage() + "\n" + benchmark.usage());
    }
  }
}
