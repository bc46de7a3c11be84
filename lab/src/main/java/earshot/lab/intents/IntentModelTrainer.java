package earshot.lab.intents;

import earshot.jobs.text.IntentModel;
import earshot.jobs.text.PiiRedactor;
import earshot.jobs.text.TextTokenizer;
import earshot.jobs.text.TokenizedText;
import earshot.lab.sentiment.SoftmaxRegression;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Trains an {@link IntentModel}: texts are redacted and tokenized as in the enrich job, turned into
 * the model's features and fitted by {@link SoftmaxRegression} (L2 penalty, full-batch L-BFGS).
 * Deterministic: the same examples and settings give the same weights. Where the examples come
 * from (a public intent set mapped to Earshot's codes) and how the threshold is chosen is the
 * caller's business (the lab module's intent tooling).
 */
public final class IntentModelTrainer {

  /**
   * @param sigma standard deviation of the Gaussian prior on the weights (smaller: simpler model)
   * @param minFeatureCount features seen in fewer training texts than this are dropped (keeps the model small)
   */
  public record Settings(double sigma, int minFeatureCount) {
    public static final Settings DEFAULT = new Settings(1.0, 3);

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "sigma %s, min-feature-count %d", sigma, minFeatureCount);
    }
  }

  /** A training text and its class: an intent code, or {@link IntentModel#NONE}. */
  public record Example(String text, String intent) {}

  private final PiiRedactor redactor = new PiiRedactor();
  private final TextTokenizer tokenizer = new TextTokenizer();

  /**
   * @param codes the intent codes to learn, in the order the model lists them
   * @param threshold probability a code must reach to be emitted
   * @param comments lines for the model file's header
   * @throws IllegalArgumentException when an example's class is neither a code nor none
   */
  public IntentModel train(List<Example> examples, List<String> codes, Settings settings, double threshold,
      List<String> comments) {
    List<String> classes = new ArrayList<>();
    classes.add(IntentModel.NONE);
    classes.addAll(new LinkedHashSet<>(codes));
    Map<String, Integer> index = new HashMap<>();
    for (int c = 0; c < classes.size(); c++) {
      index.put(classes.get(c), c);
    }
    List<SoftmaxRegression.Example> fitted = new ArrayList<>(examples.size());
    for (Example example : examples) {
      Integer label = index.get(example.intent());
      if (label == null) {
        throw new IllegalArgumentException("class '" + example.intent() + "' is not one of " + classes);
      }
      fitted.add(new SoftmaxRegression.Example(features(example.text()), label, 1.0));
    }
    Map<String, double[]> weights = SoftmaxRegression.fit(fitted, classes.size(), settings.sigma(),
        settings.minFeatureCount(), "bias", 1e-5);
    List<String> header = new ArrayList<>(comments);
    header.add("settings: " + settings + "; " + examples.size() + " training texts");
    IntentModel trained = new IntentModel(classes, weights, threshold, header);
    // Round-trip through text so that a model used right after training behaves exactly like the saved one.
    return IntentModel.parse(trained.toText(), "trained intent model");
  }

  /** A text as the model sees it in the text stage: redacted, tokenized. */
  public TokenizedText tokenize(String text) {
    return tokenizer.tokenize(redactor.redact(text).text());
  }

  Map<String, Double> features(String text) {
    Map<String, Double> out = new HashMap<>();
    IntentModel.features(tokenize(text), feature -> out.put(feature, 1.0));
    return out;
  }
}
