package earshot.jobs.text;

import earshot.schemas.SentimentLabel;
import java.util.List;

/**
 * The "fast" text mode: sentiment from Earshot's own model for customer language ({@link
 * FastSentimentModel}, trained by {@code ./earshot sentiment --train}), intents from the rule file,
 * key phrases from noun runs. It needs no CoreNLP model file: tokenizer, sentence splitter and
 * morphology are code. One instance per thread.
 *
 * <p>Intents are the rules' codes plus, when an {@link IntentModel} is given, the codes that model
 * is confident of (its probability reaches the model's threshold): rules ∪ confident model. The
 * rules keep their precision and their explanation; the model adds paraphrases the rules miss.
 *
 * <p>The model's posteriors are moved to each stream's class balance by {@link PriorAdaptation}
 * (one per stream, the streams a caller names with {@link #analyze(String, String)}; at most
 * {@value #MAX_STREAMS}, the least recently used one is dropped), unless adaptation is off. The
 * estimate is BBSE's when the settings ask for it and the model file carries a confusion matrix,
 * else EM's.
 *
 * <p>Emits for every text a label, a score in [-1, 1] (probability of positive minus probability
 * of negative) and a confidence in [0, 1] (probability of the label). Texts longer than {@value
 * #MAX_CHARS} characters are read up to there.
 */
public final class FastSentimentAnalyzer implements TextAnalyzer {

  public static final int MAX_CHARS = 20_000;
  /** Streams whose priors are tracked at once. */
  public static final int MAX_STREAMS = 256;
  private static final String DEFAULT_STREAM = "";

  private final TextTokenizer tokenizer = new TextTokenizer();
  private final SentimentLexicon lexicon = SentimentLexicon.load(tokenizer);
  private final SentimentFeatures features;
  private final KeyPhrases keyPhrases = new KeyPhrases(lexicon, tokenizer);
  private final FastSentimentModel model;
  private final IntentRules rules;
  private final IntentRules.Matcher intents;
  private final IntentModel intentModel;
  private final PriorAdaptation.Settings adaptation;
  private final java.util.LinkedHashMap<String, PriorAdaptation> streams = new java.util.LinkedHashMap<>(16, 0.75f,
      true) {
    @Override
    protected boolean removeEldestEntry(java.util.Map.Entry<String, PriorAdaptation> eldest) {
      if (size() > MAX_STREAMS) {
        published.remove(eldest.getKey(), eldest.getValue());
        return true;
      }
      return false;
    }
  };
  /** The same adaptations, for metric reporters on other threads (the LRU map above is not thread-safe). */
  private final java.util.concurrent.ConcurrentHashMap<String, PriorAdaptation> published =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** The shipped model, adapted to each stream's priors with the default settings. */
  public FastSentimentAnalyzer(IntentRules rules) {
    this(FastSentimentModel.load(), rules, PriorAdaptation.Settings.DEFAULT);
  }

  /** A model without prior adaptation: each text's result depends on that text alone. */
  public FastSentimentAnalyzer(FastSentimentModel model, IntentRules rules) {
    this(model, rules, null);
  }

  /** @param adaptation how to follow each stream's priors, or null for no adaptation */
  public FastSentimentAnalyzer(FastSentimentModel model, IntentRules rules, PriorAdaptation.Settings adaptation) {
    this(model, rules, adaptation, null);
  }

  /**
   * @param adaptation how to follow each stream's priors, or null for no adaptation
   * @param intentModel the learned intent classifier beside the rules, or null for the rules alone
   */
  public FastSentimentAnalyzer(FastSentimentModel model, IntentRules rules, PriorAdaptation.Settings adaptation,
      IntentModel intentModel) {
    this.model = model;
    this.features = new SentimentFeatures(lexicon).forModel(model);
    this.rules = rules;
    this.intents = rules.matcher();
    this.adaptation = adaptation;
    this.intentModel = intentModel;
  }

  /** An analyzer with the same models, rules and adaptation settings that has seen no text yet. */
  public FastSentimentAnalyzer fresh() {
    return new FastSentimentAnalyzer(model, rules, adaptation, intentModel);
  }

