package earshot.jobs.enrich;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import earshot.schemas.Channel;
import earshot.schemas.Interaction;
import earshot.schemas.RecordFormatException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class InteractionValidatorTest {

  private static final Instant NOW = Instant.parse("2026-11-02T12:00:00Z");
  private final InteractionValidator validator = new InteractionValidator(Instant.parse("2000-01-01T00:00:00Z"),
      Duration.ofHours(1));

  private static Interaction.Builder interaction() {
    return Interaction.newBuilder().setInteractionId("i-1").setChannel(Channel.EMAIL).setOccurredAt(NOW);
  }

  @Test
  void acceptsWellFormedIdentifiersAndBlankOnes() {
    assertThatCode(() -> validator.validate(interaction().setEmail("Jane@Example.com").setPhone("+44 20 7946 0958")
        .setSocialHandle("@jane").setCustomerId("c-1").build(), NOW.toEpochMilli())).doesNotThrowAnyException();
    assertThatCode(() -> validator.validate(interaction().setEmail("").setPhone(" ").build(), NOW.toEpochMilli()))
        .doesNotThrowAnyException();
  }

  @Test
  void aMalformedOptionalIdentifierDoesNotMakeTheInteractionImpossible() {
    // The enrich job removes and counts such identifiers (Pseudonymiser); the message is kept.
    assertThatCode(() -> validator.validate(interaction().setEmail("jane.example.com").setPhone("555")
        .setSocialHandle("jane doe").build(), NOW.toEpochMilli())).doesNotThrowAnyException();
  }

  @Test
  void stillRefusesImpossibleScoresAndTimes() {
    assertThatThrownBy(() -> validator.validate(interaction().setNps(11).build(), NOW.toEpochMilli()))
        .isInstanceOf(RecordFormatException.class).hasMessage("nps is 11, must be 0 to 10");
    assertThatThrownBy(() -> validator.validate(interaction().setOccurredAt(Instant.parse("1970-01-01T00:00:00Z")).build(),
        NOW.toEpochMilli())).hasMessageContaining("is before 2000-01-01T00:00:00Z");
    assertThatThrownBy(() -> validator.validate(interaction().setOccurredAt(NOW.plus(Duration.ofHours(2))).build(),
        NOW.toEpochMilli())).hasMessageContaining("is in the future");
  }
}
