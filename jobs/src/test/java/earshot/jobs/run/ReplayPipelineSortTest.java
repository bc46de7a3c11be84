package earshot.jobs.run;

import static org.assertj.core.api.Assertions.assertThat;

import earshot.jobs.metrics.CxMetrics;
import earshot.jobs.metrics.MetricSnapshots;
import earshot.jobs.metrics.Observation;
import earshot.schemas.JsonCodec;
import earshot.schemas.MetricSnapshot;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A replay's output file rewritten in order: the records sorted, each line kept as the sink wrote it. */
class ReplayPipelineSortTest {

  private static final long HOUR = 3_600_000L;

  @TempDir
  Path dir;

  private static MetricSnapshot window(String series, long start, int interactions) {
    CxMetrics metrics = new CxMetrics();
    for (int i = 0; i < interactions; i++) {
      Observation o = new Observation();
      o.interactionId = series + "-" + i;
      metrics.add(o);
    }
    return MetricSnapshots.of(series, start, start + HOUR, 0, metrics);
  }

  @Test
  void metricsAreSortedByLengthStartAndSeriesAndTheirLinesKept() throws Exception {
    MetricSnapshot late = window("global", 2 * HOUR, 3);
    MetricSnapshot early = window("channel=CALL", HOUR, 2);
    MetricSnapshot earlyGlobal = window("global", HOUR, 5);
    List<String> written = List.of(JsonCodec.toJson(late), JsonCodec.toJson(earlyGlobal), "", JsonCodec.toJson(early));
    Files.write(dir.resolve(ReplayPipeline.METRICS), written, StandardCharsets.UTF_8);

    List<MetricSnapshot> sorted = ReplayPipeline.sortedMetrics(dir);

    assertThat(sorted).containsExactly(early, earlyGlobal, late);
    assertThat(Files.readAllLines(dir.resolve(ReplayPipeline.METRICS), StandardCharsets.UTF_8))
        .containsExactly(written.get(3), written.get(1), written.get(0));
    assertThat(ReplayPipeline.sortedMetrics(dir.resolve("none"))).as("no file, no records").isEmpty();
  }
}
