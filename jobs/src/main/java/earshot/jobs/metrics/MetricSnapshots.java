package earshot.jobs.metrics;

import earshot.schemas.MetricSnapshot;
import earshot.schemas.TermCount;
import earshot.schemas.Verbatim;
import java.time.Instant;
import java.util.List;

/** Turns a window's {@link CxMetrics} into the published {@link MetricSnapshot}. */
public final class MetricSnapshots {

  /** Intents listed per window: all of them in practice (the rules define a few dozen at most). */
  public static final int TOP_TERMS = 30;
  /** Key phrases listed per window (the detectors see every phrase, see {@link WindowResult}). */
  public static final int TOP_PHRASES = 20;

  private MetricSnapshots() {}

  /** Deterministic id: replays and late updates of a window overwrite the same document. */
  public static String metricId(String seriesKey, long windowSeconds, long windowStartMillis) {
    return seriesKey + "|" + windowSeconds + "s|" + Instant.ofEpochMilli(windowStartMillis);
  }

  public static MetricSnapshot of(String seriesKey, long windowStart, long windowEnd, int revision, CxMetrics m) {
    long windowSeconds = (windowEnd - windowStart) / 1000;
    long npsAnswers = m.npsAnswers();
    double[] interval = NpsMath.interval95(m.promoters, m.detractors, npsAnswers);
    return MetricSnapshot.newBuilder()
        .setMetricId(metricId(seriesKey, windowSeconds, windowStart))
        .setSeriesKey(seriesKey)
        .setDimensions(SeriesCatalog.dimensionsOf(seriesKey))
        .setWindowSeconds(windowSeconds)
        .setWindowStart(Instant.ofEpochMilli(windowStart))
        .setWindowEnd(Instant.ofEpochMilli(windowEnd))
        .setRevision(revision)
        .setInteractions(m.interactions)
        .setSurveyAnswers(m.surveyAnswers)
        .setNpsAnswers(npsAnswers)
        .setPromoters(m.promoters)
        .setPassives(m.passives)
        .setDetractors(m.detractors)
        .setNps(orNull(m.nps()))
        .setNpsLow(npsAnswers > 0 ? interval[0] : null)
        .setNpsHigh(npsAnswers > 0 ? interval[1] : null)
        .setDetractorShare(orNull(m.detractorShare()))
        .setCsatAnswers(m.csatAnswers)
        .setCsatSatisfied(m.csatSatisfied)
        .setCsat(orNull(m.csatPercent()))
        .setCesAnswers(m.cesAnswers)
        .setCesMean(orNull(m.cesMean()))
        .setSentimentCount(m.sentimentCount)
        .setSentimentMean(orNull(m.sentimentMean()))
        .setNegativeCount(m.negativeCount)
        .setNegativeShare(orNull(m.negativeShare()))
        .setTransferCount(m.transferKnown)
        .setTransferredInteractions(m.transferredInteractions)
        .setTransferRate(orNull(m.transferRate()))
        .setWaitCount(m.waitCount)
        .setWaitMeanSeconds(orNull(m.waitMeanSeconds()))
        .setTopIntents(terms(m.intents, TOP_TERMS))
        .setTopKeyPhrases(terms(m.keyPhrases, TOP_PHRASES))
        .setExamples(m.examples.stream().map(MetricSnapshots::verbatim).toList())
        .build();
  }

  private static List<TermCount> terms(java.util.Map<String, Long> counts, int limit) {
    return CxMetrics.top(counts, limit).stream().map(e -> new TermCount(e.getKey(), e.getValue())).toList();
  }

  private static Verbatim verbatim(Observation o) {
    return Verbatim.newBuilder()
        .setInteractionId(o.interactionId)
        .setOccurredAt(Instant.ofEpochMilli(o.occurredAt))
        .setText(o.text)
        .setSentimentScore(o.analysed ? o.sentimentScore : null)
        .setNps(o.nps)
        .build();
  }

  private static Double orNull(double value) {
    return Double.isNaN(value) ? null : value;
  }
}
