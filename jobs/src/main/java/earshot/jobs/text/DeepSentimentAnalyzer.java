package earshot.jobs.text;

import earshot.schemas.SentimentLabel;
import edu.stanford.nlp.ling.CoreAnnotations;
import edu.stanford.nlp.neural.rnn.RNNCoreAnnotations;
import edu.stanford.nlp.pipeline.Annotation;
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
 * length-weighted mean of the sentences' expected class mapped to [-1, 1].
 */
public final class DeepSentimentAnalyzer implements TextAnalyzer {

  /** Parsing cost grows fast with length; longer texts are read up to this many characters. */
  static final int MAX_CHARS = 2000;
  private static final double NEUTRAL_BAND = 0.15;

  private final StanfordCoreNLP pipeline;

  public DeepSentimentAnalyzer() {
    Properties properties = new Properties();
    properties.setProperty("annotators", "tokenize,ssplit,pos,parse,sentiment");
    properties.setProperty("parse.model", "edu/stanford/nlp/models/lexparser/englishPCFG.ser.gz");
    properties.setProperty("parse.binaryTrees", "true");
    properties.setProperty("parse.maxlen", "80");
    properties.setProperty("tokenize.options", "untokenizable=noneKeep");
    this.pipeline = new StanfordCoreNLP(properties);
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
    String input = text.length() > MAX_CHARS ? text.substring(0, MAX_CHARS) : text;
    Annotation document = new Annotation(input);
    pipeline.annotate(document);
    double weightedScore = 0;
    double weightedConfidence = 0;
    double totalWeight = 0;
    List<CoreMap> sentences = document.get(CoreAnnotations.SentencesAnnotation.class);
    for (CoreMap sentence : sentences == null ? List.<CoreMap>of() : sentences) {
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
    if (totalWeight == 0) {
      return TextResult.neutralEmpty();
    }
    double score = clamp(weightedScore / totalWeight);
    SentimentLabel label = score <= -NEUTRAL_BAND ? SentimentLabel.NEGATIVE
        : score >= NEUTRAL_BAND ? SentimentLabel.POSITIVE : SentimentLabel.NEUTRAL;
    return new TextResult(label, score, Math.min(1, weightedConfidence / totalWeight), List.of(), List.of());
  }

  private static double clamp(double value) {
    return Math.max(-1, Math.min(1, value));
  }
}
