package earshot.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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
  void theStreamedJsonIsByteForByteTheTreesJson() throws Exception {
    java.util.List<org.apache.avro.generic.IndexedRecord> records = new java.util.ArrayList<>(java.util.List.of(
        SampleRecords.interaction(), SampleRecords.enriched(), SampleRecords.alert(), SampleRecords.deadLetter(),
        SampleRecords.metric(), SampleRecords.identityLink(), SampleRecords.customerSignal()));
    // Every field set, arrays and maps holding a value, for every message type.
    for (Class<?> type : java.util.List.of(Interaction.class, EnrichedInteraction.class, Alert.class, DeadLetter.class,
        MetricSnapshot.class, IdentityLink.class, CustomerSignal.class, CustomerProfile.class)) {
      records.add(SampleGenericRecords.of(org.apache.avro.specific.SpecificData.get().getSchema(type)));
    }
    // Nulls in optional fields, and a double and a float that print with exponents.
    Interaction sparse = SampleRecords.interaction();
    sparse.setText(null);
    sparse.setNps(null);
    records.add(sparse);
    MetricSnapshot tiny = SampleRecords.metric();
    tiny.setNps(1.0e-9);
    records.add(tiny);
    for (org.apache.avro.generic.IndexedRecord record : records) {
      byte[] tree = JsonCodec.mapper().writeValueAsBytes(JsonCodec.toNode(record));
      assertThat(new String(JsonCodec.toJsonBytes(record), java.nio.charset.StandardCharsets.UTF_8))
          .as(record.getSchema().getName())
          .isEqualTo(new String(tree, java.nio.charset.StandardCharsets.UTF_8));
    }
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
  void anUnknownEnumValueIsRefusedWithTheFieldTheValueAndWhatIsAccepted() {
    assertThatThrownBy(() -> JsonCodec.fromJson(
        "{\"interactionId\":\"a\",\"channel\":\"carrier pigeon\",\"occurredAt\":1700000000000}", Interaction.class))
        .isInstanceOf(RecordFormatException.class)
        .hasMessageStartingWith("unknown value 'carrier pigeon' for field 'channel'; accepted: CALL (phone, voice,")
        .hasMessageContaining("EMAIL (e-mail, mail)");
    assertThatThrownBy(() -> JsonCodec.fromJson(
        "{\"interactionId\":\"a\",\"channel\":\"CALL\",\"direction\":\"sideways\",\"occurredAt\":1700000000000}",
        Interaction.class))
        .hasMessage("unknown value 'sideways' for field 'direction'; accepted: INBOUND (incoming, in), "
            + "OUTBOUND (outgoing, out)");
  }

  @ParameterizedTest
  @CsvSource({
      "outgoing, OUTBOUND", "Outbound, OUTBOUND", "' out ', OUTBOUND", "OUT, OUTBOUND",
      "incoming, INBOUND", "inbound, INBOUND", "In, INBOUND"})
  void directionSynonyms(String value, Direction expected) {
    Interaction interaction = JsonCodec.fromJson("{\"interactionId\":\"a\",\"channel\":\"CALL\",\"direction\":\""
        + value + "\",\"occurredAt\":1700000000000}", Interaction.class);
    assertThat(interaction.getDirection()).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({
      "phone, CALL", "Voice, CALL", "telephone, CALL", "call, CALL", "e-mail, EMAIL", "E_Mail, EMAIL", "mail, EMAIL",
      "webchat, CHAT", "Live Chat, CHAT", "live-chat, CHAT", "text, SMS", "text message, SMS", "Twitter, SOCIAL",
      "facebook, SOCIAL", "social media, SOCIAL", "shop, STORE", "retail, STORE", "app, APP", "mobile app, APP",
      "survey, SURVEY", "after-sales, AFTER_SALES", "After Sales, AFTER_SALES", "other, OTHER"})
  void channelSynonyms(String value, Channel expected) {
    Interaction interaction = JsonCodec.fromJson("{\"interactionId\":\"a\",\"channel\":\"" + value
        + "\",\"occurredAt\":1700000000000}", Interaction.class);
    assertThat(interaction.getChannel()).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "\"2026-03-01T10:00:00Z\"          | UTC           | 2026-03-01T10:00:00Z",
      "\"2026-03-01T11:00:00+01:00\"     | UTC           | 2026-03-01T10:00:00Z",
      "\"2026-03-01T10:00:00\"           | UTC           | 2026-03-01T10:00:00Z",
      "\"2026-03-01T10:00:00\"           | Europe/Paris  | 2026-03-01T09:00:00Z",
      "\"2026-07-01 10:00:00.250\"       | Europe/Paris  | 2026-07-01T08:00:00.250Z",
      "\"2026-03-01T11:00:00+01:00\"     | Asia/Tokyo    | 2026-03-01T10:00:00Z",
      "1772359200                        | UTC           | 2026-03-01T10:00:00Z",
      "1772359200.5                      | UTC           | 2026-03-01T10:00:00.500Z",
      "\"1772359200\"                    | UTC           | 2026-03-01T10:00:00Z",
      "1772359200000                     | UTC           | 2026-03-01T10:00:00Z",
      "\"1772359200000\"                 | UTC           | 2026-03-01T10:00:00Z",
      "99999999999                       | UTC           | 5138-11-16T09:46:39Z",
      "100000000000                      | UTC           | 1973-03-03T09:46:40Z"})
  void timesWithAndWithoutZoneAndEpochSecondsOrMillisByMagnitude(String json, String zone, String expected) {
    Interaction interaction = JsonCodec.fromJson("{\"interactionId\":\"a\",\"channel\":\"CALL\",\"occurredAt\":"
        + json + "}", Interaction.class, java.time.ZoneId.of(zone));
    assertThat(interaction.getOccurredAt()).isEqualTo(Instant.parse(expected));
  }

  @Test
  void refusesTimesItCannotReadNamingTheField() {
    assertThatThrownBy(() -> JsonCodec.fromJson(
        "{\"interactionId\":\"a\",\"channel\":\"CALL\",\"occurredAt\":\"yesterday\"}", Interaction.class))
        .isInstanceOf(RecordFormatException.class).hasMessageStartingWith("field 'occurredAt': 'yesterday' is not a time");
    assertThatThrownBy(() -> JsonCodec.fromJson(
        "{\"interactionId\":\"a\",\"channel\":\"CALL\",\"occurredAt\":1772359200000.5}", Interaction.class))
        .isInstanceOf(RecordFormatException.class).hasMessageContaining("not epoch milliseconds either");
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
