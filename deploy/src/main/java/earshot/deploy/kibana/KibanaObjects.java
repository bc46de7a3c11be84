package earshot.deploy.kibana;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import earshot.schemas.Index;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Generates Kibana saved objects for Earshot's indices, as the {@code .ndjson} that Kibana's
 * saved-objects import API and its Stack Management import page read: one data view per index
 * pattern, five Lens visualizations (the fifth: follow-ups per team), a saved search of the open alerts with their explanations,
 * a dashboard that lays them out, and a saved search of the customers at risk (the customers index,
 * riskiest first) for looking customers up. Written for Kibana 8.9 and newer; ids are fixed, so a
 * re-import with {@code overwrite=true} updates the objects in place.
 *
 * <p>{@code deploy/kibana/earshot.ndjson} is this class's output for the default index prefix;
 * {@code KibanaObjectsTest} fails when the committed file and the generator disagree, and checks
 * that every field the objects use exists in the index templates' mappings.
 */
public final class KibanaObjects {

  static final String CORE_MIGRATION_VERSION = "8.8.0";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String prefix;

  /** @param indexPrefix the {@code elasticsearch.index-prefix} setting, such as {@code earshot-} */
  public KibanaObjects(String indexPrefix) {
    this.prefix = indexPrefix;
  }

  /** Data view ids, one per index kind. */
  public String dataViewId(Index index) {
    return prefix + index.suffix();
  }

  /** The saved objects, data views first, the dashboard last. */
  public List<ObjectNode> objects() {
    List<ObjectNode> objects = new ArrayList<>();
    objects.add(dataView(Index.INTERACTIONS, "Earshot interactions", "interaction.occurredAt"));
    objects.add(dataView(Index.METRICS, "Earshot CX metrics", "windowStart"));
    objects.add(dataView(Index.ALERTS, "Earshot alerts", "updatedAt"));
    objects.add(dataView(Index.CUSTOMERS, "Earshot customers", "updatedAt"));
    List<ObjectNode> panels = List.of(npsOverTimePerChannel(), detractorSharePerTouchpoint(), sentimentDistribution(),
        volumeByChannel(), openAlerts(), followUpsPerTeam());
    objects.addAll(panels);
    objects.add(customersAtRisk());
    objects.add(dashboard(panels));
    return objects;
  }

  /** The objects as ndjson, one object per line, ending with a newline. */
  public String ndjson() {
    StringBuilder text = new StringBuilder();
    for (ObjectNode object : objects()) {
      text.append(object).append('\n');
    }
    return text.toString();
  }

