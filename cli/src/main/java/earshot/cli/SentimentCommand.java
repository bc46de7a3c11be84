package earshot.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import earshot.jobs.text.ClassifierScores;
import earshot.jobs.text.FastSentimentModel;
import earshot.lab.sentiment.FastSentimentTrainer;
import earshot.jobs.text.IntentRules;
import earshot.jobs.text.InvalidIntentRulesException;
import earshot.jobs.text.LabelledText;
import earshot.jobs.text.LabelledTexts;
import earshot.jobs.text.FastSentimentAnalyzer;
import earshot.jobs.text.IntentModel;
import earshot.lab.intents.IntentEvaluation;
import earshot.lab.intents.IntentMap;
import earshot.lab.intents.IntentModelBuilder;
import earshot.lab.intents.IntentModelTrainer;
import earshot.lab.intents.LabelledQueries;
import earshot.lab.sentiment.PosteriorCalibrationFit;
import earshot.jobs.text.PriorAdaptation;
import earshot.lab.sentiment.SentimentCorpora;
import earshot.jobs.text.TextAnalyzer;
import earshot.jobs.text.TextAnalyzers;
import earshot.jobs.text.TextPipeline;
import earshot.schemas.SentimentLabel;
import earshot.schemas.TextStatus;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code ./earshot sentiment}: the text stage on standard input (one JSON result per line), its
 * evaluation on labelled files, and the training of the fast model.
 */
final class SentimentCommand implements Command {

  /** Longer lines are read up to this many bytes; the rest of the line is skipped. */
  static final int MAX_LINE_BYTES = 1 << 20;

  private final InputStream stdin;
  private final OutputStream stdout;

  SentimentCommand() {
    this(System.in, System.out);
  }

  SentimentCommand(InputStream stdin, OutputStream stdout) {
    this.stdin = stdin;
    this.stdout = stdout;
  }

  @Override
  public String name() {
    return "sentiment";
  }

  @Override
  public String summary() {
    return "sentiment, intents and key phrases of texts on stdin; --eval a labelled file; --train the model; "
        + "--eval-intents on Banking77";
  }

