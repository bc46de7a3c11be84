package earshot.jobs.detect;

/**
 * A learning baseline of the NPS answer mix: exponentially weighted counts of promoters,
 * detractors and answers. It warms up, restarts and adopts level shifts as a
 * {@link RecoveringBaseline} (promoters and detractors of answers). A plain value class (Flink
 * POJO) kept in keyed state.
 */
public class NpsBaseline implements RecoveringBaseline {

  public double promoters;
  public double detractors;
  public double answers;
  public int windows;
  /** Answers ever learned from, undecayed: the evidence behind the warm-up. */
  public double seen;
  /** Judgements below the baseline in a row, towards a level shift. */
  public LevelRun run = new LevelRun();
  /**
   * Evidence of a moderate change accumulated across windows, for the detectors that chart this
   * baseline (detractor share, NPS); it starts again whenever the baseline does.
   */
  public ZChart chart = new ZChart();

  public NpsBaseline() {}

  @Override
  public int windowsLearned() {
    return windows;
  }

  @Override
  public double evidenceSeen() {
    return seen;
  }

  @Override
  public LevelRun levelRun() {
    return run;
  }

  @Override
  public void forgetJudgements() {
    chart.reset();
  }

  /** Promoters and detractors of answers. */
  @Override
  public void replaceCounts(double first, double second, double trials) {
    promoters = first;
    detractors = second;
    answers = trials;
  }

  @Override
  public void replaceEvidence(int windows, double seen) {
    this.windows = windows;
    this.seen = seen;
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
