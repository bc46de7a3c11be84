package earshot.lab.backtest;

import static earshot.jobs.testing.SeasonalCounts.poisson;
import static earshot.jobs.testing.SeasonalCounts.seasonalMean;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import earshot.jobs.detect.DetectorSettings;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class VolumeBacktestTest {

  private static final long HOUR = 3600_000L;
  private static final long START = Instant.parse("2026-11-02T00:00:00Z").toEpochMilli();
  /** The settings the detector tests use: short warm-up, alerts from 4 standard deviations. */
  private static final DetectorSettings SETTINGS = new DetectorSettings(20, 6, 4.0, 2.0, 0.05, 3, 6, 24);

  @Test
  void readsHeadersIsoAndEpochTimestamps() {
    List<VolumeBacktest.Point> points = VolumeBacktest.parse(List.of("timestamp,value", "2026-11-02T00:00:00Z,5",
        "1793581200,7", "1793584800000,9.0", "", "2026-11-02 03:00:00,11"));
    assertThat(points).extracting(VolumeBacktest.Point::value).containsExactly(5.0, 7.0, 9.0, 11.0);
    assertThat(points.get(1).timestamp()).isEqualTo(1793581200_000L);
    assertThat(points.get(3).timestamp()).isEqualTo(Instant.parse("2026-11-02T03:00:00Z").toEpochMilli());
  }

  @Test
  void namesTheBadLine() {
    assertThatThrownBy(() -> VolumeBacktest.parse(List.of("timestamp,value", "2026-11-02T00:00:00Z,5", "noon,7")))
        .hasMessageContaining("line 3");
    assertThatThrownBy(() -> VolumeBacktest.parse(List.of("2026-11-02T00:00:00Z,-5"))).hasMessageContaining("count of zero or more");
    assertThatThrownBy(() -> VolumeBacktest.parse(List.of("2026-11-02T01:00:00Z,5", "2026-11-02T00:00:00Z,5")))
        .hasMessageContaining("increasing time order");
  }

  @Test
  void flagsTheSurgeAndTheDropOfAnHourlySeasonalSeriesAndScoresInRange() {
    List<String> lines = new ArrayList<>();
    SplittableRandom random = new SplittableRandom(3);
    long t = START;
    for (int h = 0; h < 24 * 10; h++, t += HOUR) {
      double mean = seasonalMean(t);
      if (h == 24 * 7 + 12) {
        mean *= 3;
      }
      if (h == 24 * 8 + 13) {
        mean *= 0.1;
      }
      lines.add(Instant.ofEpochMilli(t) + "," + poisson(mean, random));
    }
    List<VolumeBacktest.Scored> scored = new VolumeBacktest(SETTINGS).run(VolumeBacktest.parse(lines));
    assertThat(scored).hasSize(240).allSatisfy(s -> assertThat(s.score()).isBetween(0.0, 1.0));
    assertThat(scored.get(24 * 7 + 12).alert()).isTrue();
    assertThat(scored.get(24 * 8 + 13).alert()).isTrue();
    assertThat(scored.stream().filter(VolumeBacktest.Scored::alert).count()).isEqualTo(2);
    assertThat(scored.get(5).score()).as("still learning on the first day").isZero();
    assertThat(scored.get(24 * 7 + 12).csv()).endsWith(",1");
  }

  @Test
  void aCountSeriesRanksAPlantedSurgeAndDropFirstAndStaysQuietElsewhere() {
    // The path real contact counts take: whole numbers, judged by the volume detector alone.
    int surge = 24 * 14 + 12;
    int drop = 24 * 17 + 14;
    for (int seed = 1; seed <= 5; seed++) {
      SplittableRandom random = new SplittableRandom(seed);
      List<String> lines = new ArrayList<>();
      long t = START;
      for (int h = 0; h < 24 * 21; h++, t += HOUR) {
        double mean = seasonalMean(t) * (h == surge ? 3 : h == drop ? 0.1 : 1);
        lines.add(Instant.ofEpochMilli(t) + "," + poisson(mean, random));
      }
      List<VolumeBacktest.Scored> scored = new VolumeBacktest(SETTINGS).run(VolumeBacktest.parse(lines));
      double planted = Math.min(scored.get(surge).score(), scored.get(drop).score());
      double elsewhere = 0;
      for (int i = 0; i < scored.size(); i++) {
        if (i != surge && i != drop) {
          elsewhere = Math.max(elsewhere, scored.get(i).score());
        }
      }
      assertThat(planted).as("seed %d: the planted surge and drop", seed).isGreaterThan(0.7);
      assertThat(elsewhere).as("seed %d: every other row", seed).isLessThan(0.65).isLessThan(planted);
    }
  }

  @Test
  void scoresRankRowsAcrossNabSeriesWithoutSaturating() throws Exception {
    VolumeBacktest backtest = new VolumeBacktest(SETTINGS);
    long rows = 0;
    long nearOne = 0;
    List<Double> all = new ArrayList<>();
    for (NabCorpus.Data data : NabCorpus.read(NabScorerTest.nabData())) {
      for (double score : backtest.scores(data.timestamps(), data.values())) {
        assertThat(score).isBetween(0.0, 1.0);
        rows++;
        if (score >= 0.9999) {
          nearOne++;
        }
        all.add(score);
      }
    }
    assertThat(rows).isGreaterThan(100_000);
    assertThat(nearOne).as("rows scoring 0.9999 or more").isZero();
    all.sort(java.util.Comparator.reverseOrder());
    assertThat(all.subList(0, 100).stream().distinct().count()).as("distinct values among the hundred highest rows")
        .isGreaterThanOrEqualTo(95);
  }
}
