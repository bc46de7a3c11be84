package earshot.lab.sentiment;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Fuzz target for the public tweet sets in CSV that {@code sentiment --prepare-data} reads (the CrowdFlower
 * brand and product emotions file, Kaggle's Tweet Sentiment Extraction files, the Sanders corpus, the
 * CrowdFlower Apple tweets and the complaints on Twitter). Corpus:
 * {@code src/test/resources/earshot/lab/sentiment/TweetSetsFuzzTestInputs/csv/}. The first byte picks the
 * reader (modulo 8: brand emotions, Tweet Sentiment Extraction, Sanders, Apple, then complaints for the
 * other four); the rest is the file.
 *
 * <p>Invariants: a file is read or refused with an {@link IllegalArgumentException} naming the
 * columns it lacks (the complaints file has no header and is never refused); every row read is a
 * non-empty text with no tab or line break (rows are written as tab-separated lines) and one of the
 * three labels (complaint or not-complaint for the complaints); a Tweet Sentiment Extraction textID
 * gives at most one row, and so does a complaint's tweet id.
 */
class TweetSetsFuzzTest {

  private static final List<String> LABELS = List.of("negative", "neutral", "positive");
  private static final List<String> COMPLAINT_LABELS = List.of("complaint", "not-complaint");

  @FuzzTest
  void csv(byte[] input) {
    if (input.length == 0) {
      return;
    }
    int reader = input[0] & 7;
    String csv = new String(Arrays.copyOfRange(input, 1, input.length), StandardCharsets.UTF_8);
    Set<String> ids = new HashSet<>();
    List<String[]> rows;
    try {
      rows = switch (reader) {
        case 0 -> SentimentCorpora.brands(csv);
        case 1 -> SentimentCorpora.emotionTweets(csv, ids);
        case 2 -> SentimentCorpora.sanders(csv);
        case 3 -> SentimentCorpora.apple(csv);
        default -> SentimentCorpora.complaints(csv);
      };
    } catch (IllegalArgumentException refused) {
      assertThat(refused.getMessage()).contains("column");
      return;
    }
    for (String[] row : rows) {
      assertThat(row).hasSize(2);
      assertThat(row[0]).isNotEmpty().doesNotContain("\t", "\n", "\r");
      assertThat(row[1]).isIn(reader >= 4 ? COMPLAINT_LABELS : LABELS);
    }
    if (reader == 1) {
      assertThat(rows.size()).as("rows, one per textID at most").isLessThanOrEqualTo(ids.size());
    }
  }
}
