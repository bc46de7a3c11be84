package earshot.jobs.config;

import earshot.connectors.kafka.EarshotKafka;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every setting of Earshot, with its type, default and meaning: the one place defaults live.
 * Values come from (later wins) these defaults, a configuration file ({@code key=value} lines),
 * environment variables ({@code EARSHOT_KAFKA_BOOTSTRAP_SERVERS} for {@code kafka.bootstrap-servers})
 * and command-line overrides ({@code --set key=value}).
 */
public final class Settings {

  private Settings() {}

  // ------------------------------------------------------------------ Kafka

  public static final Setting<String> KAFKA_BOOTSTRAP = text("kafka.bootstrap-servers", "127.0.0.1:9092",
      "Kafka bootstrap servers (host:port, comma-separated). Alias: EARSHOT_KAFKA_BOOTSTRAP.");
  public static final Setting<String> KAFKA_SECURITY_PROTOCOL = text("kafka.security-protocol", "PLAINTEXT",
      "Kafka client security.protocol: PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL.");
  public static final Setting<Integer> KAFKA_FETCH_BYTES = integer("kafka.fetch-bytes-per-partition",
      Integer.toString(EarshotKafka.FETCH_BYTES_PER_PARTITION), 1024,
      64 * 1024 * 1024, "Most bytes each job's Kafka input fetches from one partition per request (Kafka's "
          + "max.partition.fetch.bytes). One reader hands over one partition's fetched records before the next's: "
          + "with Kafka's default of 1 MB, a catch-up can leave a partition unread for longer than the idleness time, "
          + "and event time then runs past its records. Larger values cost fewer requests per record.");
  public static final Setting<String> KAFKA_SASL_MECHANISM = optionalText("kafka.sasl-mechanism",
      "Kafka sasl.mechanism, such as SCRAM-SHA-512 or PLAIN; unset for none.");
  public static final Setting<String> KAFKA_SASL_JAAS = optionalText("kafka.sasl-jaas-config",
      "Kafka sasl.jaas.config (credentials); unset for none.");
  public static final Setting<String> KAFKA_TRUSTSTORE = optionalText("kafka.ssl-truststore",
      "Path of a PEM file with the CA certificates Kafka clients trust; unset for the JVM default.");
  public static final Setting<String> TOPIC_PREFIX = text("topics.prefix", "earshot.",
      "Prefix of every Kafka topic name (earshot.interactions, earshot.alerts, ...).");
  public static final Setting<Integer> TOPIC_PARTITIONS = integer("topics.partitions", "2", 1, 10_000,
      "Partitions of each topic created by setup.");
  public static final Setting<String> CONSUMER_GROUP_PREFIX = text("kafka.group-prefix", "earshot",
      "Prefix of the jobs' consumer group ids; each job appends its name.");

  // ------------------------------------------------------------------ Elasticsearch

  public static final Setting<String> ES_URL = text("elasticsearch.url", "http://127.0.0.1:9200",
      "Elasticsearch node URLs, comma-separated. Alias: EARSHOT_ES_URL.");
  public static final Setting<String> ES_INDEX_PREFIX = text("elasticsearch.index-prefix", "earshot-",
      "Prefix of every index name (earshot-interactions-*, earshot-metrics-*, earshot-alerts).");
  public static final Setting<String> ES_USERNAME = optionalText("elasticsearch.username", "Basic-auth user; unset for none.");
  public static final Setting<String> ES_PASSWORD = optionalText("elasticsearch.password", "Basic-auth password.");
  public static final Setting<String> ES_API_KEY = optionalText("elasticsearch.api-key", "Encoded API key; unset for none.");
  public static final Setting<String> ES_CA_CERTIFICATE = optionalText("elasticsearch.ca-certificate",
      "PEM file of the CA to trust for https URLs; unset for the JVM default.");
  public static final Setting<Integer> ES_BULK_ACTIONS = integer("elasticsearch.bulk.max-actions", "1000", 1, 100_000,
      "Documents per bulk request.");
  public static final Setting<Integer> ES_BULK_BYTES = integer("elasticsearch.bulk.max-bytes", "5242880", 1024, 100 << 20,
      "Bytes of documents per bulk request.");
  public static final Setting<Duration> ES_BULK_INTERVAL = duration("elasticsearch.bulk.flush-interval", "PT1S",
      "Longest time a document waits before its bulk request is sent.");
  public static final Setting<Integer> ES_MAX_IN_FLIGHT = integer("elasticsearch.bulk.max-in-flight", "2", 1, 64,
      "Bulk requests in flight per sink task before the job is back-pressured.");
  public static final Setting<Integer> ES_MAX_RETRIES = integer("elasticsearch.max-retries", "-1", -1, 1_000_000,
      "Retries of a document answered 429/5xx or not delivered; -1 retries until the cluster is back.");

