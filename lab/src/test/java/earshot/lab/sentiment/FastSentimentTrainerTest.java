package earshot.lab.sentiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import earshot.deploy.testing.RealServicesExtension;
import earshot.jobs.text.ClassifierScores;
import earshot.jobs.text.FastSentimentModel;
import earshot.jobs.text.LabelledText;
import earshot.jobs.text.LabelledTexts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Training is deterministic, the shipped model says what it was trained on (and the customer-service
 * texts it names are the ones in the repository).
 */
class FastSentimentTrainerTest {

  private static FastSentimentTrainer trainer;
  private static FastSentimentModel shipped;

  @BeforeAll
  static void load() {
    trainer = new FastSentimentTrainer();
    shipped = FastSentimentModel.load();
  }

  @Test
  void trainingTwiceGivesTheSameModel() {
    List<LabelledText> texts = cxTrain().texts().subList(0, 400);
    FastSentimentModel a = trainer.train(texts, FastSentimentTrainer.Settings.CX_ONLY, List.of());
    FastSentimentModel b = new FastSentimentTrainer().train(texts, FastSentimentTrainer.Settings.CX_ONLY, List.of());
    assertThat(b.toText()).isEqualTo(a.toText());
    assertThat(a.featureCount()).isGreaterThan(100);
  }

  @Test
  void trainedModelRecordsTheClassPriorsOfItsTexts() {
    List<LabelledText> texts = cxTrain().texts();
    FastSentimentModel model = trainer.train(texts.subList(0, 300), FastSentimentTrainer.Settings.CX_ONLY, List.of());
    double[] priors = model.priors();
    for (int c = 0; c < 3; c++) {
      var label = FastSentimentModel.CLASSES.get(c);
      double share = texts.subList(0, 300).stream().filter(t -> t.label() == label).count() / 300.0;
      assertThat(priors[c]).isCloseTo(share, within(1e-6));
    }
  }

  @Test
  void classBalancingWeighsTheThreeClassesTheSameAndTheModelRecordsTheBalancedPriors() {
    List<LabelledText> texts = cxTrain().texts().subList(0, 300);
    List<FastSentimentTrainer.Weighted> weighted = texts.stream().map(t -> new FastSentimentTrainer.Weighted(t, 1.0))
        .toList();
    double[] factor = FastSentimentTrainer.balancing(weighted, 1.0);
    double[] mass = new double[3];
    for (LabelledText t : texts) {
      int c = FastSentimentModel.CLASSES.indexOf(t.label());
      mass[c] += factor[c];
    }
    assertThat(mass[0]).isCloseTo(100, within(1e-6));
    assertThat(mass[1]).isCloseTo(100, within(1e-6));
    assertThat(mass[2]).isCloseTo(100, within(1e-6));
    assertThat(FastSentimentTrainer.balancing(weighted, 0.0)).containsExactly(1, 1, 1);
    FastSentimentModel balanced = trainer.train(texts, new FastSentimentTrainer.Settings(1.0, 2, 1.0, 1.0), List.of());
    assertThat(balanced.priors()).containsExactly(new double[] {1 / 3.0, 1 / 3.0, 1 / 3.0}, within(1e-6));
    assertThat(balanced.comments()).anySatisfy(line -> assertThat(line).contains("class-balance 1.0"));
  }

  @Test
  void theConfusionMatrixCountsTheModelsLabelsPerTrueClass() {
    List<LabelledText> texts = cxTrain().texts();
    FastSentimentModel model = trainer.train(texts.subList(0, 400), FastSentimentTrainer.Settings.CX_ONLY, List.of());
    List<LabelledText> heldOut = texts.subList(400, texts.size());
    double[][] confusion = trainer.confusion(model, heldOut);
    var analyzer = new earshot.jobs.text.FastSentimentAnalyzer(model, earshot.jobs.text.IntentRules.none());
    var redactor = new earshot.jobs.text.PiiRedactor();
    long[] perClass = new long[3];
    long[] right = new long[3];
    for (LabelledText t : heldOut) {
      int c = FastSentimentModel.CLASSES.indexOf(t.label());
      perClass[c]++;
      right[c] += analyzer.analyze(redactor.redact(t.text()).text()).label() == t.label() ? 1 : 0;
    }
    for (int c = 0; c < 3; c++) {
      assertThat(confusion[c][0] + confusion[c][1] + confusion[c][2]).isCloseTo(1.0, within(1e-9));
      // The diagonal is each class's recall, as the analyzer (no adaptation) labels the texts.
      assertThat(confusion[c][c]).isCloseTo((double) right[c] / perClass[c], within(1e-9));
    }
    assertThat(confusion[0][0]).isGreaterThan(0.5);
  }

  @Test
  void shippedModelNamesItsTrainingDataAndTheCustomerServiceTextsAreTheRepositorys() throws Exception {
    String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
        .digest(Files.readAllBytes(RealServicesExtension.projectHome().resolve(FastSentimentTrainer.TRAINING_DATA))));
    assertThat(shipped.comments()).anySatisfy(line -> assertThat(line)
        .startsWith("trained-on: " + FastSentimentTrainer.TRAINING_DATA).contains("sha256 " + digest));
    assertThat(shipped.comments()).anySatisfy(line -> assertThat(line).startsWith("settings: "));
    double[] priors = shipped.priors();
    assertThat(priors[0] + priors[1] + priors[2]).isCloseTo(1.0, within(1e-4));
  }

  @Test
  void crossValidationOnTheTrainingTextsIsWellAboveChance() {
    ClassifierScores cv = trainer.crossValidate(cxTrain().texts(), 3, FastSentimentTrainer.Settings.CX_ONLY);
    assertThat(cv.total()).isEqualTo(cxTrain().texts().size());
    assertThat(cv.accuracy()).isGreaterThan(0.8);
  }

  private static LabelledTexts cxTrain() {
    try {
      return LabelledTexts.read(RealServicesExtension.projectHome().resolve(FastSentimentTrainer.TRAINING_DATA));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
