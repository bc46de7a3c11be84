package earshot.connectors.kafka;

import earshot.schemas.AvroTrust;
import earshot.schemas.DeadLetter;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.EitherTypeInfo;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads Kafka messages without ever failing the job on a bad one: each message becomes either
 * the decoded record ({@code Right}) or a dead letter carrying its bytes, coordinates and the
 * reason ({@code Left}). Downstream, {@code Left} values go to the dead-letter topic.
 */
public final class DecodingDeserializer<T extends org.apache.avro.specific.SpecificRecordBase>
    implements KafkaRecordDeserializationSchema<Either<DeadLetter, T>> {

  // Task managers read Earshot's Avro records as soon as this function is deployed (state
  // restore comes before open()): trust the generated classes when this class loads.
  static {
    AvroTrust.install();
  }

  private static final long serialVersionUID = 1L;

  private final Class<T> type;
  private final RecordDecoder<T> decoder;
  private final String stage;
  private transient Counter deadLetters;

  /**
   * @param stage name of the step for the dead letter's {@code stage} field, such as "decode"
   */
  public DecodingDeserializer(Class<T> type, RecordDecoder<T> decoder, String stage) {
    this.type = type;
    this.decoder = decoder;
    this.stage = stage;
  }

  @Override
  public void open(DeserializationSchema.InitializationContext context) {
    AvroTrust.install();
    deadLetters = context.getMetricGroup().counter("earshotDecodeFailures");
  }

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Either<DeadLetter, T>> out) {
    try {
      if (record.value() == null) {
        throw new earshot.schemas.RecordFormatException("message has no value (tombstone)");
      }
      out.collect(Either.Right(decoder.decode(record.value())));
    } catch (RuntimeException e) {
      if (deadLetters != null) {
        deadLetters.inc();
      }
      out.collect(Either.Left(DeadLetters.fromKafka(stage, DeadLetters.reasonOf(e), record.topic(),
          record.partition(), record.offset(), record.timestamp(), record.key(), record.value())));
    }
  }

  @Override
  public TypeInformation<Either<DeadLetter, T>> getProducedType() {
    return decodedType(type);
  }

  /** Flink's type for a decoding result of the given record class. */
  public static <R extends org.apache.avro.specific.SpecificRecordBase> TypeInformation<Either<DeadLetter, R>> decodedType(
      Class<R> type) {
    return new EitherTypeInfo<>(new AvroTypeInfo<>(DeadLetter.class), new AvroTypeInfo<>(type));
  }
}