  /** Writes the file: {@code KibanaObjects [file] [index-prefix]}. */
  public static void main(String[] args) throws IOException {
    Path file = Path.of(args.length > 0 ? args[0] : "deploy/kibana/earshot.ndjson");
    String indexPrefix = args.length > 1 ? args[1] : Index.DEFAULT_PREFIX;
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, new KibanaObjects(indexPrefix).ndjson(), StandardCharsets.UTF_8);
  }

  // ------------------------------------------------------------------ data views

  private ObjectNode dataView(Index index, String name, String timeField) {
    ObjectNode object = savedObject("index-pattern", dataViewId(index), "8.0.0");
    object.putObject("attributes")
        .put("title", index.pattern(prefix))
        .put("name", name)
        .put("timeFieldName", timeField)
        .put("allowNoIndex", true);
    object.putArray("references");
    return object;
  }

  // ------------------------------------------------------------------ visualizations

  /** NPS per channel over time: (promoters - detractors) / answers * 100, from the interactions. */
  private ObjectNode npsOverTimePerChannel() {
    Layer layer = new Layer("nps-layer");
    layer.dateHistogram("time", "interaction.occurredAt");
    layer.terms("channel", "interaction.channel", "Channel", 10);
    layer.npsFormula("nps");
    ObjectNode visualization = JSON.createObjectNode();
    visualization.put("preferredSeriesType", "line");
    visualization.putObject("legend").put("isVisible", true).put("position", "right");
    ObjectNode xyLayer = visualization.putArray("layers").addObject();
    xyLayer.put("layerId", layer.id).put("layerType", "data").put("seriesType", "line")
        .put("xAccessor", "time").put("splitAccessor", "channel");
    xyLayer.putArray("accessors").add("nps");
    visualization.putObject("yLeftExtent").put("mode", "custom").put("lowerBound", -100).put("upperBound", 100);
    return lens("earshot-nps-over-time-per-channel", "NPS over time per channel",
        "Net Promoter Score of the NPS answers per channel: % promoters (9-10) minus % detractors (0-6).",
        "lnsXY", Index.INTERACTIONS, layer, visualization, "interaction.nps >= 0");
  }

  /** Share of detractors, passives and promoters per touchpoint, as 100% stacked bars. */
  private ObjectNode detractorSharePerTouchpoint() {
    Layer layer = new Layer("detractor-layer");
    layer.terms("touchpoint", "interaction.touchpoint", "Touchpoint", 12);
    layer.filters("group", "NPS group", List.of(
        new String[] {"Detractors (0-6)", "interaction.nps <= 6"},
        new String[] {"Passives (7-8)", "interaction.nps >= 7 and interaction.nps <= 8"},
        new String[] {"Promoters (9-10)", "interaction.nps >= 9"}));
    layer.count("answers", "NPS answers");
    ObjectNode visualization = JSON.createObjectNode();
    visualization.put("preferredSeriesType", "bar_percentage_stacked");
    visualization.putObject("legend").put("isVisible", true).put("position", "right");
    ObjectNode xyLayer = visualization.putArray("layers").addObject();
    xyLayer.put("layerId", layer.id).put("layerType", "data").put("seriesType", "bar_percentage_stacked")
        .put("xAccessor", "touchpoint").put("splitAccessor", "group");
    xyLayer.putArray("accessors").add("answers");
    return lens("earshot-detractor-share-per-touchpoint", "Detractor share per touchpoint",
        "Of the NPS answers at each journey touchpoint, the share of detractors, passives and promoters.",
        "lnsXY", Index.INTERACTIONS, layer, visualization, "interaction.nps >= 0");
  }

  /** Analysed texts by sentiment class. */
  private ObjectNode sentimentDistribution() {
    Layer layer = new Layer("sentiment-layer");
    layer.terms("sentiment", "analysis.sentiment", "Sentiment", 3);
    layer.count("texts", "Analysed texts");
    ObjectNode visualization = JSON.createObjectNode();
    visualization.put("shape", "donut");
    ObjectNode pieLayer = visualization.putArray("layers").addObject();
    pieLayer.put("layerId", layer.id).put("layerType", "data").put("numberDisplay", "percent")
        .put("categoryDisplay", "default").put("legendDisplay", "default");
    pieLayer.putArray("primaryGroups").add("sentiment");
    pieLayer.putArray("metrics").add("texts");
    return lens("earshot-sentiment-distribution", "Sentiment distribution",
        "Texts analysed by the text stage, by sentiment class.", "lnsPie", Index.INTERACTIONS, layer, visualization,
        "analysis.status : \"ANALYSED\"");
  }

  /** Interactions over time, stacked by channel. */
  private ObjectNode volumeByChannel() {
    Layer layer = new Layer("volume-layer");
    layer.dateHistogram("time", "interaction.occurredAt");
    layer.terms("channel", "interaction.channel", "Channel", 10);
    layer.count("interactions", "Interactions");
    ObjectNode visualization = JSON.createObjectNode();
    visualization.put("preferredSeriesType", "bar_stacked");
    visualization.putObject("legend").put("isVisible", true).put("position", "right");
    ObjectNode xyLayer = visualization.putArray("layers").addObject();
    xyLayer.put("layerId", layer.id).put("layerType", "data").put("seriesType", "bar_stacked")
        .put("xAccessor", "time").put("splitAccessor", "channel");
    xyLayer.putArray("accessors").add("interactions");
    return lens("earshot-volume-by-channel", "Volume by channel", "Interactions per channel over time.", "lnsXY",
        Index.INTERACTIONS, layer, visualization, "");
  }

  /**
   * Closing the loop per team: follow-ups answered within their service level and follow-ups gone
   * overdue, from the follow-up metric series of each team.
   */
  private ObjectNode followUpsPerTeam() {
    Layer layer = new Layer("follow-up-layer");
    layer.terms("team", "dimensions.team", "Team", 15);
    layer.sum("in-time", "followUpsClosedInTime", "Answered in time");
    layer.sum("overdue", "followUpsOverdue", "Overdue");
    ObjectNode visualization = JSON.createObjectNode();
    visualization.put("preferredSeriesType", "bar_horizontal_stacked");
    visualization.putObject("legend").put("isVisible", true).put("position", "right");
    ObjectNode xyLayer = visualization.putArray("layers").addObject();
    xyLayer.put("layerId", layer.id).put("layerType", "data").put("seriesType", "bar_horizontal_stacked")
        .put("xAccessor", "team");
    xyLayer.putArray("accessors").add("in-time").add("overdue");
    return lens("earshot-follow-ups-per-team", "Follow-ups per team",
        "Closing the loop: of the follow-ups of detractor answers and complaints whose service level ran out in the"
            + " period, those a team answered in time (outbound or resolved contact) and those gone overdue.",
        "lnsXY", Index.METRICS, layer, visualization, "seriesKey : followups* and followUpsOpened >= 0");
  }

  private ObjectNode lens(String id, String title, String description, String type, Index index, Layer layer,
      ObjectNode visualization, String query) {
    ObjectNode object = savedObject("lens", id, "8.9.0");
    ObjectNode attributes = object.putObject("attributes");
    attributes.put("title", title).put("description", description).put("visualizationType", type);
    ObjectNode state = attributes.putObject("state");
    state.putObject("datasourceStates").putObject("formBased").putObject("layers").set(layer.id, layer.toJson());
    state.set("visualization", visualization);
    state.putObject("query").put("query", query).put("language", "kuery");
    state.putArray("filters");
    state.putObject("adHocDataViews");
    object.putArray("references").addObject()
        .put("type", "index-pattern").put("id", dataViewId(index))
        .put("name", "indexpattern-datasource-layer-" + layer.id);
    return object;
  }

  // ------------------------------------------------------------------ the alert list

  /** Open and updated alerts, newest change first, each with the sentence that explains it. */
  private ObjectNode openAlerts() {
    ObjectNode object = savedObject("search", "earshot-open-alerts", "8.0.0");
    ObjectNode attributes = object.putObject("attributes");
    attributes.put("title", "Open alerts").put("description",
        "Alerts that are open or were updated and not yet resolved, with what was observed, the baseline it was"
            + " judged against, how sure the detector is, and the summary that explains it; for a customer at risk,"
            + " whom to call, the suggested next step and the channel and team of the last contact.");
    ArrayNode columns = attributes.putArray("columns");
    for (String column : OPEN_ALERT_COLUMNS) {
      columns.add(column);
    }
    attributes.putArray("sort").addArray().add("updatedAt").add("desc");
    ObjectNode source = JSON.createObjectNode();
    source.putObject("query").put("query", "state : \"OPEN\" or state : \"UPDATED\"").put("language", "kuery");
    source.putArray("filter");
    source.put("indexRefName", "kibanaSavedObjectMeta.searchSourceJSON.index");
    attributes.putObject("kibanaSavedObjectMeta").put("searchSourceJSON", source.toString());
    object.putArray("references").addObject()
        .put("name", "kibanaSavedObjectMeta.searchSourceJSON.index").put("type", "index-pattern")
        .put("id", dataViewId(Index.ALERTS));
    return object;
  }

  // Customer (CHURN_RISK) alerts also say whom to call, what to do and where the customer last came from.
  static final List<String> OPEN_ALERT_COLUMNS = List.of("severity", "state", "seriesKey", "detector", "summary",
      "customerId", "nextStep", "lastContactChannel", "lastContactTeam", "metric", "observed", "baseline",
      "expectedHigh", "pValue", "sampleSize", "openedAt", "examples.text");

  // ------------------------------------------------------------------ customers

  /** Customers with any sign of risk, riskiest first: whom to call, why, what to do, where they last came from. */
  private ObjectNode customersAtRisk() {
    ObjectNode object = savedObject("search", "earshot-customers-at-risk", "8.0.0");
    ObjectNode attributes = object.putObject("attributes");
    attributes.put("title", "Customers at risk").put("description",
        "One row per customer with a churn risk above 0, riskiest first: the customer id (when the channels gave"
            + " one), the score and its reasons, the open CHURN_RISK alert, the next step, the value tier and the"
            + " latest contacts. Search a customer with customerId : \"...\" or customerKey : \"...\".");
    ArrayNode columns = attributes.putArray("columns");
    for (String column : CUSTOMER_COLUMNS) {
      columns.add(column);
    }
    ArrayNode sort = attributes.putArray("sort");
    sort.addArray().add("riskScore").add("desc");
    sort.addArray().add("updatedAt").add("desc");
    ObjectNode source = JSON.createObjectNode();
    source.putObject("query").put("query", "riskScore > 0").put("language", "kuery");
    source.putArray("filter");
    source.put("indexRefName", "kibanaSavedObjectMeta.searchSourceJSON.index");
    attributes.putObject("kibanaSavedObjectMeta").put("searchSourceJSON", source.toString());
    object.putArray("references").addObject()
        .put("name", "kibanaSavedObjectMeta.searchSourceJSON.index").put("type", "index-pattern")
        .put("id", dataViewId(Index.CUSTOMERS));
    return object;
  }

  static final List<String> CUSTOMER_COLUMNS = List.of("customerId", "riskScore", "severity", "alertState",
      "reasons.code", "nextStep", "valueTier", "lastContactAt", "lastContacts.channel", "lastContacts.team",
      "customerKey");

  // ------------------------------------------------------------------ dashboard

  private ObjectNode dashboard(List<ObjectNode> panels) {
    ObjectNode object = savedObject("dashboard", "earshot-customer-listening", "8.9.0");
    ArrayNode layout = JSON.createArrayNode();
    ArrayNode references = JSON.createArrayNode();
    int[][] grid = {{0, 0, 24, 15}, {24, 0, 24, 15}, {0, 15, 16, 15}, {16, 15, 32, 15}, {0, 30, 48, 20},
        {0, 50, 48, 15}};
    for (int i = 0; i < panels.size(); i++) {
      ObjectNode panel = panels.get(i);
      String index = "panel-" + (i + 1);
      ObjectNode entry = layout.addObject();
      entry.put("type", panel.path("type").asText());
      entry.putObject("gridData").put("x", grid[i][0]).put("y", grid[i][1]).put("w", grid[i][2]).put("h", grid[i][3])
          .put("i", index);
      entry.put("panelIndex", index);
      entry.putObject("embeddableConfig").putObject("enhancements");
      entry.put("panelRefName", "panel_" + index);
      references.addObject().put("name", index + ":panel_" + index).put("type", panel.path("type").asText())
          .put("id", panel.path("id").asText());
    }
    ObjectNode attributes = object.putObject("attributes");
    attributes.put("title", "Earshot: customer listening")
        .put("description", "NPS per channel, detractors per touchpoint, sentiment, volume, the open alerts and"
            + " the follow-ups each team answered in time or let go overdue.")
        .put("panelsJSON", layout.toString())
        .put("optionsJSON", "{\"useMargins\":true,\"syncColors\":false,\"syncCursor\":true,\"syncTooltips\":false,"
            + "\"hidePanelTitles\":false}")
        .put("timeRestore", true).put("timeFrom", "now-7d").put("timeTo", "now");
    attributes.putObject("refreshInterval").put("pause", false).put("value", 60_000);
    attributes.putObject("kibanaSavedObjectMeta").put("searchSourceJSON",
        "{\"query\":{\"query\":\"\",\"language\":\"kuery\"},\"filter\":[]}");
    object.set("references", references);
    return object;
  }

  private static ObjectNode savedObject(String type, String id, String typeMigrationVersion) {
    ObjectNode object = JSON.createObjectNode();
    object.put("type", type);
    object.put("id", id);
    object.put("managed", false);
    object.put("coreMigrationVersion", CORE_MIGRATION_VERSION);
    object.put("typeMigrationVersion", typeMigrationVersion);
    return object;
  }

  /** One Lens form-based layer: its columns in order. */
  private static final class Layer {
    final String id;
    private final ObjectNode columns = JSON.createObjectNode();
    private final ArrayNode order = JSON.createArrayNode();

    Layer(String id) {
      this.id = id;
    }

    void dateHistogram(String column, String field) {
      add(column, JSON.createObjectNode().put("label", field).put("dataType", "date")
          .put("operationType", "date_histogram").put("sourceField", field).put("isBucketed", true)
          .put("scale", "interval")).putObject("params").put("interval", "auto").put("includeEmptyRows", true);
    }

    void terms(String column, String field, String label, int size) {
      ObjectNode params = add(column, JSON.createObjectNode().put("label", label).put("customLabel", true)
          .put("dataType", "string").put("operationType", "terms").put("sourceField", field)
          .put("isBucketed", true).put("scale", "ordinal")).putObject("params");
      params.put("size", size).put("orderDirection", "desc").put("otherBucket", true).put("missingBucket", false);
      params.putObject("orderBy").put("type", "alphabetical").put("fallback", true);
    }

    void filters(String column, String label, List<String[]> filters) {
      ArrayNode list = add(column, JSON.createObjectNode().put("label", label).put("customLabel", true)
          .put("dataType", "string").put("operationType", "filters").put("isBucketed", true).put("scale", "ordinal"))
          .putObject("params").putArray("filters");
      for (String[] filter : filters) {
        ObjectNode entry = list.addObject();
        entry.put("label", filter[0]);
        entry.putObject("input").put("query", filter[1]).put("language", "kuery");
      }
    }

    void sum(String column, String field, String label) {
      add(column, JSON.createObjectNode().put("label", label).put("customLabel", true).put("dataType", "number")
          .put("operationType", "sum").put("sourceField", field).put("isBucketed", false).put("scale", "ratio"))
          .putObject("params").put("emptyAsNull", false);
    }

    void count(String column, String label) {
      add(column, JSON.createObjectNode().put("label", label).put("customLabel", true).put("dataType", "number")
          .put("operationType", "count").put("sourceField", "___records___").put("isBucketed", false)
          .put("scale", "ratio")).putObject("params").put("emptyAsNull", true);
    }

    /**
     * The NPS as a Lens formula, with the supporting columns Lens itself stores for a formula: three
     * filtered counts and the math over them.
     */
    void npsFormula(String column) {
      String promoters = "interaction.nps >= 9";
      String detractors = "interaction.nps <= 6";
      String answers = "interaction.nps >= 0";
      String formula = "(count(kql='" + promoters + "') - count(kql='" + detractors + "')) / count(kql='" + answers
          + "') * 100";
      ObjectNode nps = add(column, JSON.createObjectNode().put("label", "NPS").put("customLabel", true)
          .put("dataType", "number").put("operationType", "formula").put("isBucketed", false).put("scale", "ratio"));
      nps.putObject("params").put("formula", formula).put("isFormulaBroken", false)
          .putObject("format").put("id", "number").putObject("params").put("decimals", 0);
      nps.putArray("references").add(column + "X3");
      String[] queries = {promoters, detractors, answers};
      for (int i = 0; i < 3; i++) {
        ObjectNode part = add(column + "X" + i, JSON.createObjectNode().put("label", "Part of NPS")
            .put("customLabel", true).put("dataType", "number").put("operationType", "count")
            .put("sourceField", "___records___").put("isBucketed", false).put("scale", "ratio"));
        part.putObject("filter").put("query", queries[i]).put("language", "kuery");
        part.putObject("params").put("emptyAsNull", false);
      }
      ObjectNode math = add(column + "X3", JSON.createObjectNode().put("label", "Part of NPS").put("customLabel", true)
          .put("dataType", "number").put("operationType", "math").put("isBucketed", false).put("scale", "ratio"));
      ObjectNode subtract = JSON.createObjectNode().put("type", "function").put("name", "subtract");
      subtract.putArray("args").add(column + "X0").add(column + "X1");
      ObjectNode divide = JSON.createObjectNode().put("type", "function").put("name", "divide");
      divide.putArray("args").add(subtract).add(column + "X2");
      ObjectNode multiply = JSON.createObjectNode().put("type", "function").put("name", "multiply");
      multiply.putArray("args").add(divide).add(100);
      math.putObject("params").set("tinymathAst", multiply);
      math.putArray("references").add(column + "X0").add(column + "X1").add(column + "X2");
    }

    private ObjectNode add(String column, ObjectNode definition) {
      columns.set(column, definition);
      order.add(column);
      return definition;
    }

    ObjectNode toJson() {
      ObjectNode layer = JSON.createObjectNode();
      layer.set("columns", columns);
      layer.set("columnOrder", order);
      layer.putObject("incompleteColumns");
      return layer;
    }
  }
}