  @Override
  public String usage() {
    return """
        usage: ./earshot sentiment [--mode fast|deep] [--intent-rules FILE] [--intent-model on|off|FILE] [--with-text]
                                   [--adapt on|off] [--estimator em|bbse] [--prior-shrink L]
               ./earshot sentiment --eval FILE [--eval FILE ...] [--mode fast|deep] [--model FILE] [--adapt on|off]
                                   [--estimator em|bbse] [--prior-shrink L]
               ./earshot sentiment --eval-intents FILE [--map FILE] [--intent-model FILE] [--intent-rules FILE]
               ./earshot sentiment --train-intents [--none-texts FILE ...] [--out FILE]
               ./earshot sentiment --prepare-data DIR
               ./earshot sentiment --train [--data DIR] [--out FILE] [--folds K] [--sigma S] [--cx-weight W]
                                   [--hold-out-tune] [--calibrate bcts|temperature|off] [--add-2016-test]
                                   [--more-tweets]
                                   [--class-balance B] [--char-grams] [--social-lexicon on|off]
                                   [--word-clusters]
               ./earshot sentiment --calibrate bcts|temperature --model FILE --data DIR [--out FILE]

          Reads texts from standard input, one per line, and writes one JSON object per line, in the
          same order: {"label":"negative","score":-0.93,"confidence":0.95,"intents":["cancellation"],
          "keyPhrases":["subscription"],"language":"en","status":"ANALYSED","redactions":{}}
          label is negative, neutral or positive; score runs from -1 to 1, confidence from 0 to 1.
          Texts go through the enrich job's text stage: personal data is redacted first, and a text
          that is not English gets status UNSUPPORTED_LANGUAGE, its language, and a neutral label with
          confidence 0. An empty line gives a neutral result. Lines longer than 1 MiB are read up to there.

          --mode fast|deep    fast: Earshot's model for customer language (default); deep: CoreNLP's
                              RNTN sentiment (slow; loads for a few seconds)
          --intent-rules FILE intent rules to use instead of the built-in ones
          --intent-model on|off|FILE  fast mode: add the confident codes of the learned intent classifier
                              (on: the one in the jar; or a model file) to the rules' codes; default off,
                              as in the enrich job (text.intent-model)
          --with-text         also print the redacted text ("text")
          --adapt on|off      fast mode: follow the stream's class balance by EM prior estimation over
                              the last texts read (default on; the enrich job's text.prior-adaptation is
                              off by default); off: each text alone
          --estimator em|bbse how adaptation estimates the stream's prior: em (default, as in the enrich
                              job): EM over the posteriors; bbse: the shares of the model's labels solved
                              against its held-out confusion matrix (a model without one falls back to em)
          --prior-shrink L    how far the prior in use moves from the training prior towards the estimate
                              (1: all the way, the default; 0.5: half way)
          --eval FILE         read text<TAB>label lines (negative/neutral/positive, or 0/1 for binary
                              sets, or complaint/not-complaint, where a complaint must be read as negative
                              and anything else as neutral or positive; the label after the last TAB) and
                              print accuracy, macro-F1, per-class F1 and the confusion matrix; the texts
                              are read in file order as one stream
          --model FILE        fast mode: use this model file instead of the one in the jar
          --eval-intents FILE read text,category CSV lines (Banking77's format, such as
                              data/real/banking77/test.csv), map each category to an intent code, none
                              or skip (--map, default data/real/banking77/intent-map.tsv) and print per
                              code support, precision, recall, F1, micro and macro averages and the
                              confusion table, for the rules alone and for rules + the learned model
          --train-intents     rebuild the learned intent model from data/real/banking77/train.csv (without
                              the texts of test.csv), choosing its threshold on a held-out fifth, and write
                              it where the build ships it from (jobs/src/main/resources/earshot/text/intent.model)
          --none-texts FILE   with --train-intents: texts of another kind with none of the codes (one per
                              line; text<TAB>label lines give their text), added as negatives (see README)
          --prepare-data DIR  turn the public tweet sets fetched into DIR/raw (see README) into
                              labelled-text files in DIR/tsv, for --train --data and --eval
          --train             retrain the fast model and write it where the build ships it from
                              (jobs/src/main/resources/earshot/text/fast-sentiment.model); from
                              data/cx/train.tsv alone, or with --data DIR also from DIR/tsv's tweets
          --out FILE          with --train or --train-intents: write the model there instead
          --folds K           with --train: first print K-fold cross-validated accuracy on data/cx/train.tsv
          --sigma S, --cx-weight W   with --train: override the training settings (W = 0: no CX texts)
          --hold-out-tune     with --train --data --calibrate off: leave out the tuning part (to choose
                              settings on it) and record the model's confusion matrix on it (for bbse)
          --class-balance B   with --train: weight each class's texts by (1/3 / its share)^B (0, the default:
                              as they come; 1: the three classes weigh the same)
          --char-grams        with --train: add hashed character 3- to 5-grams of each word to the features
          --word-clusters     with --train: add each word's cluster among words used alike in tweets (Brown
                              clusters of 56 million tweets, Owoputi et al. 2013) to the features
          --social-lexicon on|off  with --train: whether the features include the polarity sums of the
                              social-media lexicon (VADER's words, slang and emoticons); on by default with
                              --data (as the shipped model), off without it
          --calibrate KIND    with --train --data: calibrate the posteriors on DIR/tsv's tuning part, which
                              is then left out of training (bcts: a temperature and a bias per class;
                              temperature: the temperature alone; off, the default: no calibration, the
                              tuning part joins the training texts). Without --train: calibrate the model
                              --model names, anew, and write it to --out (default: where the build ships it from)
          --add-2016-test     with --train --data: SemEval's 2016 test set joins the training texts
          --more-tweets       with --train --data: the extra public tweet sets --prepare-data wrote
                              (DIR/tsv/brands.tsv, DIR/tsv/emotion-tweets.tsv) join the training texts
          With --eval, the fast mode also prints the model's calibration and, with adaptation on, the
          prior the file's stream ended with beside the file's true class shares.""";
  }

