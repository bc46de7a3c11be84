package earshot.jobs.text;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Brown clusters of words learned from 56 million tweets (Owoputi, O'Connor, Dyer, Gimpel, Schneider and
 * Smith, NAACL 2013, "50mpaths2": 216,856 word forms in 1,000 clusters). Words used in the same
 * contexts share a cluster, whatever their spelling: "terrible" and "horrible", "delayed" and
 * "cancelled", "sooo" and "soooo". A model that has learned the polarity of a cluster from the words
 * its training texts held also reads the cluster's words it never saw.
 *
 * <p>The file is not in the repository: the build takes it from the TweetNLP jar on Maven Central
 * ({@code edu.cmu.cs:ark-tweet-nlp}, GPL 2 or later) into {@code earshot/text/word-clusters.tsv} on the
 * class path. Each line is the cluster's bit path, the word and its count; words are lower case, and
 * mentions and links are written as one placeholder each, which Earshot has its own features for.
 */
public final class WordClusters {

  static final String RESOURCE = "word-clusters.tsv";

  /** Never changed after it is read; not handed out. */
  private final Map<String, String> clusterOf;

  private WordClusters(Map<String, String> clusterOf) {
    this.clusterOf = clusterOf;
  }

  /** The clusters on the class path, read once per class loader. */
  public static WordClusters shipped() {
    return Shipped.CLUSTERS;
  }

  private static final class Shipped {
    static final WordClusters CLUSTERS = read();
  }

  /** The cluster's bit path of a lower-case word form, or null when the word is not in any. */
  public String clusterOf(String lowerCaseWord) {
    return clusterOf.get(lowerCaseWord);
  }

  public int size() {
    return clusterOf.size();
  }

  private static WordClusters read() {
    Map<String, String> paths = new HashMap<>();
    Map<String, String> clusterOf = new HashMap<>(300_000);
    try (BufferedReader reader = TextResources.reader(RESOURCE)) {
      String line;
      int number = 0;
      while ((line = reader.readLine()) != null) {
        number++;
        int first = line.indexOf('\t');
        int second = first < 0 ? -1 : line.indexOf('\t', first + 1);
        if (first <= 0 || second <= first + 1) {
          throw new IllegalStateException(String.format(Locale.ROOT,
              "resource %s%s line %d: expected 'path<TAB>word<TAB>count'", TextResources.BASE, RESOURCE, number));
        }
        // 1,000 distinct paths: one string each instead of one per word.
        String path = paths.computeIfAbsent(line.substring(0, first), p -> p);
        clusterOf.putIfAbsent(line.substring(first + 1, second), path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read resource " + TextResources.BASE + RESOURCE, e);
    }
    return new WordClusters(clusterOf);
  }
}
