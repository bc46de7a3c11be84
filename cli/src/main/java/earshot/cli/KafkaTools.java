package earshot.cli;

import earshot.connectors.kafka.KafkaConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Plain Kafka clients for the command line: produce, remember positions, read committed records. */
final class KafkaTools {

  private KafkaTools() {}

  static KafkaProducer<byte[], byte[]> producer(KafkaConnection connection) {
    return new KafkaProducer<>(producerProperties(connection));
  }

  /**
   * A producer whose records become visible to read_committed consumers all at once, on commit;
   * the caller runs initTransactions, begin and commit.
   */
  static KafkaProducer<byte[], byte[]> transactionalProducer(KafkaConnection connection, String transactionalId) {
    Properties properties = producerProperties(connection);
    properties.put("transactional.id", transactionalId);
    properties.put("transaction.timeout.ms", "900000");
    return new KafkaProducer<>(properties);
  }

  private static Properties producerProperties(KafkaConnection connection) {
    Properties properties = connection.toProperties();
    properties.put("acks", "all");
    properties.put("enable.idempotence", "true");
    properties.put("linger.ms", "20");
    properties.put("batch.size", Integer.toString(256 * 1024));
    properties.put("compression.type", "lz4");
    properties.put("key.serializer", ByteArraySerializer.class.getName());
    properties.put("value.serializer", ByteArraySerializer.class.getName());
    return properties;
  }

  static KafkaConsumer<byte[], byte[]> consumer(KafkaConnection connection) {
    Properties properties = connection.toProperties();
    properties.put("isolation.level", "read_committed");
    properties.put("enable.auto.commit", "false");
    properties.put("max.poll.records", "5000");
    properties.put("key.deserializer", ByteArrayDeserializer.class.getName());
    properties.put("value.deserializer", ByteArrayDeserializer.class.getName());
    return new KafkaConsumer<>(properties);
  }

  /** The current end offset of every partition of a topic. */
  static Map<TopicPartition, Long> endOffsets(KafkaConnection connection, String topic) {
    try (KafkaConsumer<byte[], byte[]> consumer = consumer(connection)) {
      List<TopicPartition> partitions = partitions(consumer, topic);
      return new HashMap<>(consumer.endOffsets(partitions));
    }
  }

  /** Committed records from the given offsets (missing partitions: from the beginning) to the end as of now. */
  static List<ConsumerRecord<byte[], byte[]>> readFrom(KafkaConnection connection, String topic,
      Map<TopicPartition, Long> from) {
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = consumer(connection)) {
      List<TopicPartition> partitions = partitions(consumer, topic);
      consumer.assign(partitions);
      for (TopicPartition partition : partitions) {
        consumer.seek(partition, from.getOrDefault(partition, 0L));
      }
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
    }
    return records;
  }

  static List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> consumer, String topic) {
    var infos = consumer.partitionsFor(topic, Duration.ofSeconds(15));
    if (infos == null || infos.isEmpty()) {
      throw new IllegalStateException("topic " + topic + " does not exist; run './earshot setup'");
    }
    return infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
  }
}
