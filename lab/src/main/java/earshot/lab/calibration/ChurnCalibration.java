package earshot.lab.calibration;

import earshot.jobs.churn.ChurnRiskModel;
import earshot.jobs.churn.ChurnSettings;
import earshot.jobs.churn.ChurnWeights;
import earshot.jobs.enrich.EnrichSettings;
import earshot.jobs.identity.IdentityHasher;
import earshot.lab.churn.ChurnReplay;
import earshot.lab.generator.PlantedChurner;
import earshot.lab.report.ChurnEvaluation;
import earshot.schemas.Interaction;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Fits the churn reasons' weights to a company's own history and cancellations, and shows on a later,
 * held-out period what the new weights change.
 *
 * <ol>
 *   <li>The history goes through the churn path without Flink ({@link ChurnReplay}) with the weights in
 *       use; at every midnight each known customer's features are taken: per reason code, the
 *       built-in points after decay ({@link ChurnRiskModel#features}).
 *   <li>Training rows: the midnights of the first part of the history whose horizon ends before the
 *       held-out period; one row per customer still there, positive when they cancel within the horizon.
 *   <li>A logistic regression with an L2 penalty and non-negative coefficients
 *       ({@link NonNegativeLogistic}) over those features: {@code logit P = b + sum beta_c x_c}.
 *   <li>The coefficients become multipliers of the built-in points: {@code multiplier_c = k beta_c},
 *       with {@code k} set so that as many training customer-days reach the alert threshold as with the
 *       weights in use (the same number of alerts, chosen better; when those flag none, the cut with the
 *       highest F1 on the training rows). A score of 0 then means the base rate, the threshold the
 *       probability printed. A score stays a sum of weight x feature, so every reason keeps its share.
 *   <li>The history is replayed again with the new weights; both replays are judged on the held-out
 *       period ({@link ChurnEvaluation}, from its first midnight).
 * </ol>
 * Codes never found in the training rows keep their multiplier (no evidence either way).
 */
public final class ChurnCalibration {

  private static final long DAY = 86_400_000L;

  /**
   * @param horizon a training row is positive when the customer cancels within it
   * @param holdout the share of the history's days kept for the held-out period
   * @param l2 the penalty of the regression
   * @param topK, evaluationHorizon as in {@link ChurnEvaluation}
   */
  public record Options(Duration horizon, double holdout, double l2, int topK, Duration evaluationHorizon) {
    public Options {
      if (!(holdout > 0 && holdout < 1)) {
        throw new IllegalArgumentException("the held-out share must be between 0 and 1");
      }
    }
  }

  /** What the fit found for one reason code. */
  public record CodeFit(String code, long rows, long positives, double coefficient, double before, double after) {}

  /**
   * @param split the start of the held-out period (a midnight)
   * @param alertProbability the probability of cancelling within the horizon that the alert threshold now means
   */
  public record Result(ChurnWeights weights, List<CodeFit> codes, double intercept, double alertProbability,
      long trainingRows, long trainingPositives, long first, long split, long end, ChurnEvaluation before,
      ChurnEvaluation after) {

    /** The weights file: the multipliers, with how they were found as comments. */
    public String weightsFile(String history, String outcomes) {
      List<String> header = new ArrayList<>();
      header.add("Churn reason weights for churn.weights, written by ./earshot churn calibrate.");
      header.add("A reason's points in a score = multiplier x its built-in points x decay.");
      header.add("History: " + history + "; outcomes: " + outcomes + ".");
      header.add(String.format(Locale.ROOT, "Trained on %s to %s: %,d customer-days, %,d cancelled within the horizon.",
          Instant.ofEpochMilli(first), Instant.ofEpochMilli(split), trainingRows, trainingPositives));
      header.add(String.format(Locale.ROOT, "At the alert threshold (as many training customer-days above it as "
          + "before): P(cancel within the horizon) = %.3f; intercept %.4f.", alertProbability, intercept));
      header.add(String.format(Locale.ROOT, "Held out %s to %s: ROC AUC a day %.3f before, %.3f after; "
              + "precision of the top %d a day %.1f%% before, %.1f%% after.", Instant.ofEpochMilli(split),
          Instant.ofEpochMilli(end), before.score().dailyAuc(), after.score().dailyAuc(), before.topK(),
          100 * before.score().precisionAtK(), 100 * after.score().precisionAtK()));
      header.add("");
      return weights.format(header);
    }
  }

  private final ChurnSettings settings;
  private final EnrichSettings enrich;
  private final IdentityHasher hasher;

  public ChurnCalibration(ChurnSettings settings, EnrichSettings enrich) {
    this.settings = settings;
    this.enrich = enrich;
    this.hasher = enrich.identityHasher();
  }

  /**
   * @param history the interactions, in event-time order
   * @param crmExport a CRM export to resolve identifiers with, or null
   * @param outcomes every cancellation known (customer id and time)
   */
  public Result calibrate(List<Interaction> history, Path crmExport, List<PlantedChurner> outcomes, Options options)
      throws IOException {
    ChurnReplay.Result replay = new ChurnReplay(settings, enrich, true).run(history, crmExport);
    if (replay.firstContact() == Long.MIN_VALUE) {
      throw new IllegalArgumentException("the history holds no contact of a known customer");
    }
    long first = replay.firstContact();
    long end = replay.lastContact();
    long split = Math.floorDiv(first + (long) ((1 - options.holdout()) * (end - first)), DAY) * DAY;
    long horizon = options.horizon().toMillis();
    Map<String, Long> cancelled = new HashMap<>();
    for (PlantedChurner churner : outcomes) {
      cancelled.merge(hasher.customerKey(churner.customerId()), churner.cancelledAt().toEpochMilli(), Math::min);
    }

    List<String> codes = ChurnRiskModel.CODES;
    List<NonNegativeLogistic.Row> rows = new ArrayList<>();
    long emptyPositives = 0;
    long emptyNegatives = 0;
    long[] codeRows = new long[codes.size()];
    long[] codePositives = new long[codes.size()];
    for (ChurnReplay.Snapshot snapshot : replay.snapshots()) {
      long at = snapshot.at();
      if (at + horizon > split) {
        continue;
      }
      for (String key : snapshot.scores().keySet()) {
        Long cancel = cancelled.get(key);
        if (cancel != null && cancel <= at) {
          continue;
        }
        boolean positive = cancel != null && cancel <= at + horizon;
        Map<String, Double> found = snapshot.features().get(key);
        if (found == null) {
          if (positive) {
            emptyPositives++;
          } else {
            emptyNegatives++;
          }
          continue;
        }
        double[] x = new double[codes.size()];
        for (Map.Entry<String, Double> feature : found.entrySet()) {
          int j = codes.indexOf(feature.getKey());
          x[j] = feature.getValue();
          codeRows[j]++;
          if (positive) {
            codePositives[j]++;
          }
        }
        rows.add(new NonNegativeLogistic.Row(x, positive));
      }
    }
    long trainingRows = rows.size() + emptyPositives + emptyNegatives;
    long trainingPositives = emptyPositives + rows.stream().filter(NonNegativeLogistic.Row::positive).count();
    if (trainingRows == 0) {
      throw new IllegalArgumentException("the history is too short: no midnight before the held-out period leaves "
          + options.horizon().toDays() + " days to see who cancels; give a longer history or a shorter --horizon-days");
    }
    NonNegativeLogistic.Fit fit = new NonNegativeLogistic(options.l2(), 500).fit(codes.size(), rows, emptyPositives,
        emptyNegatives);

    ChurnWeights current = settings.weights();
    double logitGap = sameVolumeGap(fit, rows, trainingRows, current, settings.alertThreshold());
    if (Double.isNaN(logitGap)) {
      double best = bestThreshold(fit, rows, emptyPositives, emptyNegatives);
      logitGap = Math.log(best / (1 - best)) - fit.intercept();
    }
    double alertProbability = NonNegativeLogistic.sigmoid(fit.intercept() + logitGap);
    if (!(logitGap > 0)) {
      throw new IllegalArgumentException("no reason in the history raises the chance of cancelling: nothing to weigh");
    }
    double k = settings.alertThreshold() / logitGap;
    Map<String, Double> multipliers = new HashMap<>();
    List<CodeFit> fits = new ArrayList<>();
    for (int j = 0; j < codes.size(); j++) {
      String code = codes.get(j);
      double before = current.multiplier(code);
      double after = codeRows[j] == 0 ? before : round(k * fit.coefficients()[j]);
      multipliers.put(code, after);
      fits.add(new CodeFit(code, codeRows[j], codePositives[j], fit.coefficients()[j], before, after));
    }
    ChurnWeights weights = ChurnWeights.of(multipliers, "calibrated");

    ChurnReplay.Result replayAfter = new ChurnReplay(settings.withWeights(weights), enrich).run(history, crmExport);
    ChurnEvaluation before = ChurnEvaluation.evaluate(replay, outcomes, hasher, split, end, options.topK(),
        options.evaluationHorizon());
    ChurnEvaluation after = ChurnEvaluation.evaluate(replayAfter, outcomes, hasher, split, end, options.topK(),
        options.evaluationHorizon());
    return new Result(weights, fits, fit.intercept(), alertProbability, trainingRows, trainingPositives, first, split,
        end, before, after);
  }

  /**
   * The fitted log-odds above the intercept that flags as many training customer-days as the weights
   * in use do at the alert threshold (so that a retention team gets as many alerts as before, better
   * chosen), or NaN when the weights in use flag none of them.
   */
  static double sameVolumeGap(NonNegativeLogistic.Fit fit, List<NonNegativeLogistic.Row> rows, long totalRows,
      ChurnWeights current, double threshold) {
    List<String> codes = ChurnRiskModel.CODES;
    int flagged = 0;
    double[] gaps = new double[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      double[] x = rows.get(i).x();
      double score = 0;
      double gap = 0;
      for (int j = 0; j < x.length; j++) {
        score += current.multiplier(codes.get(j)) * x[j];
        gap += fit.coefficients()[j] * x[j];
      }
      if (score >= threshold) {
        flagged++;
      }
      gaps[i] = gap;
    }
    java.util.Arrays.sort(gaps);
    if (flagged == 0 || gaps[gaps.length - flagged] <= 0) {
      return Double.NaN;
    }
    return gaps[gaps.length - flagged];
  }

  /** The probability cut that gives the highest F1 on the training rows (the empty rows all sit at the base rate). */
  static double bestThreshold(NonNegativeLogistic.Fit fit, List<NonNegativeLogistic.Row> rows, long emptyPositives,
      long emptyNegatives) {
    int n = rows.size();
    double[][] scored = new double[n][];
    long positives = emptyPositives;
    for (int i = 0; i < n; i++) {
      scored[i] = new double[] {fit.probability(rows.get(i).x()), rows.get(i).positive() ? 1 : 0};
      positives += rows.get(i).positive() ? 1 : 0;
    }
    java.util.Arrays.sort(scored, (a, b) -> Double.compare(b[0], a[0]));
    double base = NonNegativeLogistic.sigmoid(fit.intercept());
    double bestF1 = -1;
    double best = Double.NaN;
    long truePositives = 0;
    int i = 0;
    while (i < n) {
      double cut = scored[i][0];
      while (i < n && scored[i][0] == cut) {
        truePositives += (long) scored[i][1];
        i++;
      }
      if (cut <= base) {
        break; // at or below the base rate the empty rows would be flagged too
      }
      double f1 = 2.0 * truePositives / (i + positives);
      if (f1 > bestF1) {
        bestF1 = f1;
        best = cut;
      }
    }
    return best;
  }

  private static double round(double value) {
    return Math.round(value * 10_000) / 10_000.0;
  }
}
