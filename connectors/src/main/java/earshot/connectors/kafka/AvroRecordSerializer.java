package earshot.connectors.kafka;

import earshot.schemas.AvroTrust;
import earshot.schemas.SingleObjectCodec;
import java.nio.charset.StandardCharsets;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes records as Avro single-object-encoded values, keyed by the UTF-8 bytes of their id. By
 * default Kafka's partitioner places each record by its key; a writer that must control which
 * partition a record goes to (the enrich job keeps each enriched partition in event-time order)
 * passes a partition function instead, whose result is taken modulo the topic's partition count.
 */
public final class AvroRecordSerializer<T extends SpecificRecord> implements KafkaRecordSerializationSchema<T> {

  // Task managers read Earshot's Avro records as soon as this function is deployed (state
  // restore comes before open()): trust the generated classes when this class loads.
  static {
    AvroTrust.install();
  }

  private static final long serialVersionUID = 1L;

  private final String topic;
  private final Class<T> type;
  private final SerializableFunction<T, String> key;
  private final SerializableFunction<T, Integer> partition;
  private transient SingleObjectCodec<T> codec;

  public AvroRecordSerializer(String topic, Class<T> type, SerializableFunction<T, String> key) {
    this(topic, type, key, null);
  }

  /** @param partition the partition each record goes to, or null to let Kafka place it by key */
  public AvroRecordSerializer(String topic, Class<T> type, SerializableFunction<T, String> key,
      SerializableFunction<T, Integer> partition) {
    this.topic = topic;
    this.type = type;
    this.key = key;
    this.partition = partition;
  }

  @Override
  public void open(SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext) {
    AvroTrust.install();
    codec = SingleObjectCodec.of(type);
  }

  @Override
  public ProducerRecord<byte[], byte[]> serialize(T element, KafkaSinkContext context, Long timestamp) {
    if (codec == null) {
      codec = SingleObjectCodec.of(type);
    }
    // No timestamp: the record is stamped when it is published. Flink would pass the element's event
    // time, and a metric of a replayed week would then look a week old to the topic's retention.
    Integer target = null;
    if (partition != null) {
      int[] partitions = context.getPartitionsForTopic(topic);
      target = partitions[Math.floorMod(partition.apply(element), partitions.length)];
    }
    return new ProducerRecord<>(topic, target, null, key.apply(element).getBytes(StandardCharsets.UTF_8),
        codec.encode(element));
  }
}
