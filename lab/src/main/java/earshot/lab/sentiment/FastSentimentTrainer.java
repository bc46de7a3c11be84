package earshot.lab.sentiment;

import earshot.jobs.text.ClassifierScores;
import earshot.jobs.text.FastSentimentAnalyzer;
import earshot.jobs.text.FastSentimentModel;
import earshot.jobs.text.IntentRules;
import earshot.jobs.text.LabelledText;
import earshot.jobs.text.LabelledTexts;
import earshot.jobs.text.PiiRedactor;
import earshot.jobs.text.PosteriorCalibration;
import earshot.jobs.text.SentimentFeatures;
import earshot.jobs.text.TextResult;
import earshot.jobs.text.TextTokenizer;
import earshot.jobs.text.TokenizedText;
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
import java.util.Locale;
import java.util.Map;

/**
 * Trains the fast sentiment model: texts are redacted and tokenized as in the enrich job, turned
 * into {@link SentimentFeatures}, and fitted by {@link SoftmaxRegression} (multinomial logistic
 * regression with a Gaussian prior, full-batch L-BFGS). Training is deterministic: the same texts
 * and settings give the same weights. The model records the class priors of its training texts,
 * which {@link PriorAdaptation} needs to move the model to a stream with other priors, and may be
 * calibrated afterwards on labelled texts it did not learn from ({@link #calibrate}). Offline work:
 * the job only reads the model file this writes.
 */
public final class FastSentimentTrainer {

