package earshot.jobs.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class EmergingTopicDetectorTest {

  private final EmergingTopicDetector detector = new EmergingTopicDetector(Windows.settings());

  private Evaluation evaluate(earshot.jobs.metrics.WindowResult window, TermBaselines baseline) {
    return detector.evaluate(window.snapshot, window.terms, baseline);
  }

  @Test
  void aThemeNeverSeenBeforeEmergesAndACommonOneDoesNot() {
    TermBaselines baseline = new TermBaselines();
    long t = Windows.START;
    for (int w = 0; w < 48; w++, t += Windows.HOUR) {
      Evaluation e = evaluate(Windows.textsResult("global", t, Windows.HOUR, 200, 40, List.of("bill"), 30), baseline);
      assertThat(e.verdict()).isNotEqualTo(Verdict.ANOMALY);
    }
    Evaluation e = evaluate(Windows.textsResult("global", t, Windows.HOUR, 200, 40, List.of("login loop"), 15), baseline);
    assertThat(e.verdict()).isEqualTo(Verdict.ANOMALY);
    assertThat(e.metric()).isEqualTo("termShare:login loop");
    assertThat(e.observed()).isEqualTo(15 / 200.0);
  }

  @Test
  void aKnownThemeThatTriplesEmerges() {
    TermBaselines baseline = new TermBaselines();
    long t = Windows.START;
    for (int w = 0; w < 48; w++, t += Windows.HOUR) {
      evaluate(Windows.textsResult("global", t, Windows.HOUR, 300, 40, List.of("router"), 5), baseline);
    }
    assertThat(evaluate(Windows.textsResult("global", t, Windows.HOUR, 300, 40, List.of("router"), 30), baseline).verdict())
        .isEqualTo(Verdict.ANOMALY);
  }

  @Test
  void aThemeBelowTheTopListIsStillLearned() {
    // 'router' is mentioned in 3% of texts: never in a short top list next to thirty commoner
    // phrases, yet part of the baseline, so a window with its usual share is not "emerging".
    TermBaselines baseline = new TermBaselines();
    long t = Windows.START;
    List<String> common = new java.util.ArrayList<>();
    for (int i = 0; i < 30; i++) {
      common.add("common phrase " + i);
    }
    for (int w = 0; w < 48; w++, t += Windows.HOUR) {
      var window = Windows.textsResult("global", t, Windows.HOUR, 1000, 100, common, 500);
      window.terms.put("router", 30L);
      evaluate(window, baseline);
    }
    var usual = Windows.textsResult("global", t, Windows.HOUR, 1000, 100, common, 500);
    usual.terms.put("router", 34L);
    assertThat(usual.snapshot.getTopKeyPhrases()).noneMatch(term -> term.getTerm().equals("router"));
    assertThat(evaluate(usual, baseline).verdict()).isNotEqualTo(Verdict.ANOMALY);
  }

  @Test
  void aFewMentionsAreNotATheme() {
    TermBaselines baseline = new TermBaselines();
    long t = Windows.START;
    for (int w = 0; w < 48; w++, t += Windows.HOUR) {
      evaluate(Windows.textsResult("global", t, Windows.HOUR, 200, 40, List.of("bill"), 30), baseline);
    }
    assertThat(evaluate(Windows.textsResult("global", t, Windows.HOUR, 200, 40, List.of("rare thing"), 4), baseline).verdict())
        .isNotEqualTo(Verdict.ANOMALY);
  }
}
