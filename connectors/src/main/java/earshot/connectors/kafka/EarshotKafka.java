package earshot.connectors.kafka;

import earshot.schemas.DeadLetter;
import java.util.List;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.types.Either;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Builds Earshot's Kafka sources and sinks with the same conventions everywhere: read committed
 * data only, start from the group's committed offsets (earliest for a new group), decode without
 * failing on bad messages, write Avro single-object values keyed by record id.
 */
public final class EarshotKafka {

  /**
   * Kafka's broker default {@code transaction.max.timeout.ms} is 15 minutes; the sink's own
   * default (1 hour) would be refused and the job would restart forever.
   */
  public static final long TRANSACTION_TIMEOUT_MS = 10 * 60 * 1000L;
  /** Default of the most bytes a source fetches from one partition per request (Kafka's max.partition.fetch.bytes). */
  public static final int FETCH_BYTES_PER_PARTITION = 64 * 1024;

  private EarshotKafka() {}

  /**
   * A source of decoded records and dead letters.
   *
   * @param bounded stop at the offsets that are the latest when the job starts (tests, replays)
   */
  public static <T extends SpecificRecordBase> KafkaSource<Either<DeadLetter, T>> source(KafkaConnection connection,
      List<String> topics, String groupId, Class<T> type, RecordDecoder<T> decoder, boolean bounded) {
    return source(connection, topics, groupId, type, decoder, bounded, FETCH_BYTES_PER_PARTITION);
  }

  /**
   * A source of decoded records and dead letters.
   *
   * @param bounded stop at the offsets that are the latest when the job starts (tests, replays)
   * @param fetchBytesPerPartition most bytes fetched from one partition per request
   */
  @SuppressWarnings("deprecation") // the connector's committedOffsets(...) still takes Kafka's old reset enum
  public static <T extends SpecificRecordBase> KafkaSource<Either<DeadLetter, T>> source(KafkaConnection connection,
      List<String> topics, String groupId, Class<T> type, RecordDecoder<T> decoder, boolean bounded,
      int fetchBytesPerPartition) {
    Properties properties = connection.toProperties();
    properties.setProperty("isolation.level", "read_committed");
    properties.setProperty("partition.discovery.interval.ms", "60000");
    // A reader takes one partition's fetched data before the next's: with Kafka's default of 1 MB per
    // partition, a busy reader can leave a partition unread for longer than the idleness time during a
    // catch-up, and event time would then run past it. Smaller fetches take turns every few hundred records.
    properties.setProperty("max.partition.fetch.bytes", Integer.toString(fetchBytesPerPartition));
    KafkaSourceBuilder<Either<DeadLetter, T>> builder = KafkaSource.<Either<DeadLetter, T>>builder()
        .setBootstrapServers(connection.bootstrapServers())
        .setProperties(properties)
        .setTopics(topics)
        .setGroupId(groupId)
        .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
        .setDeserializer(new DecodingDeserializer<>(type, decoder, "decode"));
    if (bounded) {
      builder.setBounded(OffsetsInitializer.latest());
    }
    return builder.build();
  }

  /**
   * A sink writing Avro records to one topic.
   *
   * @param transactionalIdPrefix unique per sink and job; required for exactly-once
   */
  public static <T extends SpecificRecord> KafkaSink<T> sink(KafkaConnection connection, String topic,
      Class<T> type, SerializableFunction<T, String> key, DeliveryGuarantee guarantee, String transactionalIdPrefix) {
    return sink(connection, topic, type, key, null, guarantee, transactionalIdPrefix);
  }

  /**
   * A sink writing Avro records to one topic, each to the partition {@code partition} names (modulo
   * the topic's partition count), or by key when it is null.
   */
  public static <T extends SpecificRecord> KafkaSink<T> sink(KafkaConnection connection, String topic,
      Class<T> type, SerializableFunction<T, String> key, SerializableFunction<T, Integer> partition,
      DeliveryGuarantee guarantee, String transactionalIdPrefix) {
    Properties properties = connection.toProperties();
    properties.setProperty("transaction.timeout.ms", Long.toString(TRANSACTION_TIMEOUT_MS));
    properties.setProperty("compression.type", "lz4");
    properties.setProperty("linger.ms", "20");
    var builder = KafkaSink.<T>builder()
        .setBootstrapServers(connection.bootstrapServers())
        .setKafkaProducerConfig(properties)
        .setRecordSerializer(new AvroRecordSerializer<>(topic, type, key, partition))
        .setDeliveryGuarantee(guarantee);
    if (guarantee == DeliveryGuarantee.EXACTLY_ONCE) {
      builder.setTransactionalIdPrefix(transactionalIdPrefix);
    }
    return builder.build();
  }

  /**
   * The number of partitions of a topic, or empty when the topic does not exist.
   *
   * @throws IllegalStateException when the cluster cannot be asked (unreachable, not authorised)
   */
  public static OptionalInt partitionCount(KafkaConnection connection, String topic) {
    Properties properties = connection.toProperties();
    properties.setProperty("request.timeout.ms", "30000");
    properties.setProperty("default.api.timeout.ms", "30000");
    try (Admin admin = Admin.create(properties)) {
      return OptionalInt.of(admin.describeTopics(List.of(topic)).allTopicNames().get(60, TimeUnit.SECONDS)
          .get(topic).partitions().size());
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        return OptionalInt.empty();
      }
      throw new IllegalStateException("cannot describe Kafka topic " + topic + " at " + connection.bootstrapServers()
          + ": " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("cannot describe Kafka topic " + topic + ": no answer from "
          + connection.bootstrapServers() + " within 60 s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while describing Kafka topic " + topic, e);
    }
  }
}
