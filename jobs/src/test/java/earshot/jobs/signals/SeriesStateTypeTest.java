package earshot.jobs.signals;

import static org.assertj.core.api.Assertions.assertThat;

import earshot.jobs.detect.SeriesState;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link SeriesState} is keyed state that savepoints carry across upgrades: Flink evolves a POJO
 * by field name, so a field may be added but none of the existing ones renamed, retyped or moved
 * to another class.
 */
class SeriesStateTypeTest {

  @Test
  void keepsEveryFieldItWasSavedWith() {
    Map<String, Class<?>> fields = StateFields.of(SeriesState.class);
    Map<String, Class<?>> saved = new LinkedHashMap<>();
    saved.put("lastWindowEnd", long.class);
    saved.put("silentWindows", int.class);
    saved.put("answerPool.npsAnswers", long.class);
    saved.put("textPool.sentimentSum", double.class);
    saved.put("detractors.successes", double.class);
    saved.put("detractors.trials", double.class);
    saved.put("detractors.windows", int.class);
    saved.put("detractors.seen", double.class);
    saved.put("detractors.run.first", double.class);
    saved.put("detractors.run.levelShifts", int.class);
    saved.put("nps.promoters", double.class);
    saved.put("nps.detractors", double.class);
    saved.put("nps.answers", double.class);
    saved.put("nps.seen", double.class);
    saved.put("nps.run.second", double.class);
    saved.put("sentiment.sum", double.class);
    saved.put("sentiment.baseline.successes", double.class);
    saved.put("sentiment.baseline.run.start", long.class);
    saved.put("detractorSpike.open", boolean.class);
    saved.put("volumeSurge.open", boolean.class);
    saved.put("serviceLevel.wait.mean", double.class);
    saved.put("serviceLevel.wait.unitVariance", double.class);
    saved.put("serviceLevel.wait.weight", double.class);
    saved.put("serviceLevel.wait.windows", int.class);
    saved.put("serviceLevel.transfers.trials", double.class);
    saved.put("serviceLevelTrack.open", boolean.class);
    assertThat(fields).containsAllEntriesOf(saved);
  }
}