  @Override
  public int run(List<String> raw, Cli cli) throws Exception {
    Args args = Args.parse(raw, Set.of("mode", "intent-rules", "eval", "out", "folds", "adapt", "model",
        "prepare-data", "data", "sigma", "cx-weight", "eval-intents", "map", "intent-model", "none-texts",
        "calibrate", "estimator", "class-balance", "prior-shrink", "social-lexicon"),
        Set.of("train", "with-text", "hold-out-tune", "train-intents", "add-2016-test", "char-grams",
            "more-tweets", "word-clusters"));
    args.noPositionals();
    if (args.has("eval-intents") || args.has("train-intents")) {
      return intents(args, cli);
    }
    if (args.has("map")) {
      throw new UsageException("--map goes with --eval-intents");
    }
    if (args.has("none-texts")) {
      throw new UsageException("--none-texts go with --train-intents");
    }
    String mode = args.get("mode", TextAnalyzers.FAST).toLowerCase(Locale.ROOT);
    if (!TextAnalyzers.MODES.contains(mode)) {
      throw new UsageException("--mode must be one of " + String.join("|", TextAnalyzers.MODES) + ", got '" + mode + "'");
    }
    if (args.has("prepare-data")) {
      for (String line : SentimentCorpora.prepare(args.path("prepare-data"))) {
        cli.out.println(line);
      }
      return 0;
    }
    if (args.has("train")) {
      if (args.has("eval")) {
        throw new UsageException("--train and --eval do not go together");
      }
      return train(args, cli);
    }
    if (args.has("calibrate")) {
      return calibrateOnly(args, cli);
    }
    if (args.has("out") || args.has("folds") || args.has("data") || args.has("class-balance")
        || args.has("char-grams") || args.has("more-tweets") || args.has("social-lexicon")
        || args.has("word-clusters")) {
      throw new UsageException("--out, --folds, --data, --class-balance, --char-grams, --social-lexicon, "
          + "--word-clusters and --more-tweets go with --train");
    }
    IntentRules rules = rules(args);
    boolean adapt = args.onOff("adapt", true);
    if (!mode.equals(TextAnalyzers.FAST) && args.has("intent-model")) {
      throw new UsageException("--intent-model goes with --mode fast (the deep mode uses the rules alone)");
    }
    PriorAdaptation.Estimator estimator;
    try {
      estimator = PriorAdaptation.Estimator.parse(args.get("estimator", "em"));
    } catch (IllegalArgumentException e) {
      throw new UsageException("--estimator must be bbse or em, got '" + args.get("estimator", "") + "'");
    }
    if ((args.has("estimator") || args.has("prior-shrink")) && !adapt) {
      throw new UsageException("--estimator and --prior-shrink go with --adapt on");
    }
    double shrink = args.number("prior-shrink", PriorAdaptation.Settings.DEFAULT.shrink(), 0, 1);
    TextAnalyzer analyzer = analyzer(mode, rules, args.path("model"),
        adapt ? PriorAdaptation.Settings.DEFAULT.with(estimator).withShrink(shrink) : null,
        intentModel(args, "off"));
    if (args.has("eval")) {
      return evaluate(args.all("eval"), mode, analyzer, cli);
    }
    return stream(analyzer, args.has("with-text"));
  }

  private static TextAnalyzer analyzer(String mode, IntentRules rules, Path model,
      PriorAdaptation.Settings adaptation, IntentModel intentModel) throws IOException {
    if (!mode.equals(TextAnalyzers.FAST)) {
      if (model != null) {
        throw new UsageException("--model goes with --mode fast");
      }

      return TextAnalyzers.create(mode, rules);
    }
    FastSentimentModel fast = FastSentimentModel.load();
    if (model != null) {
      if (!Files.isRegularFile(model)) {
        throw new UsageException("--model: no such file " + model);
      }
      try (var reader = Files.newBufferedReader(model, StandardCharsets.UTF_8)) {
        fast = FastSentimentModel.read(reader, model.toString());
      }
    }
    return new FastSentimentAnalyzer(fast, rules, adaptation, intentModel);
  }

  /** The learned intent model --intent-model names (on: the jar's), or null for off. */
  private static IntentModel intentModel(Args args, String fallback) throws IOException {
    String value = args.get("intent-model", fallback);
    if (value.equals("off")) {
      return null;
    }
    if (value.equals("on")) {
      return IntentModel.load();
    }
    Path file = existing(Path.of(value), "--intent-model");
    try (var reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return IntentModel.read(reader, file.toString());
    } catch (IOException e) {
      throw new UsageException(e.getMessage());
    }
  }

  private static IntentRules rules(Args args) throws IOException {
    Path file = args.path("intent-rules");
    if (file == null) {
      return IntentRules.builtIn();
    }
    if (!Files.isRegularFile(file)) {
      throw new UsageException("--intent-rules: no such file " + file);
    }
    try {
      return IntentRules.parse(IntentRules.Source.file(file));
    } catch (InvalidIntentRulesException e) {
      throw new UsageException(e.getMessage());
    }
  }

  // ------------------------------------------------------------------ stdin → JSON lines

  private int stream(TextAnalyzer analyzer, boolean withText) throws IOException {
    ObjectMapper json = new ObjectMapper();
    PrintStream out = new PrintStream(new BufferedOutputStream(stdout, 1 << 16), false, StandardCharsets.UTF_8);
    try (TextPipeline pipeline = new TextPipeline(analyzer)) {
      LineReader lines = new LineReader(stdin, MAX_LINE_BYTES, out::flush);
      String line;
      while ((line = lines.readLine()) != null) {
        out.println(json.writeValueAsString(toJson(json, pipeline.read(line, null), withText)));
      }
    }
    out.flush();
    return 0;
  }

