package earshot.jobs.text;

import static earshot.schemas.SentimentLabel.NEGATIVE;
import static earshot.schemas.SentimentLabel.NEUTRAL;
import static earshot.schemas.SentimentLabel.POSITIVE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ClassifierScoresTest {

  @Test
  void figuresWorkedOutByHand() {
    ClassifierScores e = new ClassifierScores();
    // negative: 3 right, 1 called neutral; neutral: 1 right, 1 called positive; positive: 2 right.
    e.add(NEGATIVE, NEGATIVE, -0.9);
    e.add(NEGATIVE, NEGATIVE, -0.8);
    e.add(NEGATIVE, NEGATIVE, -0.7);
    e.add(NEGATIVE, NEUTRAL, -0.1);
    e.add(NEUTRAL, NEUTRAL, 0.0);
    e.add(NEUTRAL, POSITIVE, 0.6);
    e.add(POSITIVE, POSITIVE, 0.9);
    e.add(POSITIVE, POSITIVE, 0.8);
    assertThat(e.accuracy()).isEqualTo(6 / 8.0);
    // precision/recall: negative 3/3, 3/4; neutral 1/2, 1/2; positive 2/3, 2/2.
    assertThat(e.f1(NEGATIVE)).isCloseTo(2 * 1 * 0.75 / 1.75, within(1e-12));
    assertThat(e.f1(NEUTRAL)).isCloseTo(0.5, within(1e-12));
    assertThat(e.f1(POSITIVE)).isCloseTo(2 * (2 / 3.0) / (2 / 3.0 + 1), within(1e-12));
    assertThat(e.macroF1()).isCloseTo((6 / 7.0 + 0.5 + 0.8) / 3, within(1e-12));
    assertThat(e.count(NEGATIVE, NEUTRAL)).isEqualTo(1);
    assertThat(e.confusionTable()).contains("negative").contains("         3         1         0");
  }

  @Test
  void binarySetsAverageOverTheirTwoClasses() {
    ClassifierScores e = new ClassifierScores();
    e.add(NEGATIVE, NEGATIVE, -0.5);
    e.add(NEGATIVE, NEUTRAL, -0.1);
    e.add(POSITIVE, NEUTRAL, 0.2);
    e.add(POSITIVE, POSITIVE, 0.9);
    assertThat(e.trueClasses()).containsExactly(NEGATIVE, POSITIVE);
    assertThat(e.accuracy()).isEqualTo(0.5);
    assertThat(e.forcedBinaryAccuracy()).isEqualTo(1.0);
    assertThat(e.macroF1()).isCloseTo(2 * 1 * 0.5 / 1.5, within(1e-12));
  }
}
