package earshot.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SchemaHistoryTest {

  @ParameterizedTest
  @EnumSource(Topic.class)
  void newestShippedVersionIsTheCurrentSchema(Topic topic) {
    Schema current = SpecificData.get().getSchema(topic.recordType());
    List<Schema> versions = SchemaHistory.versions(current.getName());
    assertThat(versions)
        .as("history of %s: add src/main/resources/earshot/schemas/history/%s/v<N+1>.avsc for the changed schema",
            current.getName(), current.getName())
        .isNotEmpty();
    Schema newest = versions.get(versions.size() - 1);
    assertThat(SchemaNormalization.parsingFingerprint64(newest))
        .as("%s changed without a new history version", current.getName())
        .isEqualTo(SchemaNormalization.parsingFingerprint64(current));
  }

  @ParameterizedTest
  @EnumSource(Topic.class)
  void everyShippedVersionIsReadableByTheCurrentSchema(Topic topic) {
    Schema current = SpecificData.get().getSchema(topic.recordType());
    for (Schema writer : SchemaHistory.versions(current.getName())) {
      assertThat(SchemaCompatibility.checkReaderWriterCompatibility(current, writer).getType())
          .as("%s can read what version %s wrote", current.getName(), writer)
          .isEqualTo(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE);
    }
  }

  @Test
  void everyShippedVersionIsListedAndBelongsToATopicsRecord() throws java.io.IOException {
    java.nio.file.Path root = java.nio.file.Path.of("src/main/resources").resolve(SchemaHistory.ROOT);
    java.util.Set<String> files;
    try (var walk = java.nio.file.Files.walk(root)) {
      files = walk.filter(p -> p.toString().endsWith(".avsc")).map(p -> root.relativize(p).toString().replace('\\', '/'))
          .collect(java.util.stream.Collectors.toSet());
    }
    java.util.Set<String> listed = new java.util.HashSet<>();
    SchemaHistory.index().values().forEach(versions -> listed.addAll(versions.values()));
    assertThat(listed).as("history files listed in index.txt").containsExactlyInAnyOrderElementsOf(files);
    java.util.Set<String> topicRecords = java.util.Arrays.stream(Topic.values())
        .map(t -> SpecificData.get().getSchema(t.recordType()).getName()).collect(java.util.stream.Collectors.toSet());
    assertThat(SchemaHistory.index().keySet()).containsExactlyInAnyOrderElementsOf(topicRecords);
    // Versions are numbered 1, 2, 3 ... without gaps, so "the previous version" is always shipped.
    SchemaHistory.index().forEach((record, versions) ->
        assertThat(versions.keySet()).as(record).containsExactlyElementsOf(
            java.util.stream.IntStream.rangeClosed(1, versions.size()).boxed().toList()));
  }

  @Test
  void everyFieldIsDocumented() {
    for (Topic topic : Topic.values()) {
      assertDocumented(SpecificData.get().getSchema(topic.recordType()));
    }
  }

  private static void assertDocumented(Schema schema) {
    switch (schema.getType()) {
      case RECORD -> {
        assertThat(schema.getDoc()).as("doc of record %s", schema.getFullName()).isNotBlank();
        for (Schema.Field field : schema.getFields()) {
          assertThat(field.doc()).as("doc of %s.%s", schema.getName(), field.name()).isNotBlank();
          assertDocumented(field.schema());
        }
      }
      case UNION -> schema.getTypes().forEach(SchemaHistoryTest::assertDocumented);
      case ARRAY -> assertDocumented(schema.getElementType());
      case MAP -> assertDocumented(schema.getValueType());
      case ENUM -> assertThat(schema.getDoc()).as("doc of enum %s", schema.getFullName()).isNotBlank();
      default -> { }
    }
  }
}
