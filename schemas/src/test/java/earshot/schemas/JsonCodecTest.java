package earshot.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class JsonCodecTest {

  @Test
  void everyMessageTypeRoundTrips() {
    assertThat(JsonCodec.fromJson(JsonCodec.toJson(SampleRecords.interaction()), Interaction.class))
        .isEqualTo(SampleRecords.interaction());
    assertThat(JsonCodec.fromJson(JsonCodec.toJson(SampleRecords.enriched()), EnrichedInteraction.class))
        .isEqualTo(SampleRecords.enriched());
    assertThat(JsonCodec.fromJson(JsonCodec.toJson(SampleRecords.alert()), Alert.class)).isEqualTo(SampleRecords.alert());
    assertThat(JsonCodec.fromJson(JsonCodec.toJson(SampleRecords.deadLetter()), DeadLetter.class))
        .isEqualTo(SampleRecords.deadLetter());
    assertThat(JsonCodec.fromJson(JsonCodec.toJson(SampleRecords.metric()), MetricSnapshot.class))
        .isEqualTo(SampleRecords.metric());
    assertThat(JsonCodec.fromJson(JsonCodec.toJson(SampleRecords.identityLink()), IdentityLink.class))
        .isEqualTo(SampleRecords.identityLink());
    assertThat(JsonCodec.fromJson(JsonCodec.toJson(SampleRecords.customerSignal()), CustomerSignal.class))
        .isEqualTo(SampleRecords.customerSignal());
  }

  @Test
  void writesPlainJsonWithIsoTimes() {
    String json = JsonCodec.toJson(SampleRecords.interaction());
    assertThat(json)
        .contains("\"occurredAt\":\"2026-11-23T10:15:30.123Z\"")
        .contains("\"channel\":\"CHAT\"")
        .contains("\"nps\":3")
        .doesNotContain("\"int\":")
        .doesNotContain("\"string\":");
  }

  @Test
  void readsAMinimalInteractionWithDefaults() {
    Interaction interaction = JsonCodec.fromJson(
        "{\"interactionId\":\"a\",\"channel\":\"sms\",\"occurredAt\":\"2026-01-02T03:04:05+01:00\"}", Interaction.class);
    assertThat(interaction.getChannel()).isEqualTo(Channel.SMS);
    assertThat(interaction.getOccurredAt()).isEqualTo(Instant.parse("2026-01-02T02:04:05Z"));
    assertThat(interaction.getText()).isNull();
    assertThat(interaction.getAttributes()).isEmpty();
  }

  @Test
  void acceptsEpochMillisAndIgnoresUnknownFields() {
    Interaction interaction = JsonCodec.fromJson(
        "{\"interactionId\":\"a\",\"channel\":\"EMAIL\",\"occurredAt\":1700000000000,\"futureField\":1}", Interaction.class);
    assertThat(interaction.getOccurredAt()).isEqualTo(Instant.ofEpochMilli(1700000000000L));
  }

  @Test
  void unknownChannelReadsAsOther() {
    Interaction interaction = JsonCodec.fromJson(
        "{\"interactionId\":\"a\",\"channel\":\"PIGEON\",\"occurredAt\":1700000000000}", Interaction.class);
    assertThat(interaction.getChannel()).isEqualTo(Channel.OTHER);
  }

  @Test
  void namesTheMissingRequiredField() {
    assertThatThrownBy(() -> JsonCodec.fromJson("{\"channel\":\"SMS\",\"occurredAt\":1}", Interaction.class))
        .isInstanceOf(RecordFormatException.class).hasMessage("missing required field 'interactionId'");
    assertThatThrownBy(() -> JsonCodec.fromJson("{\"interactionId\":\"a\",\"channel\":\"SMS\"}", Interaction.class))
        .hasMessage("missing required field 'occurredAt'");
  }

  @Test
  void namesTheFieldWithAWrongType() {
    assertThatThrownBy(() -> JsonCodec.fromJson(
        "{\"interactionId\":\"a\",\"channel\":\"SMS\",\"occurredAt\":1,\"nps\":\"ten\"}", Interaction.class))
        .isInstanceOf(RecordFormatException.class).hasMessageContaining("field 'nps'");
    assertThatThrownBy(() -> JsonCodec.fromJson(
        "{\"interactionId\":\"a\",\"channel\":\"SMS\",\"occurredAt\":1,\"nps\":7.5}", Interaction.class))
        .hasMessageContaining("field 'nps': expected a whole number");
    assertThatThrownBy(() -> JsonCodec.fromJson(
        "{\"interactionId\":\"a\",\"channel\":\"SMS\",\"occurredAt\":\"yesterday\"}", Interaction.class))
        .hasMessageContaining("field 'occurredAt'").hasMessageContaining("ISO-8601");
  }

  @Test
  void rejectsTextThatIsNotAJsonObject() {
    assertThatThrownBy(() -> JsonCodec.fromJson("not json", Interaction.class))
        .isInstanceOf(RecordFormatException.class).hasMessageStartingWith("not valid JSON");
    assertThatThrownBy(() -> JsonCodec.fromJson("[1,2]", Interaction.class))
        .hasMessage("expected a JSON object");
  }
}
