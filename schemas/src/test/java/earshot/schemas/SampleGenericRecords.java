package earshot.schemas;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * Fills a record of any schema with plausible values (every field set, unions with their first
 * non-null branch, one element in each array and map), to write test messages with old schemas
 * for which no generated class exists any more.
 */
final class SampleGenericRecords {

  private SampleGenericRecords() {}

  static GenericRecord of(Schema schema) {
    return (GenericRecord) value(schema, schema.getName());
  }

  private static Object value(Schema schema, String name) {
    switch (schema.getType()) {
      case RECORD -> {
        GenericData.Record record = new GenericData.Record(schema);
        for (Schema.Field field : schema.getFields()) {
          record.put(field.name(), value(field.schema(), field.name()));
        }
        return record;
      }
      case UNION -> {
        for (Schema branch : schema.getTypes()) {
          if (branch.getType() != Schema.Type.NULL) {
            return value(branch, name);
          }
        }
        return null;
      }
      case ARRAY -> {
        List<Object> list = new ArrayList<>();
        list.add(value(schema.getElementType(), name));
        return list;
      }
      case MAP -> {
        return Map.of("k-" + name, value(schema.getValueType(), name));
      }
      case ENUM -> {
        return new GenericData.EnumSymbol(schema, schema.getEnumSymbols().get(0));
      }
      case STRING -> {
        return name + "-value";
      }
      case BYTES -> {
        return ByteBuffer.wrap((name + "-bytes").getBytes(StandardCharsets.UTF_8));
      }
      case INT -> {
        return 7;
      }
      case LONG -> {
        return schema.getLogicalType() instanceof LogicalTypes.TimestampMillis ? 1_795_000_000_000L : 42L;
      }
      case FLOAT -> {
        return 0.5f;
      }
      case DOUBLE -> {
        return 0.25;
      }
      case BOOLEAN -> {
        return true;
      }
      default -> throw new IllegalArgumentException("no sample for " + schema);
    }
  }
}
