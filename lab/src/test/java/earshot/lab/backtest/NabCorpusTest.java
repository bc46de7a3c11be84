package earshot.lab.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A corpus folder someone else put together: every flaw is named with its file and place. */
class NabCorpusTest {

  private static final String SERIES = "timestamp,value\n2015-01-01 00:00:00,1.5\n2015-01-01 00:05:00,-2\n";

  private static Path corpus(Path dir, String windows, String series) throws Exception {
    Files.writeString(dir.resolve("combined_windows.json"), windows);
    Files.createDirectories(dir.resolve("cat"));
    Files.writeString(dir.resolve("cat/a.csv"), series);
    return dir;
  }

  @Test
  void readsSeriesAndWindows(@TempDir Path dir) throws Exception {
    var data = NabCorpus.read(corpus(dir, "{\"cat/a.csv\": [[\"2015-01-01 00:00:00.000000\", \"2015-01-01 00:05:00\"]]}",
        SERIES));
    assertThat(data).hasSize(1);
    assertThat(data.get(0).name()).isEqualTo("cat/a.csv");
  }

  @Test
  void aWindowThatIsNotAPairOfTimesIsNamed(@TempDir Path dir) throws Exception {
    corpus(dir, "{\"cat/a.csv\": [[\"bad\", \"2015\"]]}", SERIES);
    assertThatThrownBy(() -> NabCorpus.read(dir)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("combined_windows.json").hasMessageContaining("cat/a.csv");
    corpus(dir, "{\"cat/a.csv\": [\"2015-01-01 00:00:00\"]}", SERIES);
    assertThatThrownBy(() -> NabCorpus.read(dir)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not [start, end]");
  }

  @Test
  void aBadDataRowIsNamedWithItsFile(@TempDir Path dir) throws Exception {
    corpus(dir, "{\"cat/a.csv\": []}", "timestamp,value\n2015-01-01 00:00:00,1\ngarbage\n");
    assertThatThrownBy(() -> NabCorpus.read(dir)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a.csv: data row 2").hasMessageContaining("garbage");
  }

  @Test
  void anEmptyOrColumnlessResultsFileIsNamed(@TempDir Path dir) throws Exception {
    Path empty = Files.writeString(dir.resolve("empty.csv"), "");
    assertThatThrownBy(() -> NabCorpus.anomalyScores(empty, -1)).hasMessageContaining("is empty");
    Path bad = Files.writeString(dir.resolve("bad.csv"), "timestamp,value,anomaly_score\n2015-01-01 00:00:00,1,x\n");
    assertThatThrownBy(() -> NabCorpus.anomalyScores(bad, -1)).hasMessageContaining("line 2");
  }
}
