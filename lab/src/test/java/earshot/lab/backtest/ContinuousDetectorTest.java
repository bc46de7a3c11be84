package earshot.lab.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ContinuousDetectorTest {

  @Test
  void aValueFurtherOutsideTheRangeSeenIsLessLikely() {
    SplittableRandom random = new SplittableRandom(4);
    ContinuousDetector a = new ContinuousDetector(500, 50);
    ContinuousDetector b = new ContinuousDetector(500, 50);
    for (int i = 0; i < 500; i++) {
      double v = 40 + 5 * random.nextDouble();
      a.next(v);
      b.next(v);
    }
    double near = a.next(46);
    double far = b.next(80);
    assertThat(far).isLessThan(near).isLessThan(1e-3);
    assertThat(near).isLessThan(0.05);
  }

  @Test
  void anOrdinaryValueIsNotSurprisingAndAFlatSeriesStaysCalm() {
    SplittableRandom random = new SplittableRandom(5);
    ContinuousDetector detector = new ContinuousDetector(500, 50);
    for (int i = 0; i < 500; i++) {
      detector.next(40 + 5 * random.nextDouble());
    }
    assertThat(detector.next(42.5)).isGreaterThan(0.5);
    ContinuousDetector flat = new ContinuousDetector(500, 50);
    double last = 0;
    for (int i = 0; i < 200; i++) {
      last = flat.next(7.0);
    }
    assertThat(last).isEqualTo(1.0);
    assertThat(flat.next(9.0)).as("a step off a flat line").isLessThan(1e-6);
  }

  @Test
  void givesNoProbabilityBeforeItHasSeenEnough() {
    ContinuousDetector detector = new ContinuousDetector(500, 50);
    for (int i = 0; i < 50; i++) {
      assertThat(detector.next(i)).isNaN();
    }
  }
}
