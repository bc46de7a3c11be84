package earshot.cli;

import earshot.connectors.elasticsearch.ElasticsearchClients;
import earshot.connectors.elasticsearch.ElasticsearchOptions;
import earshot.deploy.provision.IndexTemplates;
import earshot.deploy.provision.TopicProvisioner;
import earshot.jobs.config.Connections;
import earshot.jobs.config.EarshotConfig;
import earshot.jobs.config.KafkaAccessCheck;
import earshot.jobs.config.Settings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import javax.net.ssl.SSLContext;
import org.apache.kafka.common.errors.AuthorizationException;

/**
 * Provisioning for one configuration: Earshot's Kafka topics and Elasticsearch index templates,
 * created or updated idempotently, and plain HTTP access to the configured Elasticsearch. Used by
 * {@code setup}, both demos and the pipeline benchmark. It lives in the command line rather than in
 * {@code deploy} because it reads the jobs' configuration ({@link EarshotConfig}, {@link Settings})
 * and the sink's TLS trust from {@code connectors}, neither of which {@code deploy} depends on;
 * the provisioning itself ({@link TopicProvisioner}, {@link IndexTemplates}) is in {@code deploy}.
 */
final class Provisioning {

  private Provisioning() {}

  /**
   * Provisions everything for a configuration after checking that its Kafka credentials work;
   * returns what was done, one line per topic or template.
   */
  static List<String> apply(EarshotConfig config) throws Exception {
    List<String> done = new ArrayList<>();
    KafkaAccessCheck.verify(config);
    TopicProvisioner topics = new TopicProvisioner(config.get(Settings.KAFKA_BOOTSTRAP),
        Connections.kafka(config).clientProperties());
    try {
      done.addAll(topics.apply(TopicProvisioner.layout(config.get(Settings.TOPIC_PREFIX),
          config.get(Settings.TOPIC_PARTITIONS), (short) 1)));
    } catch (ExecutionException e) {
      if (e.getCause() instanceof AuthorizationException) {
        throw new IllegalStateException("the Kafka user of kafka.sasl-jaas-config may not create or change the topics"
            + " named '" + config.get(Settings.TOPIC_PREFIX) + "...' (topics.prefix): it needs the ACLs listed in"
            + " the README (Secured Kafka)", e.getCause());
      }
      throw e;
    }
    done.addAll(new IndexTemplates(elasticsearchHttp(config)).apply(config.get(Settings.ES_INDEX_PREFIX)));
    return done;
  }

  /** Plain HTTP access to the configured Elasticsearch, with the sink's authentication and TLS trust. */
  static IndexTemplates.ElasticsearchHttp elasticsearchHttp(EarshotConfig config) throws IOException {
    ElasticsearchOptions options = Connections.elasticsearch(config);
    String authorization = options.apiKey() != null ? IndexTemplates.ElasticsearchHttp.apiKey(options.apiKey())
        : options.username() != null ? IndexTemplates.ElasticsearchHttp.basic(options.username(), options.password())
        : null;
    SSLContext ssl = options.caCertificate() == null ? null
        : ElasticsearchClients.trusting(Path.of(options.caCertificate()));
    return new IndexTemplates.ElasticsearchHttp(options.urls().get(0), authorization, ssl);
  }
}
