package earshot.jobs.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class EmergingTopicDetectorTest {

  private final EmergingTopicDetector detector = new EmergingTopicDetector(Windows.settings());

  @Test
  void aThemeNeverSeenBeforeEmergesAndACommonOneDoesNot() {
    TermBaselines baseline = new TermBaselines();
    long t = Windows.START;
    for (int w = 0; w < 48; w++, t += Windows.HOUR) {
      Evaluation e = detector.evaluate(Windows.texts("global", t, Windows.HOUR, 200, 40, List.of("bill"), 30), baseline);
      assertThat(e.verdict()).isNotEqualTo(Verdict.ANOMALY);
    }
    Evaluation e = detector.evaluate(Windows.texts("global", t, Windows.HOUR, 200, 40, List.of("login loop"), 15), baseline);
    assertThat(e.verdict()).isEqualTo(Verdict.ANOMALY);
    assertThat(e.metric()).isEqualTo("termShare:login loop");
    assertThat(e.observed()).isEqualTo(15 / 200.0);
  }

  @Test
  void aKnownThemeThatTriplesEmerges() {
    TermBaselines baseline = new TermBaselines();
    long t = Windows.START;
    for (int w = 0; w < 48; w++, t += Windows.HOUR) {
      detector.evaluate(Windows.texts("global", t, Windows.HOUR, 300, 40, List.of("router"), 5), baseline);
    }
    assertThat(detector.evaluate(Windows.texts("global", t, Windows.HOUR, 300, 40, List.of("router"), 30), baseline).verdict())
        .isEqualTo(Verdict.ANOMALY);
  }

  @Test
  void aFewMentionsAreNotATheme() {
    TermBaselines baseline = new TermBaselines();
    long t = Windows.START;
    for (int w = 0; w < 48; w++, t += Windows.HOUR) {
      detector.evaluate(Windows.texts("global", t, Windows.HOUR, 200, 40, List.of("bill"), 30), baseline);
    }
    assertThat(detector.evaluate(Windows.texts("global", t, Windows.HOUR, 200, 40, List.of("rare thing"), 4), baseline).verdict())
        .isNotEqualTo(Verdict.ANOMALY);
  }
}
