package earshot.jobs.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The text stage's speed work must not change what it finds: for every text of a corpus (the CX
 * training and evaluation texts, the fuzz seeds of the text stage and the tweet-like texts in
 * {@value #TWEETS}), the redaction, language, tokens' sentiment features (names, values and order),
 * intents and key phrases must equal those stored in {@value #EXPECTED}, which was written by the
 * stage before it was made faster. The model's probabilities must equal the plain sum of the
 * stored features' weights under the shipped model, in the stored order, so they hold for any
 * model file.
 *
 * <p>To rewrite the expected file on purpose (a deliberate change of behaviour), run this test with
 * {@code -Dearshot.text.rewrite-expected=true}.
 */
class TextStageEquivalenceTest {

  static final String TWEETS = "tweet-like-texts.txt";
  static final String EXPECTED = "text-stage-expected.txt";
  private static final String RESOURCES = "src/test/resources/earshot/jobs/text/";

  private static final PiiRedactor REDACTOR = new PiiRedactor();
  private static final LanguageDetector LANGUAGES = new LanguageDetector();
  private static final FastSentimentModel MODEL = FastSentimentModel.load();

  private static Map<String, String> corpus;
  private static List<String> expected;

  @BeforeAll
  static void setUp() throws IOException {
    corpus = corpus();
    Path file = TestTexts.projectHome().resolve("jobs").resolve(RESOURCES + EXPECTED);
    if (Boolean.getBoolean("earshot.text.rewrite-expected")) {
      Stage stage = new Stage();
      List<String> lines = new ArrayList<>();
      corpus.forEach((name, text) -> lines.add(stage.describe(name, text)));
      Files.write(file, lines, StandardCharsets.UTF_8);
      expected = lines;
      return;
    }
    try (InputStream in = TextStageEquivalenceTest.class.getResourceAsStream(EXPECTED)) {
      Objects.requireNonNull(in, EXPECTED + " is missing");
      expected = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    }
  }

  @Test
  void everyTextIsReadAsBefore() {
    assertThat(expected).as("texts in " + EXPECTED).hasSize(corpus.size()).hasSizeGreaterThan(1500);
    Stage stage = new Stage();
    int index = 0;
    List<String> different = new ArrayList<>();
    for (Map.Entry<String, String> text : corpus.entrySet()) {
      String now = stage.describe(text.getKey(), text.getValue());
      if (!now.equals(expected.get(index))) {
        different.add("expected " + expected.get(index) + "\n     got " + now);
      }
      index++;
    }
    assertThat(different).as("texts read differently").isEmpty();
  }

  @Test
  void probabilitiesAreTheSumOfTheStoredFeatureWeights() {
    FastSentimentAnalyzer analyzer = new FastSentimentAnalyzer(MODEL, IntentRules.none());
    int index = 0;
    int checked = 0;
    for (String text : corpus.values()) {
      String[] fields = expected.get(index++).split("\t", -1);
      String features = fields[fields.length - 1];
      if (features.equals("-")) {
        continue;
      }
      double[] scores = new double[3];
      for (String feature : features.split(" ")) {
        int equals = feature.lastIndexOf('=');
        double[] w = MODEL.weights(unescape(feature.substring(0, equals)));
        double value = Double.parseDouble(feature.substring(equals + 1));
        if (w != null) {
          for (int c = 0; c < 3; c++) {
            scores[c] += w[c] * value;
          }
        }
      }
      String analysed = truncated(REDACTOR.redact(text).text());
      assertThat(analyzer.probabilities(analysed)).as(text).containsExactly(FastSentimentModel.softmax(scores));
      checked++;
    }
    assertThat(checked).isGreaterThan(1500);
  }

  /** The components of the fast text stage, each applied to every text whatever its language. */
  private static final class Stage {
    private final TextTokenizer tokenizer = new TextTokenizer();
    private final SentimentLexicon lexicon = SentimentLexicon.load(tokenizer);
    private final SentimentFeatures features = new SentimentFeatures(lexicon).forModel(MODEL);
    private final KeyPhrases keyPhrases = new KeyPhrases(lexicon, tokenizer);
    private final IntentRules.Matcher intents = IntentRules.builtIn().matcher();

    /** name, redaction, language, then (when there are tokens) intents, key phrases and features. */
    String describe(String name, String text) {
      PiiRedactor.Redacted redacted = REDACTOR.redact(text);
      LanguageDetector.Detection language = LANGUAGES.detect(redacted.text());
      StringBuilder out = new StringBuilder();
      ReadingLines.escape(name, out);
      out.append('\t').append(new TreeMap<>(redacted.counts())).append('\t');
      ReadingLines.escape(redacted.text(), out);
      out.append('\t').append(language.language()).append(language.sure() ? "" : "?").append('\t');
      TokenizedText tokens = tokenizer.tokenize(truncated(redacted.text()));
      if (tokens.size() == 0) {
        return out.append("-\t-\t-").toString();
      }
      ReadingLines.escape(String.join("|", intents.match(tokens)), out);
      out.append('\t');
      ReadingLines.escape(String.join("|", keyPhrases.extract(tokens)), out);
      out.append('\t');
      StringBuilder list = new StringBuilder();
      features.extract(tokens, (feature, value) -> {
        if (list.length() > 0) {
          list.append(' ');
        }
        escapeFeature(feature, list);
        list.append('=').append(value);
      });
      return out.append(list).toString();
    }
  }

  private static String truncated(String text) {
    return text.length() > FastSentimentAnalyzer.MAX_CHARS ? text.substring(0, FastSentimentAnalyzer.MAX_CHARS) : text;
  }

  /** Feature names with space and '=' escaped too, so that a list of them splits back. */
  private static void escapeFeature(String feature, StringBuilder out) {
    StringBuilder escaped = new StringBuilder();
    ReadingLines.escape(feature, escaped);
    out.append(escaped.toString().replace(" ", "\\u0020").replace("=", "\\u003d"));
  }

  private static String unescape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '\\' && i + 5 < text.length() && text.charAt(i + 1) == 'u') {
        out.append((char) Integer.parseInt(text.substring(i + 2, i + 6), 16));
        i += 5;
      } else {
        out.append(text.charAt(i));
      }
    }
    return out.toString();
  }

  /** Named texts, in a fixed order. */
  static Map<String, String> corpus() throws IOException {
    Map<String, String> texts = new LinkedHashMap<>();
    List<LabelledText> eval = TestTexts.cxEval().texts();
    for (int i = 0; i < eval.size(); i++) {
      texts.put("cx-eval:" + (i + 1), eval.get(i).text());
    }
    List<LabelledText> train = TestTexts.cxTrain().texts();
    for (int i = 0; i < train.size(); i++) {
      texts.put("cx-train:" + (i + 1), train.get(i).text());
    }
    Path seeds = TestTexts.projectHome().resolve("jobs").resolve(RESOURCES + "TextStageFuzzTestInputs/fastMode");
    try (Stream<Path> files = Files.list(seeds)) {
      for (Path file : files.sorted().toList()) {
        String text = FuzzText.decode(Files.readAllBytes(file));
        if (!text.isBlank()) {
          texts.put("fuzz:" + file.getFileName(), text);
        }
      }
    }
    try (InputStream in = TextStageEquivalenceTest.class.getResourceAsStream(TWEETS)) {
      List<String> tweets = new String(Objects.requireNonNull(in, TWEETS).readAllBytes(), StandardCharsets.UTF_8)
          .lines().filter(line -> !line.isBlank()).toList();
      for (int i = 0; i < tweets.size(); i++) {
        texts.put("tweet-like:" + (i + 1), tweets.get(i));
      }
    }
    return texts;
  }
}
