package earshot.deploy.provision;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import earshot.deploy.testing.KafkaTestClient;
import earshot.deploy.testing.RealServicesExtension;
import earshot.deploy.testing.TestServices;
import earshot.schemas.Index;
import earshot.schemas.Topic;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RealServicesExtension.class)
class ProvisioningITCase {

  @Test
  void createsEveryTopicIdempotentlyAndRaisesPartitions(TestServices services) throws Exception {
    String prefix = TestServices.uniquePrefix("topics").replace('-', '.');
    TopicProvisioner provisioner = new TopicProvisioner(services.kafkaBootstrap(), Map.of());
    List<String> first = provisioner.apply(TopicProvisioner.layout(prefix, 1, (short) 1));
    assertThat(first).hasSize(Topic.values().length).allMatch(line -> line.contains("created"));

    List<String> second = provisioner.apply(TopicProvisioner.layout(prefix, 3, (short) 1));
    assertThat(second).hasSize(Topic.values().length).allMatch(line -> line.contains("partitions 1 -> 3"));

    Properties config = new Properties();
    config.put("bootstrap.servers", services.kafkaBootstrap());
    try (Admin admin = Admin.create(config)) {
      // the broker's metadata may trail the controller's answer for a moment: look again until it settles
      Map<String, TopicDescription> topics;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      do {
        topics = admin.describeTopics(List.of(Topic.ALERTS.name(prefix), Topic.INTERACTIONS.name(prefix)))
            .allTopicNames().get(30, TimeUnit.SECONDS);
      } while (topics.values().stream().anyMatch(t -> t.partitions().size() != 3) && System.nanoTime() < deadline
          && sleep(200));
      assertThat(topics.values()).allSatisfy(t -> assertThat(t.partitions()).hasSize(3));
    }
  }