  // ------------------------------------------------------------------ Jobs

  public static final Setting<Integer> PARALLELISM = integer("job.parallelism", "1", 1, 1024,
      "Default parallelism of each job.");
  public static final Setting<Duration> CHECKPOINT_INTERVAL = duration("job.checkpoint-interval", "PT10S",
      "Checkpoint interval; Kafka outputs become visible to read_committed consumers at each checkpoint.");
  public static final Setting<String> STATE_BACKEND = choice("job.state-backend", "hashmap",
      List.of("hashmap", "rocksdb"), "Flink state backend: hashmap (heap) or rocksdb (large state).");
  public static final Setting<String> CHECKPOINT_DIR = optionalText("job.checkpoint-dir",
      "Checkpoint storage URI (file:///..., s3://...); unset keeps checkpoints in the JobManager's memory.");
  public static final Setting<Integer> SOURCE_PARALLELISM = integer("job.source-parallelism", "1", 1, 1024,
      "Parallelism of each job's Kafka input (the jobs' other operators take job.parallelism). With 1, one reader "
          + "takes every partition and event time waits for the slowest of them, also when they come back from idle "
          + "after a stall; with more, a reader that comes back behind the others is not waited for (Flink), so a "
          + "catch-up after a stall can turn its records late. Raise it only if reading and decoding is the bottleneck.");
  public static final Setting<Duration> RESUME_HOLD = duration("job.resume-hold", "PT5S",
      "How long an input partition that comes back after being idle (enrich.idleness, signals.idleness) holds "
          + "event time where it had reached, so that partitions coming back together after a stall upstream are "
          + "all read before event time moves on; otherwise the first one read carries the watermark past the "
          + "others' records, which then arrive late. Delays windows by at most this after a quiet spell.");
  public static final Setting<Boolean> SNAPSHOT_COMPRESSION = bool("job.snapshot-compression", "true",
      "Compress the keyed state of the hashmap backend's checkpoints and savepoints (Snappy; Flink's"
          + " execution.checkpointing.snapshot-compression). Either kind of snapshot restores with either value.");

  // ------------------------------------------------------------------ Enrich

