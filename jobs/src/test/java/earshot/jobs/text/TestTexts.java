package earshot.jobs.text;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import earshot.deploy.testing.RealServicesExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The labelled texts tests read: the project's customer-service sets and the shared UCI review sets. */
final class TestTexts {

  /** The customer-service training texts, relative to the project folder. */
  static final String CX_TRAIN = "data/cx/train.tsv";
  /** The held-out customer-service texts, never used for training. */
  static final String CX_EVAL = "data/cx/eval.tsv";

  static final List<String> UCI_FILES = List.of("yelp_labelled.txt", "imdb_labelled.txt", "amazon_cells_labelled.txt");

  private TestTexts() {}

  static Path projectHome() {
    return RealServicesExtension.projectHome();
  }

  static LabelledTexts cxTrain() {
    return read(projectHome().resolve(CX_TRAIN));
  }

  static LabelledTexts cxEval() {
    return read(projectHome().resolve(CX_EVAL));
  }

  /**
   * The UCI sentiment sets, which live beside the project rather than in it; the test is skipped
   * when they are not there.
   */
  static Path uciFolder() {
    Path folder = projectHome().resolve("../shared/data/sentiment").normalize();
    assumeTrue(Files.isRegularFile(folder.resolve(UCI_FILES.get(0))),
        "the UCI sentiment sets are not at " + folder + "; skipping the test that reads them");
    return folder;
  }

  static LabelledTexts read(Path file) {
    try {
      return LabelledTexts.read(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
