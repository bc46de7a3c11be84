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
    SetupCommand.apply(config).forEach(line -> cli.out.println("  " + line));

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
    Map<TopicPartition, Long> alertsBefore = KafkaTools.endOffsets(kafka, Topic.ALERTS.name(prefix));
    Map<TopicPartition, Long> metricsBefore = KafkaTools.endOffsets(kafka, Topic.METRICS.name(prefix));

    Map<TopicPartition, Long> signalsBefore = KafkaTools.endOffsets(kafka, Topic.CUSTOMER_SIGNALS.name(prefix));
    cli.out.printf("== 3/5 Generating %.1f days of interactions at %.0f/min from %s, incident: %s from %s to %s%n",
        days, rate, start, "delivery x north turns negative", incident.start(), incident.end());
    if (churners > 0) {
      cli.out.printf("  and %d churners: customers whose journey degrades over days until they ask to cancel%n", churners);
    }
    long produced = produce(generator, kafka, Topic.INTERACTIONS.name(prefix), Long.MAX_VALUE);
    cli.out.printf("  %,d interactions written to %s%n", produced, Topic.INTERACTIONS.name(prefix));
    Path crm = cli.runtimeDir("demo").resolve("crm-export.csv");
    generator.writeCrmExport(crm);
    IdentityHasher hasher = IdentitySettings.hasher(config);
    long identifiers = IdentitiesCommand.publish(kafka, Topic.IDENTITIES.name(prefix), CrmExport.read(crm, hasher),
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
    printIndices(cli, config);
    printNpsPerChannel(cli, kafka, Topic.METRICS.name(prefix), metricsBefore);
    SingleObjectCodec<Alert> alertCodec = SingleObjectCodec.of(Alert.class);
    List<Alert> alerts = KafkaTools.readFrom(kafka, Topic.ALERTS.name(prefix), alertsBefore).stream()
        .map(record -> alertCodec.decode(record.value())).toList();
    boolean found = printAlerts(cli, Topic.ALERTS.name(prefix), alerts, incident);
    if (config.get(Settings.CHURN_ENABLED)) {
      printChurn(cli, kafka, prefix, alerts, signalsBefore, generator.churners(), generator.cancellationRequests(),
          hasher);
    }
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

  /** Sends the generator's interactions to the topic, at most {@code limit} of them; returns how many. */
  static long produce(InteractionGenerator generator, KafkaConnection kafka, String topic, long limit) {
    SingleObjectCodec<Interaction> codec = SingleObjectCodec.of(Interaction.class);
    long[] count = {0};
    try (KafkaProducer<byte[], byte[]> producer = KafkaTools.producer(kafka)) {
      generator.generate(interaction -> {
        if (count[0] < limit) {
          producer.send(new ProducerRecord<>(topic, null, interaction.getOccurredAt().toEpochMilli(),
              interaction.getInteractionId().getBytes(StandardCharsets.UTF_8), codec.encode(interaction)));
          count[0]++;
        }
      });
      producer.flush();
    }
    return count[0];
  }

  private static void printIndices(Cli cli, EarshotConfig config) throws Exception {
    IndexTemplates.ElasticsearchHttp http = SetupCommand.elasticsearchHttp(config);
    String pattern = config.get(Settings.ES_INDEX_PREFIX) + "*";
    http.request("POST", "/" + pattern + "/_refresh", null);
    JsonNode indices = http.request("GET", "/_cat/indices/" + pattern + "?format=json&h=index,docs.count&s=index", null);
    cli.out.println("  Documents per Elasticsearch index:");
    for (JsonNode index : indices) {
      cli.out.printf("    %-40s %,10d%n", index.path("index").asText(), index.path("docs.count").asLong());
    }
  }

  private static void printNpsPerChannel(Cli cli, KafkaConnection kafka, String topic, Map<TopicPartition, Long> from) {
    SingleObjectCodec<MetricSnapshot> codec = SingleObjectCodec.of(MetricSnapshot.class);
    Map<String, MetricSnapshot> latest = new LinkedHashMap<>();
    for (var record : KafkaTools.readFrom(kafka, topic, from)) {
      MetricSnapshot m = codec.decode(record.value());
      if (m.getWindowSeconds() == 3600 && m.getDimensions().size() == 1 && m.getDimensions().containsKey("channel")) {
        latest.merge(m.getMetricId(), m, (a, b) -> b.getRevision() >= a.getRevision() ? b : a);
      }
    }
    Map<String, long[]> perChannel = new TreeMap<>();
    for (MetricSnapshot m : latest.values()) {
      long[] totals = perChannel.computeIfAbsent(m.getDimensions().get("channel"), c -> new long[4]);
      totals[0] += m.getPromoters();
      totals[1] += m.getDetractors();
      totals[2] += m.getNpsAnswers();
      totals[3] += m.getInteractions();
    }
    cli.out.println("  NPS per channel over the whole stream (from the hourly metrics on " + topic + "):");
    perChannel.forEach((channel, t) -> cli.out.printf("    %-12s NPS %+6.1f   (%,d answers, %,d interactions)%n",
        channel, t[2] == 0 ? Double.NaN : 100.0 * (t[0] - t[1]) / t[2], t[2], t[3]));
  }

  private static boolean printAlerts(Cli cli, String topic, List<Alert> alerts, Incident incident) {
    Map<String, Alert> latest = new LinkedHashMap<>();
    Map<String, Alert> opened = new LinkedHashMap<>();
    int states = 0;
    for (Alert alert : alerts) {
      if (alert.getCustomerKey() != null) {
        continue; // customers' churn alerts are shown apart
      }
      latest.merge(alert.getAlertId(), alert, (a, b) -> b.getVersion() >= a.getVersion() ? b : a);
      opened.merge(alert.getAlertId(), alert, (a, b) -> b.getVersion() < a.getVersion() ? b : a);
      states++;
    }
    cli.out.printf("  Alerts read back from %s: %d alerts (%d state changes), the explanation each opened with:%n",
        topic, latest.size(), states);
    boolean found = false;
    for (Alert alert : latest.values()) {
      boolean planted = DetectionReport.detects(alert, incident);
      found |= planted;
      String children = alert.getChildren().isEmpty() ? "" : "  (also: " + String.join("; ", alert.getChildren()) + ")";
      cli.out.printf("    %s %-8s %-8s %-24s %s%s%s%n      %s%n", planted ? "*" : " ", alert.getState(), alert.getSeverity(),
          alert.getDetector(), alert.getSeriesKey(), children, planted ? "   <- the planted incident" : "",
          opened.get(alert.getAlertId()).getSummary());
    }
    return found;
  }

  /**
   * The CHURN_RISK alerts: how many customers were flagged, the customer signals published, and for
   * each planted churner whether and when it was flagged, with the reasons and evidence its alert
   * opened with.
   */
  private static void printChurn(Cli cli, KafkaConnection kafka, String prefix, List<Alert> alerts,
      Map<TopicPartition, Long> signalsFrom, List<PlantedChurner> churners, List<PlantedChurner> requests,
      IdentityHasher hasher) {
    Map<String, Alert> opened = ChurnReport.firstOpen(alerts);
    SingleObjectCodec<CustomerSignal> signalCodec = SingleObjectCodec.of(CustomerSignal.class);
    Map<String, Integer> signals = new TreeMap<>();
    for (var record : KafkaTools.readFrom(kafka, Topic.CUSTOMER_SIGNALS.name(prefix), signalsFrom)) {
      signals.merge(signalCodec.decode(record.value()).getType().name(), 1, Integer::sum);
    }
    cli.out.printf("  Churn: %,d customers flagged CHURN_RISK; customer signals on %s: %s%n", opened.size(),
        Topic.CUSTOMER_SIGNALS.name(prefix), signals.isEmpty() ? "none" : signals);
    if (churners.isEmpty()) {
      return;
    }
    // Most flagged customers are not planted churners: the generator's customers also write requests
    // to cancel of their own; the report tells them apart.
    ChurnReport report = ChurnReport.score(churners, requests, alerts, hasher);
    cli.out.println("  The planted churners (by their hashed key; a flagged one also by the customer id its alert names):");
    for (ChurnReport.Outcome outcome : report.outcomes()) {
      PlantedChurner churner = outcome.churner();
      Alert alert = opened.get(hasher.customerKey(churner.customerId()));
      String when = alert == null ? "not flagged"
          : outcome.ahead() ? "flagged " + ChurnReport.describe(outcome.lead()) + " before asking to cancel"
          : "flagged when asking to cancel";
      cli.out.printf("    %s customer %s…  %-6s %-10s %s (cancelled %s)%n", alert == null ? " " : "*",
          hasher.customerKey(churner.customerId()).substring(0, 12), churner.valueTier(), churner.problem(), when,
          churner.cancelledAt().truncatedTo(ChronoUnit.MINUTES));
      if (alert != null) {
        cli.out.printf("      %s%n", alert.getSummary());
        cli.out.printf("      Call %s: %s (last contact: %s, team %s)%n",
            alert.getCustomerId() == null ? "(no customer id known)" : alert.getCustomerId(), alert.getNextStep(),
            alert.getLastContactChannel(), alert.getLastContactTeam());
        for (AlertReason reason : alert.getReasons()) {
          cli.out.printf("        %+6.1f %-28s contacts %s%n", reason.getContribution(), reason.getCode(),
              reason.getInteractionIds());
        }
      }
    }
    cli.out.printf("  %d of %d planted churners flagged before they asked to cancel. Scored against the stream's truth:%n",
        report.flaggedAhead(), report.churners());
    report.lines(0).forEach(line -> cli.out.println("    " + line));
  }
}
