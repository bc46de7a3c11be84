package earshot.jobs.text;

import earshot.schemas.SentimentLabel;
import java.util.List;

/**
 * What a {@link TextAnalyzer} found in one text.
 *
 * @param label negative, neutral or positive
 * @param score from -1 (most negative) to +1 (most positive)
 * @param confidence how sure the model is of the label, 0 to 1
 * @param intents intent and topic codes, such as cancellation or delivery_problem
 * @param keyPhrases normalised key phrases
 */
public record TextResult(SentimentLabel label, double score, double confidence, List<String> intents,
    List<String> keyPhrases) {

  public TextResult {
    if (!(score >= -1 && score <= 1)) {
      throw new IllegalArgumentException("score must be in [-1, 1], got " + score);
    }
    if (!(confidence >= 0 && confidence <= 1)) {
      throw new IllegalArgumentException("confidence must be in [0, 1], got " + confidence);
    }
    intents = List.copyOf(intents);
    keyPhrases = List.copyOf(keyPhrases);
  }

  /** The result for a text with nothing to read (empty or only white space). */
  public static TextResult neutralEmpty() {
    return new TextResult(SentimentLabel.NEUTRAL, 0.0, 1.0, List.of(), List.of());
  }
}
