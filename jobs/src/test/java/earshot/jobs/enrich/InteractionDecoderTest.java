package earshot.jobs.enrich;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import earshot.schemas.Channel;
import earshot.schemas.Interaction;
import earshot.schemas.RecordFormatException;
import earshot.schemas.SingleObjectCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InteractionDecoderTest {

  private final InteractionDecoder decoder = new InteractionDecoder(
      new InteractionValidator(Instant.parse("2000-01-01T00:00:00Z"), Duration.ofHours(1)));

  private static byte[] json(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void readsAvroAndJson() {
    Interaction interaction = Interaction.newBuilder().setInteractionId("a").setChannel(Channel.CHAT)
        .setOccurredAt(Instant.parse("2026-11-02T10:00:00Z")).setNps(9).build();
    assertThat(decoder.decode(SingleObjectCodec.of(Interaction.class).encode(interaction))).isEqualTo(interaction);
    assertThat(decoder.decode(json("  {\"interactionId\":\"a\",\"channel\":\"CHAT\",\"occurredAt\":\"2026-11-02T10:00:00Z\",\"nps\":9}")))
        .isEqualTo(interaction);
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(delimiter = '|', value = {
      "\"nps\":11                        | nps is 11, must be 0 to 10",
      "\"nps\":-1                        | nps is -1, must be 0 to 10",
      "\"csat\":0                        | csat is 0, must be 1 to 5",
      "\"ces\":8                         | ces is 8, must be 1 to 7",
      "\"waitSeconds\":-5                | waitSeconds is -5",
      "\"transfers\":5000                | transfers is 5000, must be 0 to 1000"})
  void rejectsImpossibleValuesNamingTheField(String field, String reason) {
    String text = "{\"interactionId\":\"a\",\"channel\":\"CHAT\",\"occurredAt\":\"2026-11-02T10:00:00Z\"," + field.strip() + "}";
    assertThatThrownBy(() -> decoder.decode(json(text))).isInstanceOf(RecordFormatException.class)
        .hasMessageContaining(reason.strip());
  }

  @Test
  void rejectsTimesBefore2000AndInTheFuture() {
    assertThatThrownBy(() -> decoder.decode(json("{\"interactionId\":\"a\",\"channel\":\"SMS\",\"occurredAt\":\"1970-01-01T00:00:00Z\"}")))
        .hasMessageContaining("is before 2000-01-01T00:00:00Z");
    String nextYear = Instant.now().plus(Duration.ofDays(365)).toString();
    assertThatThrownBy(() -> decoder.decode(json("{\"interactionId\":\"a\",\"channel\":\"SMS\",\"occurredAt\":\"" + nextYear + "\"}")))
        .hasMessageContaining("is in the future");
  }

  @Test
  void rejectsBlankAndOverlongIds() {
    assertThatThrownBy(() -> decoder.decode(json("{\"interactionId\":\" \",\"channel\":\"SMS\",\"occurredAt\":\"2026-11-02T10:00:00Z\"}")))
        .hasMessageContaining("interactionId must not be blank");
    String id = "x".repeat(300);
    assertThatThrownBy(() -> decoder.decode(json("{\"interactionId\":\"" + id + "\",\"channel\":\"SMS\",\"occurredAt\":\"2026-11-02T10:00:00Z\"}")))
        .hasMessageContaining("longer than 256");
  }

  @Test
  void rejectsBytesThatAreNeitherAvroNorJson() {
    assertThatThrownBy(() -> decoder.decode(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}))
        .isInstanceOf(RecordFormatException.class).hasMessageContaining("not Avro single-object encoding");
    assertThatThrownBy(() -> decoder.decode(new byte[0])).isInstanceOf(RecordFormatException.class);
    assertThatThrownBy(() -> decoder.decode(json("{\"interactionId\": ")))
        .isInstanceOf(RecordFormatException.class).hasMessageStartingWith("not valid JSON");
  }

  @Test
  void readsSynonymsAndSendsUnknownEnumValuesToTheDeadLettersWithFieldAndValue() {
    Interaction reply = decoder.decode(json("{\"interactionId\":\"a\",\"channel\":\"phone\",\"direction\":\"outgoing\","
        + "\"occurredAt\":\"2026-11-02T10:00:00Z\"}"));
    assertThat(reply.getChannel()).isEqualTo(Channel.CALL);
    assertThat(reply.getDirection()).isEqualTo(earshot.schemas.Direction.OUTBOUND);
    assertThatThrownBy(() -> decoder.decode(json("{\"interactionId\":\"a\",\"channel\":\"carrier pigeon\","
        + "\"occurredAt\":\"2026-11-02T10:00:00Z\"}")))
        .isInstanceOf(RecordFormatException.class)
        .hasMessageStartingWith("unknown value 'carrier pigeon' for field 'channel'; accepted: CALL (");
  }

  @Test
  void readsTimesWithoutAnOffsetInTheConfiguredZone() {
    InteractionDecoder paris = new InteractionDecoder(
        new InteractionValidator(Instant.parse("2000-01-01T00:00:00Z"), Duration.ofHours(1)), java.time.ZoneId.of("Europe/Paris"));
    String text = "{\"interactionId\":\"a\",\"channel\":\"CHAT\",\"occurredAt\":\"2026-03-01T10:00:00\"}";
    assertThat(paris.decode(json(text)).getOccurredAt()).isEqualTo(Instant.parse("2026-03-01T09:00:00Z"));
    assertThat(decoder.decode(json(text)).getOccurredAt()).isEqualTo(Instant.parse("2026-03-01T10:00:00Z"));
    // Epoch seconds and milliseconds of the same moment read alike; 1970 in milliseconds stays impossible.
    assertThat(decoder.decode(json("{\"interactionId\":\"a\",\"channel\":\"CHAT\",\"occurredAt\":\"1772359200\"}"))
        .getOccurredAt()).isEqualTo(Instant.parse("2026-03-01T10:00:00Z"));
    assertThat(decoder.decode(json("{\"interactionId\":\"a\",\"channel\":\"CHAT\",\"occurredAt\":1772359200000}"))
        .getOccurredAt()).isEqualTo(Instant.parse("2026-03-01T10:00:00Z"));
    assertThatThrownBy(() -> decoder.decode(json("{\"interactionId\":\"a\",\"channel\":\"CHAT\",\"occurredAt\":0}")))
        .hasMessageContaining("is before 2000-01-01T00:00:00Z");
  }

  @Test
  void keepsAnInteractionWhoseOptionalIdentifierIsMalformed() {
    Interaction interaction = decoder.decode(json("{\"interactionId\":\"a\",\"channel\":\"twitter\","
        + "\"occurredAt\":\"2026-11-02T10:00:00Z\",\"socialHandle\":\"Jane Doe Official\",\"text\":\"where is my parcel\"}"));
    assertThat(interaction.getChannel()).isEqualTo(Channel.SOCIAL);
    assertThat(interaction.getText()).isEqualTo("where is my parcel");
  }
}
