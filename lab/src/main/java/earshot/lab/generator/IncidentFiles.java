package earshot.lab.generator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import earshot.schemas.JsonCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads incident plans and writes truth files.
 *
 * <p>An incident plan is JSON: {@code {"incidents":[{"type":"DETRACTOR_SPIKE",
 * "dimensions":{"touchpoint":"delivery","region":"north"}, "start":"PT30H", "end":"PT34H",
 * "intensity":0.5}]}}. Start and end are ISO-8601 instants, or durations from the stream's start.
 *
 * <p>A truth file lists what was planted: {@code {"incidents":[{"detector":..., "dimensions":...,
 * "start":..., "end":...}], "churners":[{"customerId":..., "journeyStart":..., "cancelledAt":...,
 * "valueTier":..., "problem":..., "strength":...}], "cancellationRequests":[{"customerId":..., "at":...}]}}
 * with absolute times; {@code churners} and {@code cancellationRequests} (the stream's other customers
 * who wrote a request to cancel) are there only when churners were planted, and readers of incidents
 * ignore them.
 */
public final class IncidentFiles {

  private IncidentFiles() {}

  public static List<Incident> read(Path file, Instant streamStart) throws IOException {
    JsonNode root;
    try {
      root = JsonCodec.mapper().readTree(Files.readString(file));
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": not valid JSON: " + e.getMessage());
    }
    JsonNode list = root.path("incidents");
    if (!list.isArray()) {
      throw new IllegalArgumentException(file + ": expected {\"incidents\": [...]}");
    }
    List<Incident> incidents = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      JsonNode node = list.get(i);
      String where = file + ": incidents[" + i + "]";
      try {
        Map<String, String> dims = new LinkedHashMap<>();
        node.path("dimensions").properties().forEach(e -> dims.put(e.getKey(), e.getValue().asText()));
        incidents.add(new Incident(
            required(node, "type", where).toUpperCase(java.util.Locale.ROOT),
            dims,
            time(required(node, "start", where), streamStart, where),
            time(required(node, "end", where), streamStart, where),
            node.path("intensity").asDouble(0.5),
            node.hasNonNull("topic") ? node.get("topic").asText() : null));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + ": " + e.getMessage());
      }
    }
    return incidents;
  }

  public static void writeTruth(Path file, List<Incident> incidents) throws IOException {
    writeTruth(file, incidents, List.of());
  }

  /** Writes the incidents and the churners planted; a truth file without churners has no churners field. */
  public static void writeTruth(Path file, List<Incident> incidents, List<PlantedChurner> churners) throws IOException {
    writeTruth(file, incidents, churners, List.of());
  }

  /**
   * Writes the incidents, the churners planted and the other customers who asked to cancel
   * ({@code cancellationRequests}: customerId and time of the first request).
   */
  public static void writeTruth(Path file, List<Incident> incidents, List<PlantedChurner> churners,
      List<PlantedChurner> cancellationRequests) throws IOException {
    ObjectNode root = JsonCodec.mapper().createObjectNode();
    ArrayNode list = root.putArray("incidents");
    for (Incident incident : incidents) {
      ObjectNode node = list.addObject();
      node.put("detector", incident.type());
      ObjectNode dims = node.putObject("dimensions");
      incident.dimensions().forEach(dims::put);
      node.put("start", incident.start().toString());
      node.put("end", incident.end().toString());
      node.put("intensity", incident.intensity());
      if (incident.topic() != null) {
        node.put("topic", incident.topic());
      }
    }
    if (!churners.isEmpty()) {
      ArrayNode planted = root.putArray("churners");
      for (PlantedChurner churner : churners) {
        ObjectNode node = planted.addObject();
        node.put("customerId", churner.customerId());
        node.put("journeyStart", churner.journeyStart().toString());
        node.put("cancelledAt", churner.cancelledAt().toString());
        node.put("valueTier", churner.valueTier());
        node.put("problem", churner.problem());
        node.put("strength", churner.strength());
      }
    }
    if (!cancellationRequests.isEmpty()) {
      ArrayNode requests = root.putArray("cancellationRequests");
      for (PlantedChurner request : cancellationRequests) {
        requests.addObject().put("customerId", request.customerId()).put("at", request.cancelledAt().toString());
      }
    }
    Files.writeString(file, JsonCodec.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
  }

  /** The other customers of a truth file who asked to cancel, as churners without a journey (strength "request"). */
  public static List<PlantedChurner> readCancellationRequests(Path file) throws IOException {
    JsonNode root = JsonCodec.mapper().readTree(Files.readString(file));
    List<PlantedChurner> requests = new ArrayList<>();
    for (JsonNode node : root.path("cancellationRequests")) {
      Instant at = Instant.parse(node.path("at").asText());
      requests.add(new PlantedChurner(node.path("customerId").asText(), at, at, null, "cancellation", "request"));
    }
    return requests;
  }

  /** The churners of a truth file (none for a file written before churners were planted). */
  public static List<PlantedChurner> readChurners(Path file) throws IOException {
    JsonNode root = JsonCodec.mapper().readTree(Files.readString(file));
    List<PlantedChurner> churners = new ArrayList<>();
    for (JsonNode node : root.path("churners")) {
      churners.add(new PlantedChurner(node.path("customerId").asText(), Instant.parse(node.path("journeyStart").asText()),
          Instant.parse(node.path("cancelledAt").asText()), node.path("valueTier").asText(null),
          node.path("problem").asText(null), node.path("strength").asText(null)));
    }
    return churners;
  }

  /** Reads a truth file back (absolute times). */
  public static List<Incident> readTruth(Path file) throws IOException {
    JsonNode root = JsonCodec.mapper().readTree(Files.readString(file));
    List<Incident> incidents = new ArrayList<>();
    for (JsonNode node : root.path("incidents")) {
      Map<String, String> dims = new LinkedHashMap<>();
      node.path("dimensions").properties().forEach(e -> dims.put(e.getKey(), e.getValue().asText()));
      incidents.add(new Incident(node.path("detector").asText(), dims, Instant.parse(node.path("start").asText()),
          Instant.parse(node.path("end").asText()), node.path("intensity").asDouble(0.5),
          node.hasNonNull("topic") ? node.get("topic").asText() : null));
    }
    return incidents;
  }

  private static String required(JsonNode node, String field, String where) {
    if (!node.hasNonNull(field)) {
      throw new IllegalArgumentException("missing '" + field + "'");
    }
    return node.get(field).asText();
  }

  private static Instant time(String text, Instant streamStart, String where) {
    try {
      return text.startsWith("P") || text.startsWith("p")
          ? streamStart.plus(Duration.parse(text.toUpperCase(java.util.Locale.ROOT)))
          : Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("'" + text + "' is neither an ISO-8601 instant nor a duration like PT30H");
    }
  }
}
