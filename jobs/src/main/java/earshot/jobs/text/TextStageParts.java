package earshot.jobs.text;

import java.util.ArrayList;
import java.util.List;

/**
 * The fast text stage taken apart for measuring: redaction, language, tokenizing, sentiment
 * (features and weights), intents (rules) and key phrases, each as a pass over a list of texts
 * whose inputs the earlier parts prepared once. Like {@link TextPipeline}, the parts after language
 * see only the texts the stage analyses (those it reads as English). Consumes texts; emits one
 * {@link Part} per part, whose pass a benchmark repeats and times; guarantees that each part is
 * the same code the pipeline runs. Not thread-safe.
 */
public final class TextStageParts {

  /**
   * @param name what the part does
   * @param texts how many texts one pass reads
   * @param pass one pass over the texts; returns a number derived from the results, so that the
   *     work cannot be optimised away
   */
  public record Part(String name, int texts, java.util.function.LongSupplier pass) {}

  private final PiiRedactor redactor = new PiiRedactor();
  private final LanguageDetector languages = new LanguageDetector();
  private final TextTokenizer tokenizer = new TextTokenizer();
  private final SentimentLexicon lexicon = SentimentLexicon.load(tokenizer);
  private final SentimentFeatures features;
  private final KeyPhrases keyPhrases = new KeyPhrases(lexicon, tokenizer);
  private final FastSentimentModel model;
  private final IntentRules.Matcher intents;

  public TextStageParts(FastSentimentModel model, IntentRules rules) {
    this.model = model;
    this.features = new SentimentFeatures(lexicon).forModel(model);
    this.intents = rules.matcher();
  }

  /** The parts, in the order the stage runs them, over the given texts. */
  public List<Part> parts(List<String> texts) {
    List<String> all = texts.stream().filter(t -> t != null && !t.isBlank()).toList();
    List<String> redacted = all.stream().map(t -> redactor.redact(t).text()).toList();
    List<String> english = redacted.stream()
        .filter(t -> languages.detect(t).language().equals(LanguageDetector.ENGLISH))
        .map(t -> t.length() > FastSentimentAnalyzer.MAX_CHARS ? t.substring(0, FastSentimentAnalyzer.MAX_CHARS) : t)
        .toList();
    List<TokenizedText> tokenized = new ArrayList<>();
    english.forEach(t -> {
      TokenizedText tokens = tokenizer.tokenize(t);
      if (tokens.size() > 0) {
        tokenized.add(tokens);
      }
    });
    List<Part> parts = new ArrayList<>();
    parts.add(new Part("redaction", all.size(), () -> {
      long sum = 0;
      for (String text : all) {
        sum += redactor.redact(text).text().length();
      }
      return sum;
    }));
    parts.add(new Part("language", redacted.size(), () -> {
      long sum = 0;
      for (String text : redacted) {
        sum += languages.detect(text).language().hashCode();
      }
      return sum;
    }));
    parts.add(new Part("tokenizer", english.size(), () -> {
      long sum = 0;
      for (String text : english) {
        sum += tokenizer.tokenize(text).size();
      }
      return sum;
    }));
    parts.add(new Part("sentiment", tokenized.size(), () -> {
      long sum = 0;
      for (TokenizedText tokens : tokenized) {
        sum += Double.doubleToLongBits(model.probabilities(tokens, features)[0]);
      }
      return sum;
    }));
    parts.add(new Part("intents", tokenized.size(), () -> {
      long sum = 0;
      for (TokenizedText tokens : tokenized) {
        sum += intents.match(tokens).size();
      }
      return sum;
    }));
    parts.add(new Part("key phrases", tokenized.size(), () -> {
      long sum = 0;
      for (TokenizedText tokens : tokenized) {
        sum += keyPhrases.extract(tokens).size();
      }
      return sum;
    }));
    return parts;
  }
}
