package earshot.cli;

import earshot.connectors.kafka.KafkaConnection;
import earshot.jobs.config.Connections;
import earshot.jobs.config.EarshotConfig;
import earshot.jobs.config.KafkaAccessCheck;
import earshot.jobs.config.Settings;
import earshot.jobs.enrich.InteractionValidator;
import earshot.schemas.Interaction;
import earshot.schemas.SingleObjectCodec;
import earshot.schemas.Topic;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * {@code ./earshot produce}: sends a JSON-lines file of interactions (as {@code generate} writes
 * them, or an export from a CRM or contact centre) to the interactions topic as Avro, keyed by
 * interaction id, through an idempotent producer; lines that the enrich job would reject are
 * reported and not sent. Optionally in real time ({@code --live}) and at a capped rate.
 */
final class ProduceCommand implements Command {

  private static final long PROGRESS_EVERY_NANOS = 5_000_000_000L;

  @Override
  public String name() {
    return "produce";
  }

  @Override
  public String summary() {
    return "send interactions from a JSON-lines file to Kafka, checked, optionally in real time";
  }

  @Override
  public String usage() {
    return """
        usage: ./earshot produce [--input FILE|-] [--live] [--rate N] [--topic T] [--config FILE]
                                 [--set key=value]...

        Reads interactions, one JSON object per line (as './earshot generate' writes them, or an
        export from a CRM or contact centre in the same shape), checks each line as the enrich job
        does (valid JSON, known fields and values, scores in range, plausible times and
        identifiers) and sends the valid ones, in file order, to the interactions topic as Avro,
        keyed by interaction id, with an idempotent producer (acks=all). A line that fails is not
        sent: it is reported on standard error with its line number and the reason (the first 20
        in detail, then a count). Blank lines are skipped. Progress goes to standard error every
        few seconds; a summary (read, sent, rejected, seconds, records/s) ends the run.
          --input FILE  the file to send; '-' or no --input reads standard input
          --live        send each interaction when the clock reaches its occurredAt (those already
                        in the past go at once, in file order), to replay a day as it happened
          --rate N      send at most N interactions per second (with or without --live)
          --topic T     send to T instead of the configured interactions topic
                        (topics.prefix + "interactions")
        Exit status: 0 every line sent; 1 the command failed (Kafka unreachable, topic missing,
        or a send failed: the run stops there, and sending the file again is safe, the enrich
        job drops interaction ids it has seen); 2 bad arguments or configuration; 3 all valid
        lines sent, but some lines were rejected.""";
  }

  @Override
  public int run(List<String> raw, Cli cli) throws Exception {
    Args args = Args.parse(raw, Set.of("input", "rate", "topic", "config", "set"), Set.of("live"));
    args.noPositionals();
    String input = args.get("input", "-");
    Path file = input.equals("-") ? null : Path.of(input);
    // not only regular files: a named pipe or /dev/fd/N from a shell's <(...) reads as well
    if (file != null && (!Files.exists(file) || Files.isDirectory(file))) {
      throw new UsageException("--input: no such file " + input);
    }
    double rate = args.has("rate") ? args.number("rate", 0, 0.001, 1e9) : 0;
    boolean live = args.has("live");
    EarshotConfig config = cli.config(args);
    String topic = args.get("topic", Topic.INTERACTIONS.name(config.get(Settings.TOPIC_PREFIX)));
    if (topic.isBlank()) {
      throw new UsageException("--topic must not be empty");
    }
    InteractionValidator validator = InteractionValidator.from(config);
    KafkaAccessCheck.verify(config);
    KafkaConnection kafka = Connections.kafka(config);
    int partitions = checkTopic(kafka, topic);

    cli.err.printf("earshot produce: sending %s to %s (%d partitions)%s%s%n", file == null ? "standard input" : file,
        topic, partitions, live ? ", live" : "", rate > 0 ? String.format(rate >= 10 ? ", at most %,.0f/s" : ", at most %.3g/s", rate) : "");
    ProduceLoop loop = new ProduceLoop(validator, live, rate, PaceClock.system(), cli.err, PROGRESS_EVERY_NANOS);
    ProduceLoop.Totals totals;
    try (InputStream in = file == null ? System.in : Files.newInputStream(file);
        KafkaSink sink = new KafkaSink(kafka, topic)) {
      totals = loop.run(new LineReader(in, ProduceLoop.MAX_LINE_BYTES, () -> { }), sink);
    }
    cli.out.println("earshot produce: " + totals.summary());
    return totals.exitCode();
  }

  /**
   * Fails early, with a message saying what to do, when Kafka is unreachable or the topic missing
   * (asked through the admin client, which never creates a topic by asking: one created by the
   * broker's defaults would lack the settings './earshot setup' gives it).
   */
  private static int checkTopic(KafkaConnection kafka, String topic) throws InterruptedException {
    Properties properties = kafka.toProperties();
    properties.put("default.api.timeout.ms", "15000");
    properties.put("request.timeout.ms", "15000");
    try (Admin admin = Admin.create(properties)) {
      TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get(20, TimeUnit.SECONDS)
          .get(topic);
      return description.partitions().size();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        throw new IllegalStateException("topic " + topic + " does not exist; run './earshot setup' (or name another"
            + " with --topic)");
      }
      if (e.getCause() instanceof TopicAuthorizationException) {
        throw new IllegalStateException("the Kafka user of kafka.sasl-jaas-config may not use topic " + topic
            + " (" + e.getCause().getMessage() + "): it needs the ACLs listed in the README (Secured Kafka)",
            e.getCause());
      }
      throw new IllegalStateException("cannot describe topic " + topic + " on Kafka at " + kafka.bootstrapServers()
          + " (kafka.bootstrap-servers): " + e.getCause().getMessage(), e.getCause());
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("no answer from Kafka at " + kafka.bootstrapServers()
          + " (kafka.bootstrap-servers) within 20 s: is it running? ('./earshot services status')", e);
    }
  }

  /**
   * Sends to Kafka through an idempotent producer; the first failed send (reported by its
   * callback, or thrown at once) stops the run at the next record or at the final flush.
   */
  static final class KafkaSink implements ProduceLoop.Sink, AutoCloseable {
    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final SingleObjectCodec<Interaction> codec = SingleObjectCodec.of(Interaction.class);
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    KafkaSink(KafkaConnection kafka, String topic) {
      this.producer = KafkaTools.producer(kafka);
      this.topic = topic;
    }

    @Override
    public void send(Interaction interaction) throws ProduceLoop.SendException {
      check();
      try {
        // no record timestamp from occurredAt: on a topic with CreateTime, retention would delete a
        // backfill of old history at once; the jobs read event time from the record itself
        producer.send(new ProducerRecord<>(topic, null, null,
            interaction.getInteractionId().getBytes(StandardCharsets.UTF_8), codec.encode(interaction)),
            (metadata, e) -> {
              if (e != null) {
                failure.compareAndSet(null, e);
              }
            });
      } catch (KafkaException e) {
        failure.compareAndSet(null, e);
        check();
      }
    }

    @Override
    public void flush() throws ProduceLoop.SendException {
      try {
        producer.flush();
      } catch (KafkaException e) {
        failure.compareAndSet(null, e);
      }
      check();
    }

    private void check() throws ProduceLoop.SendException {
      Exception e = failure.get();
      if (e != null) {
        throw new ProduceLoop.SendException("sending to " + topic + " failed: "
            + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
      }
    }

    @Override
    public void close() {
      // after a failure, records still buffered would only fail too: do not wait for them
      producer.close(failure.get() == null ? Duration.ofMinutes(2) : Duration.ZERO);
    }
  }

}
