package earshot.lab.sentiment;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Fuzz target for the extra public tweet sets {@code sentiment --prepare-data} reads (the CrowdFlower
 * brand and product emotions file and Kaggle's Tweet Sentiment Extraction files). Corpus:
 * {@code src/test/resources/earshot/lab/sentiment/TweetSetsFuzzTestInputs/csv/}. The first byte picks
 * the reader (even: brand emotions, odd: Tweet Sentiment Extraction); the rest is the file.
 *
 * <p>Invariants: a file is read or refused with an {@link IllegalArgumentException} naming the
 * columns it lacks; every row read is a non-empty text with no tab or line break (rows are written
 * as tab-separated lines) and one of the three labels; a Tweet Sentiment Extraction textID gives at
 * most one row.
 */
class TweetSetsFuzzTest {

  private static final List<String> LABELS = List.of("negative", "neutral", "positive");

  @FuzzTest
  void csv(byte[] input) {
    if (input.length == 0) {
      return;
    }
    boolean brandEmotions = (input[0] & 1) == 0;
    String csv = new String(Arrays.copyOfRange(input, 1, input.length), StandardCharsets.UTF_8);
    Set<String> ids = new HashSet<>();
    List<String[]> rows;
    try {
      rows = brandEmotions ? SentimentCorpora.brands(csv) : SentimentCorpora.emotionTweets(csv, ids);
    } catch (IllegalArgumentException refused) {
      assertThat(refused.getMessage()).contains("column");
      return;
    }
    for (String[] row : rows) {
      assertThat(row).hasSize(2);
      assertThat(row[0]).isNotEmpty().doesNotContain("\t", "\n", "\r");
      assertThat(row[1]).isIn(LABELS);
    }
    if (!brandEmotions) {
      assertThat(rows.size()).as("rows, one per textID at most").isLessThanOrEqualTo(ids.size());
    }
  }
}
