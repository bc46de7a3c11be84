package earshot.jobs.detect;

import static org.assertj.core.api.Assertions.assertThat;

import earshot.jobs.metrics.CxMetrics;
import earshot.jobs.metrics.MetricSnapshots;
import earshot.jobs.metrics.Observation;
import earshot.schemas.MetricSnapshot;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Every series detector keeps the promise of {@link SeriesDetector}: one evaluation per type, named as declared. */
class SeriesDetectorTest {

  private static final DetectorSettings SETTINGS = Windows.settings();

  /** A window with answers, texts, waits and transfers, so that every detector has something to judge. */
  private static MetricSnapshot busyWindow(int hour) {
    CxMetrics m = new CxMetrics();
    for (int i = 0; i < 120; i++) {
      Observation o = new Observation();
      o.interactionId = "h" + hour + "-" + i;
      o.nps = i % 5 == 0 ? 3 : 9;
      o.analysed = true;
      o.negative = i % 4 == 0;
      o.sentimentScore = o.negative ? -0.5 : 0.4;
      o.waitSeconds = 60 + (i % 7) * 10;
      o.transfers = i % 10 == 0 ? 1 : 0;
      m.add(o);
    }
    long start = Windows.START + hour * Windows.HOUR;
    return MetricSnapshots.of("channel=CHAT", start, start + Windows.HOUR, 0, m);
  }

  private static <S> void keepsItsPromise(SeriesDetector<S> detector, Supplier<S> state) {
    S s = state.get();
    for (int hour = 0; hour < 30; hour++) {
      List<Evaluation> evaluations = detector.judge(busyWindow(hour), s);
      assertThat(evaluations).hasSameSizeAs(detector.types());
      for (int i = 0; i < evaluations.size(); i++) {
        assertThat(evaluations.get(i).detector()).isEqualTo(detector.types().get(i));
        assertThat(evaluations.get(i).metric()).isIn(detector.metrics());
      }
    }
  }

  @Test
  void everyDetectorReturnsOneEvaluationPerTypeInOrder() {
    keepsItsPromise(new DetractorSpikeDetector(SETTINGS), ProportionBaseline::new);
    keepsItsPromise(new NpsDropDetector(SETTINGS), NpsBaseline::new);
    keepsItsPromise(new SentimentShiftDetector(SETTINGS), CusumState::new);
    keepsItsPromise(new VolumeDetector(SETTINGS), SeasonalCountBaseline::new);
    keepsItsPromise(new ServiceLevelDetector(SETTINGS), ServiceLevelState::new);
    keepsItsPromise(new OverdueShareDetector(SETTINGS), ProportionBaseline::new);
  }

  @Test
  void theStateLearnsThroughTheInterfaceAsThroughTheDetector() {
    // The same windows through judge and through evaluate leave the same baseline behind.
    ProportionBaseline viaInterface = new ProportionBaseline();
    ProportionBaseline direct = new ProportionBaseline();
    DetractorSpikeDetector detector = new DetractorSpikeDetector(SETTINGS);
    for (int hour = 0; hour < 10; hour++) {
      Evaluation a = detector.judge(busyWindow(hour), viaInterface).get(0);
      Evaluation b = detector.evaluate(busyWindow(hour), direct);
      assertThat(a).isEqualTo(b);
    }
    assertThat(viaInterface.windows).isEqualTo(10);
    assertThat(viaInterface.successes).isEqualTo(direct.successes);
  }

  @Test
  void onlyVolumeJudgesSilenceAndOnlySurveyAndTextDetectorsPool() {
    Map<SeriesDetector<?>, String> detectors = Map.of(
        new DetractorSpikeDetector(SETTINGS), "ANSWERS", new NpsDropDetector(SETTINGS), "ANSWERS",
        new SentimentShiftDetector(SETTINGS), "TEXTS", new VolumeDetector(SETTINGS), "none",
        new ServiceLevelDetector(SETTINGS), "none");
    detectors.forEach((detector, pooled) -> {
      assertThat(detector.pooled() == null ? "none" : detector.pooled().name()).as(detector.types().toString())
          .isEqualTo(pooled);
      assertThat(detector.judgesSilentWindows()).isEqualTo(detector instanceof VolumeDetector);
    });
  }
}
