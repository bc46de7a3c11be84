package earshot.lab.bench;

import static org.assertj.core.api.Assertions.assertThat;

import earshot.jobs.config.EarshotConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The churn benchmark on a small population, on a real MiniCluster with RocksDB: both phases end,
 * the full checkpoint holds the journeys, and the figures are printed. Speed is not judged here.
 */
class ChurnBenchmarkITCase {

  @Test
  void measuresBothPhasesAndTheStateOfEveryCustomer() throws Exception {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    ChurnBenchmark benchmark = new ChurnBenchmark(EarshotConfig.defaults(),
        new PrintStream(printed, true, StandardCharsets.UTF_8));

    ChurnBenchmark.Result result = benchmark.run(20_000, 1);
    benchmark.print(result);

    assertThat(result.backend()).isEqualTo("rocksdb");
    assertThat(result.customers()).isEqualTo(20_000);
    assertThat(result.contacts()).isEqualTo(40_000);
    // Phases are timed by watermarks (every 200 ms): a short one may take no measurable time.
    assertThat(result.growSeconds()).isNotNegative();
    assertThat(result.steadySeconds()).isNotNegative();
    assertThat(result.growSeconds() + result.steadySeconds()).isPositive();
    // Every customer has a journey in state: at the very least a key and a timestamp each.
    assertThat(result.checkpointBytes()).isGreaterThan(20_000L * 16);
    assertThat(result.bytesByOperator()).isNotEmpty()
        .anySatisfy((operator, bytes) -> assertThat(operator).containsIgnoringCase("journey"));
    assertThat(printed.toString(StandardCharsets.UTF_8))
        .contains("20,000 new customers, one contact each")
        .contains("bytes per customer")
        .contains("(rocksdb)");
  }
}
