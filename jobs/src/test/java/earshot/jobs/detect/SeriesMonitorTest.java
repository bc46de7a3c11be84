package earshot.jobs.detect;

import static org.assertj.core.api.Assertions.assertThat;

import earshot.jobs.metrics.CxMetrics;
import earshot.jobs.metrics.Observation;
import earshot.jobs.metrics.WindowResult;
import earshot.schemas.Alert;
import earshot.schemas.TermCount;
import java.util.ArrayList;
import earshot.schemas.MetricSnapshot;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SeriesMonitorTest {

  private final SeriesMonitor monitor = new SeriesMonitor(Windows.settings(), 0);

  /** 100 texts: {@code negative} of them negative, every one praising, the first {@code charged} about a double charge. */
  private static WindowResult window(int index, int negative, int charged) {
    CxMetrics metrics = new CxMetrics();
    for (int i = 0; i < 100; i++) {
      Observation o = new Observation();
      o.interactionId = "w" + index + "-" + i;
      o.analysed = true;
      o.negative = i < negative;
      o.sentimentScore = o.negative ? -0.6 : 0.4;
      o.intents = List.of("praise");
      List<String> phrases = new ArrayList<>();
      if (i < charged) {
        phrases.add("double charged");
      }
      o.keyPhrases = phrases;
      metrics.add(o);
    }
    long start = Windows.START + index * Windows.HOUR;
    return WindowResult.of("global", start, start + Windows.HOUR, 0, metrics);
  }

  private List<Alert> feed(SeriesState state, WindowResult window) {
    return monitor.onWindow(state, window.snapshot, window.terms);
  }

  @Test
  void anAlertListsOnlyThemesThatRoseNotTheMostFrequentOnes() {
    SeriesState state = new SeriesState();
    for (int w = 0; w < 48; w++) {
      assertThat(feed(state, window(w, 20, w % 8 == 0 ? 1 : 0))).as("window %d", w).isEmpty();
    }
    // One wild window cannot carry the sentiment chart alone: two.
    List<Alert> alerts = new ArrayList<>(feed(state, window(48, 70, 30)));
    alerts.addAll(feed(state, window(49, 70, 30)));
    assertThat(alerts).extracting(Alert::getDetector).contains(SentimentShiftDetector.TYPE, EmergingTopicDetector.TYPE);
    for (Alert alert : alerts) {
      assertThat(alert.getRisingTerms()).extracting(TermCount::getTerm)
          .as(alert.getDetector()).contains("double charged").doesNotContain("praise");
    }
  }

  @Test
  void anAlertWithoutAnyRisingThemeListsNone() {
    SeriesState state = new SeriesState();
    for (int w = 0; w < 48; w++) {
      feed(state, window(w, 20, 0));
    }
    List<Alert> alerts = new ArrayList<>(feed(state, window(48, 70, 0)));
    alerts.addAll(feed(state, window(49, 70, 0)));
    assertThat(alerts).extracting(Alert::getDetector).contains(SentimentShiftDetector.TYPE);
    assertThat(alerts).allSatisfy(alert -> {
      assertThat(alert.getRisingTerms()).isEmpty();
      assertThat(alert.getSummary()).doesNotContain("Rising themes");
    });
  }

  /** {@code texts} texts, each negative with probability {@code negativeShare}. */
  private static WindowResult sparse(int hour, int texts, double negativeShare, java.util.SplittableRandom random) {
    return Windows.textsResult("product=acme", Windows.START + hour * Windows.HOUR, Windows.HOUR, texts,
        Windows.binomial(texts, negativeShare, random), List.of(), 0);
  }

  @Test
  void aSparseSeriesIsJudgedOnPooledWindows() {
    // About 15 texts an hour, below the minimum sample of 20: no single window can be judged.
    SplittableRandom random = new SplittableRandom(7);
    SeriesState state = new SeriesState();
    int falseAlerts = 0;
    int hour = 0;
    for (; hour < 14 * 24; hour++) {
      falseAlerts += feed(state, sparse(hour, 10 + random.nextInt(11), 0.4, random)).size();
    }
    assertThat(falseAlerts).as("alerts in two stable weeks").isZero();
    assertThat(state.sentiment.baseline.windows).as("pooled judgements").isGreaterThan(100);

    // The negative share goes from 40% to 65% for a day.
    int shiftStart = hour;
    int foundAt = -1;
    for (; hour < shiftStart + 24 && foundAt < 0; hour++) {
      for (Alert alert : feed(state, sparse(hour, 10 + random.nextInt(11), 0.65, random))) {
        if (alert.getDetector().equals(SentimentShiftDetector.TYPE)) {
          foundAt = hour;
          assertThat(alert.getWindowSeconds()).as("judged on pooled windows").isGreaterThan(3600);
        }
      }
    }
    assertThat(foundAt).as("hour the shift was found").isBetween(shiftStart, shiftStart + 12);
  }

  @Test
  void anNpsDropInASliceWithAFewAnswersAnHourIsFound() {
    SplittableRandom random = new SplittableRandom(11);
    SeriesState state = new SeriesState();
    int hour = 0;
    for (; hour < 14 * 24; hour++) {
      // About 7 answers an hour, a quarter of them detractors.
      int answers = 4 + random.nextInt(7);
      assertThat(feed(state, nps(hour, answers, Windows.binomial(answers, 0.25, random)))).isEmpty();
    }
    int dropStart = hour;
    int foundAt = -1;
    for (; hour < dropStart + 6 && foundAt < 0; hour++) {
      int answers = 4 + random.nextInt(7);
      if (!feed(state, nps(hour, answers, Windows.binomial(answers, 0.9, random))).isEmpty()) {
        foundAt = hour;
      }
    }
    assertThat(foundAt).as("hour the drop was found").isBetween(dropStart, dropStart + 5);
  }

  private static WindowResult nps(int hour, int answers, int detractors) {
    MetricSnapshot snapshot = Windows.nps("touchpoint=billing|segment=SMB", Windows.START + hour * Windows.HOUR,
        Windows.HOUR, answers, detractors);
    return new WindowResult(snapshot, new java.util.HashMap<>());
  }
}
