package earshot.jobs.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The shipped model file round-trips: parsed from its own text, it writes the same text and version. */
class FastSentimentModelTest {

  @Test
  void modelFileRoundTrips() {
    FastSentimentModel shipped = FastSentimentModel.load();
    FastSentimentModel copy = FastSentimentModel.parse(shipped.toText(), "copy");
    assertThat(copy.toText()).isEqualTo(shipped.toText());
    assertThat(copy.version()).isEqualTo(shipped.version());
    assertThat(copy.priors()).containsExactly(shipped.priors());
  }
}
