package earshot.lab.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class NabScorerTest {

  private static final NabScorer STANDARD = new NabScorer(NabScorer.CostMatrix.STANDARD);

  /** The repository's data/nab, found from the module's folder. */
  static Path nabData() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isDirectory(dir.resolve("data/nab"))) {
      dir = dir.getParent();
    }
    assertThat(dir).as("a parent folder holding data/nab").isNotNull();
    return dir.resolve("data/nab");
  }

  private static NabCorpus.Data series(String name) throws IOException {
    return NabCorpus.read(nabData()).stream().filter(d -> d.name().equals(name)).findFirst().orElseThrow();
  }

  private static Path resource(String file) throws Exception {
    return Path.of(NabScorerTest.class.getResource("/nab/" + file).toURI());
  }

  @Test
  void reproducesThePublishedStandardScoreOfHtmOnATrafficSeries() throws Exception {
    NabCorpus.Data data = series("realTraffic/speed_7578.csv");
    double[] scores = NabCorpus.anomalyScores(resource("numenta_speed_7578.csv"), data.timestamps().length);
    // NAB's results/numenta/numenta_standard_scores.csv: threshold 0.5421876907348634, score 3.19572468045.
    NabScorer.FileScore score = STANDARD.score(data.scored(scores), 0.5421876907348634);
    assertThat(score.raw()).isCloseTo(3.19572468045, within(1e-6));
    assertThat(score.windows()).isEqualTo(4);
  }

  @Test
  void reproducesThePublishedStandardScoreOfArTimeOnAnAdExchangeSeries() throws Exception {
    NabCorpus.Data data = series("realAdExchange/exchange-4_cpc_results.csv");
    double[] scores = NabCorpus.anomalyScores(resource("ARTime_exchange-4_cpc_results.csv"), data.timestamps().length);
    // NAB's results/ARTime/ARTime_standard_scores.csv: threshold 0.317486, score 2.046652209252552,
    // TP 3, TN 1229, FP 3, FN 162 (rows after probation).
    NabScorer.FileScore score = STANDARD.score(data.scored(scores), 0.317486);
    assertThat(score.raw()).isCloseTo(2.046652209252552, within(1e-6));
    assertThat(List.of(score.tp(), score.tn(), score.fp(), score.fn())).containsExactly(3, 1229, 3, 162);
  }

  @Test
  void reproducesThePublishedScoresOfTheOtherTwoProfiles() throws Exception {
    NabScorer lowFp = new NabScorer(NabCorpus.profile(nabData(), "reward_low_FP_rate"));
    NabScorer lowFn = new NabScorer(NabCorpus.profile(nabData(), "reward_low_FN_rate"));
    assertThat(lowFp.costs()).isEqualTo(new NabScorer.CostMatrix(1.0, 0.22, 1.0));
    assertThat(lowFn.costs()).isEqualTo(new NabScorer.CostMatrix(1.0, 0.11, 2.0));
    NabCorpus.Data traffic = series("realTraffic/speed_7578.csv");
    NabScorer.Series htm = traffic.scored(NabCorpus.anomalyScores(resource("numenta_speed_7578.csv"),
        traffic.timestamps().length));
    // NAB's results/numenta/numenta_reward_low_FP_rate_scores.csv: threshold 0.575195503235, score
    // 3.06755940455, TP 4, TN 840, FP 2, FN 112; ..._reward_low_FN_rate_scores.csv: threshold
    // 0.542187690735, score 3.19572468045 (every window found, so the FN weight costs nothing).
    NabScorer.FileScore fp = lowFp.score(htm, 0.575195503235);
    assertThat(fp.raw()).isCloseTo(3.06755940455, within(1e-6));
    assertThat(List.of(fp.tp(), fp.tn(), fp.fp(), fp.fn())).containsExactly(4, 840, 2, 112);
    assertThat(lowFn.score(htm, 0.542187690735).raw()).isCloseTo(3.19572468045, within(1e-6));
    NabCorpus.Data exchange = series("realAdExchange/exchange-4_cpc_results.csv");
    NabScorer.Series arTime = exchange.scored(NabCorpus.anomalyScores(resource("ARTime_exchange-4_cpc_results.csv"),
        exchange.timestamps().length));
    // NAB's results/ARTime/ARTime_reward_low_FP_rate_scores.csv: threshold 0.317585, score 1.7166572758976146.
    assertThat(lowFp.score(arTime, 0.317585).raw()).isCloseTo(1.7166572758976146, within(1e-6));
    // A missed window costs the FN weight: twice the standard profile's.
    double[] none = new double[exchange.timestamps().length];
    assertThat(lowFn.score(exchange.scored(none), 0.5).raw())
        .isEqualTo(2 * STANDARD.score(exchange.scored(none), 0.5).raw()).isNegative();
  }

  @Test
  void theEarliestDetectionInAWindowEarnsTheFullRewardAndLateOnesLess() {
    long[] t = new long[100];
    for (int i = 0; i < t.length; i++) {
      t[i] = i * 60_000L;
    }
    List<NabScorer.Window> windows = List.of(new NabScorer.Window(t[50], t[59]));
    double[] atStart = new double[100];
    atStart[50] = 1;
    double[] atEnd = new double[100];
    atEnd[59] = 1;
    double[] both = atStart.clone();
    both[55] = 1;
    assertThat(STANDARD.score(new NabScorer.Series("a/x.csv", t, atStart, windows), 0.5).raw()).isCloseTo(1.0, within(1e-9));
    double late = STANDARD.score(new NabScorer.Series("a/x.csv", t, atEnd, windows), 0.5).raw();
    assertThat(late).isBetween(0.0, 0.5);
    assertThat(STANDARD.score(new NabScorer.Series("a/x.csv", t, both, windows), 0.5).raw())
        .as("a second detection in the same window adds nothing").isCloseTo(1.0, within(1e-9));
    double[] none = new double[100];
    assertThat(STANDARD.score(new NabScorer.Series("a/x.csv", t, none, windows), 0.5).raw()).isEqualTo(-1.0);
    double[] falseAlarm = new double[100];
    falseAlarm[30] = 1;
    assertThat(STANDARD.score(new NabScorer.Series("a/x.csv", t, falseAlarm, windows), 0.5).raw())
        .as("a miss and a false positive before the window").isCloseTo(-1.11, within(1e-9));
    double[] inProbation = new double[100];
    inProbation[3] = 1;
    assertThat(STANDARD.score(new NabScorer.Series("a/x.csv", t, inProbation, windows), 0.5).fp())
        .as("the first 15% of rows are not scored").isZero();
  }

  @Test
  void theSweepFindsTheBestThresholdThatAnExhaustiveSearchFinds() throws Exception {
    List<NabScorer.Series> corpus = new ArrayList<>();
    NabCorpus.Data traffic = series("realTraffic/speed_7578.csv");
    corpus.add(traffic.scored(NabCorpus.anomalyScores(resource("numenta_speed_7578.csv"), traffic.timestamps().length)));
    NabCorpus.Data exchange = series("realAdExchange/exchange-4_cpc_results.csv");
    corpus.add(exchange.scored(
        NabCorpus.anomalyScores(resource("ARTime_exchange-4_cpc_results.csv"), exchange.timestamps().length)));
    NabScorer.Sweep sweep = STANDARD.optimise(corpus);
    double bestRaw = Double.NEGATIVE_INFINITY;
    double[] thresholds = corpus.stream().flatMapToDouble(s -> Arrays.stream(s.scores())).distinct().toArray();
    for (double threshold : thresholds) {
      double raw = STANDARD.score(corpus, threshold).stream().mapToDouble(NabScorer.FileScore::raw).sum();
      bestRaw = Math.max(bestRaw, raw);
    }
    assertThat(sweep.raw()).isCloseTo(bestRaw, within(1e-9));
    double atSweep = STANDARD.score(corpus, sweep.threshold()).stream().mapToDouble(NabScorer.FileScore::raw).sum();
    assertThat(atSweep).isCloseTo(sweep.raw(), within(1e-9));
    assertThat(STANDARD.normalised(-STANDARD.windows(corpus), STANDARD.windows(corpus))).isZero();
    assertThat(STANDARD.normalised(STANDARD.windows(corpus), STANDARD.windows(corpus))).isEqualTo(100.0);
  }
}