  @Test
  void timeRetainedTopicsStampRecordsWhenAppendedSoThatReplayedHistoryIsNotDeletedAtOnce(TestServices services)
      throws Exception {
    String prefix = TestServices.uniquePrefix("appendtime").replace('-', '.');
    new TopicProvisioner(services.kafkaBootstrap(), Map.of()).apply(TopicProvisioner.layout(prefix, 1, (short) 1));
    String topic = Topic.INTERACTIONS.name(prefix);
    assertThat(topicConfig(services, topic, "message.timestamp.type")).isEqualTo("LogAppendTime");

    long monthAgo = System.currentTimeMillis() - TimeUnit.DAYS.toMillis(30);
    Properties config = new Properties();
    config.put("bootstrap.servers", services.kafkaBootstrap());
    config.put("key.serializer", ByteArraySerializer.class.getName());
    config.put("value.serializer", ByteArraySerializer.class.getName());
    long before = System.currentTimeMillis();
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config)) {
      producer.send(new ProducerRecord<>(topic, null, monthAgo, null, new byte[] {1})).get(30, TimeUnit.SECONDS);
    }
    List<ConsumerRecord<byte[], byte[]>> records = new KafkaTestClient(services.kafkaBootstrap()).readCommitted(topic);
    assertThat(records).singleElement().satisfies(record -> {
      assertThat(record.timestampType()).isEqualTo(TimestampType.LOG_APPEND_TIME);
      assertThat(record.timestamp()).isGreaterThanOrEqualTo(before - 1_000);
    });
  }

  @Test
  void installsTemplatesThatMapNewIndicesAndUpdateExistingOnes(TestServices services) throws Exception {
    String prefix = TestServices.uniquePrefix("templates");
    IndexTemplates.ElasticsearchHttp http = new IndexTemplates.ElasticsearchHttp(services.elasticsearchUrl());
    IndexTemplates templates = new IndexTemplates(http);
    templates.apply(prefix);

    String index = Index.INTERACTIONS.indexFor(prefix, java.time.Instant.parse("2026-11-23T00:00:00Z"));
    http.request("PUT", "/" + index + "/_doc/x?refresh=true",
        "{\"interaction\":{\"interactionId\":\"x\",\"channel\":\"CHAT\",\"occurredAt\":\"2026-11-23T10:00:00Z\"}}");
    JsonNode mapping = http.request("GET", "/" + index + "/_mapping", null);
    JsonNode channel = mapping.path(index).path("mappings").path("properties").path("interaction")
        .path("properties").path("channel");
    assertThat(channel.path("type").asText()).isEqualTo("keyword");

    // Rerunning is idempotent and touches the existing index.
    List<String> again = templates.apply(prefix);
    assertThat(again).anyMatch(line -> line.contains("mapping updated on existing index " + index));

    Set<String> names = Set.of(IndexTemplates.templateName(Index.ALERTS, prefix),
        IndexTemplates.templateName(Index.METRICS, prefix), IndexTemplates.templateName(Index.INTERACTIONS, prefix),
        IndexTemplates.templateName(Index.CUSTOMERS, prefix));
    for (String name : names) {
      assertThat(http.request("GET", "/_index_template/" + name, null).path("index_templates")).hasSize(1);
    }
  }

  @Test
  void strictMappingRejectsUnknownFields(TestServices services) throws Exception {
    String prefix = TestServices.uniquePrefix("strict");
    IndexTemplates.ElasticsearchHttp http = new IndexTemplates.ElasticsearchHttp(services.elasticsearchUrl());
    new IndexTemplates(http).apply(prefix);
    String index = Index.ALERTS.indexFor(prefix, java.time.Instant.now());
    org.assertj.core.api.Assertions.assertThatThrownBy(() ->
            http.request("PUT", "/" + index + "/_doc/y", "{\"alertId\":\"y\",\"surprise\":1}"))
        .hasMessageContaining("strict_dynamic_mapping_exception");
  }

  @Test
  void compactsATopicThatAsksForItAndAppliesChangedRetentionOnRerun(TestServices services) throws Exception {
    String prefix = TestServices.uniquePrefix("compact").replace('-', '.');
    TopicProvisioner provisioner = new TopicProvisioner(services.kafkaBootstrap(), Map.of());
    String table = prefix + "identities";
    String log = prefix + "events";
    provisioner.apply(List.of(
        new TopicProvisioner.TopicLayout(table, 1, (short) 1, new TopicProvisioner.Compacted().config()),
        new TopicProvisioner.TopicLayout(log, 1, (short) 1, new TopicProvisioner.Days(7).config())));
    assertThat(topicConfig(services, table, "cleanup.policy")).isEqualTo("compact");
    assertThat(topicConfig(services, table, "min.compaction.lag.ms")).isEqualTo("3600000");
    assertThat(topicConfig(services, log, "retention.ms")).isEqualTo("604800000");

    List<String> again = provisioner.apply(List.of(
        new TopicProvisioner.TopicLayout(log, 1, (short) 1, new TopicProvisioner.Days(3).config())));
    assertThat(again).singleElement().asString().contains("up to date");
    assertThat(topicConfig(services, log, "retention.ms")).isEqualTo("259200000");
  }

  private static String topicConfig(TestServices services, String topic, String key) throws Exception {
    Properties config = new Properties();
    config.put("bootstrap.servers", services.kafkaBootstrap());
    try (Admin admin = Admin.create(config)) {
      var resource = new org.apache.kafka.common.config.ConfigResource(
          org.apache.kafka.common.config.ConfigResource.Type.TOPIC, topic);
      return admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource).get(key).value();
    }
  }

  @Test
  void aChangedTemplateIsAppliedToTheTemplateAndToExistingIndicesOnRerun(TestServices services) throws Exception {
    String prefix = TestServices.uniquePrefix("template-change");
    IndexTemplates.ElasticsearchHttp http = new IndexTemplates.ElasticsearchHttp(services.elasticsearchUrl());
    IndexTemplates templates = new IndexTemplates(http);
    templates.apply(prefix);
    String index = Index.METRICS.indexFor(prefix, java.time.Instant.parse("2026-11-23T00:00:00Z"));
    http.request("PUT", "/" + index + "/_doc/m1?refresh=true", "{\"metricId\":\"m1\",\"nps\":12.5}");
    // A strict mapping refuses a field the template does not have yet.
    org.assertj.core.api.Assertions.assertThatThrownBy(() ->
            http.request("PUT", "/" + index + "/_doc/m2", "{\"metricId\":\"m2\",\"npsTrend\":1.5}"))
        .hasMessageContaining("strict_dynamic_mapping_exception");

    // The next version of the template adds the field; rerunning setup applies it everywhere.
    List<String> done = templates.apply(prefix, kind -> {
      com.fasterxml.jackson.databind.node.ObjectNode template = IndexTemplates.template(kind, prefix);
      if (kind == Index.METRICS) {
        ((com.fasterxml.jackson.databind.node.ObjectNode) template.path("template").path("mappings").path("properties"))
            .putObject("npsTrend").put("type", "double");
      }
      return template;
    });
    assertThat(done).contains("  mapping updated on existing index " + index);
    JsonNode mapping = http.request("GET", "/" + index + "/_mapping", null);
    assertThat(mapping.path(index).path("mappings").path("properties").path("npsTrend").path("type").asText())
        .isEqualTo("double");
    JsonNode installed = http.request("GET", "/_index_template/" + IndexTemplates.templateName(Index.METRICS, prefix), null);
    assertThat(installed.path("index_templates").get(0).path("index_template").path("template").path("mappings")
        .path("properties").path("npsTrend").path("type").asText()).isEqualTo("double");
    http.request("PUT", "/" + index + "/_doc/m2?refresh=true", "{\"metricId\":\"m2\",\"npsTrend\":1.5}");
  }

  private static boolean sleep(long millis) throws InterruptedException {
    Thread.sleep(millis);
    return true;
  }
}
