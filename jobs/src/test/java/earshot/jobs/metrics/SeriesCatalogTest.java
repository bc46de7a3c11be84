package earshot.jobs.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import earshot.schemas.Channel;
import earshot.schemas.Interaction;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SeriesCatalogTest {

  @Test
  void anInteractionCountsInTheGlobalSeriesItsDimensionsAndCombinations() {
    SeriesCatalog catalog = SeriesCatalog.of(List.of("channel", "touchpoint", "region"), List.of("touchpoint*region"));
    Interaction interaction = Interaction.newBuilder().setInteractionId("x").setChannel(Channel.CHAT)
        .setOccurredAt(Instant.EPOCH).setTouchpoint("delivery").setRegion("north").build();
    assertThat(catalog.keysFor(interaction)).containsExactly("global", "channel=CHAT", "touchpoint=delivery",
        "region=north", "touchpoint=delivery|region=north");
  }

  @Test
  void aMissingValueLeavesTheSeriesOut() {
    SeriesCatalog catalog = SeriesCatalog.of(List.of("touchpoint"), List.of("touchpoint*region"));
    Interaction interaction = Interaction.newBuilder().setInteractionId("x").setChannel(Channel.SMS)
        .setOccurredAt(Instant.EPOCH).setTouchpoint("billing").build();
    assertThat(catalog.keysFor(interaction)).containsExactly("global", "touchpoint=billing");
  }

  @Test
  void keysReadBackAsDimensions() {
    assertThat(SeriesCatalog.dimensionsOf("touchpoint=delivery|region=north"))
        .containsExactly(java.util.Map.entry("touchpoint", "delivery"), java.util.Map.entry("region", "north"));
    assertThat(SeriesCatalog.dimensionsOf("global")).isEmpty();
  }

  @Test
  void rejectsUnknownDimensions() {
    assertThatThrownBy(() -> SeriesCatalog.of(List.of("colour"), List.of()))
        .hasMessageContaining("unknown dimension 'colour'");
    assertThatThrownBy(() -> SeriesCatalog.of(List.of(), List.of("touchpoint")))
        .hasMessageContaining("two or more dimensions");
  }
}
