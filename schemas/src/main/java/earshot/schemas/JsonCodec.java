package earshot.schemas;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * The JSON form of Earshot's records, used for JSON-lines files, the command line and
 * Elasticsearch documents. It follows the Avro schema but reads like plain JSON: optional fields
 * are plain values or null (no union wrappers), timestamps are ISO-8601 strings in UTC, enums are
 * their symbol, bytes are base64.
 *
 * <p>Reading is strict where it matters (a missing required field, a value of the wrong type,
 * a fractional number for an integer field all fail with the field's path) and lenient where it
 * is harmless (unknown fields are ignored, numbers are accepted for string fields). It never
 * guesses: an enum value is one of the enum's symbols or a synonym listed in {@link EnumSynonyms}
 * (an unknown value fails, it is not read as the schema's default). Times are read by
 * {@link #readTime}: ISO-8601 with or without an offset (without one, in the reader's default
 * zone), or epoch seconds or milliseconds told apart by magnitude.
 */
public final class JsonCodec {

  static {
    AvroTrust.install();
  }

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private JsonCodec() {}

  /** The shared mapper; configured once, safe to use from any thread. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** One line of JSON, without a trailing newline. */
  public static String toJson(IndexedRecord record) {
    return new String(toJsonBytes(record), StandardCharsets.UTF_8);
  }

  /**
   * The same JSON as {@link #toJson}, as UTF-8 bytes, written straight from the record without
   * building a tree first: this is what every Elasticsearch document costs, so it avoids the
   * intermediate nodes.
   */
  public static byte[] toJsonBytes(IndexedRecord record) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
    try (JsonGenerator generator = MAPPER.getFactory().createGenerator(bytes)) {
      stream(generator, record, record.getSchema());
    } catch (IOException e) {
      throw new IllegalStateException("cannot write " + record.getSchema().getName() + " as JSON", e);
    }
    return bytes.toByteArray();
  }

  /** The record's JSON ({@link #toJsonBytes}) as a tree, for callers that edit or inspect it. */
  public static ObjectNode toNode(IndexedRecord record) {
    try {
      return (ObjectNode) MAPPER.readTree(toJsonBytes(record));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read back " + record.getSchema().getName() + " as JSON", e);
    }
  }

  /**
   * Epoch numbers below this are seconds, from it on milliseconds: 1e11 seconds is the year 5138,
   * 1e11 milliseconds is March 1973, so neither reading of a plausible time is ambiguous.
   */
  public static final double SECONDS_BELOW = 1e11;

  /** Parses one JSON object into a record of the given generated class; times without an offset are UTC. */
  public static <T extends SpecificRecord> T fromJson(String json, Class<T> type) {
    return fromJson(json, type, ZoneOffset.UTC);
  }

  /**
   * Parses one JSON object into a record of the given generated class.
   *
   * @param defaultZone the zone of times written without an offset
   */
  public static <T extends SpecificRecord> T fromJson(String json, Class<T> type, ZoneId defaultZone) {
    JsonNode node;
    try {
      node = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new RecordFormatException("not valid JSON: " + e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) {
      throw new RecordFormatException("expected a JSON object");
    }
    return fromNode(node, type, defaultZone);
  }

  public static <T extends SpecificRecord> T fromNode(JsonNode node, Class<T> type) {
    return fromNode(node, type, ZoneOffset.UTC);
  }

  public static <T extends SpecificRecord> T fromNode(JsonNode node, Class<T> type, ZoneId defaultZone) {
    Schema schema = SpecificData.get().getSchema(type);
    return type.cast(read(node, schema, "", defaultZone));
  }

  // ---------------------------------------------------------------- writing

  /** Writes one value of the given schema as JSON: plain values for unions, ISO-8601 times, base64 bytes. */
  private static void stream(JsonGenerator out, Object value, Schema schema) throws IOException {
    if (value == null) {
      out.writeNull();
      return;
    }
    switch (schema.getType()) {
      case UNION -> stream(out, value, nonNullBranch(schema, value));
      case RECORD -> {
        IndexedRecord record = (IndexedRecord) value;
        out.writeStartObject();
        for (Schema.Field field : schema.getFields()) {
          out.writeFieldName(field.name());
          stream(out, record.get(field.pos()), field.schema());
        }
        out.writeEndObject();
      }
      case ENUM, STRING -> out.writeString(value.toString());
      case ARRAY -> {
        out.writeStartArray();
        for (Object item : (Collection<?>) value) {
          stream(out, item, schema.getElementType());
        }
        out.writeEndArray();
      }
      case MAP -> {
        // One entry per distinct key (keys are compared as strings), the last value winning.
        Map<String, Object> entries = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
          entries.put(entry.getKey().toString(), entry.getValue());
        }
        out.writeStartObject();
        for (Map.Entry<String, Object> entry : entries.entrySet()) {
          out.writeFieldName(entry.getKey());
          stream(out, entry.getValue(), schema.getValueType());
        }
        out.writeEndObject();
      }
      case BYTES -> {
        ByteBuffer buffer = ((ByteBuffer) value).duplicate();
        byte[] raw = new byte[buffer.remaining()];
        buffer.get(raw);
        out.writeString(Base64.getEncoder().encodeToString(raw));
      }
      case LONG -> {
        if (isTimestamp(schema)) {
          out.writeString((value instanceof Instant instant ? instant : Instant.ofEpochMilli((Long) value)).toString());
        } else {
          out.writeNumber((Long) value);
        }
      }
      case INT -> out.writeNumber((Integer) value);
      case DOUBLE -> out.writeNumber((Double) value);
      case FLOAT -> out.writeNumber((Float) value);
      case BOOLEAN -> out.writeBoolean((Boolean) value);
      default -> throw new IllegalArgumentException("unsupported Avro type " + schema.getType());
    }
  }

  /** Earshot's unions are [null, X]; other unions are resolved by Avro's rules. */
  private static Schema nonNullBranch(Schema union, Object value) {
    List<Schema> branches = union.getTypes();
    if (branches.size() == 2) {
      // Looked up without a stream: this runs for every optional field of every document written.
      if (branches.get(0).getType() == Schema.Type.NULL && branches.get(1).getType() != Schema.Type.NULL) {
        return branches.get(1);
      }
      if (branches.get(1).getType() == Schema.Type.NULL && branches.get(0).getType() != Schema.Type.NULL) {
        return branches.get(0);
      }
    }
    List<Schema> nonNull = branches.stream().filter(s -> s.getType() != Schema.Type.NULL).toList();
    if (nonNull.size() == 1) {
      return nonNull.get(0);
    }
    return branches.get(SpecificData.getForSchema(union).resolveUnion(union, value));
  }

  // ---------------------------------------------------------------- reading

  private static Object read(JsonNode node, Schema schema, String path, ZoneId zone) {
    boolean absent = node == null || node.isNull() || node.isMissingNode();
    if (schema.getType() == Schema.Type.UNION) {
      if (absent) {
        if (schema.getTypes().stream().anyMatch(s -> s.getType() == Schema.Type.NULL)) {
          return null;
        }
        throw new RecordFormatException("missing required field '" + path + "'");
      }
      // Earshot's unions are [null, X]: read the value as X.
      RecordFormatException last = null;
      for (Schema branch : schema.getTypes()) {
        if (branch.getType() == Schema.Type.NULL) {
          continue;
        }
        try {
          return read(node, branch, path, zone);
        } catch (RecordFormatException e) {
          last = e;
        }
      }
      throw last != null ? last : new RecordFormatException("field '" + path + "' has no readable type");
    }
    if (absent) {
      throw new RecordFormatException("missing required field '" + path + "'");
    }
    switch (schema.getType()) {
      case RECORD:
        return readRecord(node, schema, path, zone);
      case ENUM:
        // No fallback to the schema's default here: that is for Avro schema evolution, not for typos.
        String symbol = EnumSynonyms.symbol(schema, requireText(node, path, "an enum symbol"), path);
        return SpecificData.get().createEnum(symbol, schema);
      case ARRAY:
        if (!node.isArray()) {
          throw typeError(path, "an array", node);
        }
        List<Object> list = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
          list.add(read(node.get(i), schema.getElementType(), path + "[" + i + "]", zone));
        }
        return list;
      case MAP:
        if (!node.isObject()) {
          throw typeError(path, "an object", node);
        }
        Map<String, Object> map = new LinkedHashMap<>();
        node.properties().forEach(e ->
            map.put(e.getKey(), read(e.getValue(), schema.getValueType(), path + "." + e.getKey(), zone)));
        return map;
      case STRING:
        if (!node.isValueNode()) {
          throw typeError(path, "a string", node);
        }
        return node.asText();
      case BYTES:
        try {
          return ByteBuffer.wrap(Base64.getDecoder().decode(requireText(node, path, "base64 bytes")));
        } catch (IllegalArgumentException e) {
          throw new RecordFormatException("field '" + path + "': not valid base64");
        }
      case LONG:
        if (isTimestamp(schema)) {
          return readTime(node, path, zone);
        }
        return readIntegral(node, path, Long.MIN_VALUE, Long.MAX_VALUE);
      case INT:
        return (int) readIntegral(node, path, Integer.MIN_VALUE, Integer.MAX_VALUE);
      case DOUBLE:
        return readNumber(node, path);
      case FLOAT:
        return (float) readNumber(node, path);
      case BOOLEAN:
        if (node.isBoolean()) {
          return node.booleanValue();
        }
        if (node.isTextual() && (node.asText().equalsIgnoreCase("true") || node.asText().equalsIgnoreCase("false"))) {
          return Boolean.parseBoolean(node.asText());
        }
        throw typeError(path, "true or false", node);
      default:
        throw new RecordFormatException("field '" + path + "': unsupported Avro type " + schema.getType());
    }
  }

  private static Object readRecord(JsonNode node, Schema schema, String path, ZoneId zone) {
    if (!node.isObject()) {
      throw typeError(path.isEmpty() ? schema.getName() : path, "an object", node);
    }
    IndexedRecord record = (IndexedRecord) SpecificData.get().newRecord(null, schema);
    for (Schema.Field field : schema.getFields()) {
      String fieldPath = path.isEmpty() ? field.name() : path + "." + field.name();
      JsonNode value = node.get(field.name());
      if ((value == null || value.isNull()) && field.hasDefaultValue() && !isNullable(field.schema())) {
        record.put(field.pos(), SpecificData.get().getDefaultValue(field));
      } else {
        record.put(field.pos(), read(value, field.schema(), fieldPath, zone));
      }
    }
    return record;
  }

  private static boolean isNullable(Schema schema) {
    return schema.getType() == Schema.Type.UNION
        && schema.getTypes().stream().anyMatch(s -> s.getType() == Schema.Type.NULL);
  }

  private static boolean isTimestamp(Schema schema) {
    LogicalType type = schema.getLogicalType();
    return type instanceof LogicalTypes.TimestampMillis;
  }

  /**
   * A time: an ISO-8601 instant ({@code 2026-03-01T10:00:00Z}), a date-time with an offset
   * ({@code 2026-03-01T11:00:00+01:00}) or without one ({@code 2026-03-01T10:00:00}, also with a
   * space instead of the T; read in {@code zone}), or an epoch number (a JSON number or a numeric
   * string): below {@link #SECONDS_BELOW} seconds (fractions allowed), from it on milliseconds.
   */
  public static Instant readTime(JsonNode node, String path, ZoneId zone) {
    if (node.isNumber()) {
      if (node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue())) {
        throw new RecordFormatException(path + " is " + node + ", not a time");
      }
      return epoch(node.decimalValue(), node.toString(), path);
    }
    String text = requireText(node, path, "an ISO-8601 time or epoch seconds or milliseconds").strip();
    if (!text.isEmpty() && text.chars().allMatch(c -> (c >= '0' && c <= '9') || c == '.' || c == '-')
        && text.chars().filter(c -> c == '.').count() <= 1 && text.lastIndexOf('-') <= 0) {
      try {
        return epoch(new BigDecimal(text), text, path);
      } catch (NumberFormatException e) {
        // not a number after all: read it as a date below
      }
    }
    String iso = text.length() > 10 && text.charAt(10) == ' ' ? text.substring(0, 10) + "T" + text.substring(11) : text;
    try {
      return OffsetDateTime.parse(iso).toInstant();
    } catch (DateTimeParseException e) {
      try {
        return LocalDateTime.parse(iso).atZone(zone).toInstant();
      } catch (DateTimeParseException e2) {
        String shown = text.length() > 60 ? text.substring(0, 57) + "..." : text;
        throw new RecordFormatException("field '" + path + "': '" + shown
            + "' is not a time (expected ISO-8601 such as 2026-11-23T10:15:30Z, or epoch seconds or milliseconds)");
      }
    }
  }

  private static Instant epoch(BigDecimal value, String shown, String path) {
    try {
      if (value.abs().compareTo(BigDecimal.valueOf(SECONDS_BELOW)) < 0) {
        return Instant.ofEpochMilli(value.movePointRight(3).setScale(0, RoundingMode.HALF_UP).longValueExact());
      }
      if (value.stripTrailingZeros().scale() > 0) {
        throw new RecordFormatException("field '" + path + "': " + shown
            + " is too large for epoch seconds and has a fraction, so it is not epoch milliseconds either");
      }
      return Instant.ofEpochMilli(value.longValueExact());
    } catch (ArithmeticException | java.time.DateTimeException e) {
      throw new RecordFormatException("field '" + path + "': " + shown + " is out of range for a time");
    }
  }

  private static long readIntegral(JsonNode node, String path, long min, long max) {
    if (node.isIntegralNumber() && node.canConvertToLong()) {
      long value = node.longValue();
      if (value < min || value > max) {
        throw new RecordFormatException("field '" + path + "': " + value + " is out of range");
      }
      return value;
    }
    if (node.isNumber()) {
      double d = node.doubleValue();
      if (d == Math.rint(d) && d >= min && d <= max) {
        return (long) d;
      }
      throw new RecordFormatException("field '" + path + "': expected a whole number, got " + node);
    }
    if (node.isTextual()) {
      try {
        return readIntegral(MAPPER.readTree(node.asText().strip()), path, min, max);
      } catch (JsonProcessingException | RecordFormatException e) {
        throw typeError(path, "a whole number", node);
      }
    }
    throw typeError(path, "a whole number", node);
  }

  private static double readNumber(JsonNode node, String path) {
    if (node.isNumber()) {
      return node.doubleValue();
    }
    if (node.isTextual()) {
      try {
        return Double.parseDouble(node.asText().strip());
      } catch (NumberFormatException e) {
        throw typeError(path, "a number", node);
      }
    }
    throw typeError(path, "a number", node);
  }

  private static String requireText(JsonNode node, String path, String expected) {
    if (!node.isTextual()) {
      throw typeError(path, expected, node);
    }
    return node.asText();
  }

  private static RecordFormatException typeError(String path, String expected, JsonNode actual) {
    String shown = actual.toString();
    if (shown.length() > 60) {
      shown = shown.substring(0, 57) + "...";
    }
    return new RecordFormatException("field '" + path + "': expected " + expected + ", got " + shown);
  }
}
