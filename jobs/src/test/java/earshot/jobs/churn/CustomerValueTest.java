package earshot.jobs.churn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CustomerValueTest {

  @Test
  void valueTiersWeighTheRisk() {
    assertThat(CustomerValue.of(Map.of("valueTier", "Gold")).weight()).isEqualTo(1.25f);
    assertThat(CustomerValue.of(Map.of("valueTier", "bronze")).weight()).isEqualTo(0.8f);
    assertThat(CustomerValue.of(Map.of("valueTier", "silver")).tier()).isEqualTo("silver");
  }

  @Test
  void recencyFrequencyMonetaryScoresToo() {
    assertThat(CustomerValue.of(Map.of("rfmScore", "555")).weight()).isCloseTo(1.2f, within(1e-6f));
    assertThat(CustomerValue.of(Map.of("rfmScore", "111")).weight()).isCloseTo(0.8f, within(1e-6f));
    CustomerValue split = CustomerValue.of(Map.of("recency", "5", "frequency", "3", "monetary", "4"));
    assertThat(split.weight()).isCloseTo(1.1f, within(1e-6f));
    assertThat(split.tier()).isEqualTo("rfm 534");
  }

  @Test
  void withoutUsableAttributesTheValueIsUnknown() {
    assertThat(CustomerValue.of(Map.of()).known()).isFalse();
    assertThat(CustomerValue.of(Map.of("valueTier", "diamond-ish")).known()).isFalse();
    assertThat(CustomerValue.of(Map.of("rfmScore", "9x1")).known()).isFalse();
    assertThat(CustomerValue.of(Map.of("recency", "5", "frequency", "3")).known()).isFalse();
  }
}
