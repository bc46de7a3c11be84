package earshot.cli;

import com.fasterxml.jackson.databind.JsonNode;
import earshot.connectors.kafka.KafkaConnection;
import earshot.deploy.provision.IndexTemplates;
import earshot.deploy.services.LocalServices;
import earshot.deploy.services.Processes;
import earshot.jobs.config.Connections;
import earshot.jobs.config.EarshotConfig;
import earshot.jobs.config.Settings;
import earshot.jobs.enrich.EnrichJob;
import earshot.jobs.identity.CrmExport;
import earshot.jobs.identity.IdentityHasher;
import earshot.jobs.identity.IdentitySettings;
import earshot.jobs.run.LocalRunner;
import earshot.jobs.signals.SignalsJob;
import earshot.lab.generator.Incident;
import earshot.lab.generator.InteractionGenerator;
import earshot.lab.generator.PlantedChurner;
import earshot.lab.report.ChurnReport;
import earshot.lab.report.DetectionReport;
import earshot.schemas.Alert;
import earshot.schemas.AlertReason;
import earshot.schemas.CustomerSignal;
import earshot.schemas.Interaction;
import earshot.schemas.MetricSnapshot;
import earshot.schemas.SingleObjectCodec;
import earshot.schemas.Topic;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * {@code ./earshot demo}: the whole system on this machine, end to end, in a few minutes, from a
 * synthetic stream with one planted incident to alerts read back from the alert topic.
 */
final class DemoCommand implements Command {

  /** Churners planted in the demo's stream (when it is 3 days or longer). */
  static final int CHURNERS = 8;

  @Override
  public String name() {
    return "demo";
  }

  @Override
  public String summary() {
    return "run everything locally on a generated stream with one incident and show what it found";
  }

  @Override
  public String usage() {
    return """
        usage: ./earshot demo [--days D] [--rate R] [--seed S] [--config FILE] [--set key=value]...
               ./earshot demo --live [--rate R] [--minutes M] [--seed S] [--config FILE] [--set key=value]...

        Starts Kafka and Elasticsearch, creates topics and index templates, generates D days
        (default 8: a week for the baselines to learn weekly seasonality, at least 1.5) of
        multi-channel interactions at R per minute (default 20) ending now, with one incident: for six hours from 10:00 UTC on the latest day that fits,
        delivery interactions in the north region turn negative and their NPS answers to
        detractors; and (with 3 days or more) 8 churners, customers whose journey degrades over
        days until they ask to cancel. Loads the stream's CRM export into the identity topic, runs
        the enrich and signals jobs in an embedded Flink MiniCluster (web UI on 127.0.0.1 while they
        run), then prints the documents per index, the NPS per channel, the alerts from the alert
        topic and the churn alerts of the planted churners with their reasons. The data stays in
        Elasticsearch; './earshot services stop' stops the services.

        --live: the jobs on the local Flink cluster instead (started and deployed unless they run
        already), fed in real time: six hours of history at once so the baselines have learned,
        then traffic at R per minute (default 60) paced to the clock, the same at any hour, with
        one incident every 30 minutes (from minute 5 to 25 of each half hour, in turn: detractors
        on delivery, negative texts on billing, a new theme in the app, an NPS drop in chat). Each
        alert prints as the alert topic commits it, with how long after its window it came. Runs
        until Ctrl-C, or for M minutes. The jobs keep running afterwards ('./earshot cluster stop').""";
  }

