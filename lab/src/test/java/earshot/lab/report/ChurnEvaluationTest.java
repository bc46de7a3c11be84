package earshot.lab.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import earshot.jobs.identity.IdentityHasher;
import earshot.lab.churn.ChurnReplay;
import earshot.lab.generator.PlantedChurner;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChurnEvaluationTest {

  private static final long DAY = 86_400_000L;
  private static final Instant T0 = Instant.parse("2026-11-02T00:00:00Z");
  private static final IdentityHasher HASHER = new IdentityHasher("a-secret-of-the-test-only");

  @Test
  void aucCountsPairsAndTiesHalf() {
    // 0.9 beats all three; 0.4 beats 0.1, ties 0.4, loses to 0.5: 4.5 of 6 pairs.
    assertThat(ChurnEvaluation.auc(new double[] {0.9, 0.4}, new double[] {0.5, 0.1, 0.4})).isEqualTo(0.75);
    assertThat(ChurnEvaluation.auc(new double[] {1, 2}, new double[] {3, 4})).isEqualTo(0.0);
    assertThat(ChurnEvaluation.auc(new double[] {5}, new double[] {5, 5})).isEqualTo(0.5);
    assertThat(ChurnEvaluation.auc(new double[] {}, new double[] {1})).isNaN();
  }

  @Test
  void aSmallKnownStreamGivesTheExactFigures() {
    // A churns on day 3, flagged on day 1; B is flagged on day 2 for saying they would cancel, and
    // stays; C churns on day 2 without a flag; D stays, unflagged.
    String a = HASHER.customerKey("a");
    String b = HASHER.customerKey("b");
    String c = HASHER.customerKey("c");
    String d = HASHER.customerKey("d");
    Map<String, ChurnReplay.Trace> traces = new LinkedHashMap<>();
    traces.put(a, ChurnReplay.Trace.of(new long[] {at(0.5), at(1.5)}, new double[] {50, 80}, new long[] {}));
    traces.put(b, ChurnReplay.Trace.of(new long[] {at(1), at(2)}, new double[] {70, 75},
        new long[] {at(0.1), at(0.2), at(0.3)}));
    traces.put(c, ChurnReplay.Trace.of(new long[] {at(0.5)}, new double[] {10}, new long[] {at(0.5)}));
    traces.put(d, ChurnReplay.Trace.of(new long[] {at(0)}, new double[] {0}, new long[] {}));
    Map<String, ChurnReplay.Flag> flags = new LinkedHashMap<>();
    flags.put(a, new ChurnReplay.Flag(at(1), List.of("REPEAT_CONTACT")));
    flags.put(b, new ChurnReplay.Flag(at(2), List.of("CANCEL_INTENT")));
    List<ChurnReplay.Snapshot> snapshots = List.of(
        new ChurnReplay.Snapshot(at(1), Map.of(a, 80.0, b, 70.0, c, 10.0, d, 0.0)),
        new ChurnReplay.Snapshot(at(2), Map.of(a, 60.0, b, 75.0, c, 5.0, d, 0.0)));
    ChurnReplay.Result result = new ChurnReplay.Result(traces, flags, List.of(), snapshots, 7, 0, at(0), at(2));
    List<PlantedChurner> truth = List.of(churner("a", 3), churner("c", 2));

    ChurnEvaluation evaluation = ChurnEvaluation.evaluate(result, truth, HASHER, at(10), 1, Duration.ofDays(3));

    assertThat(evaluation.churners()).isEqualTo(2);
    assertThat(evaluation.customers()).isEqualTo(4);
    assertThat(evaluation.flagged()).isEqualTo(2);
    assertThat(evaluation.precision()).isEqualTo(0.5);
    assertThat(evaluation.recall()).isEqualTo(0.5);
    assertThat(evaluation.medianLead()).isEqualTo(Duration.ofDays(2));
    assertThat(evaluation.falseOnStatedIntent()).as("B said so, but stayed").isEqualTo(1);
    assertThat(evaluation.flaggedLate()).isZero();
    // Day 1: top 1 by score is A (cancels within 3 days): a hit; C and A of 4 leave: base rate 0.5.
    // Day 2: C has gone; top 1 is B: a miss; A of 3 leaves. Baseline: B both days, a miss.
    assertThat(evaluation.score().days()).isEqualTo(2);
    assertThat(evaluation.score().precisionAtK()).isEqualTo(0.5);
    assertThat(evaluation.score().baseRate()).isCloseTo((0.5 + 1 / 3.0) / 2, within(1e-12));
    assertThat(evaluation.baseline().precisionAtK()).isEqualTo(0.0);
    // Last scores before the cutoff: churned A 80, C 10; stayed B 75, D 0: 3 of 4 pairs.
    assertThat(evaluation.score().auc()).isEqualTo(0.75);
    // Negative contacts: churned A 0, C 1; stayed B 3, D 0: 0.5 + 1 of 4 pairs.
    assertThat(evaluation.baseline().auc()).isEqualTo(0.375);
    assertThat(evaluation.lines()).anyMatch(l -> l.startsWith("  precision at the alert threshold") && l.contains("50.0% (1 of 2)"));
  }

  @Test
  void aFlagAtTheCancellationIsNotAhead() {
    String a = HASHER.customerKey("a");
    ChurnReplay.Result result = new ChurnReplay.Result(Map.of(a, ChurnReplay.Trace.of(new long[] {at(3)},
        new double[] {90}, new long[] {})), Map.of(a, new ChurnReplay.Flag(at(3), List.of("CANCEL_INTENT"))), List.of(),
        List.of(), 1, 0, at(0), at(3));
    ChurnEvaluation evaluation = ChurnEvaluation.evaluate(result, List.of(churner("a", 3)), HASHER, at(10), 50,
        Duration.ofDays(7));
    assertThat(evaluation.precision()).isEqualTo(0.0);
    assertThat(evaluation.recall()).isEqualTo(0.0);
    assertThat(evaluation.flaggedLate()).isEqualTo(1);
    assertThat(evaluation.medianLead()).isNull();
  }

  private static long at(double days) {
    return T0.toEpochMilli() + (long) (days * DAY);
  }

  private static PlantedChurner churner(String id, double day) {
    Instant at = Instant.ofEpochMilli(at(day));
    return new PlantedChurner(id, at.minus(Duration.ofDays(1)), at, null, "latent", "experience");
  }
}
