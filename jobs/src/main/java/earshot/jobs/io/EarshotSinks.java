package earshot.jobs.io;

import earshot.connectors.elasticsearch.DocumentEmitter;
import earshot.connectors.elasticsearch.ElasticsearchSink;
import earshot.connectors.kafka.EarshotKafka;
import earshot.connectors.kafka.KafkaDeadLetterProducer;
import earshot.jobs.config.Connections;
import earshot.jobs.config.EarshotConfig;
import earshot.jobs.config.Settings;
import earshot.schemas.Topic;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.util.function.SerializableFunction;

/** The jobs' production sinks, built from the configuration. */
public final class EarshotSinks {

  private EarshotSinks() {}

  /**
   * An exactly-once Kafka sink to one of Earshot's topics: records become visible to read_committed
   * consumers when the checkpoint that covers them completes.
   *
   * @param owner the job and operator writing, unique per sink (it names the Kafka transactions)
   */
  public static <T extends SpecificRecord> Sink<T> kafka(EarshotConfig config, Topic topic, Class<T> type,
      SerializableFunction<T, String> key, String owner) {
    String prefix = config.get(Settings.TOPIC_PREFIX);
    return EarshotKafka.sink(Connections.kafka(config), topic.name(prefix), type, key,
        DeliveryGuarantee.EXACTLY_ONCE, prefix + owner);
  }

  /**
   * An exactly-once Kafka sink that writes each record to the partition {@code partition} names (modulo
   * the topic's partition count) instead of placing it by key.
   */
  public static <T extends SpecificRecord> Sink<T> kafka(EarshotConfig config, Topic topic, Class<T> type,
      SerializableFunction<T, String> key, SerializableFunction<T, Integer> partition, String owner) {
    String prefix = config.get(Settings.TOPIC_PREFIX);
    return EarshotKafka.sink(Connections.kafka(config), topic.name(prefix), type, key, partition,
        DeliveryGuarantee.EXACTLY_ONCE, prefix + owner);
  }

  /** An Elasticsearch sink whose rejected documents become dead letters on the dead-letter topic. */
  public static <T> Sink<T> elasticsearch(EarshotConfig config, String name, DocumentEmitter<T> emitter) {
    return new ElasticsearchSink<>(name, Connections.elasticsearch(config), emitter,
        KafkaDeadLetterProducer.forElasticsearch(Connections.kafka(config),
            Topic.DEAD_LETTERS.name(config.get(Settings.TOPIC_PREFIX))));
  }
}
