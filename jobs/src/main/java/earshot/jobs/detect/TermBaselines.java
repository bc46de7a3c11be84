package earshot.jobs.detect;

import java.util.HashMap;
import java.util.Map;

/**
 * How often each intent and key phrase usually appears in a series: exponentially weighted counts
 * per term and of the texts they could have appeared in. Terms that fall out of use are forgotten
 * once the map is full. A plain value class (Flink POJO) kept in keyed state.
 */
public class TermBaselines {

  static final int MAX_TERMS = 1000;

  /** Weighted number of analysed texts. */
  public double exposure;
  public Map<String, Double> counts = new HashMap<>();
  public int windows;

  public TermBaselines() {}

  /** Expected rate per text of a term, with a prior of half an occurrence so new terms have a small, non-zero rate. */
  double rate(String term) {
    return (counts.getOrDefault(term, 0.0) + 0.5) / (exposure + 1.0);
  }

  void learn(Map<String, Long> windowCounts, long texts, double decay, Map<String, Double> clampedCounts) {
    exposure = exposure * decay + texts;
    counts.replaceAll((term, value) -> value * decay);
    for (Map.Entry<String, Long> entry : windowCounts.entrySet()) {
      double count = clampedCounts.getOrDefault(entry.getKey(), (double) entry.getValue());
      counts.merge(entry.getKey(), count, Double::sum);
    }
    if (counts.size() > MAX_TERMS) {
      counts.entrySet().stream().sorted(Map.Entry.comparingByValue())
          .limit(counts.size() - MAX_TERMS).map(Map.Entry::getKey).toList().forEach(counts::remove);
    }
    windows++;
  }
}
