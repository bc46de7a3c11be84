package earshot.jobs.text;

import static earshot.jobs.text.FeatureTexts.PLAIN;
import static earshot.jobs.text.FeatureTexts.features;
import static org.assertj.core.api.Assertions.assertThat;

import earshot.schemas.SentimentLabel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Word clusters: read from the class path as the build placed them, shared by words used alike,
 * off unless asked for, marked when negated, and switched on for a model exactly when it has
 * weights for them.
 */
class WordClusterFeaturesTest {

  private static final SentimentFeatures CLUSTERS = PLAIN.withWordClusters();

  private static Set<String> clusters(String text) {
    return FeatureTexts.named(CLUSTERS, text, SentimentFeatures.CLUSTER_PREFIX);
  }

  @Test
  void theBuildPlacedTheClustersOnTheClassPath() {
    WordClusters clusters = WordClusters.shipped();
    assertThat(clusters.size()).isGreaterThan(200_000);
    assertThat(clusters.clusterOf("terrible")).isNotNull().isEqualTo(clusters.clusterOf("horrible"));
    assertThat(clusters.clusterOf("delayed")).isNotNull().isEqualTo(clusters.clusterOf("cancelled"));
    assertThat(clusters.clusterOf("terrible")).isNotEqualTo(clusters.clusterOf("delayed"));
    assertThat(clusters.clusterOf("no-such-word-in-any-tweet")).isNull();
  }

  @Test
  void offByDefaultAndOnlyAddedWhenAskedFor() {
    String text = "@united the flight was terrible, 3 hours late http://t.co/x";
    Map<String, Double> plain = features(PLAIN, text);
    Map<String, Double> withClusters = features(CLUSTERS, text);
    assertThat(plain.keySet()).noneMatch(name -> name.startsWith(SentimentFeatures.CLUSTER_PREFIX));
    assertThat(withClusters).containsAllEntriesOf(plain);
    assertThat(withClusters.size()).isGreaterThan(plain.size());
  }

  @Test
  void wordsUsedAlikeShareTheirFeatureAndNegationMarksIt() {
    assertThat(clusters("the service was terrible")).containsAll(clusters("horrible"));
    String terrible = "k=" + WordClusters.shipped().clusterOf("terrible");
    assertThat(clusters("it was not terrible")).contains("k=not_" + terrible.substring(2))
        .doesNotContain(terrible);
    // Mentions and links have features of their own, not a cluster.
    assertThat(clusters("@united http://t.co/abc")).isEmpty();
  }

  @Test
  void aModelWithClusterWeightsReadsTextsWithClustersAndOneWithoutDoesNot() {
    Map<String, double[]> weights = new LinkedHashMap<>();
    weights.put("bias", new double[] {0, 0, 0});
    for (String cluster : clusters("horrible")) {
      weights.put(cluster, new double[] {1.0, 0, -1.0});
    }
    FastSentimentModel withClusters = new FastSentimentModel(weights, new double[] {0.3, 0.4, 0.3}, List.of("test"));
    FastSentimentModel without = new FastSentimentModel(Map.of("bias", new double[] {0, 0, 0}),
        new double[] {0.3, 0.4, 0.3}, List.of("test"));
    assertThat(withClusters.usesWordClusters()).isTrue();
    assertThat(without.usesWordClusters()).isFalse();
    assertThat(PLAIN.forModel(withClusters).wordClusters()).isTrue();
    assertThat(CLUSTERS.forModel(without).wordClusters()).isFalse();
    // Only the cluster of "horrible" carries weight: a text with "terrible", which shares it, reads negative.
    assertThat(new FastSentimentAnalyzer(withClusters, IntentRules.none()).analyze("terrible").label())
        .isEqualTo(SentimentLabel.NEGATIVE);
    assertThat(new FastSentimentAnalyzer(without, IntentRules.none()).analyze("terrible").score()).isZero();
  }
}
