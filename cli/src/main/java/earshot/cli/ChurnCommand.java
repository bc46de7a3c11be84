package earshot.cli;

import earshot.jobs.churn.ChurnSettings;
import earshot.jobs.config.EarshotConfig;
import earshot.jobs.enrich.EnrichSettings;
import earshot.lab.calibration.ChurnCalibration;
import earshot.lab.churn.ChurnOutcomes;
import earshot.lab.generator.PlantedChurner;
import earshot.lab.report.ChurnEvaluation;
import earshot.schemas.Interaction;
import earshot.schemas.JsonCodec;
import earshot.schemas.RecordFormatException;
import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code ./earshot churn calibrate}: fits the churn reasons' weights to a history and its
 * cancellations ({@link ChurnCalibration}), prints the fit and the held-out period before and after,
 * and writes the weights file the signals job loads with {@code churn.weights}.
 */
final class ChurnCommand implements Command {

  private static final int DETAILED = 5;

  @Override
  public String name() {
    return "churn";
  }

  @Override
  public String summary() {
    return "fit the churn reasons' weights to your own history and cancellations (churn calibrate)";
  }

  @Override
  public String usage() {
    return """
        usage: ./earshot churn calibrate --history FILE --outcomes FILE [--crm FILE] [--out FILE]
                                         [--horizon-days N] [--holdout SHARE] [--l2 L] [--top K]
                                         [--config FILE] [--set key=value]...

          --history FILE    interactions as JSON lines (as 'generate' writes them or a CRM or
                            contact-centre export would look), several weeks at least
          --outcomes FILE   cancellations, CSV with a header: customer_id,cancelled_at (ISO-8601 instant)
          --crm FILE        a CRM export to resolve e-mail, phone and handles to customers (as 'generate --crm')
          --out FILE        where to write the weights (default churn.weights); point churn.weights at it
          --horizon-days N  a customer-day counts as churn when the customer cancels within N days (default 14)
          --holdout SHARE   share of the history's days kept aside to judge the new weights (default 0.3)
          --l2 L            penalty of the regression on its scaled coefficients (default 1)
          --top K           customers called a day, for the held-out precision of the top K (default 50)

        Replays the history through the churn path without Flink with the configured weights, takes
        every customer's reasons (built-in points after decay) at each midnight of the earlier part,
        fits a logistic regression with non-negative coefficients to who cancelled within the horizon,
        and turns it into one multiplier per reason, scaled so that as many training customer-days reach
        churn.alert-threshold as with the weights in use (as many alerts, better chosen); it prints the
        probability of cancelling that the threshold then means. Then replays the history with
        the new weights and prints the held-out period before and after: precision, recall and lead
        time at the alert threshold, precision of the top K a day, ROC AUC.""";
  }

  @Override
  public int run(List<String> raw, Cli cli) throws Exception {
    if (raw.isEmpty() || !raw.get(0).equals("calibrate")) {
      throw new UsageException(raw.isEmpty() ? "which churn command? calibrate"
          : "unknown churn command '" + raw.get(0) + "', expected calibrate");
    }
    Args args = Args.parse(raw.subList(1, raw.size()), Set.of("history", "outcomes", "crm", "out", "horizon-days",
        "holdout", "l2", "top", "config", "set"), Set.of());
    args.noPositionals();
    Path history = existing(args, "history", true);
    Path outcomesFile = existing(args, "outcomes", true);
    Path crm = existing(args, "crm", false);
    Path out = args.path("out") != null ? args.path("out") : Path.of("churn.weights");
    int horizonDays = args.integer("horizon-days", 14, 1, 90);
    ChurnCalibration.Options options = new ChurnCalibration.Options(Duration.ofDays(horizonDays),
        args.number("holdout", 0.3, 0.05, 0.95), args.number("l2", 1, 0, 1e6),
        args.integer("top", ChurnEvaluation.DEFAULT_TOP_K, 1, 1_000_000), ChurnEvaluation.DEFAULT_HORIZON);
    EarshotConfig config = cli.config(args);

    List<PlantedChurner> outcomes;
    try {
      outcomes = ChurnOutcomes.read(outcomesFile);
    } catch (IllegalArgumentException e) {
      cli.err.println("earshot churn calibrate: " + e.getMessage());
      return 1;
    }
    List<Interaction> interactions = readHistory(history, cli);
    cli.out.printf(Locale.ROOT, "history: %,d interactions; outcomes: %,d cancellations%n", interactions.size(),
        outcomes.size());
    ChurnCalibration.Result result;
    try {
      result = new ChurnCalibration(ChurnSettings.from(config), EnrichSettings.from(config)).calibrate(interactions,
          crm, outcomes, options);
    } catch (IllegalArgumentException e) {
      cli.err.println("earshot churn calibrate: " + e.getMessage());
      return 1;
    }
    print(result, horizonDays, cli);
    Files.writeString(out, result.weightsFile(history.getFileName().toString(),
        outcomesFile.getFileName().toString()), StandardCharsets.UTF_8);
    cli.out.println();
    cli.out.println("weights written to " + out + "; use them with --set churn.weights=" + out);
    return 0;
  }