  /**
   * @param sigma standard deviation of the Gaussian prior on the weights (smaller: simpler model)
   * @param minFeatureCount features seen in fewer training texts than this are dropped
   * @param cxWeight weight of each customer-service training text against a tweet's 1 (there are
   *     few of them, and they are the language Earshot reads)
   * @param classBalance 0: each text counts as its weight says; 1: each class's texts are weighted
   *     up or down so that the three classes weigh the same (the rarer negative class is not
   *     outvoted); between: the power of that factor
   * @param charGrams whether the features include hashed character 3- to 5-grams ({@link
   *     SentimentFeatures#withCharGrams()})
   * @param socialLexicon whether the features include the social-media lexicon's polarity sums ({@link
   *     SentimentFeatures#withSocialLexicon()})
   * @param wordClusters whether the features include each word's cluster ({@link
   *     SentimentFeatures#withWordClusters()})
   */
  public record Settings(double sigma, int minFeatureCount, double cxWeight, double classBalance, boolean charGrams,
      boolean socialLexicon, boolean wordClusters) {
    /**
     * What the shipped model is trained with: chosen on held-out SemEval tweets (sigma), and by rules
     * written before measuring (CX weight 6 with the social lexicon; README, "Sentiment measured on real text").
     */
    public static final Settings DEFAULT = new Settings(0.5, 3, 6.0, 0, false, true, false);
    /** For the customer-service texts alone (the model Earshot shipped before it learned from tweets). */
    public static final Settings CX_ONLY = new Settings(1.0, 2, 1.0);

    public Settings {
      if (!(classBalance >= 0 && classBalance <= 1)) {
        throw new IllegalArgumentException("class balance must be between 0 and 1, got " + classBalance);
      }
    }

    public Settings(double sigma, int minFeatureCount, double cxWeight) {
      this(sigma, minFeatureCount, cxWeight, 0);
    }

    public Settings(double sigma, int minFeatureCount, double cxWeight, double classBalance) {
      this(sigma, minFeatureCount, cxWeight, classBalance, false, false, false);
    }

    /** The same settings with or without character n-grams. */
    public Settings withCharGrams(boolean on) {
      return new Settings(sigma, minFeatureCount, cxWeight, classBalance, on, socialLexicon, wordClusters);
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "sigma %s, min-feature-count %d, cx-weight %s", sigma, minFeatureCount,
          cxWeight) + (classBalance > 0 ? String.format(Locale.ROOT, ", class-balance %s", classBalance) : "")
          + (charGrams ? ", char-grams 3-5 in " + SentimentFeatures.CHAR_BUCKETS + " buckets" : "")
          + (socialLexicon ? ", social lexicon" : "") + (wordClusters ? ", word clusters" : "");
    }
  }

  /** The training texts, relative to the project folder. */
  public static final String TRAINING_DATA = "data/cx/train.tsv";
  /** The held-out customer-service texts, never used for training. */
  public static final String EVALUATION_DATA = "data/cx/eval.tsv";

  private final PiiRedactor redactor = new PiiRedactor();
  private final TextTokenizer tokenizer = new TextTokenizer();
  private final SentimentFeatures features = SentimentFeatures.load(new TextTokenizer());

  /** A labelled text and how much it counts in training. */
  public record Weighted(LabelledText text, double weight) {}

  /** Trains on all the texts, each with weight 1; {@code comments} go into the model file's header. */
  public FastSentimentModel train(List<LabelledText> texts, Settings settings, List<String> comments) {
    return trainWeighted(texts.stream().map(t -> new Weighted(t, 1.0)).toList(), settings, comments);
  }

  public FastSentimentModel trainWeighted(List<Weighted> texts, Settings settings, List<String> comments) {
    double[] factor = balancing(texts, settings.classBalance());
    SentimentFeatures extractor = settings.charGrams() ? features.withCharGrams() : features;
    extractor = settings.socialLexicon() ? extractor.withSocialLexicon() : extractor;
    extractor = settings.wordClusters() ? extractor.withWordClusters() : extractor;
    List<SoftmaxRegression.Example> examples = new ArrayList<>(texts.size());
    double[] priors = new double[3];
    double total = 0;
    for (Weighted w : texts) {
      int label = FastSentimentModel.CLASSES.indexOf(w.text().label());
      double weight = w.weight() * factor[label];
      examples.add(new SoftmaxRegression.Example(features(w.text().text(), extractor), label, weight));
      // The priors the posteriors are for: those of the weighted texts, balancing included.
      priors[label] += weight;
      total += weight;
    }
    for (int c = 0; c < 3; c++) {
      priors[c] = total == 0 ? 1 / 3.0 : priors[c] / total;
    }
    Map<String, double[]> weights = SoftmaxRegression.fit(examples, 3, settings.sigma(), settings.minFeatureCount(),
        "bias", 1e-5);
    List<String> header = new ArrayList<>(comments);
    header.add("settings: " + settings);
    header.add("features: " + weights.size() + ", classes: negative neutral positive");
    // Round-trip through text so that a model used right after training behaves exactly like the saved one.
    FastSentimentModel trained = new FastSentimentModel(weights, priors, header);
    return FastSentimentModel.parse(trained.toText(), "trained model");
  }

  /**
   * Each class's weight factor: (one third / the class's share of the total weight) to the power
   * {@code balance}, so that with balance 1 the three classes weigh the same in training.
   */
  static double[] balancing(List<Weighted> texts, double balance) {
    double[] mass = new double[3];
    double total = 0;
    for (Weighted w : texts) {
      mass[FastSentimentModel.CLASSES.indexOf(w.text().label())] += w.weight();
      total += w.weight();
    }
    double[] factor = new double[3];
    for (int c = 0; c < 3; c++) {
      factor[c] = balance == 0 || mass[c] == 0 ? 1 : Math.pow(total / 3 / mass[c], balance);
    }
    return factor;
  }

  /**
   * The model's confusion matrix on labelled texts it was not trained on: {@code [true class][label]},
   * each row the shares of that class's texts given each label, the labels being the argmax of the
   * model's (calibrated, unadapted) probabilities, as {@link earshot.jobs.text.PriorAdaptation}
   * reads them. A class without texts gets the identity row.
   */
  public double[][] confusion(FastSentimentModel model, List<LabelledText> texts) {
    double[][] counts = new double[3][3];
    for (LabelledText text : texts) {
      int truth = FastSentimentModel.CLASSES.indexOf(text.label());
      if (truth < 0) {
        continue;
      }
      double[] p = model.probabilities(tokenizer.tokenize(redactor.redact(text.text()).text()),
          features.forModel(model));
      counts[truth][p[0] >= p[1] && p[0] >= p[2] ? 0 : p[2] > p[1] ? 2 : 1]++;
    }
    for (int j = 0; j < 3; j++) {
      double n = counts[j][0] + counts[j][1] + counts[j][2];
      for (int i = 0; i < 3; i++) {
        counts[j][i] = n == 0 ? (i == j ? 1 : 0) : counts[j][i] / n;
      }
    }
    return counts;
  }

  /** The model with its confusion matrix on a labelled file it was not trained on; the header names the file. */
  public FastSentimentModel withConfusion(FastSentimentModel model, Path file, String name) throws IOException {
    List<Weighted> texts = new ArrayList<>();
    String source = add(file, name, 1.0, texts).replace("trained-on: ", "confusion-on: ").replace(", weight 1.0", "");
    double[][] matrix = confusion(model, texts.stream().map(Weighted::text).toList());
    return model.withConfusion(matrix, List.of(source + " (for BBSE prior estimation; never trained on)"));
  }

  /**
   * Trains the model Earshot ships: from the customer-service training texts in the project
   * folder and, when {@code dataDir} is given, the tweets prepared there by {@link
   * SentimentCorpora#prepare} (SemEval training and tuning parts), without calibration. Its header
   * records each file's size and SHA-256.
   */
  public FastSentimentModel trainShippedModel(Path projectHome, Path dataDir) throws IOException {
    Settings settings = dataDir == null ? Settings.CX_ONLY : Settings.DEFAULT;
    return trainShippedModel(projectHome, dataDir, settings, true);
  }

  /**
   * Calibrates a model's posteriors on a labelled file it was not trained on; the header records the
   * file (size, SHA-256) and the fitted parameters. A calibration the model had is replaced (the
   * fit starts from the raw scores).
   */
  public FastSentimentModel calibrate(FastSentimentModel model, Path file, String name, PosteriorCalibrationFit.Kind kind)
      throws IOException {
    List<Weighted> texts = new ArrayList<>();
    String source = add(file, name, 1.0, texts).replace("trained-on: ", "calibrated-on: ");
    PosteriorCalibration.Calibration calibration = fitCalibration(model,
        texts.stream().map(Weighted::text).toList(), kind);
    return model.withCalibration(calibration, List.of(source.replace(", weight 1.0", "") + ", "
        + kind.name().toLowerCase(Locale.ROOT).replace('_', '-') + ": " + calibration));
  }

  /** Fits a calibration of the model's raw scores to labelled texts it was not trained on. */
  public PosteriorCalibration.Calibration fitCalibration(FastSentimentModel model, List<LabelledText> texts,
      PosteriorCalibrationFit.Kind kind) {
    List<double[]> scores = new ArrayList<>(texts.size());
    int[] labels = new int[texts.size()];
    for (int i = 0; i < texts.size(); i++) {
      LabelledText text = texts.get(i);
      scores.add(model.scores(tokenizer.tokenize(redactor.redact(text.text()).text()), features.forModel(model)));
      labels[i] = FastSentimentModel.CLASSES.indexOf(text.label());
    }
    PosteriorCalibration.Calibration fit = PosteriorCalibrationFit.fit(scores, labels, kind);
    if (kind == PosteriorCalibrationFit.Kind.BIAS_CORRECTED) {
      return fit; // its mean posterior on these texts is their class shares, which fit() records
    }
    // EM's reference must be the balance the posteriors express on texts like the calibration texts: with
    // a temperature alone that is neither the training priors nor these texts' shares, but the mean posterior.
    double[] mean = new double[3];
    for (double[] z : scores) {
      double[] s = z.clone();
      fit.apply(s);
      double[] p = FastSentimentModel.softmax(s);
      for (int c = 0; c < 3; c++) {
        mean[c] += p[c] / scores.size();
      }
    }
    return new PosteriorCalibration.Calibration(fit.temperature(), fit.biases(), mean);
  }

  /**
   * @param settings training settings; a customer-service weight of 0 leaves those texts out
   * @param withTune whether the SemEval tuning part joins the training texts (not while choosing
   *     settings, nor when the model is to be calibrated on it)
   */
  public FastSentimentModel trainShippedModel(Path projectHome, Path dataDir, Settings settings, boolean withTune)
      throws IOException {
    return trainShippedModel(projectHome, dataDir, settings, withTune, false);
  }

  /**
   * @param with2016Test whether SemEval's 2016 test set ({@link SentimentCorpora#TEST_2016}, 20,556
   *     tweets) joins the training texts: a larger training set, which then is no longer a test set
   */
  public FastSentimentModel trainShippedModel(Path projectHome, Path dataDir, Settings settings, boolean withTune,
      boolean with2016Test) throws IOException {
    return trainShippedModel(projectHome, dataDir, settings, withTune, with2016Test, false);
  }

  /**
   * @param moreTweets whether the extra public tweet sets ({@link SentimentCorpora#MORE_TWEETS}: the
   *     CrowdFlower brand and product emotions and Kaggle's Tweet Sentiment Extraction tweets) join the
   *     training texts, each tweet with weight 1
   */
  public FastSentimentModel trainShippedModel(Path projectHome, Path dataDir, Settings settings, boolean withTune,
      boolean with2016Test, boolean moreTweets) throws IOException {
    List<Weighted> texts = new ArrayList<>();
    List<String> comments = new ArrayList<>(List.of(
        "Earshot fast sentiment model: multinomial logistic regression over the features of SentimentFeatures.",
        "Made by ./earshot sentiment --train" + (dataDir == null ? "" : " --data DIR") + "; do not edit."));
    if (settings.cxWeight() > 0) {
      comments.add(add(projectHome.resolve(TRAINING_DATA), TRAINING_DATA, settings.cxWeight(), texts));
    }
    if (dataDir != null) {
      List<String> files = new ArrayList<>(List.of(SentimentCorpora.TRAIN));
      if (withTune) {
        files.add(SentimentCorpora.TUNE);
      }
      if (with2016Test) {
        files.add(SentimentCorpora.TEST_2016);
      }
      if (moreTweets) {
        files.addAll(SentimentCorpora.MORE_TWEETS);
      }
      for (String file : files) {
        comments.add(add(dataDir.resolve("tsv").resolve(file), "tsv/" + file, 1.0, texts));
      }
    }
    return trainWeighted(texts, settings, comments);
  }

  private static String add(Path file, String name, double weight, List<Weighted> texts) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    LabelledTexts set = LabelledTexts.parse(name, new String(bytes, StandardCharsets.UTF_8));
    set.texts().forEach(t -> texts.add(new Weighted(t, weight)));
    String digest;
    try {
      digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    return "trained-on: " + name + " (" + set.texts().size() + " texts, weight " + weight + ", sha256 " + digest + ")";
  }

  /**
   * k-fold cross-validation on the training texts (text i goes to fold i mod k): how well models
   * trained this way do on texts they did not see, without touching the evaluation set.
   */
  public ClassifierScores crossValidate(List<LabelledText> texts, int folds, Settings settings) {
    ClassifierScores evaluation = new ClassifierScores();
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
  Map<String, Double> features(String text) {
    return features(text, features);
  }

  private Map<String, Double> features(String text, SentimentFeatures extractor) {
    Map<String, Double> out = new HashMap<>();
    TokenizedText tokens = tokenizer.tokenize(redactor.redact(text).text());
    extractor.extract(tokens, out::put);
    return out;
  }
}
