package earshot.jobs.metrics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The running totals of one series over one window, from which every CX metric of the window is
 * computed: counts of NPS promoters, passives and detractors, CSAT and CES answers, sentiment,
 * transfers, wait time, intent and key-phrase frequencies, and the most negative examples.
 * Mergeable, so windows can combine partial totals. A plain value class (Flink POJO).
 */
public class CxMetrics {

  /** Examples kept per window. */
  public static final int MAX_EXAMPLES = 5;
  /** Distinct key phrases counted per window; rarer ones beyond this are not tracked. */
  static final int MAX_PHRASES = 500;

  public long interactions;
  public long surveyAnswers;
  public long promoters;
  public long passives;
  public long detractors;
  public long csatAnswers;
  public long csatSatisfied;
  public long cesAnswers;
  public long cesSum;
  public long sentimentCount;
  public double sentimentSum;
  public long negativeCount;
  public long transferKnown;
  public long transferredInteractions;
  public long waitCount;
  public long waitSum;
  public Map<String, Long> intents = new HashMap<>();
  public Map<String, Long> keyPhrases = new HashMap<>();
  public List<Observation> examples = new ArrayList<>();
  /** The window's counts per slice below its series, for root causes (filled by the caller, bounded). */
  public earshot.jobs.metrics.Breakdown breakdown = new earshot.jobs.metrics.Breakdown();

  /**
   * Set once the window's result has been handed to the detectors ({@link WindowResult#of}), which keep
   * parts of it: a late record then changes a copy ({@link #forUpdate}), never what was handed out. Not
   * state: a restored accumulator is a new object that nobody holds.
   */
  private transient boolean handedOut;

  public CxMetrics() {}

  /** Marks these totals as handed out: from now on they are never changed in place. */
  CxMetrics handOut() {
    handedOut = true;
    return this;
  }

  /**
   * The totals to add to: these, or a deep copy of them once they have been handed out. Copying only
   * when a late record comes spares a copy of every window's result (and its slice breakdown) on the way
   * to the detectors.
   */
  public CxMetrics forUpdate() {
    return handedOut ? copy() : this;
  }

  /** A deep copy: everything merged into empty totals, and the breakdown copied (the examples, never changed, are shared). */
  public CxMetrics copy() {
    CxMetrics copy = new CxMetrics().merge(this);
    copy.breakdown = breakdown == null ? null : breakdown.copy();
    return copy;
  }

  public CxMetrics add(Observation o) {
    interactions++;
    if (o.nps != null || o.csat != null || o.ces != null) {
      surveyAnswers++;
    }
    if (o.nps != null) {
      if (NpsMath.isPromoter(o.nps)) {
        promoters++;
      } else if (NpsMath.isDetractor(o.nps)) {
        detractors++;
      } else {
        passives++;
      }
    }
    if (o.csat != null) {
      csatAnswers++;
      if (o.csat >= 4) {
        csatSatisfied++;
      }
    }
    if (o.ces != null) {
      cesAnswers++;
      cesSum += o.ces;
    }
    if (o.analysed) {
      sentimentCount++;
      sentimentSum += o.sentimentScore;
      if (o.negative) {
        negativeCount++;
      }
    }
    if (o.transfers != null) {
      transferKnown++;
      if (o.transfers > 0) {
        transferredInteractions++;
      }
    }
    if (o.waitSeconds != null) {
      waitCount++;
      waitSum += o.waitSeconds;
    }
    for (String intent : o.intents) {
      intents.merge(intent, 1L, Long::sum);
    }
    for (String phrase : o.keyPhrases) {
      if (keyPhrases.size() < MAX_PHRASES || keyPhrases.containsKey(phrase)) {
        keyPhrases.merge(phrase, 1L, Long::sum);
      }
    }
    offerExample(o);
    return this;
  }

  public CxMetrics merge(CxMetrics other) {
    interactions += other.interactions;
    surveyAnswers += other.surveyAnswers;
    promoters += other.promoters;
    passives += other.passives;
    detractors += other.detractors;
    csatAnswers += other.csatAnswers;
    csatSatisfied += other.csatSatisfied;
    cesAnswers += other.cesAnswers;
    cesSum += other.cesSum;
    sentimentCount += other.sentimentCount;
    sentimentSum += other.sentimentSum;
    negativeCount += other.negativeCount;
    transferKnown += other.transferKnown;
    transferredInteractions += other.transferredInteractions;
    waitCount += other.waitCount;
    waitSum += other.waitSum;
    other.intents.forEach((k, v) -> intents.merge(k, v, Long::sum));
    // The same bound as adding one by one: phrases new to these totals enter until the bound.
    other.keyPhrases.forEach((k, v) -> {
      if (keyPhrases.size() < MAX_PHRASES || keyPhrases.containsKey(k)) {
        keyPhrases.merge(k, v, Long::sum);
      }
    });
    other.examples.forEach(this::offerExample);
    return this;
  }

  public long npsAnswers() {
    return promoters + passives + detractors;
  }

  public double nps() {
    return NpsMath.nps(promoters, detractors, npsAnswers());
  }

  public double detractorShare() {
    return npsAnswers() == 0 ? Double.NaN : (double) detractors / npsAnswers();
  }

  public double csatPercent() {
    return NpsMath.csatPercent(csatSatisfied, csatAnswers);
  }

  public double cesMean() {
    return cesAnswers == 0 ? Double.NaN : (double) cesSum / cesAnswers;
  }

  public double sentimentMean() {
    return sentimentCount == 0 ? Double.NaN : sentimentSum / sentimentCount;
  }

  public double negativeShare() {
    return sentimentCount == 0 ? Double.NaN : (double) negativeCount / sentimentCount;
  }

  public double transferRate() {
    return transferKnown == 0 ? Double.NaN : (double) transferredInteractions / transferKnown;
  }

  public double waitMeanSeconds() {
    return waitCount == 0 ? Double.NaN : (double) waitSum / waitCount;
  }

  /** The most frequent entries, most frequent first, ties by name for a stable order. */
  public static List<Map.Entry<String, Long>> top(Map<String, Long> counts, int limit) {
    return counts.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
        .limit(limit)
        .toList();
  }

  private static final Comparator<Observation> MOST_NEGATIVE_FIRST =
      Comparator.comparingDouble(Observation::negativity).thenComparing(o -> o.interactionId);

  private void offerExample(Observation o) {
    if (o.text == null && o.nps == null) {
      return;
    }
    // Examples are kept in window state: without the slice keys they do not need.
    if (examples.size() < MAX_EXAMPLES) {
      examples.add(o.sliceKeys == null ? o : o.withoutSlices());
      examples.sort(MOST_NEGATIVE_FIRST);
    } else if (MOST_NEGATIVE_FIRST.compare(o, examples.get(examples.size() - 1)) < 0) {
      examples.set(examples.size() - 1, o.sliceKeys == null ? o : o.withoutSlices());
      examples.sort(MOST_NEGATIVE_FIRST);
    }
  }
}
