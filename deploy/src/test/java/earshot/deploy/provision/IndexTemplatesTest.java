package earshot.deploy.provision;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import earshot.schemas.Alert;
import earshot.schemas.Index;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/**
 * The alerts index is mapped strictly (an unknown field makes Elasticsearch refuse the document), so
 * every field of the Alert schema, nested records included, must be in its template, with a type.
 */
class IndexTemplatesTest {

  @Test
  void everyFieldOfTheAlertSchemaIsMappedInTheAlertsTemplate() {
    JsonNode mappings = IndexTemplates.template(Index.ALERTS, Index.DEFAULT_PREFIX).path("template").path("mappings");
    assertThat(mappings.path("dynamic").asText()).isEqualTo("strict");
    List<String> missing = new ArrayList<>();
    check(Alert.getClassSchema(), mappings.path("properties"), "", missing);
    assertThat(missing).as("Alert fields without a mapping in alerts.json").isEmpty();
    JsonNode properties = mappings.path("properties");
    for (String field : List.of("customerKey", "customerId", "lastContactChannel", "lastContactTeam")) {
      assertThat(properties.path(field).path("type").asText()).as(field).isEqualTo("keyword");
    }
    assertThat(properties.path("nextStep").path("fields").path("keyword").path("type").asText()).isEqualTo("keyword");
  }

  private static void check(Schema record, JsonNode properties, String prefix, List<String> missing) {
    for (Schema.Field field : record.getFields()) {
      JsonNode mapping = properties.path(field.name());
      if (mapping.isMissingNode()) {
        missing.add(prefix + field.name());
        continue;
      }
      Schema nested = recordWithin(field.schema());
      if (nested != null) {
        check(nested, mapping.path("properties"), prefix + field.name() + ".", missing);
      }
    }
  }

  /** The record a field holds, directly, in a [null, X] union or as array items; null otherwise. */
  private static Schema recordWithin(Schema schema) {
    return switch (schema.getType()) {
      case RECORD -> schema;
      case ARRAY -> recordWithin(schema.getElementType());
      case UNION -> schema.getTypes().stream().map(IndexTemplatesTest::recordWithin).filter(s -> s != null)
          .findFirst().orElse(null);
      default -> null;
    };
  }
}
