package earshot.jobs.detect;

/**
 * The recovery that count baselines share: warm-up by amount of evidence rather than by the clock,
 * a restart from one window while warming up when the baseline cannot explain that window at all
 * (stray or backfilled records before the steady stream), and the adoption of a change that lasts
 * ({@link LevelRun}) as the new level. Written once here; each baseline keeps its own counts in
 * its own fields (the fields Flink serializes in keyed state, unchanged) and maps them to the
 * run's two counts and trials: a proportion's successes of trials, an NPS mix's promoters and
 * detractors of answers, a mean's sum of values over observations.
 */
public interface RecoveringBaseline {

  /** Windows learned from since the baseline (re)started. */
  int windowsLearned();

  /** Observations ever learned from, undecayed: the evidence behind the warm-up. */
  double evidenceSeen();

  /** Judgements off the baseline in a row, towards a level shift. */
  LevelRun levelRun();

  /** Replaces the baseline's counts: {@code first} and {@code second} out of {@code trials}, as a run holds them. */
  void replaceCounts(double first, double second, double trials);

  /** Sets the warm-up evidence: windows learned from and observations seen. */
  void replaceEvidence(int windows, double seen);

  /**
   * Whether the baseline has seen enough to judge: {@code warmupWindows x minSample} observations
   * and three judgements, however long that takes (a pooled sparse series takes longer, a busy one less).
   */
  default boolean learned(DetectorSettings settings) {
    return windowsLearned() >= Math.min(3, settings.warmupWindows())
        && evidenceSeen() >= (double) settings.warmupWindows() * settings.minSample();
  }

  /** Forgets what was measured against the counts just replaced (a chart's evidence); nothing by default. */
  default void forgetJudgements() {}

  /** Starts again from one window's counts, as if it were the first. */
  default void restart(double first, double second, double trials) {
    replaceCounts(first, second, trials);
    replaceEvidence(1, trials);
    levelRun().reset();
    forgetJudgements();
  }

  /** Adopts the run's level as the baseline, weighed by the run's own evidence, and counts the shift. */
  default void adoptRun() {
    LevelRun run = levelRun();
    replaceCounts(run.first, run.second, run.trials);
    run.reset();
    run.levelShifts++;
    forgetJudgements();
  }

  /**
   * While warming up, restarts from a window the baseline cannot explain at all ({@code |z| >= openZ}).
   *
   * @return whether it restarted (the window is then not learned otherwise)
   */
  default boolean restartIfUnexplained(double z, DetectorSettings settings, double first, double second,
      double trials) {
    if (learned(settings) || Math.abs(z) < settings.openZ()) {
      return false;
    }
    restart(first, second, trials);
    return true;
  }

  /**
   * Once learned, extends the run of judgements off the baseline with this one, and adopts the
   * run's level when it has lasted the bounded time.
   *
   * @param z the judgement's statistic, positive in the alerting direction
   * @return whether the level was adopted (the caller reports {@link Verdict#LEVEL_SHIFT} once)
   */
  default boolean adoptIfLasting(double z, DetectorSettings settings, long windowStart, long windowEnd, double first,
      double second, double trials) {
    if (!learned(settings) || !levelRun().extend(z, windowStart, windowEnd, first, second, trials)) {
      return false;
    }
    adoptRun();
    return true;
  }
}