  public static final Setting<Duration> DEDUP_TTL = duration("enrich.dedup-ttl", "PT24H",
      "How long an interaction id is remembered to drop re-deliveries.");
  public static final Setting<Duration> MAX_FUTURE_SKEW = duration("enrich.max-future-skew", "PT1H",
      "Interactions dated further than this into the future (by the processing clock) are dead-lettered.");
  public static final Setting<Instant> EARLIEST_EVENT_TIME = instant("enrich.earliest-event-time", "2000-01-01T00:00:00Z",
      "Interactions dated before this are dead-lettered (a zero or 1970 timestamp is a producer bug).");
  public static final Setting<Duration> ENRICH_OUT_OF_ORDERNESS = duration("enrich.out-of-orderness", "PT5S",
      "How far out of order interactions may arrive within one input partition; the enrich job holds each "
          + "enriched record this long (and until every input partition has passed its time) so that every "
          + "enriched partition is written in event-time order.");
  public static final Setting<Duration> ENRICH_IDLENESS = duration("enrich.idleness", "PT30S",
      "An input partition without data for this long stops holding back the enrich job's event-time order, "
          + "and records held for ordering are released when the whole input has been quiet this long: the "
          + "longest an enriched record waits.");
  public static final Setting<Duration> ENRICH_MAX_DRIFT = optionalDuration("enrich.max-drift",
      "How far in event time one input partition may be read ahead of the slowest (Flink's watermark "
          + "alignment), bounding the records held for ordering during a catch-up; unset (default) for no bound. "
          + "Applied to unbounded runs only: the Kafka connector 5.0.0-2.2 can fail when a bounded split "
          + "finishes while aligned (FLINK-39728).");
  public static final Setting<String> TEXT_MODE = choice("text.mode", "fast", List.of("fast", "deep", "off"),
      "Text model: fast (Earshot's model for customer language, thousands of texts/s per core), deep "
          + "(CoreNLP's RNTN sentiment trained on movie reviews, tens of texts/s; the reference), or off "
          + "(texts are redacted and kept but not analysed).");
  public static final Setting<Boolean> TEXT_PRIOR_ADAPTATION = bool("text.prior-adaptation", "false",
      "Whether the fast model re-estimates each channel's class balance from the recent texts of that channel "
          + "it analysed (EM over the last 2,000 posteriors, per task) and corrects its sentiment for it. Off by "
          + "default: adapting to the stream's balance also absorbs part of a real shift in it, which the "
          + "sentiment-shift detector then sees later. When on, the prior in use per channel is exposed as the gauges "
          + "sentimentPriorNegative, sentimentPriorNeutral and sentimentPriorPositive.");
  public static final Setting<Boolean> TEXT_INTENT_MODEL = bool("text.intent-model", "false",
      "Whether the fast text mode adds to the intent rules' codes those its learned intent classifier is confident "
          + "of (trained on Banking77's real bank queries: refund, cancellation, delivery, billing and technical "
          + "problems). Off by default: it lifts recall on bank queries a lot, but on other sectors' texts it also "
          + "adds wrong codes (billing_problem above all). The deep mode always uses the rules alone.");
  public static final Setting<Boolean> CONSENT_DEFAULT = bool("text.consent-default", "true",
      "Whether an interaction without a consent flag may have its text analysed and stored.");
  public static final Setting<Integer> TEXT_MAX_MILLIS = integer("text.max-millis", "2000", 1, 600_000,
      "Time budget of one interaction's text stage (redaction and analysis), in milliseconds. Text that takes longer "
          + "is abandoned: the interaction goes on with status TEXT_TIMEOUT and without its text and attributes, "
          + "and earshotTextTimeouts counts it.");
  public static final Setting<Integer> TEXT_MAX_ABANDONED = integer("text.max-abandoned-workers", "4", 1, 64,
      "Text workers that overran text.max-millis and ignored the interrupt, still running as daemon threads, that "
          + "one TaskManager JVM tolerates; one more and the enrich job fails and restarts (loudly, instead of "
          + "losing processors silently).");
  public static final Setting<String> INTENT_RULES = optionalText("text.intent-rules",
      "File of intent rules (TokensRegex, one per line) to use instead of the built-in ones; read and checked "
          + "when a job starts.");

  // ------------------------------------------------------------------ Input

  public static final Setting<ZoneId> INPUT_DEFAULT_ZONE = zone("input.default-zone", "UTC",
      "Time zone of JSON times written without an offset (2026-03-01T10:00:00), such as UTC or Europe/Paris.");

  // ------------------------------------------------------------------ Signals

