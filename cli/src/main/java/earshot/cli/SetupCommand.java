package earshot.cli;

import earshot.deploy.provision.IndexTemplates;
import earshot.deploy.provision.TopicProvisioner;
import earshot.jobs.config.Connections;
import earshot.jobs.config.EarshotConfig;
import earshot.jobs.config.Settings;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

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

        Creates Earshot's Kafka topics (partitions from topics.partitions, retention per topic)
        and installs its Elasticsearch index templates with explicit mappings. Safe to rerun:
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
    TopicProvisioner topics = new TopicProvisioner(config.get(Settings.KAFKA_BOOTSTRAP),
        Connections.kafka(config).clientProperties());
    done.addAll(topics.apply(TopicProvisioner.layout(config.get(Settings.TOPIC_PREFIX),
        config.get(Settings.TOPIC_PARTITIONS), (short) 1)));
    String url = Connections.elasticsearch(config).urls().get(0);
    done.addAll(new IndexTemplates(new IndexTemplates.ElasticsearchHttp(url)).apply(config.get(Settings.ES_INDEX_PREFIX)));
    return done;
  }
}
