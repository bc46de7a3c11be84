package earshot.lab.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import earshot.jobs.config.EarshotConfig;
import earshot.jobs.detect.DetectorSettings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The backtest's anomaly score on the NAB categories in the repository, with NAB's rules. */
class NabBenchmarkTest {

  private static final NabScorer STANDARD = new NabScorer(NabScorer.CostMatrix.STANDARD);
  /** Well above what flagging nothing (0) or flagging at random gets; well below the score measured. */
  private static final double BAR = 50;

  private static List<NabCorpus.Data> corpus;
  private static List<NabScorer.Series> detector;

  @BeforeAll
  static void score() throws Exception {
    corpus = NabCorpus.read(NabScorerTest.nabData());
    VolumeBacktest backtest = new VolumeBacktest(DetectorSettings.from(EarshotConfig.defaults()));
    detector = new ArrayList<>();
    for (NabCorpus.Data data : corpus) {
      detector.add(data.scored(backtest.scores(data.timestamps(), data.values())));
    }
  }

  private static double total(List<NabScorer.Series> series) {
    return NabBenchmark.score("x", series, STANDARD).total().normalised();
  }

  @Test
  void theDetectorScoresFarAboveFlaggingNothingOrFlaggingAtRandom() {
    List<NabScorer.Series> nothing = new ArrayList<>();
    List<NabScorer.Series> random = new ArrayList<>();
    SplittableRandom rng = new SplittableRandom(7);
    for (NabCorpus.Data data : corpus) {
      nothing.add(data.scored(new double[data.timestamps().length]));
      random.add(data.scored(rng.doubles(data.timestamps().length).toArray()));
    }
    // The trivial baselines must fail the same bar, or the bar proves nothing.
    assertThat(total(nothing)).isZero().isLessThan(BAR);
    assertThat(total(random)).isLessThan(BAR - 20);
    assertThat(total(detector)).isGreaterThan(BAR);
  }

  @Test
  void scoresDoNotSaturateOnTheArtificialSeries() {
    long rows = 0;
    long high = 0;
    for (NabScorer.Series series : detector) {
      if (!series.category().startsWith("artificial")) {
        continue;
      }
      double[] scores = series.scores();
      double max = Arrays.stream(scores).max().orElse(0);
      long atMax = Arrays.stream(scores).filter(s -> s == max).count();
      if (max == 0) {
        assertThat(atMax).as(series.name() + ": a series that never scored").isEqualTo(scores.length);
      } else {
        assertThat(atMax).as(series.name() + ": rows at its highest score").isLessThan(scores.length / 100);
      }
      assertThat(max).isLessThan(1.0);
      rows += scores.length;
      high += Arrays.stream(scores).filter(s -> s >= 0.9).count();
    }
    assertThat(rows).isGreaterThan(40_000);
    assertThat(high).as("rows scoring 0.9 or more").isLessThan(rows / 100);
  }
}
