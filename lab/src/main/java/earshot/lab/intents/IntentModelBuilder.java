package earshot.lab.intents;

import earshot.jobs.text.IntentModel;
import earshot.jobs.text.IntentRules;
import earshot.jobs.text.TokenizedText;
import earshot.lab.intents.LabelledQueries.Query;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Builds the learned intent classifier from labelled queries (Banking77's training split) mapped
 * to Earshot's codes. Queries of categories mapped to skip are left out, and so is any query whose
 * text is also a test query, so the test split stays unseen. Texts of other kinds known to carry
 * none of the codes (such as restaurant and film review sentences) may join as extra negatives: a
 * model that has only seen bank queries takes any other text's words for evidence, and these
 * teach it that everyday praise and complaint words are not a billing problem.
 *
 * <p>The threshold is chosen on a held-out part of the training queries (every fifth one): a model
 * trained on the other four fifths is combined with the rules (rules ∪ model codes whose
 * probability reaches the threshold) and the threshold with the best macro-F1 over the mapped
 * codes wins (the higher one on a tie: fewer model codes). The shipped model is then trained on all
 * the training queries and keeps that threshold.
 */
public final class IntentModelBuilder {

  /**
   * Thresholds tried on the held-out part. None is below 0.5: the model names a code only when it
   * finds it more likely than all its other classes together, so at most one code per text (lower
   * thresholds gained recall on bank queries but doubled the codes it added to other sectors' texts).
   */
  static final double[] THRESHOLDS = {0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95};
  /** Every HOLD_OUT-th training query is held out to choose the threshold. */
  static final int HOLD_OUT = 5;

  /**
   * @param model the model trained on all training queries, with the chosen threshold
   * @param log what was done and measured, line by line (threshold table included)
   */
  public record Built(IntentModel model, List<String> log) {}

  private final IntentModelTrainer trainer = new IntentModelTrainer();

  /**
   * @param train the labelled training queries
   * @param test the test queries, whose texts must not be trained on
   * @param comments lines for the model file's header (where the data came from)
   */
  public Built build(List<Query> train, List<Query> test, IntentMap map, IntentRules rules,
      IntentModelTrainer.Settings settings, List<String> comments) {
    return build(train, test, List.of(), map, rules, settings, comments);
  }

  /** @param extraNone texts of another kind that have none of the codes, added to the training queries as none */
  public Built build(List<Query> train, List<Query> test, List<String> extraNone, IntentMap map, IntentRules rules,
      IntentModelTrainer.Settings settings, List<String> comments) {
    IntentEvaluation.check(train, map, new HashSet<>(rules.intents()));
    Set<String> testTexts = new HashSet<>();
    test.forEach(q -> testTexts.add(key(q.text())));
    List<IntentModelTrainer.Example> all = new ArrayList<>();
    int skipped = 0;
    int inTest = 0;
    for (Query query : train) {
      String value = map.valueOf(query.category());
      if (value.equals(IntentMap.SKIP)) {
        skipped++;
      } else if (testTexts.contains(key(query.text()))) {
        inTest++;
      } else {
        all.add(new IntentModelTrainer.Example(query.text(), value));
      }
    }
    List<String> log = new ArrayList<>();
    log.add(String.format(Locale.ROOT, "%d training queries: %d used, %d of categories mapped to skip, %d also in "
        + "the test split (left out); %d extra texts of other kinds as none", train.size(), all.size(), skipped,
        inTest, extraNone.size()));
    extraNone.forEach(text -> all.add(new IntentModelTrainer.Example(text, IntentModel.NONE)));
    List<IntentModelTrainer.Example> fit = new ArrayList<>();
    List<IntentModelTrainer.Example> tune = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      (i % HOLD_OUT == HOLD_OUT - 1 ? tune : fit).add(all.get(i));
    }
    IntentModel partial = trainer.train(fit, map.codes(), settings, 0.5, List.of());
    double threshold = chooseThreshold(partial, tune, rules, map.codes(), log);
    List<String> header = new ArrayList<>(comments);
    header.add(String.format(Locale.ROOT, "threshold %.2f chosen on every %dth training query held out (%d), "
        + "by macro-F1 of rules + model over %s", threshold, HOLD_OUT, tune.size(), map.codes()));
    IntentModel model = trainer.train(all, map.codes(), settings, threshold, header);
    log.add(String.format(Locale.ROOT, "trained on all %d queries: %d features, threshold %.2f", all.size(),
        model.featureCount(), threshold));
    return new Built(model, log);
  }

  private double chooseThreshold(IntentModel model, List<IntentModelTrainer.Example> tune, IntentRules rules,
      List<String> codes, List<String> log) {
    IntentRules.Matcher matcher = rules.matcher();
    List<List<String>> ruleCodes = new ArrayList<>();
    List<double[]> probabilities = new ArrayList<>();
    for (IntentModelTrainer.Example example : tune) {
      TokenizedText tokens = trainer.tokenize(example.text());
      ruleCodes.add(tokens.size() == 0 ? List.of() : matcher.match(tokens));
      probabilities.add(model.probabilities(tokens));
    }
    IntentScores rulesAlone = new IntentScores(codes);
    for (int i = 0; i < tune.size(); i++) {
      rulesAlone.add(tune.get(i).intent(), ruleCodes.get(i));
    }
    log.add(String.format(Locale.ROOT, "held-out part (%d queries), rules alone: macro P %.3f R %.3f F1 %.3f, "
        + "micro P %.3f R %.3f", tune.size(), rulesAlone.macroPrecision(), rulesAlone.macroRecall(),
        rulesAlone.macroF1(), rulesAlone.microPrecision(), rulesAlone.microRecall()));
    double best = THRESHOLDS[THRESHOLDS.length - 1];
    double bestF1 = -1;
    for (double threshold : THRESHOLDS) {
      IntentScores scores = new IntentScores(codes);
      for (int i = 0; i < tune.size(); i++) {
        Set<String> predicted = new LinkedHashSet<>(ruleCodes.get(i));
        double[] p = probabilities.get(i);
        for (int c = 1; c < p.length; c++) {
          if (p[c] >= threshold) {
            predicted.add(model.classes().get(c));
          }
        }
        scores.add(tune.get(i).intent(), predicted);
      }
      log.add(String.format(Locale.ROOT, "  threshold %.2f: rules + model macro P %.3f R %.3f F1 %.3f, micro P %.3f "
          + "R %.3f", threshold, scores.macroPrecision(), scores.macroRecall(), scores.macroF1(),
          scores.microPrecision(), scores.microRecall()));
      if (scores.macroF1() >= bestF1) {
        bestF1 = scores.macroF1();
        best = threshold;
      }
    }
    return best;
  }

  /** Texts compared without case and surrounding white space. */
  static String key(String text) {
    return text.strip().toLowerCase(Locale.ROOT);
  }
}