  static ObjectNode toJson(ObjectMapper json, TextPipeline.Reading reading, boolean withText) {
    ObjectNode node = json.createObjectNode();
    boolean analysed = reading.result() != null;
    node.put("label", analysed ? label(reading.result().label()) : "neutral");
    node.put("score", analysed ? round(reading.result().score()) : 0.0);
    node.put("confidence", analysed ? round(reading.result().confidence())
        : reading.status() == TextStatus.NO_TEXT ? 1.0 : 0.0);
    node.putPOJO("intents", analysed ? reading.result().intents() : List.of());
    node.putPOJO("keyPhrases", analysed ? reading.result().keyPhrases() : List.of());
    node.put("language", reading.language());
    node.put("status", reading.status().name());
    ObjectNode redactions = node.putObject("redactions");
    reading.redactions().forEach(redactions::put);
    if (withText) {
      node.put("text", reading.text() == null ? "" : reading.text());
    }
    return node;
  }

  private static String label(SentimentLabel label) {
    return label.name().toLowerCase(Locale.ROOT);
  }

  private static double round(double value) {
    return Math.round(value * 10_000) / 10_000.0;
  }

  // ------------------------------------------------------------------ evaluation

  private int evaluate(List<String> files, String mode, TextAnalyzer analyzer, Cli cli) throws IOException {
    for (String file : files) {
      if (!Files.isRegularFile(Path.of(file))) {
        throw new UsageException("--eval: no such file " + file);
      }
    }
    for (String file : files) {
      // Each file is its own stream: the prior learned on one must not carry over to the next.
      TextAnalyzer fresh = files.size() == 1 ? analyzer : copy(analyzer);
      try (TextPipeline pipeline = new TextPipeline(fresh)) {
        LabelledTexts set;
        try {
          set = LabelledTexts.read(Path.of(file));
        } catch (IllegalArgumentException e) {
          throw new UsageException(e.getMessage());
        }
        report(set, mode, pipeline, cli.out);
        if (fresh instanceof FastSentimentAnalyzer fast) {
          priors(fast, set, cli.out);
        }
      }
    }
    return 0;
  }

  /** The calibration and, with adaptation on, the prior the stream ended with against the file's true shares. */
  private static void priors(FastSentimentAnalyzer fast, LabelledTexts set, PrintStream out) {
    FastSentimentModel model = fast.model();
    out.println("  calibration: " + (model.calibration() == null ? "none (raw posteriors)" : model.calibration()));
    PriorAdaptation adaptation = fast.adaptation(null);
    if (adaptation == null) {
      out.println("  prior adaptation: " + (fast.adapts() ? "no text analysed" : "off"));
      return;
    }
    double[] truth = new double[3];
    int counted = 0;
    for (LabelledText text : set.texts()) {
      int c = List.of(SentimentLabel.NEGATIVE, SentimentLabel.NEUTRAL, SentimentLabel.POSITIVE).indexOf(text.label());
      if (c >= 0) {
        truth[c]++;
        counted++;
      }
    }
    double[] prior = adaptation.priors();
    double[] reference = adaptation.trainingPriors();
    out.printf(Locale.ROOT, "  prior in use     negative %.3f  neutral %.3f  positive %.3f   (after %d texts, %d estimates, %s)%n",
        prior[0], prior[1], prior[2], adaptation.texts(), adaptation.estimates(), adaptation.estimator());
    out.printf(Locale.ROOT, "  model's prior    negative %.3f  neutral %.3f  positive %.3f%n", reference[0], reference[1],
        reference[2]);
    if (set.kind() == LabelledTexts.Kind.COMPLAINT) {
      // Not a sentiment balance: a non-complaint may be neutral or positive.
      out.printf(Locale.ROOT, "  complaints       %.3f of the file's texts (the others may be neutral or positive)%n",
          counted == 0 ? 0 : truth[0] / counted);
      return;
    }
    if (counted > 0) {
      out.printf(Locale.ROOT, "  true shares      negative %.3f  neutral %.3f  positive %.3f   (of the file's labels)%n",
          truth[0] / counted, truth[1] / counted, truth[2] / counted);
    }
    // The estimate reads the last texts of the stream (a window): their own shares are the fair comparison.
    int window = (int) Math.min(adaptation.texts(), PriorAdaptation.Settings.DEFAULT.window());
    if (window < counted) {
      double[] last = new double[3];
      List<LabelledText> texts = set.texts();
      for (LabelledText text : texts.subList(texts.size() - window, texts.size())) {
        int c = List.of(SentimentLabel.NEGATIVE, SentimentLabel.NEUTRAL, SentimentLabel.POSITIVE).indexOf(text.label());
        if (c >= 0) {
          last[c]++;
        }
      }
      double n = last[0] + last[1] + last[2];
      out.printf(Locale.ROOT, "  true shares      negative %.3f  neutral %.3f  positive %.3f   (of the file's last %d texts)%n",
          last[0] / n, last[1] / n, last[2] / n, window);
    }
  }

