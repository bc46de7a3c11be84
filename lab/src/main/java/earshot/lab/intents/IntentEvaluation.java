package earshot.lab.intents;

import earshot.jobs.text.TextPipeline;
import earshot.lab.intents.LabelledQueries.Query;
import earshot.schemas.TextStatus;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Runs the text stage's intents over labelled queries and scores them against the codes a
 * {@link IntentMap} gives their categories. Each query goes through the whole text stage as the
 * enrich job runs it (redaction, language, analysis); a query taken for another language gets no
 * intent, as in the job. Queries of a category mapped to {@value IntentMap#SKIP} are left out.
 */
public final class IntentEvaluation {

  /**
   * @param scores precision, recall and confusion per code
   * @param skipped queries left out because their category maps to skip
   * @param notEnglish queries the text stage took for another language (they got no intent)
   * @param seconds wall-clock time of the run
   */
  public record Result(IntentScores scores, int skipped, int notEnglish, double seconds) {

    /** The report: counts, then the table of {@link IntentScores#report()}. */
    public String report(String title) {
      return String.format(Locale.ROOT, "%s: %d queries scored, %d skipped (categories mapped to skip), "
          + "%d taken for another language, %.1f s%n", title, scores.texts(), skipped, notEnglish, seconds)
          + scores.report();
    }
  }

  private IntentEvaluation() {}

  /**
   * @throws IllegalArgumentException when the map does not name a category of the queries, or maps
   *     one to a code outside {@code knownCodes}
   */
  public static Result evaluate(List<Query> queries, IntentMap map, Set<String> knownCodes, TextPipeline pipeline) {
    check(queries, map, knownCodes);
    IntentScores scores = new IntentScores(map.codes());
    int skipped = 0;
    int notEnglish = 0;
    long start = System.nanoTime();
    for (Query query : queries) {
      String truth = map.valueOf(query.category());
      if (truth.equals(IntentMap.SKIP)) {
        skipped++;
        continue;
      }
      TextPipeline.Reading reading = pipeline.read(query.text(), null);
      notEnglish += reading.status() == TextStatus.UNSUPPORTED_LANGUAGE ? 1 : 0;
      scores.add(truth, reading.result() == null ? List.of() : reading.result().intents());
    }
    return new Result(scores, skipped, notEnglish, (System.nanoTime() - start) / 1e9);
  }

  /** Every category of the queries is in the map, and every code of the map is known. */
  static void check(List<Query> queries, IntentMap map, Set<String> knownCodes) {
    Set<String> missing = new TreeSet<>();
    for (Query query : queries) {
      if (map.valueOf(query.category()) == null) {
        missing.add(query.category());
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException("the intent map does not name the categories " + missing);
    }
    List<String> unknown = map.unknownCodes(knownCodes);
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("the intent map names codes the intent rules do not have: " + unknown);
    }
  }
}
