package earshot.deploy.services;

import static org.assertj.core.api.Assertions.assertThat;

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
}