  public static final Setting<List<Duration>> WINDOWS = durations("signals.windows", "PT5M,PT1H",
      "Tumbling window lengths of the CX metrics, comma-separated.");
  public static final Setting<List<String>> DIMENSIONS = list("signals.dimensions",
      "channel,touchpoint,product,region,segment,team",
      "Dimensions with a series of their own (besides the global series).");
  public static final Setting<List<String>> COMBINATIONS = list("signals.combinations", "touchpoint*region",
      "Combined dimensions with their own series, such as touchpoint*region; empty for none.");
  public static final Setting<Duration> OUT_OF_ORDERNESS = duration("signals.out-of-orderness", "PT30S",
      "How far out of order interactions may arrive before the watermark passes them.");
  public static final Setting<Duration> ALLOWED_LATENESS = duration("signals.allowed-lateness", "PT10M",
      "Late interactions within this time after a window closed update it; later ones go to the late topic.");
  public static final Setting<Duration> IDLENESS = duration("signals.idleness", "PT1M",
      "A partition without data for this long stops holding back the watermark.");
  public static final Setting<Duration> LATE_TRACKING = duration("signals.late-tracking", "PT24H",
      "How long after a window closes a record arriving too late for it is still counted on its metrics "
          + "(lateRecords, re-published) and in its series' late share.");
  public static final Setting<Integer> PRE_AGGREGATION = integer("signals.pre-aggregation.max-observations", "20000", 0,
      10_000_000, "Observations each task counts per series ahead of the metric windows before handing them on "
          + "(sooner at a watermark that closes their windows, and at every checkpoint); 0 hands each one on alone.");
  public static final Setting<Double> LATE_ALERT_SHARE = number("signals.late-alert-share", "0.01", 0.0001, 1.0,
      "Share of a series' interactions (over the tracked windows) arriving too late that opens a "
          + "DATA_QUALITY alert.");
  public static final Setting<Integer> LATE_ALERT_MIN = integer("signals.late-alert-min", "5", 1, 1_000_000,
      "Fewest late records in a series before a DATA_QUALITY alert may open.");
  public static final Setting<Integer> MIN_SAMPLE = integer("detect.min-sample", "20", 1, 1_000_000,
      "Fewest observations in a window (answers, texts, interactions) before a detector judges it.");
  public static final Setting<Integer> WARMUP_WINDOWS = integer("detect.warmup-windows", "6", 1, 10_000,
      "Windows a baseline learns from before its detector may alert.");
  public static final Setting<Double> OPEN_Z = number("detect.open-z", "4.0", 1.0, 50.0,
      "Test statistic (z) a window must reach to open an alert.");
  public static final Setting<Double> CLEAR_Z = number("detect.clear-z", "2.0", 0.0, 50.0,
      "Statistic below which a window counts as back to normal.");
  public static final Setting<Integer> RESOLVE_AFTER_WINDOWS = integer("detect.resolve-after-windows", "3", 1, 10_000,
      "Consecutive normal windows that resolve an open alert.");
  public static final Setting<Integer> EMERGING_MAX_DIMENSIONS = integer("detect.emerging-max-dimensions", "1", 0, 5,
      "The emerging-topic detector watches series with at most this many dimensions (0: only the global series).");
  public static final Setting<Double> BASELINE_HALF_LIFE = number("detect.baseline-half-life-windows", "24", 1.0, 1e6,
      "Half-life of the learning baselines, in windows.");
  public static final Setting<ZoneId> DETECT_TIME_ZONE = zone("detect.time-zone", "UTC",
      "Time zone of the detectors' daily and weekly cycles: the hour of the day and day of the week of the volume "
          + "baselines and of the slice watch's usual contact shares (detect.slices.day-parts, "
          + "detect.slices.weekdays), local and daylight-saving aware, such as Europe/Paris or America/New_York. "
          + "Alert texts still give times in UTC.");
  public static final Setting<Boolean> SLICES_ENABLED = bool("detect.slices.enabled", "true",
      "Watch every dimension value and pair of values below the global series (at the longest window length) "
          + "for detractor, NPS and negative-sentiment changes, including pairs nobody configured as a series.");
  public static final Setting<Double> SLICES_FDR = number("detect.slices.fdr", "0.002", 1e-6, 0.2,
      "Benjamini-Hochberg false discovery rate across the slices judged together at one window; with no slice "
          + "changed it bounds the chance of any false slice alert per window judged.");
  public static final Setting<Integer> SLICES_MIN_SAMPLE = integer("detect.slices.min-sample", "30", 5, 1_000_000,
      "Answers or texts a slice pools across windows before it is judged.");
  public static final Setting<Boolean> SLICES_VOLUME = bool("detect.slices.volume", "true",
      "The slice watch also judges each slice's share of the global series' contacts against its usual share "
          + "(VOLUME_SURGE on the slice when it rises, VOLUME_DROP when it falls), both directions in one "
          + "Benjamini-Hochberg family of their own at detect.slices.fdr.");
  public static final Setting<Integer> SLICES_DAY_PARTS = integer("detect.slices.day-parts", "24", 1, 24,
      "Parts of the day (local hours in detect.time-zone, equal parts) with a usual contact share of their own "
          + "per slice, each shrunk toward the slice's overall share by its own evidence; 1: one usual share around "
          + "the clock.");
  public static final Setting<Boolean> SLICES_WEEKDAYS = bool("detect.slices.weekdays", "true",
      "With day parts above 1, each slice's usual contact share also follows the day of the week (local, in "
          + "detect.time-zone): a factor per weekday learned from the slice's share on that day in past weeks "
          + "(half-life three weeks), so a segment or channel quiet at weekends is not alerted every weekend. Days "
          + "not seen yet count as usual.");
  public static final Setting<Integer> SLICES_COUNTED = integer("detect.slices.counted-per-window", "2000", 1, 100_000,
      "Slices of the global series counted in each window the slice watch judges (the first seen in the window; "
          + "at least rootcause.max-slices). The slices beyond it are counted approximately, in a 32 kB sketch "
          + "of the window, so a watched slice left out of a full window (one that stops entirely, say) still "
          + "has an estimated count; a larger cap counts more of them exactly.");
  public static final Setting<Integer> SLICES_MAX = integer("detect.slices.max-slices", "400", 1, 100_000,
      "Slices the slice watch keeps state for (the busiest); further slices are not watched.");
  public static final Setting<Integer> SLICES_VERBATIMS = integer("detect.slices.verbatims", "5000", 0, 1_000_000,
      "Recent detractors' and negative texts of the global series kept (the latest, about a day at 20 "
          + "interactions a minute) to quote as verbatims of slice-watch alerts; 0: slice alerts quote none.");
  public static final Setting<Integer> ROOT_CAUSE_MAX_SLICES = integer("rootcause.max-slices", "400", 0, 100_000,
      "Slices (dimension values and pairs of values below a series) counted per window and kept in each "
          + "series' slice baseline, for the root causes of its alerts; 0 turns root causes off.");
  public static final Setting<Integer> ROOT_CAUSE_MIN_SIZE = integer("rootcause.min-size", "5", 1, 1_000_000,
      "Fewest observations (answers, texts, interactions) a slice needs in the judged window to be named a root cause.");
  public static final Setting<Integer> ROOT_CAUSE_MAX_CAUSES = integer("rootcause.max-causes", "3", 1, 20,
      "Root causes listed per alert.");
  public static final Setting<Double> ROOT_CAUSE_MIN_SHARE = number("rootcause.min-share", "0.2", 0.01, 1.0,
      "Smallest share of an alert's change (its extra bad outcomes) a slice must hold to be named a root cause.");
  public static final Setting<Double> ROOT_CAUSE_HALF_LIFE = number("rootcause.baseline-half-life-windows", "288",
      1.0, 1e6, "Half-life of the per-slice baselines the root causes are measured against, in windows.");

