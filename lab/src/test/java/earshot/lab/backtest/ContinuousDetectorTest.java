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

  @Test
  void theSeasonalLookIsTakenOnlyWhileTheSeriesOwnPastShowsADailyRhythm() {
    int day = 48;
    SplittableRandom random = new SplittableRandom(11);
    ContinuousDetector daily = new ContinuousDetector(2000, 50, day);
    ContinuousDetector dailyWithoutLook = new ContinuousDetector(2000, 50);
    ContinuousDetector noisy = new ContinuousDetector(2000, 50, day);
    ContinuousDetector noisyWithoutLook = new ContinuousDetector(2000, 50);
    for (int i = 0; i < 5 * day; i++) {
      double v = 50 + 10 * Math.sin(2 * Math.PI * i / day) + random.nextGaussian() * 0.3;
      daily.next(v);
      dailyWithoutLook.next(v);
      double n = 50 + 10 * random.nextGaussian();
      // Without a rhythm the detector judges exactly as one that has no seasonal look.
      assertThat(Double.valueOf(noisy.next(n))).isEqualTo(Double.valueOf(noisyWithoutLook.next(n)));
      if (i < day) {
        assertThat(daily.rhythmic()).as("a day of history shows no rhythm yet").isFalse();
      }
    }
    assertThat(daily.rhythmic()).isTrue();
    assertThat(noisy.rhythmic()).isFalse();
    // The day stops rising: the value stays at the mean level for a quarter of a day. Its level and
    // its steps (none) are ordinary; only the same time yesterday shows the day lost its shape.
    double offShape = 1;
    double plain = 1;
    for (int i = 5 * day; i < 5 * day + day / 4; i++) {
      offShape = Math.min(offShape, daily.next(50));
      plain = Math.min(plain, dailyWithoutLook.next(50));
    }
    assertThat(offShape).isLessThan(0.001).isLessThan(plain / 100);
  }
}
