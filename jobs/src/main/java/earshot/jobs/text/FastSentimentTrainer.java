package earshot.jobs.text;

import edu.stanford.nlp.classify.LinearClassifier;
import edu.stanford.nlp.classify.LinearClassifierFactory;
import edu.stanford.nlp.classify.RVFDataset;
import edu.stanford.nlp.ling.RVFDatum;
import edu.stanford.nlp.optimization.QNMinimizer;
import edu.stanford.nlp.stats.ClassicCounter;
import edu.stanford.nlp.stats.Counter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Trains the fast sentiment model: texts are redacted and tokenized as in the enrich job, turned
 * into {@link SentimentFeatures}, and fitted by CoreNLP's maximum-entropy classifier (multinomial
 * logistic regression with a Gaussian prior, quasi-Newton optimisation). Training is deterministic:
 * the same texts and settings give the same weights.
 */
public final class FastSentimentTrainer {

  /**
   * @param sigma standard deviation of the Gaussian prior on the weights (smaller: simpler model)
   * @param minFeatureCount features seen in fewer training texts than this are dropped
   */
  public record Settings(double sigma, int minFeatureCount) {
    public static final Settings DEFAULT = new Settings(1.0, 2);

    @Override
    public String toString() {
      return "sigma " + sigma + ", min-feature-count " + minFeatureCount;
    }
  }

  /** The training texts, relative to the project folder. */
  public static final String TRAINING_DATA = "data/cx/train.tsv";
  /** The held-out customer-service texts, never used for training. */
  public static final String EVALUATION_DATA = "data/cx/eval.tsv";

  private final PiiRedactor redactor = new PiiRedactor();
  private final TextTokenizer tokenizer = new TextTokenizer();
  private final SentimentFeatures features = new SentimentFeatures(SentimentLexicon.load(new TextTokenizer()));

  /** Trains on all the texts; {@code comments} go into the model file's header. */
  public FastSentimentModel train(List<LabelledText> texts, Settings settings, List<String> comments) {
    LinearClassifier<String, String> classifier = fit(texts, settings);
    Map<String, Counter<String>> byLabel = classifier.weightsAsMapOfCounters();
    Map<String, double[]> weights = new HashMap<>();
    for (int c = 0; c < FastSentimentModel.CLASSES.size(); c++) {
      Counter<String> counter = byLabel.get(FastSentimentModel.CLASSES.get(c).name());
      if (counter == null) {
        continue; // a class absent from the training texts keeps zero weights
      }
      for (Map.Entry<String, Double> entry : counter.entrySet()) {
        weights.computeIfAbsent(entry.getKey(), k -> new double[3])[c] = entry.getValue();
      }
    }
    List<String> header = new ArrayList<>(comments);
    header.add("settings: " + settings);
    header.add("features: " + weights.size() + ", classes: negative neutral positive");
    // Round-trip through text so that a model used right after training behaves exactly like the saved one.
    FastSentimentModel trained = new FastSentimentModel(weights, header);
    return FastSentimentModel.parse(trained.toText(), "trained model");
  }

  /**
   * Trains the model Earshot ships, from the training texts in the project folder, with the
   * default settings. Its header records the data's size and SHA-256.
   */
  public FastSentimentModel trainShippedModel(Path projectHome) throws IOException {
    Path data = projectHome.resolve(TRAINING_DATA);
    byte[] bytes = Files.readAllBytes(data);
    LabelledTexts texts = LabelledTexts.parse(TRAINING_DATA, new String(bytes, StandardCharsets.UTF_8));
    String digest;
    try {
      digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    return train(texts.texts(), Settings.DEFAULT, List.of(
        "Earshot fast sentiment model: multinomial logistic regression over the features of SentimentFeatures.",
        "Made by ./earshot sentiment --train; do not edit. A test retrains it and compares.",
        "trained-on: " + TRAINING_DATA + " (" + texts.texts().size() + " texts, sha256 " + digest + ")"));
  }

  /** CoreNLP's classifier fitted to the texts. */
  LinearClassifier<String, String> fit(List<LabelledText> texts, Settings settings) {
    RVFDataset<String, String> dataset = new RVFDataset<>();
    for (LabelledText text : texts) {
      dataset.add(datum(text.text(), text.label().name()));
    }
    if (settings.minFeatureCount() > 1) {
      dataset.applyFeatureCountThreshold(settings.minFeatureCount());
    }
    LinearClassifierFactory<String, String> factory = new LinearClassifierFactory<>();
    factory.setSigma(settings.sigma());
    factory.setTol(1e-6);
    factory.setVerbose(false);
    factory.setMinimizerCreator(() -> {
      QNMinimizer minimizer = new QNMinimizer(15);
      minimizer.shutUp();
      return minimizer;
    });
    return factory.trainClassifier(dataset);
  }

  /**
   * k-fold cross-validation on the training texts (text i goes to fold i mod k): how well models
   * trained this way do on texts they did not see, without touching the evaluation set.
   */
  public Evaluation crossValidate(List<LabelledText> texts, int folds, Settings settings) {
    Evaluation evaluation = new Evaluation();
    for (int fold = 0; fold < folds; fold++) {
      List<LabelledText> train = new ArrayList<>();
      List<LabelledText> test = new ArrayList<>();
      for (int i = 0; i < texts.size(); i++) {
        (i % folds == fold ? test : train).add(texts.get(i));
      }
      FastSentimentModel model = train(train, settings, List.of());
      FastSentimentAnalyzer analyzer = new FastSentimentAnalyzer(model, IntentRules.none());
      for (LabelledText text : test) {
        TextResult result = analyzer.analyze(redactor.redact(text.text()).text());
        evaluation.add(text.label(), result.label(), result.score());
      }
    }
    return evaluation;
  }

  /** A text as the classifier sees it: redacted, tokenized, turned into features. */
  RVFDatum<String, String> datum(String text, String label) {
    ClassicCounter<String> counter = new ClassicCounter<>();
    TokenizedText tokens = tokenizer.tokenize(redactor.redact(text).text());
    features.extract(tokens, counter::setCount);
    return new RVFDatum<>(counter, label);
  }
}
