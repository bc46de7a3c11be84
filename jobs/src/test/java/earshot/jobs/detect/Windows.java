package earshot.jobs.detect;

import earshot.jobs.metrics.CxMetrics;
import earshot.jobs.metrics.MetricSnapshots;
import earshot.jobs.metrics.Observation;
import earshot.schemas.MetricSnapshot;
import java.util.List;
import java.util.SplittableRandom;

/** Builds metric windows with known contents for detector tests. */
final class Windows {

  static final long HOUR = 3600_000L;
  static final long START = java.time.Instant.parse("2026-11-02T00:00:00Z").toEpochMilli();

  private Windows() {}

  /** A window of {@code answers} NPS answers of which {@code detractors} are 0-6 and half the rest promoters. */
  static MetricSnapshot nps(String series, long start, long length, int answers, int detractors) {
    CxMetrics m = new CxMetrics();
    for (int i = 0; i < answers; i++) {
      Observation o = new Observation();
      o.interactionId = "i" + i;
      o.nps = i < detractors ? 3 : (i % 2 == 0 ? 10 : 8);
      m.add(o);
    }
    return MetricSnapshots.of(series, start, start + length, 0, m);
  }

  /** A window of texts of which {@code negative} are negative, with the given term mentions. */
  static MetricSnapshot texts(String series, long start, long length, int texts, int negative, List<String> terms,
      int termMentions) {
    return textsResult(series, start, length, texts, negative, terms, termMentions).snapshot;
  }

  /** The same window with every term count, as the detectors get it. */
  static earshot.jobs.metrics.WindowResult textsResult(String series, long start, long length, int texts, int negative,
      List<String> terms, int termMentions) {
    CxMetrics m = new CxMetrics();
    for (int i = 0; i < texts; i++) {
      Observation o = new Observation();
      o.interactionId = "t" + i;
      o.analysed = true;
      o.negative = i < negative;
      o.sentimentScore = o.negative ? -0.6 : 0.3;
      if (i < termMentions) {
        o.keyPhrases = terms;
      }
      m.add(o);
    }
    return earshot.jobs.metrics.WindowResult.of(series, start, start + length, 0, m);
  }

  /** Binomial draw. */
  static int binomial(int n, double p, SplittableRandom random) {
    int k = 0;
    for (int i = 0; i < n; i++) {
      if (random.nextDouble() < p) {
        k++;
      }
    }
    return k;
  }

  static DetectorSettings settings() {
    return new DetectorSettings(20, 6, 4.0, 2.0, 0.05, 3, 6, 24);
  }
}
