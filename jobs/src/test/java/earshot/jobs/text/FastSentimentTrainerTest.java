package earshot.jobs.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import earshot.schemas.SentimentLabel;
import edu.stanford.nlp.classify.LinearClassifier;
import edu.stanford.nlp.ling.Datum;
import edu.stanford.nlp.ling.RVFDatum;
import edu.stanford.nlp.stats.Counter;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shipped model is what the training command makes from the data in the repository, and the
 * model computes what CoreNLP's classifier computes.
 */
class FastSentimentTrainerTest {

  private static final String RETRAIN = "the shipped model is not what the training data, lexicon and features give "
      + "now; retrain it with ./earshot sentiment --train";

  private static FastSentimentTrainer trainer;
  private static FastSentimentModel shipped;
  private static FastSentimentModel retrained;

  @BeforeAll
  static void retrain() throws Exception {
    trainer = new FastSentimentTrainer();
    shipped = FastSentimentModel.load();
    retrained = trainer.trainShippedModel(TestTexts.projectHome());
  }

  @Test
  void retrainingGivesTheShippedModel() {
    assertThat(retrained.comments()).as(RETRAIN).isEqualTo(shipped.comments()); // same data (by SHA-256), settings
    assertThat(retrained.featureCount()).as(RETRAIN).isEqualTo(shipped.featureCount());
    String[] shippedLines = shipped.toText().split("\n");
    String[] retrainedLines = retrained.toText().split("\n");
    assertThat(retrainedLines).hasSameSizeAs(shippedLines);
    for (int i = 0; i < shippedLines.length; i++) {
      String[] a = shippedLines[i].split("\t");
      String[] b = retrainedLines[i].split("\t");
      assertThat(b[0]).as(RETRAIN).isEqualTo(a[0]);
      for (int k = 1; k < a.length && !a[0].startsWith("#") && !a[0].equals("classes"); k++) {
        // Weights may differ in the last digit where floating-point functions differ between CPUs.
        assertThat(Double.parseDouble(b[k])).as(a[0] + ": " + RETRAIN).isCloseTo(Double.parseDouble(a[k]), within(1e-4));
      }
    }
  }

  @Test
  void retrainedModelLabelsTheEvaluationTextsLikeTheShippedOne() {
    FastSentimentAnalyzer a = new FastSentimentAnalyzer(shipped, IntentRules.none());
    FastSentimentAnalyzer b = new FastSentimentAnalyzer(retrained, IntentRules.none());
    Evaluation ea = new Evaluation();
    Evaluation eb = new Evaluation();
    for (LabelledText text : TestTexts.cxEval().texts()) {
      TextResult ra = a.analyze(text.text());
      TextResult rb = b.analyze(text.text());
      assertThat(rb.label()).as(text.text()).isEqualTo(ra.label());
      ea.add(text.label(), ra.label(), ra.score());
      eb.add(text.label(), rb.label(), rb.score());
    }
    assertThat(eb.accuracy()).isEqualTo(ea.accuracy());
  }

  @Test
  void modelComputesWhatCoreNlpsClassifierComputes() {
    List<LabelledText> texts = TestTexts.cxTrain().texts().subList(0, 300);
    LinearClassifier<String, String> classifier = trainer.fit(texts, FastSentimentTrainer.Settings.DEFAULT);
    FastSentimentModel model = trainer.train(texts, FastSentimentTrainer.Settings.DEFAULT, List.of());
    FastSentimentAnalyzer analyzer = new FastSentimentAnalyzer(model, IntentRules.none());
    PiiRedactor redactor = new PiiRedactor();
    for (LabelledText text : TestTexts.cxEval().texts().subList(0, 100)) {
      RVFDatum<String, String> datum = trainer.datum(text.text(), text.label().name());
      Counter<String> reference = classifier.probabilityOf((Datum<String, String>) datum);
      double[] ours = analyzer.probabilities(redactor.redact(text.text()).text());
      for (int c = 0; c < 3; c++) {
        SentimentLabel label = FastSentimentModel.CLASSES.get(c);
        // The saved model rounds weights to six decimals.
        assertThat(ours[c]).as(text.text()).isCloseTo(reference.getCount(label.name()), within(1e-3));
      }
    }
  }

  @Test
  void crossValidationOnTheTrainingTextsIsWellAboveChance() {
    Evaluation cv = trainer.crossValidate(TestTexts.cxTrain().texts(), 3, FastSentimentTrainer.Settings.DEFAULT);
    assertThat(cv.total()).isEqualTo(TestTexts.cxTrain().texts().size());
    assertThat(cv.accuracy()).isGreaterThan(0.8);
  }

  @Test
  void modelFileRoundTrips() {
    FastSentimentModel copy = FastSentimentModel.parse(shipped.toText(), "copy");
    assertThat(copy.toText()).isEqualTo(shipped.toText());
    assertThat(copy.version()).isEqualTo(shipped.version());
  }
}
