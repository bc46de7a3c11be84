package earshot.cli;

import earshot.jobs.config.EarshotConfig;
import earshot.jobs.run.LocalRunner;
import earshot.jobs.run.ReplayPipeline;
import earshot.lab.generator.Incident;
import earshot.lab.generator.IncidentFiles;
import earshot.lab.generator.InteractionGenerator;
import earshot.lab.generator.RandomIncidents;
import earshot.lab.report.DetectionScorecard;
import earshot.schemas.Interaction;
import earshot.schemas.JsonCodec;
import earshot.schemas.MetricSnapshot;
import java.io.BufferedWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@code ./earshot bench detection}: how well the detectors find incidents of realistic size that
 * nobody placed for them. Generates streams with incidents drawn at random ({@link RandomIncidents})
 * and two stray interactions a day before each stream begins, replays each through the enrich and
 * signals pipelines, and prints, per incident, its size and whether and when it was found, and per
 * detector the found share, delays and false alerts per series per week ({@link DetectionScorecard}).
 */
final class DetectionBenchCommand implements Command {

  /** Time the baselines get before the first incident may start. */
  static final Duration LEARNING = Duration.ofDays(2);

  @Override
  public String name() {
    return "detection";
  }

  @Override
  public String summary() {
    return "replays of streams with realistic incidents drawn at random: found, delay, false alerts per detector";
  }

  @Override
  public String usage() {
    return """
        usage: ./earshot bench detection [--streams N] [--days D] [--rate R] [--incidents K] [--seed S]
                                         [--out DIR] [--config FILE] [--set key=value]...

          --streams N    how many streams to generate and replay (default 3), each with its own seed
          --days D       length of each stream in days, at least 2.5 (default 7)
          --rate R       mean interactions per minute (default 20; daily and weekly seasonality)
          --incidents K  incidents drawn at random per stream (default 7, one of each type)
          --seed S       seed of the first stream (default 1); stream i uses S + i - 1
          --out DIR      where each stream, its truth and its replay's outputs go (default out/bench-detection)

        Each incident has the size real ones have: the affected metric 1.3 to 2 times its usual
        value (detractor share, negative texts, waits, contacts; a drop leaves 1/1.3 to 1/2 of the
        contacts), or a new theme in 5% to 15% of the slice's interactions; on one dimension value
        or a pair of them (configured as a series or not), starting at any hour after the first two
        days, lasting 3 to 8 hours. Two interactions a day before each stream begins stand for stray
        early records. Replays run like ./earshot replay (parallelism 1, the configured text model).
        Prints each incident with its effect and the interactions its slice usually holds while it
        lasts (the evidence there was), found or missed and the delay; then per detector the
        incidents found, within two of its windows and placed at their slice, the median delay and
        the false alerts per series per week; and the replay's interactions per second.""";
  }

  @Override
  public int run(List<String> raw, Cli cli) throws Exception {
    Args args = Args.parse(raw, Set.of("streams", "days", "rate", "incidents", "seed", "out", "config", "set"), Set.of());
    args.noPositionals();
    int streams = args.integer("streams", 3, 1, 100);
    double days = args.number("days", 7, 2.5, 60);
    double rate = args.number("rate", 20, 0.1, 100_000);
    int perStream = args.integer("incidents", Incident.TYPES.size(), 0, 100);
    long seed = args.longValue("seed", 1);
    Path out = args.path("out") != null ? args.path("out") : Path.of("out", "bench-detection");
    EarshotConfig config = cli.config(args);
    Duration length = Duration.ofMinutes(Math.round(days * 24 * 60));

    DetectionScorecard scorecard = new DetectionScorecard();
    for (int i = 1; i <= streams; i++) {
      long streamSeed = seed + i - 1;
      Instant start = InteractionGenerator.DEFAULT_START;
      List<RandomIncidents.Drawn> drawn = RandomIncidents.draw(streamSeed, start, length, LEARNING, perStream);
      List<Incident> incidents = drawn.stream().map(RandomIncidents.Drawn::incident).toList();
      List<Double> expected = incidents.stream().map(x -> InteractionGenerator.expectedInteractions(x, rate)).toList();
      Path dir = out.resolve("stream-" + i);
      Files.createDirectories(dir);
      Path input = dir.resolve("interactions.jsonl");
      long lines = write(new InteractionGenerator(start, length, rate, streamSeed, incidents), input);
      IncidentFiles.writeTruth(dir.resolve("truth.json"), incidents);

      long begin = System.nanoTime();
      Path replayed = dir.resolve("replay");
      LocalRunner.run(ReplayPipeline.NAME, config, 0, false, (env, c) -> ReplayPipeline.attach(env, c, input, null,
          replayed));
      double seconds = (System.nanoTime() - begin) / 1e9;
      List<MetricSnapshot> metrics = ReplayPipeline.sortedMetrics(replayed);
      long series = metrics.stream().map(MetricSnapshot::getSeriesKey).distinct().count();
      scorecard.add(drawn, expected, ReplayPipeline.sortedAlerts(replayed), series, length);
      cli.out.printf(Locale.ROOT, "Stream %d of %d (seed %d): %,d interactions over %.1f days, %d incidents, %d series;"
          + " replayed in %.1f s (%,.0f interactions/s)%n", i, streams, streamSeed, lines, days, incidents.size(), series,
          seconds, lines / seconds);
    }
    cli.out.println();
    scorecard.lines().forEach(cli.out::println);
    cli.out.println("\nStreams, truths and replay outputs in " + out.toAbsolutePath());
    return 0;
  }

  /**
   * Writes the stream, led by two stray interactions a day before it begins (copies of its first two,
   * moved back a day), as JSON lines; returns how many lines.
   */
  static long write(InteractionGenerator generator, Path file) throws java.io.IOException {
    List<Interaction> firstTwo = new ArrayList<>(2);
    long[] lines = {0};
    try (BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      Consumer<Interaction> line = interaction -> {
        try {
          writer.write(JsonCodec.toJson(interaction));
          writer.write('\n');
          lines[0]++;
        } catch (java.io.IOException e) {
          throw new UncheckedIOException(e);
        }
      };
      // The stream is written as it is generated; only its first two wait, for their stray copies to go first.
      generator.generate(interaction -> {
        if (firstTwo.size() < 2) {
          firstTwo.add(interaction);
          if (firstTwo.size() == 2) {
            flushFirst(firstTwo, line);
          }
        } else {
          line.accept(interaction);
        }
      });
      if (firstTwo.size() < 2) {
        flushFirst(firstTwo, line);
      }
    }
    return lines[0];
  }

  /** The stray copies of the stream's first interactions, a day early, then those interactions. */
  private static void flushFirst(List<Interaction> first, Consumer<Interaction> line) {
    for (Interaction interaction : first) {
      line.accept(Interaction.newBuilder(interaction).setInteractionId("stray-" + interaction.getInteractionId())
          .setConversationId("stray-" + interaction.getConversationId())
          .setOccurredAt(interaction.getOccurredAt().minus(Duration.ofDays(1))).build());
    }
    first.forEach(line);
  }
}