  @Override
  public int run(List<String> raw, Cli cli) throws Exception {
    Args args = Args.parse(raw, Set.of("days", "rate", "seed", "config", "set", "minutes"), Set.of("live"));
    args.noPositionals();
    if (args.has("live")) {
      if (args.has("days")) {
        throw new UsageException("--days applies to the batch demo; --live runs until stopped (or --minutes)");
      }
      double perMinute = args.number("rate", 60, 1, 10_000);
      Duration limit = args.has("minutes") ? Duration.ofMinutes(args.integer("minutes", 0, 1, 7 * 24 * 60)) : null;
      String url = cli.environment.get("EARSHOT_FLINK_URL");
      new LiveDemo(cli, cli.config(args), perMinute, args.longValue("seed", 42), LiveDemo.HISTORY, LiveDemo.CYCLE,
          url == null || url.isBlank() ? null : url.strip()).run(limit);
      return 0;
    }
    if (args.has("minutes")) {
      throw new UsageException("--minutes applies to --live only");
    }
    double days = args.number("days", 8, 1.5, 30);
    double rate = args.number("rate", 20, 1, 10_000);
    long seed = args.longValue("seed", 42);
    long begin = System.nanoTime();

    cli.out.println("== 1/5 Services");
    LocalServices services = cli.services();
    services.notes().forEach(cli.out::println);
    services.start();
    services.status().forEach(line -> cli.out.println("  " + line));

    EarshotConfig config = cli.config(args);
    cli.out.println("== 2/5 Topics and index templates");
    Provisioning.apply(config).forEach(line -> cli.out.println("  " + line));

    Instant end = Instant.now().truncatedTo(ChronoUnit.HOURS);
    Duration length = Duration.ofMinutes(Math.round(days * 24 * 60));
    Instant start = end.minus(length);
    Instant incidentStart = incidentStart(start, end);
    Incident incident = new Incident("DETRACTOR_SPIKE", Map.of("touchpoint", "delivery", "region", "north"),
        incidentStart, incidentStart.plus(Duration.ofHours(6)), 0.7, null);
    int churners = days >= 3 ? CHURNERS : 0;
    InteractionGenerator generator = new InteractionGenerator(start, length, rate, seed, List.of(incident))
        .withChurners(churners);

    KafkaConnection kafka = Connections.kafka(config);
    String prefix = config.get(Settings.TOPIC_PREFIX);
    DemoReadBack readBack = new DemoReadBack(cli.out, config, kafka);
    cli.out.printf("== 3/5 Generating %.1f days of interactions at %.0f/min from %s, incident: %s from %s to %s%n",
        days, rate, start, "delivery x north turns negative", incident.start(), incident.end());
    if (churners > 0) {
      cli.out.printf("  and %d churners: customers whose journey degrades over days until they ask to cancel%n", churners);
    }
    long produced = InteractionProducer.send(generator, kafka, Topic.INTERACTIONS.name(prefix), Long.MAX_VALUE);
    cli.out.printf("  %,d interactions written to %s%n", produced, Topic.INTERACTIONS.name(prefix));
    Path crm = cli.runtimeDir("demo").resolve("crm-export.csv");
    generator.writeCrmExport(crm);
    IdentityHasher hasher = IdentitySettings.hasher(config);
    long identifiers = IdentityPublisher.publish(kafka, Topic.IDENTITIES.name(prefix), CrmExport.read(crm, hasher),
        hasher, Instant.now());
    cli.out.printf("  CRM export (%s) loaded: %,d identifiers, hashed, into %s%n", crm, identifiers,
        Topic.IDENTITIES.name(prefix));

    int uiPort = Processes.free(8081) ? 8081 : Processes.freePort();
    cli.out.println("== 4/5 Running the jobs in an embedded Flink MiniCluster (web UI: http://127.0.0.1:" + uiPort
        + " while they run)");
    long t0 = System.nanoTime();
    LocalRunner.run(EnrichJob.NAME, config, uiPort, (env, c) -> EnrichJob.attach(env, c, true));
    cli.out.printf("  enrich job done in %.0f s (%,.0f interactions/s)%n", seconds(t0), produced / seconds(t0));
    long t1 = System.nanoTime();
    LocalRunner.run(SignalsJob.NAME, config, uiPort, (env, c) -> SignalsJob.attach(env, c, true));
    cli.out.printf("  signals job done in %.0f s%n", seconds(t1));

    cli.out.println("== 5/5 What landed");
    boolean found = readBack.report(incident, generator.churners(), generator.cancellationRequests(), hasher);
    String es = Connections.elasticsearch(config).urls().get(0);
    String indexPrefix = config.get(Settings.ES_INDEX_PREFIX);
    cli.out.printf("%nDemo finished in %.0f s. The data stays in Elasticsearch:%n", seconds(begin));
    cli.out.println("  curl '" + es + "/" + indexPrefix + "alerts/_search?pretty&q=state:OPEN'");
    cli.out.println("  curl '" + es + "/" + indexPrefix + "metrics-*/_search?pretty&q=seriesKey:%22channel=CHAT%22&sort=windowStart:desc'");
    cli.out.println("  ./earshot services status    # where everything runs;  ./earshot services stop  # stop it");
    if (!found) {
      cli.err.println("The planted incident was NOT found among the alerts: see the log in .earshot/logs.");
      return 1;
    }
    return 0;
  }

  /**
   * The incident runs six hours from 10:00 UTC on the latest day that fits, after at least 26 hours
   * of normal traffic for the baselines to learn from: a busy daytime, when a CX team would notice.
   */
  static Instant incidentStart(Instant start, Instant end) {
    Instant candidate = end.minus(Duration.ofHours(6)).truncatedTo(ChronoUnit.DAYS).plus(Duration.ofHours(10));
    while (candidate.plus(Duration.ofHours(6)).isAfter(end)) {
      candidate = candidate.minus(Duration.ofDays(1));
    }
    Instant earliest = start.plus(Duration.ofHours(26));
    return candidate.isBefore(earliest) ? earliest.truncatedTo(ChronoUnit.HOURS) : candidate;
  }

  private static double seconds(long since) {
    return Math.max(1e-3, (System.nanoTime() - since) / 1e9);
  }
}
