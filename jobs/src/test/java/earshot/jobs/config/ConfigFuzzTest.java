package earshot.jobs.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import earshot.jobs.churn.ChurnSettings;
import earshot.jobs.detect.DetectorSettings;
import earshot.jobs.enrich.EnrichSettings;
import earshot.jobs.signals.SignalsSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;

/**
 * Fuzz target for configuration parsing: a {@code key=value} file ({@code --config FILE}) read,
 * every setting parsed and the typed settings of each job derived from it. Corpus:
 * {@code src/test/resources/earshot/jobs/config/ConfigFuzzTestInputs/file/}.
 *
 * <p>Invariants: a file is either accepted or refused with a {@link ConfigurationException} whose
 * message names the problem; a configuration that was accepted also gives every job's settings
 * (a value the parser accepts must not fail later, when a job starts on a cluster).
 */
class ConfigFuzzTest {

  private static final Path FILE = temporaryFile();

  @FuzzTest
  void file(byte[] input) throws IOException {
    Files.write(FILE, input);
    EarshotConfig config;
    try {
      config = EarshotConfig.builder().file(FILE).build();
    } catch (ConfigurationException expected) {
      assertThat(expected.getMessage()).isNotBlank();
      return;
    }
    try {
      EnrichSettings.from(config);
      SignalsSettings.from(config);
      DetectorSettings.from(config);
      ChurnSettings.from(config);
    } catch (ConfigurationException refused) {
      // Cross-setting rules (one value against another) are checked when the settings are built.
      assertThat(refused.getMessage()).isNotBlank();
    }
    assertThat(config.describe()).hasSameSizeAs(Settings.all());
  }

  private static Path temporaryFile() {
    try {
      return Files.createTempFile("config-fuzz", ".properties");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @AfterAll
  static void removeFile() throws IOException {
    Files.deleteIfExists(FILE);
  }
}
