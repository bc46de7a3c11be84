package earshot.jobs.detect;

import earshot.jobs.metrics.MetricSnapshots;
import earshot.jobs.metrics.NpsMath;
import earshot.jobs.metrics.Breakdown;
import earshot.schemas.MetricSnapshot;
import java.time.Instant;
import java.util.function.ToLongFunction;

/**
 * Pools the windows of a sparse series until they hold enough evidence to be judged, so that a
 * slice with 300 answers a day is watched as well as one with 300 an hour, only over a longer
 * span. A window with at least the minimum sample (and nothing pooled before it) is judged as it
 * is; a smaller one is added to the pool, and as soon as the pool reaches the minimum sample the
 * detectors judge the pooled windows as one, from the first pooled window's start to the last
 * one's end. Each judgement keeps the detectors' per-window false-alarm rate, and a sparse series
 * is judged less often, so its false alarms per week fall rather than rise. Evidence older than
 * {@link #MAX_WINDOWS} windows is dropped: a pool that takes a day of 1-hour windows to fill says
 * nothing about this afternoon.
 *
 * <p>A plain value class (Flink POJO) kept in keyed state, one per kind of evidence (survey
 * answers, analysed texts).
 */
public class EvidencePool {

  /** Oldest pooled evidence, in windows of the series, before it is dropped. */
  public static final int MAX_WINDOWS = 24;

  /** Start of the first pooled window, or {@link Long#MIN_VALUE} when the pool is empty. */
  public long start = Long.MIN_VALUE;
  public int windows;
  public long interactions;
  public long surveyAnswers;
  public long npsAnswers;
  public long promoters;
  public long passives;
  public long detractors;
  public long sentimentCount;
  public long negativeCount;
  public double sentimentSum;
  /**
   * Always empty now: releases before {@link PooledSlices} summed the pooled windows' counts per slice
   * here. Kept so that their savepoints restore; what they pooled is cleared at the next window, so the
   * root causes of the first pooled judgement after such an upgrade cover only the windows since.
   */
  public Breakdown breakdown = new Breakdown();

  public EvidencePool() {}

  /**
   * What to judge: a window with its counts per slice (empty when not counted), or pooled windows, whose
   * counts per slice ({@code breakdown} null) are the series' {@link PooledSlices} from the span's start.
   */
  public record Judged(MetricSnapshot snapshot, Breakdown breakdown) {

    /** Pooled windows: their counts per slice are summed from the series' {@link PooledSlices} when needed. */
    static Judged pooled(MetricSnapshot span) {
      return new Judged(span, null);
    }

    /** Whether this is a span of pooled windows rather than one window. */
    public boolean isPooled() {
      return breakdown == null;
    }
  }

  /** Evidence that a kind of detector counts: survey answers or analysed texts. */
  public enum Evidence {
    ANSWERS(MetricSnapshot::getNpsAnswers),
    TEXTS(MetricSnapshot::getSentimentCount);

    private final ToLongFunction<MetricSnapshot> count;

    Evidence(ToLongFunction<MetricSnapshot> count) {
      this.count = count;
    }

    long of(MetricSnapshot window) {
      return count.applyAsLong(window);
    }
  }

  /**
   * Takes a window of the series and returns what to judge now: the window itself, the pooled
   * windows up to and including it, or the window itself when the evidence is still short (the
   * detector then finds it insufficient, as it would have without pooling).
   */
  public MetricSnapshot offer(MetricSnapshot window, Evidence evidence, int minSample) {
    return offer(window, null, evidence, minSample).snapshot();
  }

  /**
   * {@link #offer(MetricSnapshot, Evidence, int)} with the window's counts per slice, which a judgement of
   * the window alone carries; a pooled judgement's are the series' {@link PooledSlices}.
   */
  public Judged offer(MetricSnapshot window, Breakdown slices, Evidence evidence, int minSample) {
    if (breakdown == null || !breakdown.isEmpty()) {
      breakdown = new Breakdown(); // pooled by an earlier release (see the field)
    }
    Breakdown windowSlices = slices == null ? new Breakdown() : slices;
    long windowMillis = window.getWindowEnd().toEpochMilli() - window.getWindowStart().toEpochMilli();
    if (start != Long.MIN_VALUE && window.getWindowEnd().toEpochMilli() - start > MAX_WINDOWS * windowMillis) {
      clear();
    }
    // Enough alone, or nothing to pool (a series without texts, or without answers): judged as it is,
    // so that a pool starts with its first evidence and holds no window that adds none.
    if (start == Long.MIN_VALUE && (evidence.of(window) >= minSample || evidence.of(window) == 0)) {
      return new Judged(window, windowSlices);
    }
    add(window);
    if (pooled(evidence) < minSample) {
      return new Judged(window, windowSlices);
    }
    Judged judged = windows == 1 ? new Judged(window, windowSlices) : Judged.pooled(merged(window));
    clear();
    return judged;
  }

  /** How much evidence the pool holds. */
  public long pooled(Evidence evidence) {
    return evidence == Evidence.ANSWERS ? npsAnswers : sentimentCount;
  }

  private void add(MetricSnapshot window) {
    if (start == Long.MIN_VALUE) {
      start = window.getWindowStart().toEpochMilli();
    }
    windows++;
    interactions += window.getInteractions();
    surveyAnswers += window.getSurveyAnswers();
    npsAnswers += window.getNpsAnswers();
    promoters += window.getPromoters();
    passives += window.getPassives();
    detractors += window.getDetractors();
    sentimentCount += window.getSentimentCount();
    negativeCount += window.getNegativeCount();
    if (window.getSentimentMean() != null) {
      sentimentSum += window.getSentimentMean() * window.getSentimentCount();
    }
  }

  /** The pooled windows as one snapshot: the last window's id, examples and themes, the pool's counts and span. */
  private MetricSnapshot merged(MetricSnapshot last) {
    long end = last.getWindowEnd().toEpochMilli();
    double[] interval = NpsMath.interval95(promoters, detractors, npsAnswers);
    return MetricSnapshot.newBuilder(last)
        .setMetricId(MetricSnapshots.metricId(last.getSeriesKey(), (end - start) / 1000, start))
        .setWindowSeconds((end - start) / 1000)
        .setWindowStart(Instant.ofEpochMilli(start))
        .setInteractions(interactions)
        .setSurveyAnswers(surveyAnswers)
        .setNpsAnswers(npsAnswers)
        .setPromoters(promoters)
        .setPassives(passives)
        .setDetractors(detractors)
        .setNps(npsAnswers > 0 ? NpsMath.nps(promoters, detractors, npsAnswers) : null)
        .setNpsLow(npsAnswers > 0 ? interval[0] : null)
        .setNpsHigh(npsAnswers > 0 ? interval[1] : null)
        .setDetractorShare(npsAnswers > 0 ? (double) detractors / npsAnswers : null)
        .setSentimentCount(sentimentCount)
        .setNegativeCount(negativeCount)
        .setSentimentMean(sentimentCount > 0 ? sentimentSum / sentimentCount : null)
        .setNegativeShare(sentimentCount > 0 ? (double) negativeCount / sentimentCount : null)
        .build();
  }

  private void clear() {
    start = Long.MIN_VALUE;
    windows = 0;
    interactions = 0;
    surveyAnswers = 0;
    npsAnswers = 0;
    promoters = 0;
    passives = 0;
    detractors = 0;
    sentimentCount = 0;
    negativeCount = 0;
    sentimentSum = 0;
  }
}
