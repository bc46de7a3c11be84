package earshot.lab.bench;

import earshot.jobs.config.EarshotConfig;
import earshot.jobs.identity.IdentitySettings;
import earshot.lab.churn.ChurnReplay;
import earshot.lab.generator.InteractionGenerator;
import earshot.lab.generator.PlantedChurner;
import earshot.lab.report.ChurnEvaluation;
import earshot.schemas.Interaction;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The churn scorer's evaluation in both generator modes on the same customers ({@code ./earshot bench
 * churn}): a stream with planted churners and one where churn follows a latent propensity are
 * generated, each replayed through the churn path without Flink ({@link ChurnReplay}, the real
 * engine, the configured text model) with the stream's CRM export, and judged by
 * {@link ChurnEvaluation}; prints the table, one column per mode, and how long each part took.
 */
public final class ChurnEvaluationBenchmark {

  /**
   * @param customers customers of the stream (the generator's rate follows: a customer contacts
   *     about once in three days on average, a few much more often)
   * @param plantedChurners churners planted in the planted mode
   * @param monthlyRate monthly churn rate of the latent mode
   */
  public record Options(int customers, Duration length, long seed, int plantedChurners, double monthlyRate, int topK,
      Duration horizon, Instant start) {}

  private final EarshotConfig config;
  private final PrintStream out;

  public ChurnEvaluationBenchmark(EarshotConfig config, PrintStream out) {
    this.config = config;
    this.out = out;
  }

  /** Runs both modes and prints the table; returns the evaluations by mode. */
  public Map<String, ChurnEvaluation> run(Options options) throws Exception {
    double perMinute = options.customers() / (60.0 * 24 * 3);
    InteractionGenerator plain = new InteractionGenerator(options.start(), options.length(), perMinute, options.seed(),
        List.of());
    Map<String, InteractionGenerator> modes = new LinkedHashMap<>();
    if (options.plantedChurners() > 0) {
      modes.put("planted", plain.withChurners(options.plantedChurners()));
    }
    modes.put("latent", plain.withLatentChurn(options.monthlyRate()));
    Map<String, ChurnEvaluation> evaluations = new LinkedHashMap<>();
    Path dir = Files.createTempDirectory("earshot-churn-eval-");
    try {
      for (Map.Entry<String, InteractionGenerator> mode : modes.entrySet()) {
        InteractionGenerator generator = mode.getValue();
        long begin = System.nanoTime();
        List<Interaction> stream = new ArrayList<>();
        generator.generate(stream::add);
        List<PlantedChurner> churners = generator.churners();
        Path crm = dir.resolve(mode.getKey() + "-crm.csv");
        generator.writeCrmExport(crm);
        double generated = (System.nanoTime() - begin) / 1e9;
        begin = System.nanoTime();
        ChurnReplay.Result result = new ChurnReplay(config).run(stream, crm);
        double replayed = (System.nanoTime() - begin) / 1e9;
        ChurnEvaluation evaluation = ChurnEvaluation.evaluate(result, churners, IdentitySettings.hasher(config),
            generator.end().toEpochMilli(), options.topK(), options.horizon());
        evaluations.put(mode.getKey(), evaluation);
        out.printf(Locale.ROOT, "%-8s %,d interactions, %,d customers, %,d churners: generated in %.1f s, "
                + "replayed in %.1f s (%,.0f interactions/s)%n", mode.getKey(), stream.size(), generator.customers(),
            churners.size(), generated, replayed, stream.size() / replayed);
      }
    } finally {
      try (var files = Files.list(dir)) {
        files.forEach(f -> f.toFile().delete());
      }
      Files.deleteIfExists(dir);
    }
    print(evaluations);
    return evaluations;
  }

  /** The evaluations side by side. */
  public void print(Map<String, ChurnEvaluation> evaluations) {
    Map<String, ChurnEvaluation> columns = new LinkedHashMap<>();
    evaluations.forEach((mode, evaluation) -> columns.put(mode + " mode", evaluation));
    ChurnEvaluation.printSideBySide(columns, out);
  }
}
