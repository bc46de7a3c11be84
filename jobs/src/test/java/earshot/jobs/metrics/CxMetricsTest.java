package earshot.jobs.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import earshot.schemas.MetricSnapshot;
import java.util.List;
import org.junit.jupiter.api.Test;

class CxMetricsTest {

  private static Observation answer(String id, Integer nps, Integer csat, Integer ces) {
    Observation o = new Observation();
    o.interactionId = id;
    o.nps = nps;
    o.csat = csat;
    o.ces = ces;
    return o;
  }

  @Test
  void anEmptyWindowHasCountsButNoRates() {
    MetricSnapshot m = MetricSnapshots.of("global", 0, 300_000, 0, new CxMetrics());
    assertThat(m.getInteractions()).isZero();
    assertThat(m.getNps()).isNull();
    assertThat(m.getNpsLow()).isNull();
    assertThat(m.getCsat()).isNull();
    assertThat(m.getCesMean()).isNull();
    assertThat(m.getSentimentMean()).isNull();
    assertThat(m.getTransferRate()).isNull();
    assertThat(m.getWindowSeconds()).isEqualTo(300);
  }

  @Test
  void aSingleAnswerWindow() {
    MetricSnapshot m = MetricSnapshots.of("global", 0, 300_000, 0, new CxMetrics().add(answer("a", 6, 4, 2)));
    assertThat(m.getNps()).isEqualTo(-100.0);
    assertThat(m.getDetractors()).isEqualTo(1);
    assertThat(m.getCsat()).isEqualTo(100.0);
    assertThat(m.getCesMean()).isEqualTo(2.0);
    assertThat(m.getSurveyAnswers()).isEqualTo(1);
  }

  @Test
  void metricsAreComputedFromTheAnswers() {
    CxMetrics m = new CxMetrics();
    m.add(answer("1", 10, 5, 1)).add(answer("2", 9, 4, 2)).add(answer("3", 7, 3, 3)).add(answer("4", 2, 1, 7))
        .add(answer("5", null, null, null));
    MetricSnapshot s = MetricSnapshots.of("channel=CHAT", 0, 3_600_000, 0, m);
    // 2 promoters, 1 passive, 1 detractor of 4: NPS 25; CSAT 2 of 4 satisfied: 50%; CES (1+2+3+7)/4 = 3.25.
    assertThat(s.getNps()).isEqualTo(25.0);
    assertThat(s.getCsat()).isEqualTo(50.0);
    assertThat(s.getCesMean()).isEqualTo(3.25);
    assertThat(s.getInteractions()).isEqualTo(5);
    assertThat(s.getSurveyAnswers()).isEqualTo(4);
    assertThat(s.getDimensions()).containsEntry("channel", "CHAT");
    assertThat(s.getMetricId()).isEqualTo("channel=CHAT|3600s|1970-01-01T00:00:00Z");
  }

  /** The {@code i}-th of a series of answers with a read text, a transfer count, a wait and an intent. */
  private static Observation answered(int i) {
    Observation o = answer("i" + i, i % 11, 1 + i % 5, 1 + i % 7);
    o.analysed = true;
    o.sentimentScore = (i % 5 - 2) / 2.0;
    o.negative = o.sentimentScore < 0;
    o.transfers = i % 3;
    o.waitSeconds = i * 10;
    o.intents = List.of(i % 2 == 0 ? "complaint" : "refund");
    return o;
  }

  @Test
  void mergingPartialTotalsEqualsAddingEverything() {
    CxMetrics all = new CxMetrics();
    CxMetrics left = new CxMetrics();
    CxMetrics right = new CxMetrics();
    for (int i = 0; i < 20; i++) {
      Observation o = answered(i);
      all.add(o);
      (i < 9 ? left : right).add(o);
    }
    MetricSnapshot expected = MetricSnapshots.of("global", 0, 300_000, 0, all);
    MetricSnapshot merged = MetricSnapshots.of("global", 0, 300_000, 0, left.merge(right));
    assertThat(merged).isEqualTo(expected);
    assertThat(expected.getTopIntents()).extracting(t -> t.getTerm()).containsExactly("complaint", "refund");
    assertThat(expected.getTransferRate()).isEqualTo(13 / 20.0);
    assertThat(expected.getWaitMeanSeconds()).isEqualTo(95.0);
  }

  @Test
  void aCopyHoldsEveryTotalAndSharesNothingThatChanges() {
    CxMetrics original = new CxMetrics();
    for (int i = 0; i < 12; i++) {
      Observation o = answered(i);
      o.keyPhrases = List.of("phrase " + i % 4);
      o.text = "text " + i;
      original.add(o);
      original.breakdown.total.add(o);
    }
    CxMetrics copy = original.copy();
    assertThat(copy).usingRecursiveComparison().isEqualTo(original);

    copy.add(answer("more", 0, 1, 7));
    copy.breakdown.total.interactions++;
    assertThat(original.interactions).isEqualTo(12);
    assertThat(original.npsAnswers()).isEqualTo(12);
    assertThat(original.breakdown.total.interactions).isEqualTo(12);
    assertThat(original.intents).isNotSameAs(copy.intents);
    assertThat(original.keyPhrases).isNotSameAs(copy.keyPhrases);
    assertThat(original.examples).isNotSameAs(copy.examples);
  }

  @Test
  void keepsTheMostNegativeExamples() {
    CxMetrics m = new CxMetrics();
    for (int i = 0; i < 12; i++) {
      Observation o = answer("i" + i, null, null, null);
      o.analysed = true;
      o.sentimentScore = -i / 12.0;
      o.text = "text " + i;
      m.add(o);
    }
    assertThat(m.examples).extracting(o -> o.interactionId).containsExactly("i11", "i10", "i9", "i8", "i7");
  }

  @Test
  void mergingKeepsTheBoundOnDistinctKeyPhrasesThatAddingKeeps() {
    CxMetrics full = new CxMetrics();
    CxMetrics part = new CxMetrics();
    for (int i = 0; i < CxMetrics.MAX_PHRASES; i++) {
      full.keyPhrases.put("phrase " + i, 1L);
      part.keyPhrases.put("other " + i, 1L);
    }
    part.keyPhrases.put("phrase 7", 4L);
    full.merge(part);
    assertThat(full.keyPhrases).hasSize(CxMetrics.MAX_PHRASES).doesNotContainKey("other 0");
    assertThat(full.keyPhrases.get("phrase 7")).as("a phrase already counted still adds up").isEqualTo(5L);
  }
}