  private static Path existing(Args args, String name, boolean required) {
    Path path = args.path(name);
    if (path == null) {
      if (required) {
        throw new UsageException("--" + name + " is required");
      }
      return null;
    }
    if (!Files.isRegularFile(path)) {
      throw new UsageException("--" + name + ": no such file " + path);
    }
    return path;
  }

  /** The history's interactions in event-time order; lines that are not interactions are reported and skipped. */
  static List<Interaction> readHistory(Path file, Cli cli) throws java.io.IOException {
    List<Interaction> interactions = new ArrayList<>();
    long lineNumber = 0;
    long rejected = 0;
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = reader.readLine()) != null) {
        lineNumber++;
        if (line.isBlank()) {
          continue;
        }
        try {
          interactions.add(JsonCodec.fromJson(line, Interaction.class));
        } catch (RecordFormatException e) {
          if (++rejected <= DETAILED) {
            cli.err.println("earshot churn calibrate: " + file + ": line " + lineNumber + " skipped: " + e.getMessage());
          }
        }
      }
    }
    if (rejected > 0) {
      cli.err.printf(Locale.ROOT, "earshot churn calibrate: %,d lines skipped in all%n", rejected);
    }
    interactions.sort(Comparator.comparing(Interaction::getOccurredAt));
    return interactions;
  }

  private static void print(ChurnCalibration.Result result, int horizonDays, Cli cli) {
    cli.out.printf(Locale.ROOT, "trained on %s to %s: %,d customer-days, %,d with a cancellation within %d days%n",
        java.time.Instant.ofEpochMilli(result.first()), java.time.Instant.ofEpochMilli(result.split()),
        result.trainingRows(), result.trainingPositives(), horizonDays);
    cli.out.printf(Locale.ROOT, "with as many customer-days at or above the alert threshold as before, it now means "
            + "P(cancel within %d days) = %.3f (a score of 0: %.4f)%n%n",
        horizonDays, result.alertProbability(), 1 / (1 + Math.exp(-result.intercept())));
    cli.out.printf(Locale.ROOT, "%-28s %12s %10s %12s %10s %10s%n", "reason", "customer-days", "cancelled",
        "coefficient", "before", "after");
    for (ChurnCalibration.CodeFit code : result.codes()) {
      cli.out.printf(Locale.ROOT, "%-28s %12d %10d %12.5f %10.3f %10.3f%n", code.code(), code.rows(), code.positives(),
          code.coefficient(), code.before(), code.after());
    }
    cli.out.printf(Locale.ROOT, "%nheld out: %s to %s%n", java.time.Instant.ofEpochMilli(result.split()),
        java.time.Instant.ofEpochMilli(result.end()));
    Map<String, ChurnEvaluation> columns = new LinkedHashMap<>();
    columns.put("before", result.before());
    columns.put("after", result.after());
    ChurnEvaluation.printSideBySide(columns, cli.out);
  }
}
