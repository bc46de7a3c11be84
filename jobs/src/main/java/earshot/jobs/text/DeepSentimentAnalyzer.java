package earshot.jobs.text;

import earshot.schemas.SentimentLabel;
import edu.stanford.nlp.ling.CoreAnnotations;
import edu.stanford.nlp.neural.rnn.RNNCoreAnnotations;
import edu.stanford.nlp.pipeline.Annotation;
import edu.stanford.nlp.pipeline.SentimentAnnotator;
import edu.stanford.nlp.pipeline.StanfordCoreNLP;
import edu.stanford.nlp.sentiment.SentimentCoreAnnotations;
import edu.stanford.nlp.trees.Tree;
import edu.stanford.nlp.util.CoreMap;
import java.util.List;
import java.util.Properties;
import org.ejml.simple.SimpleMatrix;

/**
 * CoreNLP's stock sentiment pipeline (PCFG parse, then the recursive neural tensor network trained
 * on movie reviews), kept as the reference model: the "deep" text mode. Each sentence yields a
 * distribution over five classes (very negative .. very positive); the text's score is the
 * length-weighted mean of the sentences' expected class mapped to [-1, 1]. Intents and key phrases
 * come from the same rules and code as in the fast mode, so the two modes differ only in sentiment.
 * Loads three CoreNLP model files (see {@code earshot/text/corenlp-models.txt}). One instance per
 * thread.
 */
public final class DeepSentimentAnalyzer implements TextAnalyzer {

  /** Parsing cost grows fast with length; longer texts are read up to this many characters. */
  static final int MAX_CHARS = 2000;
  private static final double NEUTRAL_BAND = 0.15;

  /** The CoreNLP model files this mode loads; the job jar must carry them (corenlp-models.txt). */
  static final String POS_MODEL = "edu/stanford/nlp/models/pos-tagger/english-left3words-distsim.tagger";
  static final String PARSER_MODEL = "edu/stanford/nlp/models/lexparser/englishPCFG.ser.gz";
  static final String SENTIMENT_MODEL = "edu/stanford/nlp/models/sentiment/sentiment.ser.gz";

  /** Sentences the parser reads whole (parse.maxlen); a longer one gets no parse and no sentiment. */
  static final int MAX_SENTENCE_TOKENS = 80;

  private final StanfordCoreNLP pipeline;
  private final SentimentAnnotator sentiment;
  private final TextTokenizer tokenizer = new TextTokenizer();
  private final KeyPhrases keyPhrases = new KeyPhrases(SentimentLexicon.load(tokenizer), tokenizer);
  private final IntentRules.Matcher intents;

  public DeepSentimentAnalyzer() {
    this(IntentRules.builtIn());
  }

  public DeepSentimentAnalyzer(IntentRules rules) {
    this.intents = rules.matcher();
    Properties properties = new Properties();
    properties.setProperty("annotators", "tokenize,ssplit,pos,parse");
    properties.setProperty("parse.model", PARSER_MODEL);
    properties.setProperty("parse.binaryTrees", "true");
    properties.setProperty("parse.maxlen", Integer.toString(MAX_SENTENCE_TOKENS));
    properties.setProperty("tokenize.options", "untokenizable=noneKeep");
    properties.setProperty("pos.model", POS_MODEL);
    properties.setProperty("sentiment.model", SENTIMENT_MODEL);
    this.pipeline = new StanfordCoreNLP(properties);
    this.sentiment = new SentimentAnnotator("sentiment", properties);
  }

  @Override
  public String modelName() {
    return "corenlp-rntn-4.5.10";
  }

  @Override
  public TextResult analyze(String text) {
    if (text == null || text.isBlank()) {
      return TextResult.neutralEmpty();
    }
    // Long runs without white space are cut, as the tokenizer does, for CoreNLP's own tokenizer too.
    String input = TextTokenizer.breakLongRuns(text.length() > MAX_CHARS ? text.substring(0, MAX_CHARS) : text);
    TokenizedText tokens = tokenizer.tokenize(input);
    Annotation document = new Annotation(input);
    pipeline.annotate(document);
    // The sentiment model reads only the sentences the parser parsed. A longer sentence gets a flat
    // stand-in tree, which binarises into a chain as deep as the sentence is long: the model's
    // recursion over it overflowed the stack on 2,000 brackets (found by HostileTextTest).
    List<CoreMap> all = document.get(CoreAnnotations.SentencesAnnotation.class);
    List<CoreMap> sentences = all == null ? List.of() : all.stream()
        .filter(sentence -> sentence.get(CoreAnnotations.TokensAnnotation.class).size() <= MAX_SENTENCE_TOKENS)
        .toList();
    Annotation parsed = new Annotation(input);
    parsed.set(CoreAnnotations.SentencesAnnotation.class, sentences);
    sentiment.annotate(parsed);
    double weightedScore = 0;
    double weightedConfidence = 0;
    double totalWeight = 0;
    for (CoreMap sentence : sentences) {
      Tree tree = sentence.get(SentimentCoreAnnotations.SentimentAnnotatedTree.class);
      if (tree == null) {
        continue; // a sentence too long to parse carries no sentiment
      }
      SimpleMatrix predictions = RNNCoreAnnotations.getPredictions(tree);
      double expected = 0;
      double best = 0;
      for (int c = 0; c < 5; c++) {
        double p = predictions.get(c);
        expected += c * p;
        best = Math.max(best, p);
      }
      double weight = Math.max(1, sentence.get(CoreAnnotations.TokensAnnotation.class).size());
      weightedScore += weight * (expected - 2) / 2;
      weightedConfidence += weight * best;
      totalWeight += weight;
    }
    List<String> found = intents.match(tokens);
    List<String> phrases = keyPhrases.extract(tokens);
    if (totalWeight == 0) {
      return new TextResult(SentimentLabel.NEUTRAL, 0, 0, found, phrases);
    }
    double score = clamp(weightedScore / totalWeight);
    SentimentLabel label = score <= -NEUTRAL_BAND ? SentimentLabel.NEGATIVE
        : score >= NEUTRAL_BAND ? SentimentLabel.POSITIVE : SentimentLabel.NEUTRAL;
    return new TextResult(label, score, Math.max(0, Math.min(1, weightedConfidence / totalWeight)), found, phrases);
  }

  private static double clamp(double value) {
    return Double.isFinite(value) ? Math.max(-1, Math.min(1, value)) : 0;
  }
}
