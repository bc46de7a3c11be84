package earshot.jobs.detect;

import static org.assertj.core.api.Assertions.assertThat;

import earshot.jobs.metrics.CxMetrics;
import earshot.jobs.metrics.Observation;
import earshot.jobs.metrics.WindowResult;
import earshot.schemas.Alert;
import earshot.schemas.TermCount;
import java.util.ArrayList;
import java.util.List;
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
}
