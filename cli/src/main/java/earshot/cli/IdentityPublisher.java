package earshot.cli;

import earshot.connectors.kafka.KafkaConnection;
import earshot.jobs.identity.CrmExport;
import earshot.jobs.identity.IdentityHasher;
import earshot.schemas.IdentityLink;
import earshot.schemas.SingleObjectCodec;
import earshot.schemas.Topic;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;

/**
 * Publishes the identity links of checked CRM export rows ({@link CrmExport}) to the compacted
 * identity topic, hashed, in one Kafka transaction: all of them or, on any failure, none. Used by
 * {@code identities load} and the demo.
 */
final class IdentityPublisher {

  private IdentityPublisher() {}

  /**
   * The transactional id of a load starts with the topics' prefix (the identity topic's name without
   * its own part), as the jobs' do, so that one prefixed ACL on a secured cluster covers them all.
   */
  static String transactionalIdPrefix(String identityTopic) {
    String own = Topic.IDENTITIES.name("");
    return identityTopic.endsWith(own) ? identityTopic.substring(0, identityTopic.length() - own.length()) : "earshot-";
  }

  /** Publishes every row's links in one transaction; returns how many. */
  static long publish(KafkaConnection connection, String topic, List<CrmExport.Row> rows, IdentityHasher hasher,
      Instant observedAt) {
    // Fails with a clear message before any transaction when the topic does not exist.
    try (KafkaConsumer<byte[], byte[]> consumer = KafkaTools.consumer(connection)) {
      KafkaTools.partitions(consumer, topic);
    }
    SingleObjectCodec<IdentityLink> codec = SingleObjectCodec.of(IdentityLink.class);
    long count = 0;
    try (KafkaProducer<byte[], byte[]> producer = KafkaTools.transactionalProducer(connection,
        transactionalIdPrefix(topic) + "identities-load-" + UUID.randomUUID())) {
      producer.initTransactions();
      producer.beginTransaction();
      try {
        for (CrmExport.Row row : rows) {
          for (IdentityLink link : CrmExport.links(row, hasher, observedAt)) {
            producer.send(new ProducerRecord<>(topic, null, observedAt.toEpochMilli(),
                link.getIdentifierKey().getBytes(StandardCharsets.UTF_8), codec.encode(link)));
            count++;
          }
        }
        producer.commitTransaction();
      } catch (KafkaException | IllegalArgumentException e) {
        producer.abortTransaction();
        throw new IllegalStateException("publishing to " + topic + " failed, nothing was loaded: " + e.getMessage(), e);
      }
    }
    return count;
  }
}
