package earshot.schemas;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * Avro single-object encoding of one record type: a two-byte marker, the 8-byte fingerprint of
 * the writer's schema, then the Avro binary body. It replaces a schema registry: readers resolve
 * the fingerprint against the current schema and every earlier version shipped in this jar
 * ({@link SchemaHistory}), so messages written by older producers keep reading after an upgrade.
 *
 * <p>Instances are thread-safe and cheap to share.
 */
public final class SingleObjectCodec<T extends SpecificRecord> {

  static {
    AvroTrust.install();
  }

  private final Class<T> type;
  private final Schema schema;
  private final BinaryMessageEncoder<T> encoder;
  private final BinaryMessageDecoder<T> decoder;

  private SingleObjectCodec(Class<T> type) {
    this.type = type;
    this.schema = SpecificData.get().getSchema(type);
    SpecificData model = modelOf(type);
    this.encoder = new BinaryMessageEncoder<>(model, schema);
    this.decoder = decoder(model, schema, SchemaHistory.previousVersions(schema));
  }

  /**
   * A decoder for messages written with the reader's own schema or any of the earlier ones: each
   * message's fingerprint picks its writer schema, and Avro resolves it to the reader's (new
   * fields take their defaults, removed ones are skipped).
   */
  static <D> BinaryMessageDecoder<D> decoder(org.apache.avro.generic.GenericData model, Schema reader,
      List<Schema> earlierVersions) {
    SchemaStore.Cache store = new SchemaStore.Cache();
    earlierVersions.forEach(store::addSchema);
    BinaryMessageDecoder<D> decoder = new BinaryMessageDecoder<>(model, reader, store);
    earlierVersions.forEach(decoder::addSchema);
    return decoder;
  }

  /** The generated class's own model, which knows its logical-type conversions (Instant). */
  private static SpecificData modelOf(Class<? extends SpecificRecord> type) {
    try {
      SpecificRecordBase instance = (SpecificRecordBase) type.getDeclaredConstructor().newInstance();
      return instance.getSpecificData();
    } catch (ReflectiveOperationException | ClassCastException e) {
      throw new IllegalArgumentException(type + " is not an Avro-generated record class", e);
    }
  }

  /** A codec for a generated record class, such as {@code Interaction.class}. */
  public static <T extends SpecificRecord> SingleObjectCodec<T> of(Class<T> type) {
    return new SingleObjectCodec<>(type);
  }

  public Class<T> type() {
    return type;
  }

  public Schema schema() {
    return schema;
  }

  public byte[] encode(T record) {
    try {
      ByteBuffer buffer = encoder.encode(record);
      byte[] bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      return bytes;
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(
          "cannot encode " + schema.getName() + ": " + describe(e), e);
    }
  }

  /**
   * Decodes one message.
   *
   * @throws RecordFormatException with a reason a person can act on, when the bytes are not a
   *     single-object-encoded record of a known version of this schema
   */
  public T decode(byte[] bytes) {
    if (bytes == null || bytes.length == 0) {
      throw new RecordFormatException("empty message, expected Avro single-object encoding");
    }
    if (bytes.length < 10 || (bytes[0] & 0xFF) != 0xC3 || (bytes[1] & 0xFF) != 0x01) {
      throw new RecordFormatException(
          "not Avro single-object encoding (expected the marker C3 01 and an 8-byte schema fingerprint)");
    }
    try {
      return decoder.decode(bytes);
    } catch (org.apache.avro.message.MissingSchemaException e) {
      throw new RecordFormatException(
          "unknown writer schema fingerprint for " + schema.getName() + ": " + e.getMessage());
    } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException | UnsupportedOperationException e) {
      // UnsupportedOperationException: Avro refuses a collection length beyond what Java can hold
      // (a corrupt body, found by InteractionDecoderFuzzTest).
      throw new RecordFormatException("corrupt " + schema.getName() + " body: " + describe(e));
    }
  }

  private static String describe(Throwable e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }

  /** Reads a schema file shipped on the class path. */
  static Schema readSchemaResource(String resource) {
    try (InputStream in = SingleObjectCodec.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("schema resource missing: " + resource);
      }
      return new Schema.Parser().parse(in);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read schema resource " + resource, e);
    }
  }
}
