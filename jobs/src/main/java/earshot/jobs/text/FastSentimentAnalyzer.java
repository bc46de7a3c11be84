package earshot.jobs.text;

import earshot.schemas.SentimentLabel;
import java.util.List;

/**
 * The "fast" text mode: sentiment from Earshot's own model for customer language ({@link
 * FastSentimentModel}, trained by {@code ./earshot sentiment --train}), intents from the rule file,
 * key phrases from noun runs. It needs no CoreNLP model file: tokenizer, sentence splitter and
 * morphology are code. One instance per thread.
 *
 * <p>Emits for every text a label, a score in [-1, 1] (probability of positive minus probability
 * of negative) and a confidence in [0, 1] (probability of the label). Texts longer than {@value
 * #MAX_CHARS} characters are read up to there.
 */
public final class FastSentimentAnalyzer implements TextAnalyzer {

  public static final int MAX_CHARS = 20_000;

  private final TextTokenizer tokenizer = new TextTokenizer();
  private final SentimentLexicon lexicon = SentimentLexicon.load(tokenizer);
  private final SentimentFeatures features = new SentimentFeatures(lexicon);
  private final KeyPhrases keyPhrases = new KeyPhrases(lexicon, tokenizer);
  private final FastSentimentModel model;
  private final IntentRules.Matcher intents;

  public FastSentimentAnalyzer(IntentRules rules) {
    this(FastSentimentModel.load(), rules);
  }

  public FastSentimentAnalyzer(FastSentimentModel model, IntentRules rules) {
    this.model = model;
    this.intents = rules.matcher();
  }

  @Override
  public String modelName() {
    return "earshot-fast-" + model.version();
  }

  @Override
  public TextResult analyze(String text) {
    if (text == null || text.isBlank()) {
      return TextResult.neutralEmpty();
    }
    TokenizedText tokens = tokenizer.tokenize(text.length() > MAX_CHARS ? text.substring(0, MAX_CHARS) : text);
    if (tokens.size() == 0) {
      return TextResult.neutralEmpty();
    }
    double[] p = model.probabilities(tokens, features);
    int best = p[0] >= p[1] && p[0] >= p[2] ? 0 : p[2] > p[1] ? 2 : 1;
    SentimentLabel label = FastSentimentModel.CLASSES.get(best);
    double score = Math.max(-1, Math.min(1, p[2] - p[0]));
    return new TextResult(label, score, Math.max(0, Math.min(1, p[best])), intents.match(tokens),
        keyPhrases.extract(tokens));
  }

  /** Class probabilities (negative, neutral, positive), for tests and diagnostics. */
  double[] probabilities(String text) {
    return model.probabilities(tokenizer.tokenize(text), features);
  }

  List<String> keyPhrases(String text) {
    return keyPhrases.extract(tokenizer.tokenize(text));
  }
}
