package earshot.jobs.generator;

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
 * "start":..., "end":...}]}} with absolute times.
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
    Files.writeString(file, JsonCodec.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
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
