package earshot.cli;

import earshot.deploy.cluster.LocalFlinkCluster;
import earshot.deploy.testing.RealServicesExtension;
import earshot.deploy.testing.TestServices;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** What the tests on a real standalone Flink cluster share: the cluster, and a command line pointed at it. */
final class TestClusters {

  private TestClusters() {}

  /**
   * A session cluster on free ports, kept under target/ so its logs can be read after a failure.
   * A port found free can be taken by another process before the cluster binds it; a start that
   * fails is therefore tried once more, on other ports, after printing why the first one failed.
   */
  static LocalFlinkCluster start(String name) throws IOException {
    try {
      return start(name, 1);
    } catch (IOException first) {
      System.out.printf("[%s] first start failed, trying once more on other ports: %s%n", name, first.getMessage());
      return start(name, 2);
    }
  }

  private static LocalFlinkCluster start(String name, int attempt) throws IOException {
    Path dir = Path.of("target", name + "-" + ProcessHandle.current().pid() + (attempt > 1 ? "-" + attempt : ""))
        .toAbsolutePath();
    LocalFlinkCluster cluster = new LocalFlinkCluster(RealServicesExtension.projectHome().resolve(".earshot/dist"), dir,
        LocalFlinkCluster.Ports.free(), 4, "3g");
    long begin = System.nanoTime();
    cluster.start();
    System.out.printf("[%s] Flink session cluster ready in %.1f s at %s%n", name, (System.nanoTime() - begin) / 1e9,
        cluster.endpoint());
    return cluster;
  }

  /** A command line using the test services and the cluster, printing into {@code output}. */
  static Cli cli(TestServices services, LocalFlinkCluster cluster, ByteArrayOutputStream output) {
    PrintStream stream = new PrintStream(output, true, StandardCharsets.UTF_8);
    return new Cli(RealServicesExtension.projectHome(), Map.of(
        "EARSHOT_KAFKA_BOOTSTRAP", services.kafkaBootstrap(),
        "EARSHOT_ES_URL", services.elasticsearchUrl(),
        "EARSHOT_FLINK_URL", cluster.endpoint()), stream, stream);
  }

  /**
   * Waits, checking every second, until the condition holds; past {@code patience} fails with the
   * state described and where the cluster's logs are.
   */
  static void await(LocalFlinkCluster cluster, BooleanSupplier condition, Duration patience, Supplier<String> state)
      throws InterruptedException {
    long deadline = System.nanoTime() + patience.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not reached within " + patience + " (" + state.get()
            + "); see the cluster's logs beside " + cluster.log());
      }
      Thread.sleep(1000);
    }
  }
}
