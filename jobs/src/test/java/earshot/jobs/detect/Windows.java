package earshot.jobs.detect;

import earshot.jobs.metrics.CxMetrics;
import earshot.jobs.metrics.MetricSnapshots;
import earshot.jobs.metrics.Observation;
import earshot.schemas.MetricSnapshot;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import java.util.function.Supplier;

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

  /** What a detector made of a lasting rise of the detractor share, over many seeds. */
  record ShiftTrials(int found, int foundByOneWindow, int falseAlarms) {}

  /**
   * For each seed, 300 stable hours of {@code answers} answers at {@code before} detractors, then
   * {@code shiftHours} hours at {@code after}, judged hour by hour on a fresh state.
   *
   * @param newJudge for each seed, a judge of (hour, detractors) on a state of its own
   */
  static ShiftTrials shiftTrials(int seeds, long firstSeed, int answers, double before, double after, int shiftHours,
      Supplier<BiFunction<Integer, Integer, Evaluation>> newJudge) {
    int found = 0;
    int foundByOneWindow = 0;
    int falseAlarms = 0;
    for (int seed = 0; seed < seeds; seed++) {
      SplittableRandom random = new SplittableRandom(firstSeed + seed);
      BiFunction<Integer, Integer, Evaluation> judge = newJudge.get();
      int hour = 0;
      for (; hour < 300; hour++) {
        if (judge.apply(hour, binomial(answers, before, random)).verdict() == Verdict.ANOMALY) {
          falseAlarms++;
        }
      }
      boolean alarmed = false;
      boolean oneWindow = false;
      for (int end = hour + shiftHours; hour < end; hour++) {
        Evaluation e = judge.apply(hour, binomial(answers, after, random));
        if (e.verdict() == Verdict.ANOMALY) {
          alarmed = true;
          oneWindow |= e.statisticName().equals("z");
        }
      }
      found += alarmed ? 1 : 0;
      foundByOneWindow += oneWindow ? 1 : 0;
    }
    return new ShiftTrials(found, foundByOneWindow, falseAlarms);
  }

  static DetectorSettings settings() {
    return new DetectorSettings(20, 6, 4.0, 2.0, 0.05, 3, 6, 24);
  }
}
