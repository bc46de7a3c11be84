package earshot.deploy.testing;

import earshot.deploy.provision.TopicProvisioner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Plain Kafka clients for tests: provision topics, produce bytes, read what was committed. */
public final class KafkaTestClient {

  private final String bootstrap;

  public KafkaTestClient(String bootstrap) {
    this.bootstrap = bootstrap;
  }

  /** Creates all of Earshot's topics under a prefix. */
  public void createTopics(String prefix, int partitions) throws Exception {
    new TopicProvisioner(bootstrap, Map.of()).apply(TopicProvisioner.layout(prefix, partitions, (short) 1));
  }

  public void produce(String topic, List<byte[]> keys, List<byte[]> values) {
    produce(topic, null, keys, values);
  }

  /** Produces to one partition of the topic, or places records by key when {@code partition} is null. */
  public void produce(String topic, Integer partition, List<byte[]> keys, List<byte[]> values) {
    Properties properties = new Properties();
    properties.put("bootstrap.servers", bootstrap);
    properties.put("acks", "all");
    properties.put("key.serializer", ByteArraySerializer.class.getName());
    properties.put("value.serializer", ByteArraySerializer.class.getName());
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(properties)) {
      for (int i = 0; i < values.size(); i++) {
        producer.send(new ProducerRecord<>(topic, partition, keys == null ? null : keys.get(i), values.get(i)));
      }
      producer.flush();
    }
  }

  /** Every committed record of a topic, from the beginning to the end as of now. */
  public List<ConsumerRecord<byte[], byte[]>> readCommitted(String topic) {
    return readCommitted(topic, Duration.ofSeconds(30));
  }

  /** A byte-array consumer that sees committed records only and commits no offsets. */
  public static Properties readCommittedConsumer(String bootstrap) {
    Properties properties = new Properties();
    properties.put("bootstrap.servers", bootstrap);
    properties.put("isolation.level", "read_committed");
    properties.put("enable.auto.commit", "false");
    properties.put("key.deserializer", ByteArrayDeserializer.class.getName());
    properties.put("value.deserializer", ByteArrayDeserializer.class.getName());
    return properties;
  }

  public List<ConsumerRecord<byte[], byte[]>> readCommitted(String topic, Duration timeout) {
    Properties properties = readCommittedConsumer(bootstrap);
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties)) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + timeout.toNanos();
      Predicate<TopicPartition> notDone = p -> consumer.position(p) < end.get(p);
      while (partitions.stream().anyMatch(notDone) && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
    }
    return records;
  }
}
