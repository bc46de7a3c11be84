package earshot.jobs.detect;

import static org.assertj.core.api.Assertions.assertThat;

import earshot.schemas.MetricSnapshot;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EvidencePoolTest {

  private static MetricSnapshot answers(int hour, int answers, int detractors) {
    return Windows.nps("touchpoint=billing", Windows.START + hour * Windows.HOUR, Windows.HOUR, answers, detractors);
  }

  @Test
  void aWindowWithEnoughEvidenceIsJudgedAsItIs() {
    EvidencePool pool = new EvidencePool();
    MetricSnapshot window = answers(0, 30, 5);
    assertThat(pool.offer(window, EvidencePool.Evidence.ANSWERS, 20)).isSameAs(window);
    assertThat(pool.windows).isZero();
  }

  @Test
  void sparseWindowsArePooledUntilTheyHoldTheMinimumSample() {
    EvidencePool pool = new EvidencePool();
    MetricSnapshot first = answers(0, 8, 2);
    assertThat(pool.offer(first, EvidencePool.Evidence.ANSWERS, 20)).isSameAs(first);
    MetricSnapshot second = answers(1, 8, 2);
    assertThat(pool.offer(second, EvidencePool.Evidence.ANSWERS, 20)).isSameAs(second);
    assertThat(pool.pooled(EvidencePool.Evidence.ANSWERS)).isEqualTo(16);

    MetricSnapshot judged = pool.offer(answers(2, 8, 8), EvidencePool.Evidence.ANSWERS, 20);
    assertThat(judged.getNpsAnswers()).isEqualTo(24);
    assertThat(judged.getDetractors()).isEqualTo(12);
    assertThat(judged.getDetractorShare()).isEqualTo(0.5);
    assertThat(judged.getWindowStart()).isEqualTo(Instant.ofEpochMilli(Windows.START));
    assertThat(judged.getWindowEnd()).isEqualTo(Instant.ofEpochMilli(Windows.START + 3 * Windows.HOUR));
    assertThat(judged.getWindowSeconds()).isEqualTo(3 * 3600);
    // Promoters are half of the non-detractors in each window: 3 + 3 + 0 of 24.
    assertThat(judged.getNps()).isCloseTo(100.0 * (3 + 3 - 12) / 24, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(pool.windows).as("emptied once judged").isZero();
  }

  @Test
  void aWindowWithoutTheEvidenceOpensNoPoolSoASpanStartsWithItsFirstEvidence() {
    EvidencePool pool = new EvidencePool();
    MetricSnapshot none = answers(0, 0, 0);
    assertThat(pool.offer(none, EvidencePool.Evidence.ANSWERS, 20)).isSameAs(none);
    assertThat(pool.start).isEqualTo(Long.MIN_VALUE);
    pool.offer(answers(1, 12, 3), EvidencePool.Evidence.ANSWERS, 20);
    // Once open, a window without answers is part of the span.
    pool.offer(answers(2, 0, 0), EvidencePool.Evidence.ANSWERS, 20);
    MetricSnapshot judged = pool.offer(answers(3, 12, 3), EvidencePool.Evidence.ANSWERS, 20);
    assertThat(judged.getNpsAnswers()).isEqualTo(24);
    assertThat(judged.getWindowStart()).isEqualTo(Instant.ofEpochMilli(Windows.START + Windows.HOUR));
    assertThat(judged.getWindowSeconds()).isEqualTo(3 * 3600);
  }

  @Test
  void evidenceOlderThanADayOfWindowsIsDropped() {
    EvidencePool pool = new EvidencePool();
    pool.offer(answers(0, 15, 3), EvidencePool.Evidence.ANSWERS, 20);
    MetricSnapshot late = answers(EvidencePool.MAX_WINDOWS + 5, 6, 1);
    assertThat(pool.offer(late, EvidencePool.Evidence.ANSWERS, 20)).isSameAs(late);
    assertThat(pool.pooled(EvidencePool.Evidence.ANSWERS)).isEqualTo(6);
    assertThat(pool.start).isEqualTo(late.getWindowStart().toEpochMilli());
  }

  @Test
  void textsArePooledApartFromAnswers() {
    EvidencePool pool = new EvidencePool();
    MetricSnapshot texts = Windows.texts("global", Windows.START, Windows.HOUR, 12, 6, java.util.List.of(), 0);
    pool.offer(texts, EvidencePool.Evidence.TEXTS, 20);
    MetricSnapshot judged = pool.offer(
        Windows.texts("global", Windows.START + Windows.HOUR, Windows.HOUR, 12, 0, java.util.List.of(), 0),
        EvidencePool.Evidence.TEXTS, 20);
    assertThat(judged.getSentimentCount()).isEqualTo(24);
    assertThat(judged.getNegativeShare()).isEqualTo(0.25);
    // 6 texts at -0.6 and 18 at 0.3.
    assertThat(judged.getSentimentMean()).isCloseTo((6 * -0.6 + 18 * 0.3) / 24, org.assertj.core.data.Offset.offset(1e-9));
  }
}
