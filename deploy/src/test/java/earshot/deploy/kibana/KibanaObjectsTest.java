package earshot.deploy.kibana;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import earshot.deploy.provision.IndexTemplates;
import earshot.deploy.testing.RealServicesExtension;
import earshot.schemas.Index;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The committed Kibana export (deploy/kibana/earshot.ndjson): it is what the generator makes, it is
 * in the format Kibana's saved-objects import API reads, and every field its objects use exists,
 * with a fitting type, in the mappings of Earshot's index templates. Regenerate it with
 * {@code mvn -pl deploy -am test -Dtest=KibanaObjectsTest -Dsurefire.failIfNoSpecifiedTests=false -Dearshot.kibana.regenerate=true}.
 */
class KibanaObjectsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path FILE = RealServicesExtension.projectHome().resolve("deploy/kibana/earshot.ndjson");
  private static final Set<String> TYPES = Set.of("index-pattern", "lens", "search", "dashboard");
  /** field names in KQL: a name followed by a comparison. */
  private static final Pattern KQL_FIELD = Pattern.compile("([A-Za-z_][A-Za-z0-9_.]*)\\s*(:|>=|<=|>|<)");

  private static String committed;
  private static List<JsonNode> objects;
  private static Map<String, JsonNode> byId;
  /** Field path to mapping type, per data view id. */
  private static Map<String, Map<String, String>> fields;

  @BeforeAll
  static void read() throws IOException {
    String generated = new KibanaObjects(Index.DEFAULT_PREFIX).ndjson();
    if (Boolean.getBoolean("earshot.kibana.regenerate")) {
      Files.createDirectories(FILE.getParent());
      Files.writeString(FILE, generated, StandardCharsets.UTF_8);
    }
    committed = Files.readString(FILE, StandardCharsets.UTF_8);
    objects = new ArrayList<>();
    for (String line : committed.split("\n")) {
      objects.add(JSON.readTree(line));
    }
    byId = new HashMap<>();
    objects.forEach(o -> byId.put(o.path("id").asText(), o));
    fields = new HashMap<>();
    KibanaObjects generator = new KibanaObjects(Index.DEFAULT_PREFIX);
    for (Index index : Index.values()) {
      Map<String, String> types = new HashMap<>();
      flatten(IndexTemplates.template(index, Index.DEFAULT_PREFIX).path("template").path("mappings").path("properties"),
          "", types);
      fields.put(generator.dataViewId(index), types);
    }
  }

  private static void flatten(JsonNode properties, String prefix, Map<String, String> out) {
    properties.fields().forEachRemaining(entry -> {
      String path = prefix + entry.getKey();
      JsonNode mapping = entry.getValue();
      out.put(path, mapping.path("type").asText("object"));
      if (mapping.has("properties")) {
        flatten(mapping.path("properties"), path + ".", out);
      }
    });
  }

  @Test
  void theCommittedFileIsWhatTheGeneratorMakes() {
    assertThat(committed)
        .as("deploy/kibana/earshot.ndjson is stale; regenerate it (see this test's Javadoc)")
        .isEqualTo(new KibanaObjects(Index.DEFAULT_PREFIX).ndjson());
  }

  @Test
  void isInTheSavedObjectsImportFormat() {
    assertThat(committed).endsWith("\n").doesNotContain("\n\n");
    assertThat(objects).hasSize(12);
    Set<String> ids = new HashSet<>();
    for (JsonNode object : objects) {
      String id = object.path("id").asText();
      assertThat(ids.add(object.path("type").asText() + "/" + id)).as("duplicate %s", id).isTrue();
      assertThat(object.path("type").asText()).isIn(TYPES);
      assertThat(id).matches("[a-z0-9-]+");
      assertThat(object.path("attributes").isObject()).isTrue();
      assertThat(object.path("attributes").path("title").asText()).isNotBlank();
      assertThat(object.path("references").isArray()).isTrue();
      assertThat(object.path("coreMigrationVersion").asText()).matches("\\d+\\.\\d+\\.\\d+");
      assertThat(object.path("typeMigrationVersion").asText()).matches("\\d+\\.\\d+\\.\\d+");
      for (JsonNode reference : object.path("references")) {
        JsonNode target = byId.get(reference.path("id").asText());
        assertThat(target).as("%s refers to missing %s", id, reference).isNotNull();
        assertThat(target.path("type").asText()).isEqualTo(reference.path("type").asText());
        assertThat(reference.path("name").asText()).isNotBlank();
      }
    }
    // Objects come before what refers to them, as in an export.
    List<String> order = objects.stream().map(o -> o.path("id").asText()).toList();
    for (JsonNode object : objects) {
      for (JsonNode reference : object.path("references")) {
        assertThat(order.indexOf(reference.path("id").asText())).isLessThan(order.indexOf(object.path("id").asText()));
      }
    }
  }

  @Test
  void dataViewsCoverTheFourIndexPatternsWithTheirTimeFields() {
    List<JsonNode> views = objects.stream().filter(o -> o.path("type").asText().equals("index-pattern")).toList();
    assertThat(views).extracting(v -> v.path("attributes").path("title").asText())
        .containsExactlyInAnyOrder("earshot-interactions-*", "earshot-metrics-*", "earshot-alerts", "earshot-customers");
    for (JsonNode view : views) {
      String time = view.path("attributes").path("timeFieldName").asText();
      assertThat(fields.get(view.path("id").asText())).as(view.path("id").asText()).containsEntry(time, "date");
    }
  }

  @Test
  void everyFieldTheVisualizationsUseIsMappedWithAFittingType() throws IOException {
    List<JsonNode> lenses = objects.stream().filter(o -> o.path("type").asText().equals("lens")).toList();
    assertThat(lenses).extracting(l -> l.path("attributes").path("title").asText()).containsExactlyInAnyOrder(
        "NPS over time per channel", "Detractor share per touchpoint", "Sentiment distribution", "Volume by channel",
        "Follow-ups per team");
    for (JsonNode lens : lenses) {
      JsonNode state = lens.path("attributes").path("state");
      var layers = state.path("datasourceStates").path("formBased").path("layers").fields();
      assertThat(layers.hasNext()).isTrue();
      while (layers.hasNext()) {
        var layer = layers.next();
        String view = dataViewOf(lens, "indexpattern-datasource-layer-" + layer.getKey());
        Map<String, String> mapped = fields.get(view);
        JsonNode columns = layer.getValue().path("columns");
        assertThat(layer.getValue().path("columnOrder")).hasSize(columns.size());
        columns.fields().forEachRemaining(column -> {
          JsonNode definition = column.getValue();
          String field = definition.path("sourceField").asText("");
          String operation = definition.path("operationType").asText();
          if (!field.isEmpty() && !field.equals("___records___")) {
            assertThat(mapped).as("%s uses %s", lens.path("id").asText(), field).containsKey(field);
            String type = mapped.get(field);
            switch (operation) {
              case "date_histogram" -> assertThat(type).isEqualTo("date");
              case "terms" -> assertThat(type).isEqualTo("keyword");
              default -> assertThat(type).isIn("long", "integer", "float", "double");
            }
          }
          kqlFields(definition.path("filter").path("query").asText("")).forEach(f -> assertThat(mapped).containsKey(f));
          for (JsonNode filter : definition.path("params").path("filters")) {
            kqlFields(filter.path("input").path("query").asText()).forEach(f -> assertThat(mapped).containsKey(f));
          }
          for (JsonNode reference : definition.path("references")) {
            assertThat(columns.has(reference.asText())).as("formula part %s", reference.asText()).isTrue();
          }
        });
        kqlFields(state.path("query").path("query").asText()).forEach(f ->
            assertThat(mapped).as("%s query", lens.path("id").asText()).containsKey(f));
        // Every column the chart shows is one of the layer's columns.
        for (JsonNode chartLayer : state.path("visualization").path("layers")) {
          for (String accessor : List.of("xAccessor", "splitAccessor")) {
            if (chartLayer.has(accessor)) {
              assertThat(columns.has(chartLayer.path(accessor).asText())).isTrue();
            }
          }
          for (String list : List.of("accessors", "primaryGroups", "metrics")) {
            chartLayer.path(list).forEach(c -> assertThat(columns.has(c.asText())).isTrue());
          }
        }
      }
    }
  }

  @Test
  void theOpenAlertsListShowsTheExplanationsOfOpenAlerts() throws IOException {
    JsonNode search = byId.get("earshot-open-alerts");
    String view = dataViewOf(search, "kibanaSavedObjectMeta.searchSourceJSON.index");
    Map<String, String> mapped = fields.get(view);
    assertThat(view).isEqualTo("earshot-alerts");
    List<String> columns = new ArrayList<>();
    search.path("attributes").path("columns").forEach(c -> columns.add(c.asText()));
    assertThat(columns).contains("summary", "observed", "baseline", "pValue", "seriesKey", "severity");
    assertThat(mapped).containsKeys(columns.toArray(String[]::new));
    search.path("attributes").path("sort").forEach(sort -> assertThat(mapped).containsKey(sort.get(0).asText()));
    JsonNode source = JSON.readTree(search.path("attributes").path("kibanaSavedObjectMeta").path("searchSourceJSON").asText());
    String query = source.path("query").path("query").asText();
    assertThat(kqlFields(query)).containsOnly("state");
    assertThat(query).contains("\"OPEN\"").contains("\"UPDATED\"").doesNotContain("RESOLVED");
  }

  @Test
  void theCustomersAtRiskListShowsTheRiskiestCustomersFirstWithMappedColumns() throws IOException {
    JsonNode search = byId.get("earshot-customers-at-risk");
    assertThat(search.path("type").asText()).isEqualTo("search");
    assertThat(search.path("attributes").path("title").asText()).isEqualTo("Customers at risk");
    String view = dataViewOf(search, "kibanaSavedObjectMeta.searchSourceJSON.index");
    assertThat(view).isEqualTo("earshot-customers");
    Map<String, String> mapped = fields.get(view);
    List<String> columns = new ArrayList<>();
    search.path("attributes").path("columns").forEach(c -> columns.add(c.asText()));
    assertThat(columns).contains("customerId", "riskScore", "reasons.code", "nextStep", "alertState", "valueTier",
        "lastContactAt");
    assertThat(mapped).containsKeys(columns.toArray(String[]::new));
    JsonNode firstSort = search.path("attributes").path("sort").get(0);
    assertThat(firstSort.get(0).asText()).isEqualTo("riskScore");
    assertThat(firstSort.get(1).asText()).isEqualTo("desc");
    search.path("attributes").path("sort").forEach(sort -> assertThat(mapped).containsKey(sort.get(0).asText()));
    assertThat(mapped).containsEntry("riskScore", "double").containsEntry("customerId", "keyword")
        .containsEntry("customerKey", "keyword").containsEntry("reasons.code", "keyword");
    JsonNode source = JSON.readTree(search.path("attributes").path("kibanaSavedObjectMeta").path("searchSourceJSON").asText());
    assertThat(kqlFields(source.path("query").path("query").asText())).containsOnly("riskScore");
  }

  @Test
  void theDashboardLaysOutEveryPanelByReference() throws IOException {
    JsonNode dashboard = byId.get("earshot-customer-listening");
    JsonNode panels = JSON.readTree(dashboard.path("attributes").path("panelsJSON").asText());
    JSON.readTree(dashboard.path("attributes").path("optionsJSON").asText());
    JSON.readTree(dashboard.path("attributes").path("kibanaSavedObjectMeta").path("searchSourceJSON").asText());
    assertThat(panels).hasSize(6);
    Map<String, String> references = new HashMap<>();
    dashboard.path("references").forEach(r -> references.put(r.path("name").asText(), r.path("id").asText()));
    Set<String> shown = new HashSet<>();
    for (JsonNode panel : panels) {
      String name = panel.path("panelIndex").asText() + ":" + panel.path("panelRefName").asText();
      assertThat(references).containsKey(name);
      JsonNode target = byId.get(references.get(name));
      assertThat(target.path("type").asText()).isEqualTo(panel.path("type").asText());
      shown.add(target.path("id").asText());
      JsonNode grid = panel.path("gridData");
      assertThat(grid.path("x").asInt() + grid.path("w").asInt()).isLessThanOrEqualTo(48);
      assertThat(grid.path("i").asText()).isEqualTo(panel.path("panelIndex").asText());
    }
    assertThat(shown).containsExactlyInAnyOrder("earshot-nps-over-time-per-channel",
        "earshot-detractor-share-per-touchpoint", "earshot-sentiment-distribution", "earshot-volume-by-channel",
        "earshot-open-alerts", "earshot-follow-ups-per-team");
  }

  private static String dataViewOf(JsonNode object, String referenceName) {
    for (JsonNode reference : object.path("references")) {
      if (reference.path("name").asText().equals(referenceName)) {
        return reference.path("id").asText();
      }
    }
    throw new AssertionError(object.path("id").asText() + " has no reference " + referenceName);
  }

  private static List<String> kqlFields(String query) {
    List<String> names = new ArrayList<>();
    Matcher matcher = KQL_FIELD.matcher(query.replaceAll("'[^']*'|\"[^\"]*\"", "\"\""));
    while (matcher.find()) {
      names.add(matcher.group(1));
    }
    return names;
  }
}