  private static TextAnalyzer copy(TextAnalyzer analyzer) {
    return analyzer instanceof FastSentimentAnalyzer fast ? fast.fresh() : analyzer;
  }

  private static void report(LabelledTexts set, String mode, TextPipeline pipeline, PrintStream out) {
    ClassifierScores evaluation = new ClassifierScores();
    // For a complaint set: complaint against not-complaint, any reading other than negative counting as "not".
    ClassifierScores complaints = new ClassifierScores();
    int notEnglish = 0;
    long start = System.nanoTime();
    for (LabelledText text : set.texts()) {
      TextPipeline.Reading reading = pipeline.read(text.text(), null);
      notEnglish += reading.status() == TextStatus.UNSUPPORTED_LANGUAGE ? 1 : 0;
      evaluation.add(text.label(), reading.result());
      boolean negative = reading.result() != null && reading.result().label() == SentimentLabel.NEGATIVE;
      complaints.add(text.label(), negative ? SentimentLabel.NEGATIVE : SentimentLabel.NEUTRAL, 0);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    out.printf(Locale.ROOT, "%s: %d texts, %s, mode %s (%s), %.1f s%n", set.name(), set.texts().size(),
        switch (set.kind()) {
          case POLARITY -> "binary labels (0 = negative, 1 = positive)";
          case COMPLAINT -> "labels complaint/not-complaint (right: a complaint read as negative, anything else not)";
          case THREE_CLASS -> "labels negative/neutral/positive";
        }, mode, pipeline.modelName(), seconds);
    if (set.kind() == LabelledTexts.Kind.COMPLAINT) {
      complaintReport(complaints, evaluation, out);
    } else {
      out.printf(Locale.ROOT, "  accuracy   %.3f%s%n", evaluation.accuracy(),
          set.binary() ? "   (a neutral prediction counts as wrong)" : "");
      if (set.binary()) {
        out.printf(Locale.ROOT, "  accuracy   %.3f   by the sign of the score%n", evaluation.forcedBinaryAccuracy());
      }
      out.printf(Locale.ROOT, "  macro-F1   %.3f   (over %s)%n", evaluation.macroF1(),
          String.join(", ", evaluation.trueClasses().stream().map(SentimentCommand::label).toList()));
      for (SentimentLabel label : evaluation.trueClasses()) {
        out.printf(Locale.ROOT, "    %-9s precision %.3f  recall %.3f  F1 %.3f%n", label(label),
            evaluation.precision(label), evaluation.recall(label), evaluation.f1(label));
      }
    }
    if (notEnglish > 0) {
      out.printf(Locale.ROOT, "  %d texts were taken for another language and counted as neutral%n", notEnglish);
    }
    out.println("  confusion matrix (rows: true label, columns: predicted)");
    String table = set.kind() != LabelledTexts.Kind.COMPLAINT ? evaluation.confusionTable()
        : evaluation.confusionTable(truth -> truth == SentimentLabel.NEGATIVE ? "complaint" : "not-complaint");
    table.lines().forEach(line -> out.println("    " + line));
  }

  /** Whether complaints were read as negative: accuracy, both classes' precision, recall and F1. */
  private static void complaintReport(ClassifierScores complaints, ClassifierScores evaluation, PrintStream out) {
    out.printf(Locale.ROOT, "  accuracy   %.3f   (complaint = read as negative)%n", complaints.accuracy());
    out.printf(Locale.ROOT, "  macro-F1   %.3f   (over complaint, not-complaint)%n", complaints.macroF1());
    out.printf(Locale.ROOT, "    %-13s precision %.3f  recall %.3f  F1 %.3f%n", "complaint",
        complaints.precision(SentimentLabel.NEGATIVE), complaints.recall(SentimentLabel.NEGATIVE),
        complaints.f1(SentimentLabel.NEGATIVE));
    out.printf(Locale.ROOT, "    %-13s precision %.3f  recall %.3f  F1 %.3f%n", "not-complaint",
        complaints.precision(SentimentLabel.NEUTRAL), complaints.recall(SentimentLabel.NEUTRAL),
        complaints.f1(SentimentLabel.NEUTRAL));
    long notComplaints = evaluation.count(SentimentLabel.NEUTRAL, SentimentLabel.NEGATIVE)
        + evaluation.count(SentimentLabel.NEUTRAL, SentimentLabel.NEUTRAL)
        + evaluation.count(SentimentLabel.NEUTRAL, SentimentLabel.POSITIVE);
    out.printf(Locale.ROOT, "  reading everything as not a complaint would score accuracy %.3f%n",
        complaints.total() == 0 ? 0 : (double) notComplaints / complaints.total());
  }

  // ------------------------------------------------------------------ intents on labelled queries

  static final String BANKING77_TRAIN = "data/real/banking77/train.csv";
  static final String BANKING77_TEST = "data/real/banking77/test.csv";

  private static int intents(Args args, Cli cli) throws IOException {
    for (String other : List.of("eval", "train", "prepare-data", "data", "folds", "sigma", "cx-weight", "adapt",
        "model", "with-text", "hold-out-tune", "calibrate", "estimator", "class-balance", "prior-shrink")) {
      if (args.has(other)) {
        throw new UsageException("--" + other + " does not go with --eval-intents or --train-intents");
      }
    }
    if (!args.get("mode", TextAnalyzers.FAST).equals(TextAnalyzers.FAST)) {
      throw new UsageException("intents are measured in the fast mode (the deep mode uses the same rules)");
    }
    if (args.has("eval-intents") && args.has("train-intents")) {
      throw new UsageException("--eval-intents and --train-intents do not go together");
    }
    IntentRules rules = rules(args);
    Path mapFile = args.path("map") != null ? args.path("map") : cli.home.resolve(IntentMap.BANKING77);
    IntentMap map;
    try {
      map = IntentMap.read(existing(mapFile, "--map"));
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    if (args.has("train-intents")) {
      if (args.has("intent-model")) {
        throw new UsageException("--intent-model goes with --eval-intents");
      }
      return trainIntents(args, cli, map, rules);
    }
    if (args.has("out") || args.has("none-texts")) {
      throw new UsageException("--out and --none-texts go with --train-intents");
    }
    Path file = existing(args.path("eval-intents"), "--eval-intents");
    IntentModel model = intentModel(args, "on");
    if (model == null) {
      throw new UsageException("--eval-intents compares the rules alone with rules + a model: --intent-model off "
          + "does not go with it");
    }
    List<LabelledQueries.Query> queries;
    try {
      queries = LabelledQueries.read(file);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    FastSentimentAnalyzer rulesAlone = new FastSentimentAnalyzer(FastSentimentModel.load(), rules, null, null);
    IntentEvaluation.Result before;
    IntentEvaluation.Result after;
    try (TextPipeline alone = new TextPipeline(rulesAlone);
        TextPipeline combined = new TextPipeline(rulesAlone.withIntentModel(model))) {
      before = IntentEvaluation.evaluate(queries, map, new HashSet<>(rules.intents()), alone);
      after = IntentEvaluation.evaluate(queries, map, new HashSet<>(rules.intents()), combined);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    cli.out.printf(Locale.ROOT, "%s: %d labelled queries, categories mapped by %s%n", file, queries.size(), mapFile);
    cli.out.print(before.report("rules alone (" + rules.origin() + ")"));
    cli.out.println();
    cli.out.print(after.report(String.format(Locale.ROOT, "rules + learned model (codes %s, threshold %.2f)",
        model.codes(), model.threshold())));
    cli.out.println();
    cli.out.printf(Locale.ROOT, "rules + model against rules alone: macro recall %+.3f, macro precision %+.3f, "
        + "macro-F1 %+.3f, micro-F1 %+.3f%n", after.scores().macroRecall() - before.scores().macroRecall(),
        after.scores().macroPrecision() - before.scores().macroPrecision(),
        after.scores().macroF1() - before.scores().macroF1(), after.scores().microF1() - before.scores().microF1());
    return 0;
  }

  private static int trainIntents(Args args, Cli cli, IntentMap map, IntentRules rules) throws IOException {
    Path train = existing(cli.home.resolve(BANKING77_TRAIN), "training data");
    Path test = existing(cli.home.resolve(BANKING77_TEST), "test data");
    Path out = args.path("out") != null ? args.path("out")
        : cli.home.resolve("jobs/src/main/resources/earshot/text/" + IntentModel.RESOURCE);
    List<String> comments = new java.util.ArrayList<>(List.of(
        "Earshot learned intent classifier: multinomial logistic regression over lemma unigrams and bigrams.",
        "Made by ./earshot sentiment --train-intents" + (args.has("none-texts") ? " --none-texts FILE..." : "")
            + "; do not edit.",
        "trained-on: " + BANKING77_TRAIN + " (Banking77 training split, CC BY 4.0, PolyAI; see its README), "
            + "categories mapped by " + IntentMap.BANKING77));
    List<String> noneTexts = new java.util.ArrayList<>();
    for (String name : args.all("none-texts")) {
      Path file = existing(Path.of(name), "--none-texts");
      List<String> texts = Files.readAllLines(file, StandardCharsets.UTF_8).stream()
          .map(line -> line.lastIndexOf('\t') >= 0 ? line.substring(0, line.lastIndexOf('\t')) : line)
          .filter(text -> !text.isBlank()).toList();
      noneTexts.addAll(texts);
      comments.add("trained-on: " + file.getFileName() + " (" + texts.size() + " texts as none, sha256 "
          + sha256(file) + ")");
    }
    long start = System.nanoTime();
    IntentModelBuilder.Built built = new IntentModelBuilder().build(LabelledQueries.read(train),
        LabelledQueries.read(test), noneTexts, map, rules, IntentModelTrainer.Settings.DEFAULT, comments);
    built.log().forEach(cli.out::println);
    if (out.getParent() != null) {
      Files.createDirectories(out.getParent());
    }
    String text = built.model().toText();
    Files.writeString(out, text, StandardCharsets.UTF_8);
    cli.out.printf(Locale.ROOT, "Wrote %s (%d features, %,d bytes) in %.1f s%n", out, built.model().featureCount(),
        text.getBytes(StandardCharsets.UTF_8).length, (System.nanoTime() - start) / 1e9);
    cli.out.println("Measure it after rebuilding: ./earshot sentiment --eval-intents " + BANKING77_TEST);
    return 0;
  }

  private static String sha256(Path file) throws IOException {
    try {
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
          .digest(Files.readAllBytes(file)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Path existing(Path file, String what) {
    if (file == null || !Files.isRegularFile(file)) {
      throw new UsageException(what + ": no such file " + file);
    }
    return file;
  }

  // ------------------------------------------------------------------ training

  private static PosteriorCalibrationFit.Kind calibrationKind(String name) {
    try {
      return PosteriorCalibrationFit.Kind.parse(name);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--calibrate must be bcts, temperature or off, got '" + name + "'");
    }
  }

  /** --calibrate KIND --model FILE --data DIR: a trained model calibrated anew on the tuning part. */
  private static int calibrateOnly(Args args, Cli cli) throws IOException {
    for (String other : List.of("eval", "folds", "sigma", "cx-weight", "hold-out-tune", "with-text", "add-2016-test",
        "class-balance", "char-grams", "social-lexicon", "word-clusters", "prior-shrink")) {
      if (args.has(other)) {
        throw new UsageException("--" + other + " does not go with --calibrate without --train");
      }
    }
    if (args.get("calibrate", "").equals("off")) {
      throw new UsageException("--calibrate off goes with --train");
    }
    PosteriorCalibrationFit.Kind kind = calibrationKind(args.get("calibrate", ""));
    Path modelFile = existing(args.path("model"), "--model");
    Path dataDir = args.path("data");
    if (dataDir == null) {
      throw new UsageException("--calibrate needs --data DIR (it calibrates on DIR/tsv/" + SentimentCorpora.TUNE + ")");
    }
    Path tune = existing(dataDir.resolve("tsv").resolve(SentimentCorpora.TUNE), "--data");
    FastSentimentModel model;
    try (var reader = Files.newBufferedReader(modelFile, StandardCharsets.UTF_8)) {
      model = FastSentimentModel.read(reader, modelFile.toString());
    }
    FastSentimentModel calibrated = new FastSentimentTrainer().calibrate(model, tune, "tsv/" + SentimentCorpora.TUNE,
        kind);
    Path out = args.path("out") != null ? args.path("out")
        : cli.home.resolve("jobs/src/main/resources/earshot/text/" + FastSentimentModel.RESOURCE);
    Files.writeString(out, calibrated.toText(), StandardCharsets.UTF_8);
    cli.out.println("Calibrated on tsv/" + SentimentCorpora.TUNE + ": " + calibrated.calibration());
    cli.out.printf(Locale.ROOT, "Wrote %s (version %s)%n", out, calibrated.version());
    return 0;
  }

  private static int train(Args args, Cli cli) throws IOException {
    Path data = cli.home.resolve(FastSentimentTrainer.TRAINING_DATA);
    if (!Files.isRegularFile(data)) {
      throw new UsageException("no training data at " + data + " (run from the project folder)");
    }
    Path out = args.path("out") != null ? args.path("out")
        : cli.home.resolve("jobs/src/main/resources/earshot/text/" + FastSentimentModel.RESOURCE);
    int folds = args.integer("folds", 0, 0, 100);
    Path dataDir = args.path("data");
    if (dataDir != null && !Files.isRegularFile(dataDir.resolve("tsv").resolve(SentimentCorpora.TRAIN))) {
      throw new UsageException("--data: no " + dataDir.resolve("tsv").resolve(SentimentCorpora.TRAIN)
          + "; run ./earshot sentiment --prepare-data " + dataDir + " first (see README)");
    }
    FastSentimentTrainer.Settings defaults = dataDir == null ? FastSentimentTrainer.Settings.CX_ONLY
        : FastSentimentTrainer.Settings.DEFAULT;
    FastSentimentTrainer.Settings settings = new FastSentimentTrainer.Settings(
        args.number("sigma", defaults.sigma(), 0.001, 1000), defaults.minFeatureCount(),
        args.number("cx-weight", defaults.cxWeight(), 0, 1000), args.number("class-balance", 0, 0, 1),
        args.has("char-grams"), args.onOff("social-lexicon", defaults.socialLexicon()), args.has("word-clusters"));
    String calibrate = args.get("calibrate", "off");
    PosteriorCalibrationFit.Kind kind = calibrate.equals("off") ? null : calibrationKind(calibrate);
    if (kind != null && dataDir == null) {
      throw new UsageException("--calibrate needs --data (it calibrates on DIR/tsv/" + SentimentCorpora.TUNE + ")");
    }
    if (kind != null && args.has("hold-out-tune")) {
      throw new UsageException("--hold-out-tune goes with --calibrate off (a calibrated model never trains on the "
          + "tuning part)");
    }
    FastSentimentTrainer trainer = new FastSentimentTrainer();
    if (folds > 1) {
      ClassifierScores cv = trainer.crossValidate(LabelledTexts.read(data).texts(), folds,
          FastSentimentTrainer.Settings.DEFAULT);
      cli.out.printf(Locale.ROOT, "%d-fold cross-validation on %s: accuracy %.3f, macro-F1 %.3f%n", folds,
          FastSentimentTrainer.TRAINING_DATA, cv.accuracy(), cv.macroF1());
    }
    long start = System.nanoTime();
    if (args.has("add-2016-test") && dataDir == null) {
      throw new UsageException("--add-2016-test needs --data");
    }
    if (args.has("more-tweets")) {
      if (dataDir == null) {
        throw new UsageException("--more-tweets needs --data");
      }
      for (String file : SentimentCorpora.MORE_TWEETS) {
        if (!Files.isRegularFile(dataDir.resolve("tsv").resolve(file))) {
          throw new UsageException("--more-tweets: no " + dataDir.resolve("tsv").resolve(file) + "; fetch its raw "
              + "data (see README) and run ./earshot sentiment --prepare-data " + dataDir);
        }
      }
    }
    FastSentimentModel model = trainer.trainShippedModel(cli.home, dataDir, settings,
        kind == null && dataDir != null && !args.has("hold-out-tune"), args.has("add-2016-test"),
        args.has("more-tweets"));
    if (kind == null && dataDir != null && args.has("hold-out-tune")) {
      model = trainer.withConfusion(model, dataDir.resolve("tsv").resolve(SentimentCorpora.TUNE),
          "tsv/" + SentimentCorpora.TUNE);
      double[][] c = model.confusion();
      cli.out.printf(Locale.ROOT, "Confusion on tsv/%s (rows: true negative, neutral, positive; shares labelled "
          + "negative, neutral, positive):%n", SentimentCorpora.TUNE);
      for (double[] row : c) {
        cli.out.printf(Locale.ROOT, "  %.3f %.3f %.3f%n", row[0], row[1], row[2]);
      }
    }
    if (kind != null) {
      model = trainer.calibrate(model, dataDir.resolve("tsv").resolve(SentimentCorpora.TUNE),
          "tsv/" + SentimentCorpora.TUNE, kind);
      cli.out.println("Calibrated on tsv/" + SentimentCorpora.TUNE + ": " + model.calibration());
    }
    if (out.getParent() != null) {
      Files.createDirectories(out.getParent());
    }
    Files.writeString(out, model.toText(), StandardCharsets.UTF_8);
    cli.out.printf(Locale.ROOT, "Trained the fast model (version %s, %d features) in %.1f s and wrote %s%n",
        model.version(), model.featureCount(), (System.nanoTime() - start) / 1e9, out);
    cli.out.println("Evaluate it on the held-out texts after rebuilding: ./earshot sentiment --eval "
        + FastSentimentTrainer.EVALUATION_DATA);
    return 0;
  }
}
