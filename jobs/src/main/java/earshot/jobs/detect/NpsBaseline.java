package earshot.jobs.detect;

/**
 * A learning baseline of the NPS answer mix: exponentially weighted counts of promoters,
 * detractors and answers. A plain value class (Flink POJO) kept in keyed state.
 */
public class NpsBaseline {

  public double promoters;
  public double detractors;
  public double answers;
  public int windows;
  /** Answers ever learned from, undecayed: the evidence behind the warm-up. */
  public double seen;
  /** Judgements below the baseline in a row, towards a level shift. */
  public LevelRun run = new LevelRun();

  public NpsBaseline() {}

  /** Whether the baseline has seen enough to judge ({@link ProportionBaseline#learned}). */
  boolean learned(DetectorSettings settings) {
    return windows >= Math.min(3, settings.warmupWindows())
        && seen >= (double) settings.warmupWindows() * settings.minSample();
  }

  void restart(double windowPromoters, double windowDetractors, double windowAnswers) {
    promoters = windowPromoters;
    detractors = windowDetractors;
    answers = windowAnswers;
    seen = windowAnswers;
    windows = 1;
    run.reset();
  }

  /** Adopts the run's answer mix as the baseline, weighed by the run's own answers. */
  void adoptRun() {
    promoters = run.first;
    detractors = run.second;
    answers = run.trials;
    run.reset();
    run.levelShifts++;
  }

  /** Promoter share, smoothed toward the scale's middle so it is defined before any answer. */
  double promoterShare() {
    return (promoters + 1.0) / (answers + 3.0);
  }

  double detractorShare() {
    return (detractors + 1.0) / (answers + 3.0);
  }

  /** Baseline NPS, -100 to 100. */
  double nps() {
    return 100.0 * (promoterShare() - detractorShare());
  }

  /** Variance of one answer's score (+1, 0, -1) under the baseline mix. */
  double scoreVariance() {
    double p = promoterShare();
    double d = detractorShare();
    return Math.max(1e-4, p + d - (p - d) * (p - d));
  }

  void learn(double windowPromoters, double windowDetractors, double windowAnswers, double decay) {
    promoters = promoters * decay + windowPromoters;
    detractors = detractors * decay + windowDetractors;
    answers = answers * decay + windowAnswers;
    seen += windowAnswers;
    windows++;
  }
}
