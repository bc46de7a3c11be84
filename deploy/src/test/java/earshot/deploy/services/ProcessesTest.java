package earshot.deploy.services;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ProcessesTest {

  @Test
  void freePortsAreDifferentAndFreeWhenReturned() {
    // Many at once: asked for one by one, the system may give a port it has just released again.
    int[] ports = Processes.freePorts(64);
    assertThat(Arrays.stream(ports).distinct().count()).isEqualTo(64);
    for (int port : ports) {
      assertThat(port).isBetween(1, 65_535);
      assertThat(Processes.free(port)).as("port %d", port).isTrue();
    }
  }

  /** A port the system may hand to any process binding port 0 is never chosen, so no such process can take it. */
  @Test
  void freePortsLieBelowTheSystemsOwnRange() throws IOException {
    int[] ephemeral = Processes.ephemeralRange();
    assertThat(ephemeral[0]).isLessThanOrEqualTo(ephemeral[1]);
    Path linux = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    if (Files.exists(linux)) {
      assertThat(ephemeral).as("the range the system gives").containsExactly(
          Arrays.stream(Files.readAllLines(linux).get(0).trim().split("\\s+")).mapToInt(Integer::parseInt).toArray());
    }
    if (ephemeral[0] > 12_000) {
      assertThat(Arrays.stream(Processes.freePorts(16)).boxed().toList())
          .allSatisfy(port -> assertThat(port).isBetween(10_000, ephemeral[0] - 1));
    }
  }
}