  // ------------------------------------------------------------------ Identity and churn

  /** The development default of {@link #IDENTITY_HASH_KEY}: jobs warn when they run with it. */
  public static final String DEVELOPMENT_HASH_KEY = "earshot-development-only-identity-key";

  public static final Setting<String> IDENTITY_HASH_KEY = new Setting<>("identity.hash-key", DEVELOPMENT_HASH_KEY,
      "Secret of the keyed hash (HMAC-SHA256) that pseudonymises customer ids, e-mail addresses, phones and handles; "
          + "at least 16 characters, the same for the enrich job, the signals job and 'identities load' (and the CRM "
          + "side that joins on the keys). The default is for development only: jobs warn when they use it.",
      "secret text, 16+ characters", value -> {
        if (value.length() < 16) {
          throw new IllegalArgumentException("must have at least 16 characters");
        }
        return value;
      });
  public static final Setting<Boolean> CHURN_ENABLED = bool("churn.enabled", "true",
      "Whether the signals job keeps per-customer journeys and raises CHURN_RISK alerts and customer signals.");
  public static final Setting<Duration> CHURN_STATE_TTL = duration("churn.state-ttl", "P90D",
      "A customer's journey state (and an identifier's mapping learned from interactions) expires after this long "
          + "without a contact (Flink state TTL, processing time): an idle customer costs nothing.");
  public static final Setting<Integer> CHURN_MAX_CONTACTS = integer("churn.max-contacts", "12", 3, 200,
      "Contacts kept per customer (compact facts, newest kept); bounds the journey state.");
  public static final Setting<Integer> CHURN_REPEAT_CONTACT_DAYS = integer("churn.repeat-contact-days", "7", 1, 90,
      "Contacts about the same topic (touchpoint or intent) within this many days, none resolved, count as repeated.");
  public static final Setting<Double> CHURN_ALERT_THRESHOLD = number("churn.alert-threshold", "60", 1.0, 100.0,
      "Churn risk score (0-100) at which a CHURN_RISK alert opens.");
  public static final Setting<Double> CHURN_CLEAR_THRESHOLD = number("churn.clear-threshold", "40", 0.0, 100.0,
      "Churn risk score below which an open CHURN_RISK alert resolves (hysteresis; below churn.alert-threshold).");
  public static final Setting<Duration> CHURN_COOLDOWN = duration("churn.cooldown", "P7D",
      "A customer's risk crossing the threshold again within this time after a resolution reopens the same alert.");
  public static final Setting<Map<String, Duration>> CHURN_REPLY_SLA = durationsByName("churn.reply-sla",
      "EMAIL=P1D,SOCIAL=PT4H,CHAT=PT15M,SMS=PT8H,APP=P1D",
      "Service level per channel: an inbound message on these channels without a later outbound or resolved "
          + "contact (or a reported wait) within the time counts as unanswered. CHANNEL=duration pairs.");
  public static final Setting<Duration> CHURN_COMPLAINT_SILENCE = duration("churn.complaint-silence", "P3D",
      "An unresolved complaint followed by no contact at all for this long counts as complaint-then-silence.");
  public static final Setting<String> CHURN_WEIGHTS = optionalText("churn.weights",
      "File of churn reason weights (CODE = multiplier lines, as './earshot churn calibrate' writes them) to use "
          + "instead of the built-in points (every multiplier 1); read and checked when the job starts.");
  public static final Setting<String> CHURN_ALERT_IDENTITY = choice("churn.alert-identity", "customer-id",
      List.of("customer-id", "key"),
      "Whom a CHURN_RISK alert names, so that the alert topic and Kibana say whom to call: customer-id (the internal "
          + "customer id a channel gave with the customer's contacts, besides the hashed key) or key (the hashed "
          + "customerKey only, where ids must not reach the alert topic). Never an e-mail address or phone number.");

