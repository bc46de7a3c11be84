package earshot.jobs.detect;

import static org.assertj.core.api.Assertions.assertThat;

import earshot.jobs.metrics.CxMetrics;
import earshot.jobs.metrics.Observation;
import earshot.jobs.metrics.WindowResult;
import earshot.schemas.Alert;
import earshot.schemas.TermCount;
import java.time.Duration;
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
          assertThat(alert.getWindowSeconds()).as("the series' window length").isEqualTo(3600);
          assertThat(Duration.between(alert.getWindowStart(), alert.getWindowEnd()))
              .as("judged on pooled windows").isGreaterThan(Duration.ofHours(1));
        }
      }
    }
    assertThat(foundAt).as("hour the shift was found").isBetween(shiftStart, shiftStart + 12);
  }

  @Test
  void aPooledAlertKeepsItsVersionsInOrderDownstream() {
    // Each version of a sparse series' alert is judged on a pool of a different span; downstream the
    // versions are numbered per detector and window length, so that length must not move with the pool.
    SplittableRandom random = new SplittableRandom(7);
    SeriesState state = new SeriesState();
    int hour = 0;
    for (; hour < 14 * 24; hour++) {
      feed(state, sparse(hour, 10 + random.nextInt(11), 0.4, random));
    }
    List<Alert> alerts = new ArrayList<>();
    for (int end = hour + 24; hour < end && alerts.isEmpty(); hour++) {
      alerts.addAll(feed(state, sparse(hour, 10 + random.nextInt(11), 0.7, random)));
    }
    // Back to normal, at fewer texts an hour: the pools that judge the return span more windows.
    for (int end = hour + 4 * 24; hour < end; hour++) {
      alerts.addAll(feed(state, sparse(hour, 5 + random.nextInt(6), 0.4, random)));
    }
    List<Alert> sentiment = alerts.stream().filter(a -> a.getDetector().equals(SentimentShiftDetector.TYPE)).toList();
    assertThat(sentiment.stream().map(a -> Duration.between(a.getWindowStart(), a.getWindowEnd())).distinct().count())
        .as("spans of the versions' pooled evidence").isGreaterThan(1);
    assertThat(sentiment).extracting(Alert::getWindowSeconds).containsOnly(3600L);
    PublishedAlerts.assertPublishedInOrder(sentiment);
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

  /** Themes of a company's complaints and the share of texts that mention each. */
  private static final String[] THEMES = {"double charged", "late delivery", "login loop", "refund request",
      "rude agent", "card declined", "app crash", "wrong item", "long wait", "cancel subscription"};
  private static final double[] SHARES = {0.04, 0.08, 0.03, 0.06, 0.05, 0.02, 0.04, 0.03, 0.07, 0.05};

  /** A window of {@code texts} complaints, 40% negative, each theme mentioned with its share (the first theme times {@code rise}). */
  private static WindowResult complaints(int hour, int texts, double rise, SplittableRandom random) {
    CxMetrics metrics = new CxMetrics();
    for (int i = 0; i < texts; i++) {
      Observation o = new Observation();
      o.interactionId = "c" + hour + "-" + i;
      o.analysed = true;
      o.negative = random.nextDouble() < 0.4;
      o.sentimentScore = o.negative ? -0.6 : 0.3;
      List<String> phrases = new ArrayList<>();
      for (int t = 0; t < THEMES.length; t++) {
        if (random.nextDouble() < SHARES[t] * (t == 0 ? rise : 1.0)) {
          phrases.add(THEMES[t]);
        }
      }
      o.keyPhrases = phrases;
      o.intents = List.of();
      metrics.add(o);
    }
    long start = Windows.START + hour * Windows.HOUR;
    return WindowResult.of("product=acme", start, start + Windows.HOUR, 0, metrics);
  }

  @Test
  void aThemeThatTriplesOnASeriesOfFifteenTextsAnHourIsFoundWithinThirtyHours() {
    // Product series (one dimension) are watched for themes; about 15 texts an hour, so a theme at
    // 4% is mentioned about 14 times a day and never 8 times in one hourly window.
    SeriesMonitor topics = new SeriesMonitor(Windows.settings(), 1);
    SplittableRandom random = new SplittableRandom(21);
    SeriesState state = new SeriesState();
    int hour = 0;
    List<Alert> stable = new ArrayList<>();
    for (; hour < 14 * 24; hour++) {
      WindowResult w = complaints(hour, 10 + random.nextInt(11), 1.0, random);
      stable.addAll(topics.onWindow(state, w.snapshot, w.terms));
    }
    assertThat(stable).as("alerts in two stable weeks").isEmpty();
    assertThat(state.terms.exposure).as("the theme baseline has learned enough to judge").isGreaterThan(2000);

    // 'double charged' goes from 4% to 12% of the texts.
    int riseStart = hour;
    int foundAt = -1;
    for (; hour < riseStart + 36 && foundAt < 0; hour++) {
      WindowResult w = complaints(hour, 10 + random.nextInt(11), 3.0, random);
      for (Alert alert : topics.onWindow(state, w.snapshot, w.terms)) {
        assertThat(alert.getDetector()).isEqualTo(EmergingTopicDetector.TYPE);
        assertThat(alert.getMetric()).isEqualTo("termShare:double charged");
        assertThat(alert.getWindowSeconds()).as("the series' window length").isEqualTo(3600);
        assertThat(Duration.between(alert.getWindowStart(), alert.getWindowEnd()))
            .as("judged on a span of windows").isGreaterThan(Duration.ofHours(1));
        foundAt = hour;
      }
    }
    // The span is the last 24 hours (about 360 texts): the rise shows once most of it is inside.
    assertThat(foundAt).as("hour the rise was found").isBetween(riseStart, riseStart + 30);
  }

  @Test
  void sparseThemeSeriesStayQuietOverManySeeds() {
    // Twenty stable fortnights of a 15-texts-an-hour series: no emerging theme at all.
    SeriesMonitor topics = new SeriesMonitor(Windows.settings(), 1);
    int alerts = 0;
    for (int seed = 0; seed < 20; seed++) {
      SplittableRandom random = new SplittableRandom(1000 + seed);
      SeriesState state = new SeriesState();
      for (int hour = 0; hour < 14 * 24; hour++) {
        WindowResult w = complaints(hour, 10 + random.nextInt(11), 1.0, random);
        alerts += topics.onWindow(state, w.snapshot, w.terms).stream()
            .filter(a -> a.getDetector().equals(EmergingTopicDetector.TYPE)).count();
      }
    }
    assertThat(alerts).as("emerging-topic alerts in 40 series-weeks").isZero();
  }

  private static WindowResult nps(int hour, int answers, int detractors) {
    MetricSnapshot snapshot = Windows.nps("touchpoint=billing|segment=SMB", Windows.START + hour * Windows.HOUR,
        Windows.HOUR, answers, detractors);
    return new WindowResult(snapshot, new java.util.HashMap<>());
  }
}
