package earshot.lab.backtest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One detector's NAB result over a corpus: the threshold that maximises the corpus's total (chosen
 * by {@link NabScorer#optimise}), the raw and normalised score per category and in total, and
 * each series' score. Consumes scored series; emits a {@link Result} and its text table.
 */
public final class NabBenchmark {

  /** A category's (or the total's) raw score, its scored windows and the normalised score. */
  public record Part(String name, double raw, int windows, double normalised, int tp, int fp) {}

  /** A detector's result. */
  public record Result(String detector, double threshold, List<Part> categories, Part total,
      List<NabScorer.FileScore> files) {}

  private NabBenchmark() {}

  public static Result score(String detector, List<NabScorer.Series> corpus, NabScorer scorer) {
    NabScorer.Sweep sweep = scorer.optimise(corpus);
    List<NabScorer.FileScore> files = scorer.score(corpus, sweep.threshold());
    Map<String, List<NabScorer.FileScore>> byCategory = new TreeMap<>();
    for (int i = 0; i < corpus.size(); i++) {
      byCategory.computeIfAbsent(corpus.get(i).category(), k -> new ArrayList<>()).add(files.get(i));
    }
    List<Part> categories = new ArrayList<>();
    byCategory.forEach((name, list) -> categories.add(part(name, list, scorer)));
    return new Result(detector, sweep.threshold(), categories, part("total", files, scorer), files);
  }

  private static Part part(String name, List<NabScorer.FileScore> files, NabScorer scorer) {
    double raw = files.stream().mapToDouble(NabScorer.FileScore::raw).sum();
    int windows = files.stream().mapToInt(NabScorer.FileScore::windows).sum();
    int tp = (int) files.stream().filter(f -> f.tp() > 0).count();
    int fp = files.stream().mapToInt(NabScorer.FileScore::fp).sum();
    return new Part(name, raw, windows, scorer.normalised(raw, windows), tp, fp);
  }

  /**
   * A table with one row per detector and one column per category, then the total: the
   * normalised score, or the raw score in brackets for a category without windows (where only
   * false positives can count).
   */
  public static String table(List<Result> results) {
    if (results.isEmpty()) {
      return "";
    }
    List<String> names = results.get(0).categories().stream().map(Part::name).toList();
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "%-22s %10s", "detector", "threshold"));
    for (String name : names) {
      out.append(String.format(Locale.ROOT, " %22s", name));
    }
    out.append(String.format(Locale.ROOT, " %8s%n", "total"));
    for (Result r : results) {
      out.append(String.format(Locale.ROOT, "%-22s %10.4f", r.detector(), r.threshold()));
      for (String name : names) {
        Part p = r.categories().stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
        out.append(String.format(Locale.ROOT, " %22s", p == null ? "-" : cell(p)));
      }
      out.append(String.format(Locale.ROOT, " %8s%n", cell(r.total())));
    }
    return out.toString();
  }

  private static String cell(Part p) {
    return Double.isNaN(p.normalised()) ? String.format(Locale.ROOT, "(raw %.2f)", p.raw())
        : String.format(Locale.ROOT, "%.1f", p.normalised());
  }

  /** One line per series: raw score, windows, detections in windows and outside. */
  public static String perFile(Result result) {
    StringBuilder out = new StringBuilder();
    for (NabScorer.FileScore f : result.files()) {
      out.append(String.format(Locale.ROOT, "%-22s %-55s raw %7.3f  windows %d  tp rows %4d  fp rows %4d%n",
          result.detector(), f.name(), f.raw(), f.windows(), f.tp(), f.fp()));
    }
    return out.toString();
  }
}
