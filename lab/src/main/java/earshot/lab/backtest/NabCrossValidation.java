package earshot.lab.backtest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Chooses the backtest's scoring parameters on a NAB corpus without judging them on the data they
 * were chosen on. Consumes the corpus, a grid of candidate {@link VolumeBacktest.Scoring}s and a
 * scorer (a profile); emits, for every candidate, its in-sample normalised total at the threshold
 * NAB's sweep picks over the whole corpus, and a leave-one-category-out estimate: for each category,
 * the candidate and threshold that score best on the other categories, applied unchanged to the
 * held-out one. The held-out raw scores add up to a total over every window, normalised as NAB
 * does; the gap between it and the best in-sample total is what choosing on the same data is worth.
 */
public final class NabCrossValidation {

  /** A candidate's in-sample result: per category and in total, at the threshold of the corpus's sweep. */
  public record Candidate(VolumeBacktest.Scoring scoring, NabBenchmark.Result result) {

    public double threshold() {
      return result.threshold();
    }

    public double raw() {
      return result.total().raw();
    }

    public double normalised() {
      return result.total().normalised();
    }
  }

  /** One held-out category: what was chosen without it and what that scores on it. */
  public record Fold(String heldOut, VolumeBacktest.Scoring chosen, double threshold, double raw, int windows) {}

  /** The whole result: candidates (in grid order), the best in-sample one, the folds and their total. */
  public record Result(List<Candidate> candidates, Candidate best, List<Fold> folds, double heldOutNormalised) {}

  private NabCrossValidation() {}

  /** A small grid over the choices {@link VolumeBacktest.Scoring} offers, around the default. */
  public static List<VolumeBacktest.Scoring> grid() {
    return grid(MultiScaleLikelihood.Tail.RANK);
  }

  /**
   * The same grid with each scale's mean judged by {@code tail}: {@link MultiScaleLikelihood.Tail#GAUSSIAN}
   * is the HTM-like variant that was tried and not adopted (README, NAB).
   */
  public static List<VolumeBacktest.Scoring> grid(MultiScaleLikelihood.Tail tail) {
    List<VolumeBacktest.Scoring> grid = new ArrayList<>();
    int[][] scaleSets = {{5}, {1, 6}, {1, 6, 36}, {1, 10, 100}};
    // No seasonal choice: each series takes the seasonal look while its own past shows a daily
    // rhythm, so there is nothing for a fold to choose there (a global choice cost held-out points).
    // The robust history is always on: one anomaly should not hide the next on any data, and every
    // choice left in the grid is one more way for a fold to fit the categories it was chosen on.
    for (boolean both : new boolean[] {false, true}) {
      for (int[] scales : scaleSets) {
        grid.add(new VolumeBacktest.Scoring(true, both, scales, 500, 30, true, tail));
      }
    }
    return grid;
  }

  public static Result run(List<NabCorpus.Data> corpus, List<VolumeBacktest.Scoring> grid, NabScorer scorer,
      VolumeBacktest backtest) {
    // The detectors' tails depend only on their own two choices: judge each series once per pair.
    Map<String, double[]> tails = new HashMap<>();
    List<List<NabScorer.Series>> scored = new ArrayList<>();
    for (VolumeBacktest.Scoring scoring : grid) {
      List<NabScorer.Series> series = new ArrayList<>();
      for (NabCorpus.Data data : corpus) {
        String key = data.name() + "|" + scoring.seasonal() + "|" + scoring.countsAlsoContinuous();
        double[] t = tails.computeIfAbsent(key, k -> backtest.tails(data.timestamps(), data.values(), scoring));
        series.add(data.scored(VolumeBacktest.score(t, scoring)));
      }
      scored.add(series);
    }
    int windows = scorer.windows(scored.get(0));
    List<Candidate> candidates = new ArrayList<>();
    Candidate best = null;
    for (int c = 0; c < grid.size(); c++) {
      Candidate candidate = new Candidate(grid.get(c), NabBenchmark.score(grid.get(c).label(), scored.get(c), scorer));
      candidates.add(candidate);
      if (best == null || candidate.raw() > best.raw() + 1e-12) {
        best = candidate;
      }
    }
    TreeSet<String> categories = new TreeSet<>();
    corpus.forEach(d -> categories.add(category(d.name())));
    List<Fold> folds = new ArrayList<>();
    double heldOutRaw = 0;
    for (String heldOut : categories) {
      int chosen = -1;
      NabScorer.Sweep chosenSweep = null;
      for (int c = 0; c < grid.size(); c++) {
        List<NabScorer.Series> train = scored.get(c).stream().filter(s -> !s.category().equals(heldOut)).toList();
        NabScorer.Sweep sweep = scorer.optimise(train);
        if (chosenSweep == null || sweep.raw() > chosenSweep.raw() + 1e-12) {
          chosen = c;
          chosenSweep = sweep;
        }
      }
      List<NabScorer.Series> test = scored.get(chosen).stream().filter(s -> s.category().equals(heldOut)).toList();
      List<NabScorer.FileScore> files = scorer.score(test, chosenSweep.threshold());
      double raw = files.stream().mapToDouble(NabScorer.FileScore::raw).sum();
      int foldWindows = files.stream().mapToInt(NabScorer.FileScore::windows).sum();
      folds.add(new Fold(heldOut, grid.get(chosen), chosenSweep.threshold(), raw, foldWindows));
      heldOutRaw += raw;
    }
    return new Result(candidates, best, folds, scorer.normalised(heldOutRaw, windows));
  }

  private static String category(String name) {
    int slash = name.indexOf('/');
    return slash < 0 ? "" : name.substring(0, slash);
  }

  /** The candidates' in-sample totals, the folds and the held-out total, as text. */
  public static String table(Result result, NabScorer scorer) {
    StringBuilder out = new StringBuilder();
    out.append("In-sample (parameters and threshold chosen on all categories; per category, then the total):\n");
    for (Candidate c : result.candidates()) {
      out.append(String.format(Locale.ROOT, "  %-62s threshold %.4f ", c.scoring().label(), c.threshold()));
      for (NabBenchmark.Part part : c.result().categories()) {
        out.append(Double.isNaN(part.normalised()) ? String.format(Locale.ROOT, " (raw %.2f)", part.raw())
            : String.format(Locale.ROOT, " %5.1f", part.normalised()));
      }
      out.append(String.format(Locale.ROOT, "  total %5.1f%s%n", c.normalised(), c == result.best() ? "  <- best" : ""));
    }
    out.append("Leave one category out (parameters and threshold chosen on the other categories):\n");
    Map<String, Integer> choices = new LinkedHashMap<>();
    for (Fold f : result.folds()) {
      double normalised = scorer.normalised(f.raw(), f.windows());
      out.append(String.format(Locale.ROOT, "  %-22s %-62s threshold %.4f  %s%n", f.heldOut(), f.chosen().label(),
          f.threshold(), Double.isNaN(normalised) ? String.format(Locale.ROOT, "(raw %.2f)", f.raw())
              : String.format(Locale.ROOT, "%.1f", normalised)));
      choices.merge(f.chosen().label(), 1, Integer::sum);
    }
    out.append(String.format(Locale.ROOT, "Total: in-sample best %.1f, held-out %.1f (%d distinct choices over %d folds)%n",
        result.best().normalised(), result.heldOutNormalised(), choices.size(), result.folds().size()));
    return out.toString();
  }
}
