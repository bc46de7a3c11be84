package earshot.lab;

import static org.assertj.core.api.Assertions.assertThat;

import earshot.connectors.kafka.EarshotKafka;
import earshot.deploy.testing.RealServicesExtension;
import earshot.deploy.testing.TestServices;
import earshot.jobs.config.EarshotConfig;
import earshot.jobs.config.Settings;
import earshot.jobs.enrich.EnrichJob;
import earshot.jobs.signals.SignalsJob;
import java.lang.reflect.Method;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.dag.Transformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.transformations.SourceTransformation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Kafka inputs' consumer settings as the jobs really build them: both jobs are wired from a
 * configuration exactly as the Kafka jobs are (their start-up access check needs a real broker), and
 * every Kafka source in the resulting graph is read back. Parsing a setting proves nothing if a job
 * then passes a constant; this fails if any input ignores {@code kafka.fetch-bytes-per-partition}.
 */
@ExtendWith(RealServicesExtension.class)
class KafkaInputSettingsITCase {

  @Test
  void everyKafkaInputFetchesWhatTheSettingSays(TestServices services) throws Exception {
    Map<String, Configuration> configured = kafkaInputs(config(services, "4096"));
    assertThat(configured).containsOnlyKeys(
        "Kafka: interactions", "Kafka: enriched interactions", "Kafka: identities");
    configured.forEach((name, consumer) -> {
      assertThat(consumer.toMap()).as(name)
          .containsEntry("max.partition.fetch.bytes", "4096")
          // Transactions committed with checkpoints: uncommitted records must never be read.
          .containsEntry("isolation.level", "read_committed");
    });
  }

  @Test
  void withoutTheSettingEveryInputUsesTheConnectorsDefault(TestServices services) throws Exception {
    Map<String, Configuration> configured = kafkaInputs(config(services, null));
    assertThat(configured).hasSize(3);
    configured.forEach((name, consumer) -> assertThat(consumer.toMap()).as(name)
        .containsEntry("max.partition.fetch.bytes", Integer.toString(EarshotKafka.FETCH_BYTES_PER_PARTITION)));
  }

  private static EarshotConfig config(TestServices services, String fetchBytes) {
    String prefix = TestServices.uniquePrefix("inputs");
    EarshotConfig.Builder builder = EarshotConfig.builder()
        .put(Settings.KAFKA_BOOTSTRAP.key(), services.kafkaBootstrap(), "test")
        .put(Settings.ES_URL.key(), services.elasticsearchUrl(), "test")
        .put(Settings.TOPIC_PREFIX.key(), prefix, "test")
        .put(Settings.ES_INDEX_PREFIX.key(), prefix, "test")
        .put(Settings.TEXT_MODE.key(), "off", "test");
    if (fetchBytes != null) {
      builder.put(Settings.KAFKA_FETCH_BYTES.key(), fetchBytes, "test");
    }
    return builder.build();
  }

  /** The consumer configuration of every Kafka source of both jobs, by the source's name. */
  private static Map<String, Configuration> kafkaInputs(EarshotConfig config) throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    EnrichJob.attach(env, config, true);
    SignalsJob.attach(env, config, true);
    Map<String, Configuration> inputs = new LinkedHashMap<>();
    Deque<Transformation<?>> pending = new ArrayDeque<>(env.getTransformations());
    Set<Transformation<?>> seen = new HashSet<>();
    while (!pending.isEmpty()) {
      Transformation<?> transformation = pending.pop();
      if (!seen.add(transformation)) {
        continue;
      }
      if (transformation instanceof SourceTransformation<?, ?, ?> source
          && source.getSource() instanceof KafkaSource<?> kafka) {
        inputs.put(source.getName(), consumerConfiguration(kafka));
      }
      pending.addAll(transformation.getInputs());
    }
    return inputs;
  }

  /**
   * The properties the source hands to its consumers. The connector keeps them behind a method meant
   * for tests that is not public; should it go, this fails rather than passing unchecked.
   */
  private static Configuration consumerConfiguration(KafkaSource<?> source) throws Exception {
    Method getter = KafkaSource.class.getDeclaredMethod("getConfiguration");
    getter.setAccessible(true);
    return (Configuration) getter.invoke(source);
  }
}
