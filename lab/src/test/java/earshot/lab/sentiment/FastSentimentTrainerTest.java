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
