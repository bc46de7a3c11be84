package earshot.lab.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import earshot.jobs.config.EarshotConfig;
import earshot.jobs.detect.DetectorSettings;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Fuzz target for the backtest's CSV reader and scorer ({@code ./earshot backtest --input}): the
 * file's bytes as given. Corpus: {@code src/test/resources/earshot/lab/backtest/VolumeBacktestFuzzTestInputs/csv/}.
 *
 * <p>Invariants: a file either parses or fails with an {@link IllegalArgumentException} naming the
 * problem (the command turns it into a usage message); parsed points are in increasing time order
 * with finite counts of zero or more; scoring gives one row per point with a score in [0, 1].
 */
class VolumeBacktestFuzzTest {

  private static final VolumeBacktest BACKTEST = new VolumeBacktest(DetectorSettings.from(EarshotConfig.defaults()));

  @FuzzTest
  void csv(byte[] input) {
    List<String> lines = new String(input, StandardCharsets.UTF_8).lines().toList();
    List<VolumeBacktest.Point> points;
    try {
      points = VolumeBacktest.parse(lines);
    } catch (IllegalArgumentException expected) {
      assertThat(expected.getMessage()).isNotBlank();
      return;
    }
    for (int i = 0; i < points.size(); i++) {
      assertThat(points.get(i).value()).isFinite().isGreaterThanOrEqualTo(0);
      if (i > 0) {
        assertThat(points.get(i).timestamp()).isGreaterThan(points.get(i - 1).timestamp());
      }
    }
    List<VolumeBacktest.Scored> scored = BACKTEST.run(points);
    assertThat(scored).hasSameSizeAs(points);
    for (VolumeBacktest.Scored row : scored) {
      assertThat(row.score()).isBetween(0.0, 1.0);
      assertThat(row.csv()).isNotBlank();
    }
  }
}
