package earshot.cli;

import earshot.connectors.kafka.KafkaConnection;
import earshot.jobs.config.Connections;
import earshot.jobs.config.EarshotConfig;
import earshot.jobs.config.KafkaAccessCheck;
import earshot.jobs.config.Settings;
import earshot.schemas.JsonCodec;
import earshot.schemas.RecordFormatException;
import earshot.schemas.SingleObjectCodec;
import earshot.schemas.Topic;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/** {@code ./earshot tail alerts|metrics|customer-signals|customers}: a topic's committed records as JSON lines. */
final class TailCommand implements Command {

  private static final Map<String, Topic> TOPICS = Map.of("alerts", Topic.ALERTS, "metrics", Topic.METRICS,
      "customer-signals", Topic.CUSTOMER_SIGNALS, "customers", Topic.CUSTOMERS);

  @Override
  public String name() {
    return "tail";
  }

  @Override
  public String summary() {
    return "print the committed alerts, metrics, customer signals or customer profiles from Kafka as JSON lines";
  }

  @Override
  public String usage() {
    return """
        usage: ./earshot tail alerts|metrics|customer-signals|customers [--from-beginning] [--max N]
                              [--config FILE] [--set key=value]...

        Prints each committed record of the alert, metric, customer-signal or customer-profile
        topic (read_committed: what downstream systems see once the jobs' checkpoints commit their
        transactions) as one JSON object per line on standard output, with ISO-8601 times, and
        keeps following the topic.
          --from-beginning  start with the oldest record kept instead of the next new one
          --max N           stop after N records (for scripts)
        A message that cannot be decoded is reported on standard error with its partition and
        offset, and skipped.""";
  }

  @Override
  public int run(List<String> raw, Cli cli) throws Exception {
    Args args = Args.parse(raw, Set.of("config", "set", "max"), Set.of("from-beginning"));
    Topic topic = TOPICS.get(args.choice("topic", TOPICS.keySet()));
    long max = args.has("max") ? args.integer("max", 0, 1, Integer.MAX_VALUE) : Long.MAX_VALUE;
    EarshotConfig config = cli.config(args);
    KafkaAccessCheck.verify(config);
    KafkaConnection connection = Connections.kafka(config);
    String name = topic.name(config.get(Settings.TOPIC_PREFIX));
    return tail(connection, name, topic.recordType(), args.has("from-beginning"), max, cli);
  }

  private static <T extends SpecificRecord> int tail(KafkaConnection connection, String topic, Class<T> type,
      boolean fromBeginning, long max, Cli cli) {
    SingleObjectCodec<T> codec = SingleObjectCodec.of(type);
    long printed = 0;
    try (KafkaConsumer<byte[], byte[]> consumer = KafkaTools.consumer(connection)) {
      List<TopicPartition> partitions = KafkaTools.partitions(consumer, topic);
      consumer.assign(partitions);
      if (fromBeginning) {
        consumer.seekToBeginning(partitions);
      } else {
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
      }
      while (printed < max && !cli.out.checkError()) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          try {
            cli.out.println(JsonCodec.toJson((org.apache.avro.generic.IndexedRecord) codec.decode(record.value())));
          } catch (RecordFormatException e) {
            cli.err.println("earshot tail: " + topic + " partition " + record.partition() + " offset "
                + record.offset() + ": " + e.getMessage());
          }
          if (++printed >= max) {
            break;
          }
        }
        cli.out.flush();
      }
    }
    return 0;
  }
}
