package earshot.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * Old data keeps reading after a schema change. Each topic's records written with every shipped
 * version of their schema decode with the current one; and the same mechanism is also run through
 * a realistic next version of the alert schema (test resource evolution/Alert-next.avsc: a new
 * optional field, a new map with a default, a dropped field), as a downstream consumer upgraded
 * before its producers would see it.
 */
class SchemaEvolutionTest {

  @ParameterizedTest
  @EnumSource(Topic.class)
  void aRecordWrittenWithEveryShippedVersionReadsWithTheCurrentSchema(Topic topic) throws IOException {
    Schema current = SpecificData.get().getSchema(topic.recordType());
    SingleObjectCodec<?> codec = SingleObjectCodec.of(topic.recordType());
    List<Schema> versions = SchemaHistory.versions(current.getName());
    assertThat(versions).isNotEmpty();
    for (Schema writer : versions) {
      GenericRecord old = SampleGenericRecords.of(writer);
      ByteBuffer bytes = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), writer).encode(old);
      byte[] message = new byte[bytes.remaining()];
      bytes.get(message);

      Object read = codec.decode(message);
      assertThat(read).isInstanceOf(topic.recordType());
      // The sample sets every field, so every field the old version had arrives set.
      for (Schema.Field field : writer.getFields()) {
        if (current.getField(field.name()) != null) {
          assertThat(((GenericRecord) read).get(field.name())).as("%s.%s", writer.getName(), field.name()).isNotNull();
        }
      }
      // The record's key (its id, which downstream systems join on) arrives unchanged.
      assertThat(field((GenericRecord) read, topic.keyField()).toString())
          .isEqualTo(field(old, topic.keyField()).toString());
    }
  }

  private static Object field(GenericRecord record, String path) {
    Object value = record;
    for (String name : path.split("\\.")) {
      value = ((GenericRecord) value).get(name);
    }
    return value;
  }

  @Test
  void anAlertWrittenWithTodaysSchemaReadsWithTheNextVersion() throws IOException {
    Schema next = readResource("/evolution/Alert-next.avsc");
    Schema today = SpecificData.get().getSchema(Alert.class);
    assertThat(SchemaCompatibility.checkReaderWriterCompatibility(next, today).getType())
        .isEqualTo(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE);

    Alert alert = SampleRecords.alert();
    byte[] message = SingleObjectCodec.of(Alert.class).encode(alert);
    BinaryMessageDecoder<GenericRecord> nextReader =
        SingleObjectCodec.decoder(GenericData.get(), next, SchemaHistory.versions("Alert"));
    GenericRecord read = nextReader.decode(message);

    assertThat(read.get("alertId").toString()).isEqualTo(alert.getAlertId());
    assertThat(read.get("summary").toString()).isEqualTo(alert.getSummary());
    assertThat(read.get("observed")).isEqualTo(alert.getObserved());
    assertThat((List<?>) read.get("examples")).hasSameSizeAs(alert.getExamples());
    assertThat(read.get("acknowledgedBy")).isNull();
    assertThat((Map<?, ?>) read.get("routing")).isEmpty();
    assertThat(read.getSchema().getField("children")).isNull();
  }

  @Test
  void aReaderThatDoesNotKnowTheWritersVersionSaysSoInsteadOfGuessing() throws IOException {
    Schema next = readResource("/evolution/Alert-next.avsc");
    GenericRecord newer = SampleGenericRecords.of(next);
    ByteBuffer bytes = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), next).encode(newer);
    byte[] message = new byte[bytes.remaining()];
    bytes.get(message);

    assertThatThrownBy(() -> SingleObjectCodec.of(Alert.class).decode(message))
        .isInstanceOf(RecordFormatException.class)
        .hasMessageContaining("unknown writer schema fingerprint for Alert");
  }

  @Test
  void aTextStatusAnOlderReaderDoesNotKnowReadsAsItsDefault() throws IOException {
    // Avro's rule for enum symbols a reader lacks (schema evolution, the writer's schema is known):
    // the reader's default. JSON input never falls back like this (see JsonCodec).
    List<Schema> versions = SchemaHistory.versions("EnrichedInteraction");
    Schema v2 = versions.get(1);
    EnrichedInteraction timedOut = EnrichedInteraction.newBuilder(SampleRecords.enriched())
        .setAnalysis(TextAnalysis.newBuilder().setModel("fast").setStatus(TextStatus.TEXT_TIMEOUT).build())
        .setDroppedIdentifiers(List.of("socialHandle"))
        .build();
    byte[] message = SingleObjectCodec.of(EnrichedInteraction.class).encode(timedOut);
    GenericRecord read = SingleObjectCodec.<GenericRecord>decoder(GenericData.get(), v2, versions).decode(message);
    assertThat(field(read, "analysis.status").toString()).isEqualTo("NO_TEXT");
    assertThat(read.getSchema().getField("droppedIdentifiers")).isNull();
    assertThat(SingleObjectCodec.of(EnrichedInteraction.class).decode(message)).isEqualTo(timedOut);
  }

  @Test
  void aNewFieldWithoutADefaultWouldBreakOldData() throws IOException {
    Schema next = readResource("/evolution/Alert-next.avsc");
    String broken = next.toString().replace(
        "{\"name\":\"acknowledgedBy\",\"type\":[\"null\",\"string\"],\"doc\":\"Who acknowledged the alert in the ticketing system, if anyone.\",\"default\":null}",
        "{\"name\":\"acknowledgedBy\",\"type\":\"string\",\"doc\":\"Who acknowledged the alert.\"}");
    assertThat(broken).isNotEqualTo(next.toString());
    Schema withoutDefault = new Schema.Parser().parse(broken);
    assertThat(SchemaCompatibility.checkReaderWriterCompatibility(withoutDefault, SpecificData.get().getSchema(Alert.class))
        .getType()).isEqualTo(SchemaCompatibility.SchemaCompatibilityType.INCOMPATIBLE);
  }

  private static Schema readResource(String name) throws IOException {
    try (InputStream in = SchemaEvolutionTest.class.getResourceAsStream(name)) {
      return new Schema.Parser().parse(in);
    }
  }
}
