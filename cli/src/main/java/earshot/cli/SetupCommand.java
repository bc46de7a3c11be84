package earshot.cli;

import earshot.jobs.config.EarshotConfig;
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
    Provisioning.apply(config).forEach(line -> cli.out.println("  " + line));
    return 0;
  }
}
