package earshot.cli;

import earshot.jobs.config.EarshotConfig;
import earshot.lab.bench.ChurnEvaluationBenchmark;
import earshot.lab.generator.InteractionGenerator;
import earshot.lab.report.ChurnEvaluation;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * {@code ./earshot bench churn}: the churn scorer judged in both generator modes
 * ({@link ChurnEvaluationBenchmark}); parses the options and prints the table.
 */
final class ChurnBenchCommand implements Command {

  @Override
  public String name() {
    return "churn";
  }

  @Override
  public String summary() {
    return "churn alerts and risk ranking judged on planted and on latent-propensity churn, against a baseline";
  }

  @Override
  public String usage() {
    return """
        usage: ./earshot bench churn [--customers N] [--days D] [--seed S] [--churners N] [--churn-rate R]
                                     [--top K] [--horizon-days N] [--config FILE] [--set key=value]...

          --customers N     customers of the generated stream (default 20000); each contacts about once
                            in three days on average, a few far more often
          --days D          length of the stream in days (default 14)
          --seed S          random seed of the generator (default 1)
          --churners N      churners planted in the planted mode (default 40; 0 skips that mode)
          --churn-rate R    monthly churn rate of the latent mode (default 0.03)
          --top K           customers called a day (default 50)
          --horizon-days N  a top-K customer counts as a hit when they cancel within N days (default 7)

        Generates the same customers twice: once with planted churners (journeys built step by step
        to degrade until they ask to cancel) and once with churn drawn from a latent propensity that
        ordinary bad experiences raise (generate --churn-model latent). Each stream goes through the
        churn path without Flink (the enrich job's text stage and the signals job's ChurnEngine, with
        the stream's CRM export) and is judged against who cancelled: precision, recall and lead time
        at the alert threshold, precision of the top K a day, ROC AUC (of each customer's last score
        before cancelling or the end, and per day), each next to a baseline that ranks customers by
        their negative contacts of the last 30 days.""";
  }

  @Override
  public int run(List<String> raw, Cli cli) throws Exception {
    Args args = Args.parse(raw, Set.of("customers", "days", "seed", "churners", "churn-rate", "top", "horizon-days",
        "config", "set"), Set.of());
    args.noPositionals();
    int customers = args.integer("customers", 20_000, 100, 2_000_000);
    double days = args.number("days", 14, 3, 366);
    int horizon = args.integer("horizon-days", 7, 1, 60);
    if (horizon + 1 > days) {
      throw new UsageException("--horizon-days must leave at least one day of the stream to rank on");
    }
    EarshotConfig config = cli.config(args);
    ChurnEvaluationBenchmark.Options options = new ChurnEvaluationBenchmark.Options(customers,
        Duration.ofMinutes(Math.round(days * 24 * 60)), args.longValue("seed", 1), args.integer("churners", 40, 0, 100_000),
        args.number("churn-rate", 0.03, 0.0001, 0.5), args.integer("top", ChurnEvaluation.DEFAULT_TOP_K, 1, 1_000_000),
        Duration.ofDays(horizon), InteractionGenerator.DEFAULT_START);
    new ChurnEvaluationBenchmark(config, cli.out).run(options);
    return 0;
  }
}