  /** The same analyzer with another intent model (null: the rules alone); it has seen no text yet. */
  public FastSentimentAnalyzer withIntentModel(IntentModel intentModel) {
    return new FastSentimentAnalyzer(model, rules, adaptation, intentModel);
  }

  @Override
  public String modelName() {
    return "earshot-fast-" + model.version();
  }

  @Override
  public TextResult analyze(String text) {
    return analyze(text, DEFAULT_STREAM);
  }

  /** @param stream the stream the text belongs to (such as a channel), whose priors it follows */
  @Override
  public TextResult analyze(String text, String stream) {
    if (text == null || text.isBlank()) {
      return TextResult.neutralEmpty();
    }
    TokenizedText tokens = tokenizer.tokenize(text.length() > MAX_CHARS ? text.substring(0, MAX_CHARS) : text);
    if (tokens.size() == 0) {
      return TextResult.neutralEmpty();
    }
    double[] p = model.probabilities(tokens, features);
    if (adaptation != null) {
      p = streams.computeIfAbsent(stream == null ? DEFAULT_STREAM : stream, this::newAdaptation).adapt(p);
    } else if (model.calibration() != null) {
      // Calibrated posteriors are for the calibration texts' balance; without adaptation, answer for the training texts'.
      p = PriorAdaptation.correct(p, model.adaptationPriors(), model.priors());
    }
    int best = p[0] >= p[1] && p[0] >= p[2] ? 0 : p[2] > p[1] ? 2 : 1;
    SentimentLabel label = FastSentimentModel.CLASSES.get(best);
    double score = Math.max(-1, Math.min(1, p[2] - p[0]));
    return new TextResult(label, score, Math.max(0, Math.min(1, p[best])), intents(tokens),
        keyPhrases.extract(tokens));
  }

  private List<String> intents(TokenizedText tokens) {
    List<String> matched = intents.match(tokens);
    if (intentModel == null) {
      return matched;
    }
    List<String> learned = intentModel.confident(tokens);
    if (learned.isEmpty() || matched.containsAll(learned)) {
      return matched;
    }
    // Keep the rule file's order of codes; a code the rules do not know goes last.
    java.util.Set<String> union = new java.util.HashSet<>(matched);
    union.addAll(learned);
    List<String> out = new java.util.ArrayList<>(union.size());
    for (String intent : rules.intents()) {
      if (union.remove(intent)) {
        out.add(intent);
      }
    }
    learned.stream().filter(union::contains).forEach(out::add);
    return out;
  }

  private PriorAdaptation newAdaptation(String stream) {
    // Calibrated posteriors are for the calibration texts' balance: EM divides by those priors.
    // BBSE solves against the model's held-out confusion matrix; a model without one is adapted by EM.
    PriorAdaptation created = new PriorAdaptation(model.adaptationPriors(), model.priors(), model.confusion(),
        adaptation);
    published.put(stream, created);
    return created;
  }

  /** The prior adaptation of a stream, or null when it has seen no text or adaptation is off. Same thread only. */
  public PriorAdaptation adaptation(String stream) {
    return streams.get(stream == null ? DEFAULT_STREAM : stream);
  }

  /** The sentiment model. */
  public FastSentimentModel model() {
    return model;
  }

  /** Whether the posteriors follow each stream's priors. */
  public boolean adapts() {
    return adaptation != null;
  }

  /**
   * The prior in use for a stream (negative, neutral, positive): its latest estimate, or the
   * training texts' priors while the stream has not been seen or is still below the first estimate;
   * null when adaptation is off. Safe to call from any thread (for gauges).
   */
  public double[] priorInUse(String stream) {
    if (adaptation == null) {
      return null;
    }
    PriorAdaptation a = published.get(stream == null ? DEFAULT_STREAM : stream);
    return a == null ? model.priors() : a.priors();
  }

  /** Class probabilities (negative, neutral, positive) before adaptation, for tests and diagnostics. */
  double[] probabilities(String text) {
    return model.probabilities(tokenizer.tokenize(text), features);
  }

  List<String> keyPhrases(String text) {
    return keyPhrases.extract(tokenizer.tokenize(text));
  }
}
