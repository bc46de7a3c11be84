package earshot.lab.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pooling the bench's runs of one mode: rates are total interactions over total time, not means of rates. */
class ThroughputTest {

  private static PipelineBenchmark.Breakdown breakdown(double seconds) {
    return new PipelineBenchmark.Breakdown(seconds, List.of(), Map.of(), List.of(),
        new TaskTimeReporter.Checkpoints(0, 0, 0, 0, 0), TaskState.Checkpoint.NONE);
  }

  @Test
  void pooledRatesAreTotalInteractionsOverTotalSeconds() {
    PipelineBenchmark.Throughput fast = new PipelineBenchmark.Throughput(1_000, 1, 1, 0.5, breakdown(1), breakdown(1));
    PipelineBenchmark.Throughput slow = new PipelineBenchmark.Throughput(1_000, 4, 4, 2, breakdown(4), breakdown(4));

    PipelineBenchmark.Throughput pooled = PipelineBenchmark.Throughput.pooled(List.of(fast, slow));

    // 2,000 interactions over 10 s: 200/s, where the mean of the two rates (500 and 125) would say 312.5.
    assertThat(pooled.endToEnd()).isCloseTo(200, within(1e-9));
    assertThat(pooled.interactions() / pooled.signalsWithoutChurnSeconds()).isCloseTo(800, within(1e-9));
    assertThat(pooled.enrich()).isSameAs(slow.enrich());
  }

  @Test
  void nothingToPoolIsAnError() {
    assertThatThrownBy(() -> PipelineBenchmark.Throughput.pooled(List.of())).isInstanceOf(IllegalArgumentException.class);
  }
}
