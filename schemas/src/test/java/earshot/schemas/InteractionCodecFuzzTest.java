package earshot.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Fuzz targets for the two forms an interaction arrives in from outside: a JSON object and an Avro
 * single-object message. A normal test run replays each target's corpus
 * ({@code src/test/resources/earshot/schemas/InteractionCodecFuzzTestInputs/<method>/}); with
 * {@code JAZZER_FUZZ=1} Jazzer mutates it ({@code ./earshot fuzz}).
 *
 * <p>Invariants: any bytes either decode to a record or fail with {@link RecordFormatException}
 * (never another exception, never a hang), and a record that decodes survives a round trip through
 * the same form unchanged.
 */
class InteractionCodecFuzzTest {

  private static final SingleObjectCodec<Interaction> AVRO = SingleObjectCodec.of(Interaction.class);

  @FuzzTest
  void json(byte[] input) {
    Interaction interaction;
    try {
      interaction = JsonCodec.fromJson(new String(input, StandardCharsets.UTF_8), Interaction.class);
    } catch (RecordFormatException expected) {
      assertThat(expected.getMessage()).isNotBlank();
      return;
    }
    assertThat(interaction).isNotNull();
    String again = JsonCodec.toJson(interaction);
    assertThat(JsonCodec.fromJson(again, Interaction.class)).isEqualTo(interaction);
  }

  @FuzzTest
  void avro(byte[] input) {
    Interaction interaction;
    try {
      interaction = AVRO.decode(input);
    } catch (RecordFormatException expected) {
      assertThat(expected.getMessage()).isNotBlank();
      return;
    }
    assertThat(interaction).isNotNull();
    assertThat(AVRO.decode(AVRO.encode(interaction))).isEqualTo(interaction);
  }
}
