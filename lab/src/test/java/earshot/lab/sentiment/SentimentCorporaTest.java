package earshot.lab.sentiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The negative-heavy resample of a test set: the asked shares, drawn without replacement, the same for a seed. */
class SentimentCorporaTest {

  @Test
  void resamplingKeepsTheLimitingClassWholeAndDrawsTheOthersToTheAskedShares() {
    List<String[]> rows = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      rows.add(new String[] {"neg " + i, "negative"});
    }
    for (int i = 0; i < 900; i++) {
      rows.add(new String[] {"neu " + i, "neutral"});
    }
    for (int i = 0; i < 400; i++) {
      rows.add(new String[] {"pos " + i, "positive"});
    }
    double[] shares = {0.6, 0.25, 0.15};
    List<String[]> sample = SentimentCorpora.resample(rows, shares, 7);
    assertThat(sample.stream().filter(r -> r[1].equals("negative")).count()).isEqualTo(600);
    assertThat(sample.stream().filter(r -> r[1].equals("neutral")).count()).isEqualTo(250);
    assertThat(sample.stream().filter(r -> r[1].equals("positive")).count()).isEqualTo(150);
    assertThat(sample.stream().map(r -> r[0]).distinct().count()).as("no text drawn twice").isEqualTo(1000);
    assertThat(rows).containsAll(sample);
    // Shuffled: the first hundred are not all of one class.
    assertThat(sample.subList(0, 100).stream().map(r -> r[1]).distinct().count()).isEqualTo(3);
    List<String[]> again = SentimentCorpora.resample(rows, shares, 7);
    assertThat(again.stream().map(r -> r[0]).toList()).isEqualTo(sample.stream().map(r -> r[0]).toList());
    List<String[]> other = SentimentCorpora.resample(rows, shares, 8);
    assertThat(other.stream().map(r -> r[0]).toList()).isNotEqualTo(sample.stream().map(r -> r[0]).toList());
  }
}
