package earshot.deploy.provision;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import earshot.schemas.Alert;
import earshot.schemas.CustomerProfile;
import earshot.schemas.Index;
import earshot.schemas.MetricSnapshot;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/**
 * The alerts and customers indices are mapped strictly (an unknown field makes Elasticsearch refuse
 * the document), so every field of the Alert and CustomerProfile schemas, nested records included,
 * must be in their templates, with a type.
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

  @Test
  void everyFieldOfTheCustomerProfileSchemaIsMappedInTheCustomersTemplate() {
    JsonNode template = IndexTemplates.template(Index.CUSTOMERS, Index.DEFAULT_PREFIX);
    assertThat(template.path("index_patterns").get(0).asText()).isEqualTo("earshot-customers");
    JsonNode mappings = template.path("template").path("mappings");
    assertThat(mappings.path("dynamic").asText()).isEqualTo("strict");
    List<String> missing = new ArrayList<>();
    check(CustomerProfile.getClassSchema(), mappings.path("properties"), "", missing);
    assertThat(missing).as("CustomerProfile fields without a mapping in customers.json").isEmpty();
    JsonNode properties = mappings.path("properties");
    // Ids and codes are looked up exactly (customerId : "C-1", reasons.code : REPEAT_CONTACT).
    for (String field : List.of("customerKey", "customerId", "severity", "valueTier", "alertId", "alertState")) {
      assertThat(properties.path(field).path("type").asText()).as(field).isEqualTo("keyword");
    }
    assertThat(properties.path("reasons").path("properties").path("code").path("type").asText()).isEqualTo("keyword");
    for (String field : List.of("interactionId", "channel", "direction", "touchpoint", "team")) {
      assertThat(properties.path("lastContacts").path("properties").path(field).path("type").asText()).as(field)
          .isEqualTo("keyword");
    }
    assertThat(properties.path("riskScore").path("type").asText()).isEqualTo("double");
    assertThat(properties.path("updatedAt").path("type").asText()).isEqualTo("date");
    // No field for text: a profile never carries what a customer wrote.
    assertThat(properties.path("lastContacts").path("properties").has("text")).isFalse();
  }

  @Test
  void everyFieldOfTheMetricSnapshotSchemaIsMappedInTheMetricsTemplate() {
    JsonNode mappings = IndexTemplates.template(Index.METRICS, Index.DEFAULT_PREFIX).path("template").path("mappings");
    assertThat(mappings.path("dynamic").asText()).isEqualTo("strict");
    List<String> missing = new ArrayList<>();
    check(MetricSnapshot.getClassSchema(), mappings.path("properties"), "", missing);
    assertThat(missing).as("MetricSnapshot fields without a mapping in metrics.json").isEmpty();
    JsonNode properties = mappings.path("properties");
    for (String field : List.of("followUpsOpened", "followUpsClosed", "followUpsClosedInTime", "followUpsOverdue")) {
      assertThat(properties.path(field).path("type").asText()).as(field).isEqualTo("long");
    }
    assertThat(properties.path("followUpRate").path("type").asText()).isEqualTo("double");
    assertThat(properties.path("followUpMedianCloseMinutes").path("type").asText()).isEqualTo("double");
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
