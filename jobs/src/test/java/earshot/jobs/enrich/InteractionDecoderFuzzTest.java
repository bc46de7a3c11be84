package earshot.jobs.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import earshot.schemas.Interaction;
import earshot.schemas.RecordFormatException;
import java.time.Duration;
import java.time.Instant;

/**
 * Fuzz target for the enrich job's first step: a Kafka message's bytes (JSON or Avro single-object)
 * decoded and validated. Corpus: {@code src/test/resources/earshot/jobs/enrich/InteractionDecoderFuzzTestInputs/decode/}.
 *
 * <p>Invariants: any bytes either give an interaction that satisfies the validation rules or fail
 * with {@link RecordFormatException} (a dead letter with a reason); nothing else escapes, since any
 * other exception would fail the job and, on restart, fail it again on the same message.
 */
class InteractionDecoderFuzzTest {

  private static final InteractionValidator VALIDATOR =
      new InteractionValidator(Instant.parse("2000-01-01T00:00:00Z"), Duration.ofHours(1));
  private static final InteractionDecoder DECODER = new InteractionDecoder(VALIDATOR);

  @FuzzTest
  void decode(byte[] input) {
    Interaction interaction;
    try {
      interaction = DECODER.decode(input);
    } catch (RecordFormatException expected) {
      assertThat(expected.getMessage()).isNotBlank();
      return;
    }
    assertThat(interaction.getInteractionId()).isNotBlank();
    assertThat(interaction.getChannel()).isNotNull();
    assertThat(interaction.getOccurredAt()).isAfterOrEqualTo(Instant.parse("2000-01-01T00:00:00Z"));
    if (interaction.getNps() != null) {
      assertThat(interaction.getNps()).isBetween(0, 10);
    }
    if (interaction.getCsat() != null) {
      assertThat(interaction.getCsat()).isBetween(1, 5);
    }
    if (interaction.getTransfers() != null) {
      assertThat(interaction.getTransfers()).isBetween(0, 1000);
    }
  }
}
