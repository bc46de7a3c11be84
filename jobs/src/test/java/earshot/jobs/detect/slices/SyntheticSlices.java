package earshot.jobs.detect.slices;

import earshot.jobs.metrics.Breakdown;
import earshot.jobs.metrics.SliceCounts;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A seeded synthetic stream of hourly breakdowns: every combination of the given dimension values is a
 * cell with a Poisson number of answers an hour, each answer a promoter, passive or detractor and a text
 * that is negative or not, as a mix chosen per cell and hour says. Each hour becomes a
 * {@link Breakdown} of the global series with every value and pair of values, keyed as the signals job
 * keys them (dimensions in the given order, joined by '|').
 */
final class SyntheticSlices {

  /** Probabilities of one cell in one hour. */
  record Mix(double promoter, double detractor, double negative) {}

  interface Mixes {
    Mix of(Map<String, String> cell, int hour);
  }

  /** How many times its usual number of answers a cell gets in an hour. */
  interface Rates {
    double of(Map<String, String> cell, int hour);
  }

  static final Mix NORMAL = new Mix(0.40, 0.23, 0.30); // NPS +17

  private final Map<String, List<String>> dimensions;
  private final List<Map<String, String>> cells = new ArrayList<>();
  private final double answersPerCellHour;
  private final Random random;

  SyntheticSlices(Map<String, List<String>> dimensions, double answersPerCellHour, long seed) {
    this.dimensions = new LinkedHashMap<>(dimensions);
    this.answersPerCellHour = answersPerCellHour;
    this.random = new Random(seed);
    cells.add(new LinkedHashMap<>());
    for (Map.Entry<String, List<String>> d : this.dimensions.entrySet()) {
      List<Map<String, String>> next = new ArrayList<>();
      for (Map<String, String> cell : cells) {
        for (String value : d.getValue()) {
          Map<String, String> c = new LinkedHashMap<>(cell);
          c.put(d.getKey(), value);
          next.add(c);
        }
      }
      cells.clear();
      cells.addAll(next);
    }
  }

  int cells() {
    return cells.size();
  }

  Breakdown hour(int hour, Mixes mixes) {
    return hour(hour, mixes, (cell, h) -> 1.0);
  }

  Breakdown hour(int hour, Mixes mixes, Rates rates) {
    Breakdown b = new Breakdown();
    List<String> names = new ArrayList<>(dimensions.keySet());
    for (Map<String, String> cell : cells) {
      Mix mix = mixes.of(cell, hour);
      SliceCounts counts = new SliceCounts();
      int n = poisson(answersPerCellHour * rates.of(cell, hour));
      for (int i = 0; i < n; i++) {
        counts.interactions++;
        counts.npsAnswers++;
        double u = random.nextDouble();
        if (u < mix.promoter()) {
          counts.promoters++;
        } else if (u < mix.promoter() + mix.detractor()) {
          counts.detractors++;
        }
        counts.texts++;
        if (random.nextDouble() < mix.negative()) {
          counts.negatives++;
        }
      }
      if (n == 0) {
        continue;
      }
      b.total.add(counts, 1.0);
      for (int i = 0; i < names.size(); i++) {
        String a = names.get(i) + "=" + cell.get(names.get(i));
        b.slices.computeIfAbsent(a, k -> new SliceCounts()).add(counts, 1.0);
        for (int j = i + 1; j < names.size(); j++) {
          String pair = a + "|" + names.get(j) + "=" + cell.get(names.get(j));
          b.slices.computeIfAbsent(pair, k -> new SliceCounts()).add(counts, 1.0);
        }
      }
    }
    return b;
  }

  private int poisson(double lambda) {
    double l = Math.exp(-lambda);
    int k = 0;
    double p = 1;
    do {
      k++;
      p *= random.nextDouble();
    } while (p > l);
    return k - 1;
  }
}
