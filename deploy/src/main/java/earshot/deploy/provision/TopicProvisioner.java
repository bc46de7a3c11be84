package earshot.deploy.provision;

import earshot.schemas.Topic;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;

/**
 * Creates Earshot's Kafka topics with their partitions and retention, idempotently: existing
 * topics get their configuration re-applied and their partition count raised if it is lower.
 * A topic is either time-retained ({@code cleanup.policy=delete}, kept for some days) or compacted
 * ({@code cleanup.policy=compact}: the latest record per key is kept for ever, as a table of
 * current values such as identities); {@link #RETENTION} says which, per topic.
 */
public final class TopicProvisioner {

  /** How one topic is laid out. */
  public record TopicLayout(String name, int partitions, short replication, Map<String, String> config) {}

  /** How long a topic keeps its records. */
  public sealed interface Retention {
    Map<String, String> config();
  }

  /**
   * Records are deleted this many days after they were appended. The broker stamps each record with
   * its append time: retention counts from a producer's own timestamp otherwise, and a replay or
   * backfill of last month's interactions (stamped with when they happened) would be deleted at the
   * broker's next retention check, before any job has read it.
   */
  public record Days(int days) implements Retention {
    @Override
    public Map<String, String> config() {
      return Map.of("cleanup.policy", "delete", "retention.ms", Long.toString(TimeUnit.DAYS.toMillis(days)),
          "message.timestamp.type", "LogAppendTime");
    }
  }

  /**
   * The latest record of each key is kept, older ones are compacted away (after an hour, so that
   * consumers a little behind still see every change); a record with a null value deletes its key
   * after a day.
   */
  public record Compacted() implements Retention {
    @Override
    public Map<String, String> config() {
      return Map.of("cleanup.policy", "compact",
          "min.compaction.lag.ms", Long.toString(TimeUnit.HOURS.toMillis(1)),
          "delete.retention.ms", Long.toString(TimeUnit.DAYS.toMillis(1)));
    }
  }

  /** Retention per topic; topics not named here keep their records for 7 days. */
  static final Map<Topic, Retention> RETENTION = Map.of(
      Topic.DEAD_LETTERS, new Days(30),
      Topic.LATE_INTERACTIONS, new Days(30),
      Topic.ALERTS, new Days(30),
      Topic.CUSTOMER_SIGNALS, new Days(30),
      Topic.IDENTITIES, new Compacted(),
      Topic.CUSTOMERS, new Compacted());

  private static final Retention DEFAULT_RETENTION = new Days(7);

  private final Properties adminConfig;

  public TopicProvisioner(String bootstrapServers, Map<String, String> clientProperties) {
    this.adminConfig = new Properties();
    adminConfig.putAll(clientProperties);
    adminConfig.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    adminConfig.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
  }

  /** Earshot's layout for every topic under a prefix. */
  public static List<TopicLayout> layout(String prefix, int partitions, short replication) {
    List<TopicLayout> layouts = new ArrayList<>();
    for (Topic topic : Topic.values()) {
      layouts.add(new TopicLayout(topic.name(prefix), partitions, replication,
          RETENTION.getOrDefault(topic, DEFAULT_RETENTION).config()));
    }
    return layouts;
  }

  /** @return one line per topic: created or updated */
  public List<String> apply(Collection<TopicLayout> layouts) throws ExecutionException, InterruptedException, TimeoutException {
    List<String> done = new ArrayList<>();
    try (Admin admin = Admin.create(adminConfig)) {
      Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      List<NewTopic> toCreate = new ArrayList<>();
      for (TopicLayout layout : layouts) {
        if (!existing.contains(layout.name())) {
          toCreate.add(new NewTopic(layout.name(), layout.partitions(), layout.replication()).configs(layout.config()));
        }
      }
      if (!toCreate.isEmpty()) {
        admin.createTopics(toCreate).all().get(60, TimeUnit.SECONDS);
        awaitVisible(admin, toCreate);
        toCreate.forEach(t -> done.add("topic " + t.name() + " created (" + t.numPartitions() + " partitions)"));
      }
      List<TopicLayout> toUpdate = layouts.stream().filter(l -> existing.contains(l.name())).toList();
      if (!toUpdate.isEmpty()) {
        Map<String, TopicDescription> descriptions =
            admin.describeTopics(toUpdate.stream().map(TopicLayout::name).toList()).allTopicNames().get(30, TimeUnit.SECONDS);
        for (TopicLayout layout : toUpdate) {
          ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, layout.name());
          List<AlterConfigOp> ops = layout.config().entrySet().stream()
              .map(e -> new AlterConfigOp(new ConfigEntry(e.getKey(), e.getValue()), AlterConfigOp.OpType.SET))
              .toList();
          admin.incrementalAlterConfigs(Map.of(resource, ops)).all().get(30, TimeUnit.SECONDS);
          int current = descriptions.get(layout.name()).partitions().size();
          if (current < layout.partitions()) {
            admin.createPartitions(Map.of(layout.name(), NewPartitions.increaseTo(layout.partitions())))
                .all().get(30, TimeUnit.SECONDS);
            done.add("topic " + layout.name() + " updated, partitions " + current + " -> " + layout.partitions());
          } else {
            done.add("topic " + layout.name() + " up to date (" + current + " partitions)");
          }
        }
      }
    }
    return done;
  }

  /**
   * Waits until the brokers answer for every partition of the topics just created: the controller
   * acknowledges a creation before every broker's metadata has it, and a job or a tool started right
   * after {@code setup} would otherwise be told the topic does not exist.
   */
  private static void awaitVisible(Admin admin, List<NewTopic> created)
      throws InterruptedException, ExecutionException, TimeoutException {
    List<String> names = created.stream().map(NewTopic::name).toList();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      try {
        Map<String, TopicDescription> found = admin.describeTopics(names).allTopicNames().get(30, TimeUnit.SECONDS);
        boolean complete = created.stream().allMatch(t -> found.get(t.name()).partitions().size() >= t.numPartitions()
            && found.get(t.name()).partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty()));
        if (complete) {
          return;
        }
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException)) {
          throw e;
        }
      }
      if (System.nanoTime() > deadline) {
        throw new TimeoutException("the topics " + names + " were created but are not visible on the brokers after 60 s");
      }
      Thread.sleep(200);
    }
  }
}