  public static final Setting<Map<String, Duration>> LOOP_FOLLOW_UP_SLA = durationsByName("loop.follow-up-sla",
      "DEFAULT=P2D,CALL=P1D,CHAT=P1D,SOCIAL=P1D,SMS=P1D,APP=P1D,EMAIL=P2D,SURVEY=P2D",
      "Closing the loop: a detractor answer (NPS 0-6) or an unresolved complaint opens a follow-up due this long after "
          + "the contact, by the contact's channel; a later outbound or resolved contact with the customer closes it. "
          + "CHANNEL=duration pairs; DEFAULT applies to channels not named.");
  public static final Setting<Duration> LOOP_WINDOW = duration("loop.window", "P1D",
      "Event-time window of the follow-up metrics (opened, closed, overdue, follow-up rate, median time to close) "
          + "per team, per channel and overall, and of the alert on a team's overdue share.");

  // ------------------------------------------------------------------ registry

  private static final Map<String, Setting<?>> ALL = collect();

  /** Every setting by key, in declaration order. */
  public static Map<String, Setting<?>> all() {
    return ALL;
  }

  private static Map<String, Setting<?>> collect() {
    Map<String, Setting<?>> settings = new LinkedHashMap<>();
    for (Field field : Settings.class.getDeclaredFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getType() == Setting.class) {
        try {
          Setting<?> setting = (Setting<?>) field.get(null);
          settings.put(setting.key(), setting);
        } catch (IllegalAccessException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    return Collections.unmodifiableMap(settings);
  }

  // ------------------------------------------------------------------ parsers

  static Setting<String> text(String key, String defaultValue, String description) {
    return new Setting<>(key, defaultValue, description, "text", value -> {
      if (value.isEmpty()) {
        throw new IllegalArgumentException("must not be empty");
      }
      return value;
    });
  }

  static Setting<String> optionalText(String key, String description) {
    return new Setting<>(key, null, description, "text", value -> value.isEmpty() ? null : value);
  }

  static Setting<String> choice(String key, String defaultValue, List<String> choices, String description) {
    return new Setting<>(key, defaultValue, description, String.join("|", choices), value -> {
      String lower = value.toLowerCase(Locale.ROOT);
      if (!choices.contains(lower)) {
        throw new IllegalArgumentException("expected one of " + choices);
      }
      return lower;
    });
  }

  static Setting<Integer> integer(String key, String defaultValue, int min, int max, String description) {
    return new Setting<>(key, defaultValue, description, "integer " + min + ".." + max, value -> {
      int parsed;
      try {
        parsed = Integer.parseInt(value);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("expected a whole number");
      }
      if (parsed < min || parsed > max) {
        throw new IllegalArgumentException("expected " + min + " to " + max);
      }
      return parsed;
    });
  }

  static Setting<Double> number(String key, String defaultValue, double min, double max, String description) {
    return new Setting<>(key, defaultValue, description, "number " + min + ".." + max, value -> {
      double parsed;
      try {
        parsed = Double.parseDouble(value);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("expected a number");
      }
      if (!(parsed >= min && parsed <= max)) {
        throw new IllegalArgumentException("expected " + min + " to " + max);
      }
      return parsed;
    });
  }

  static Setting<Boolean> bool(String key, String defaultValue, String description) {
    return new Setting<>(key, defaultValue, description, "true|false", value -> {
      if (value.equalsIgnoreCase("true")) {
        return true;
      }
      if (value.equalsIgnoreCase("false")) {
        return false;
      }
      throw new IllegalArgumentException("expected true or false");
    });
  }

  static Setting<Duration> duration(String key, String defaultValue, String description) {
    return new Setting<>(key, defaultValue, description, "ISO-8601 duration", Settings::parseDuration);
  }

  static Setting<Duration> optionalDuration(String key, String description) {
    return new Setting<>(key, null, description, "ISO-8601 duration, or empty for none",
        value -> value.isEmpty() ? null : parseDuration(value));
  }

  static Setting<List<Duration>> durations(String key, String defaultValue, String description) {
    return new Setting<>(key, defaultValue, description, "ISO-8601 durations, comma-separated", value -> {
      List<Duration> parsed = new ArrayList<>();
      for (String part : splitList(value)) {
        parsed.add(parseDuration(part));
      }
      if (parsed.isEmpty()) {
        throw new IllegalArgumentException("expected at least one duration");
      }
      return List.copyOf(parsed);
    });
  }

  static Setting<List<String>> list(String key, String defaultValue, String description) {
    return new Setting<>(key, defaultValue, description, "comma-separated list", value -> List.copyOf(splitList(value)));
  }

  /** {@code NAME=duration} pairs, comma-separated; names are upper-cased. */
  static Setting<Map<String, Duration>> durationsByName(String key, String defaultValue, String description) {
    return new Setting<>(key, defaultValue, description, "NAME=ISO-8601 duration pairs, comma-separated", value -> {
      Map<String, Duration> parsed = new LinkedHashMap<>();
      for (String part : splitList(value)) {
        int eq = part.indexOf('=');
        if (eq <= 0) {
          throw new IllegalArgumentException("expected NAME=duration, got '" + part + "'");
        }
        parsed.put(part.substring(0, eq).strip().toUpperCase(Locale.ROOT), parseDuration(part.substring(eq + 1)));
      }
      return Collections.unmodifiableMap(parsed);
    });
  }

  /** A time zone id ({@code UTC}, {@code Europe/Paris}, {@code +02:00}), checked when the configuration is read. */
  static Setting<ZoneId> zone(String key, String defaultValue, String description) {
    return new Setting<>(key, defaultValue, description, "time zone id", value -> {
      try {
        return ZoneId.of(value.strip());
      } catch (DateTimeException e) {
        throw new IllegalArgumentException("expected a time zone id such as UTC or Europe/Paris");
      }
    });
  }

  static Setting<Instant> instant(String key, String defaultValue, String description) {
    return new Setting<>(key, defaultValue, description, "ISO-8601 instant", value -> {
      try {
        return Instant.parse(value);
      } catch (java.time.format.DateTimeParseException e) {
        throw new IllegalArgumentException("expected an ISO-8601 instant such as 2000-01-01T00:00:00Z");
      }
    });
  }

  static Duration parseDuration(String value) {
    try {
      Duration duration = Duration.parse(value.strip().toUpperCase(Locale.ROOT));
      if (duration.isNegative() || duration.isZero()) {
        throw new IllegalArgumentException("expected a positive duration");
      }
      return duration;
    } catch (java.time.format.DateTimeParseException e) {
      throw new IllegalArgumentException("expected an ISO-8601 duration such as PT5M or PT1H");
    }
  }

  private static List<String> splitList(String value) {
    return Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
  }

  /** Aliases kept for the documented short environment variable names. */
  static final Map<String, Setting<?>> ENVIRONMENT_ALIASES = Map.of(
      "EARSHOT_KAFKA_BOOTSTRAP", KAFKA_BOOTSTRAP,
      "EARSHOT_ES_URL", ES_URL);
}
