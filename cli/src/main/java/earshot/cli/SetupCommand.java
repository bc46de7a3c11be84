package earshot.cli;

import earshot.connectors.elasticsearch.ElasticsearchClients;
import earshot.connectors.elasticsearch.ElasticsearchOptions;
import earshot.deploy.provision.IndexTemplates;
import earshot.deploy.provision.TopicProvisioner;
import earshot.jobs.config.Connections;
import earshot.jobs.config.EarshotConfig;
import earshot.jobs.config.KafkaAccessCheck;
import earshot.jobs.config.Settings;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.errors.AuthorizationException;

/** {@code ./earshot setup}: creates or updates topics and index templates, idempotently. */
final class SetupCommand implements Command {

  @Override
  public String name() {
    return "setup";
  }

  @Override
  public String summary() {
    return "create or update Kafka topics and Elasticsearch index templates";
  }

  @Override
  public String usage() {
    return """
        usage: ./earshot setup [--config FILE] [--set key=value]...

        Creates Earshot's Kafka topics (partitions from topics.partitions, retention per topic,
        compaction for topics that keep the latest value per key) and installs its Elasticsearch
        index templates with explicit mappings, with the configured Elasticsearch credentials and
        CA (elasticsearch.username/password or api-key, elasticsearch.ca-certificate). Safe to rerun:
        existing topics get their settings re-applied (and more partitions if asked), changed
        templates are replaced and their mappings applied to existing indices.""";
  }

  @Override
  public int run(List<String> raw, Cli cli) throws Exception {
    Args args = Args.parse(raw, Set.copyOf(Cli.CONFIG_OPTIONS), Set.of());
    args.noPositionals();
    EarshotConfig config = cli.config(args);
    apply(config).forEach(line -> cli.out.println("  " + line));
    return 0;
  }

  /** Provisions everything for a configuration; returns what was done. */
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
  static IndexTemplates.ElasticsearchHttp elasticsearchHttp(EarshotConfig config) throws java.io.IOException {
    ElasticsearchOptions options = Connections.elasticsearch(config);
    String authorization = options.apiKey() != null ? IndexTemplates.ElasticsearchHttp.apiKey(options.apiKey())
        : options.username() != null ? IndexTemplates.ElasticsearchHttp.basic(options.username(), options.password())
        : null;
    javax.net.ssl.SSLContext ssl = options.caCertificate() == null ? null
        : ElasticsearchClients.trusting(java.nio.file.Path.of(options.caCertificate()));
    return new IndexTemplates.ElasticsearchHttp(options.urls().get(0), authorization, ssl);
  }
}
