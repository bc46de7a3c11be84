package earshot.jobs.signals;

import earshot.jobs.churn.ChurnEngine;
import earshot.jobs.churn.ChurnIntent;
import earshot.jobs.churn.ChurnSettings;
import earshot.jobs.churn.Contact;
import earshot.jobs.churn.CustomerJourney;
import earshot.jobs.churn.CustomerValue;
import earshot.jobs.config.EarshotConfig;
import earshot.jobs.detect.AlertGrouper;
import earshot.jobs.detect.LateShare;
import earshot.jobs.detect.SeriesMonitor;
import earshot.jobs.detect.SeriesState;
import earshot.jobs.identity.IdentityEntry;
import earshot.jobs.identity.IdentityRules;
import earshot.jobs.metrics.CxMetrics;
import earshot.jobs.metrics.Observation;
import earshot.jobs.metrics.SeriesCatalog;
import earshot.jobs.metrics.WindowResult;
import earshot.schemas.Alert;
import earshot.schemas.Channel;
import earshot.schemas.Direction;
import earshot.schemas.IdentityLink;
import earshot.schemas.IdentitySource;
import earshot.schemas.Interaction;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * Keyed state as the signals job holds it after three days of a small catalog, made by the job's own
 * functions (aggregation, detectors, slice watch, alert grouping) with the default configuration: the
 * global series' and touchpoint=billing's detector state, an hourly window's accumulator (with a slice
 * cap small enough to drop slices) and the alert groups after a detractor incident on billing; and
 * the churn path's and the late-data watch's state: a customer's journey after a fortnight that
 * degrades, an identifier's entry in the identity table, and a series' late-record ledger with its
 * alert open.
 *
 * <p>{@link #write} records them as a release leaves them in a savepoint, per type: the serializer's
 * snapshot ({@code NAME.snapshot}), the value's bytes ({@code NAME.bytes}) and its {@link StateDump}
 * ({@code NAME.fields.gz}, gzipped lines). {@code StateUpgradeTest} restores every recorded release with the current
 * classes. Only API that older releases have is used here, so this class can record them too.
 */
final class StateFixtures {

  /** The recorded states and the classes they restore as. */
  static final Map<String, Class<?>> TYPES = types();

  private StateFixtures() {}

  private static Map<String, Class<?>> types() {
    Map<String, Class<?>> types = new LinkedHashMap<>();
    types.put("window-accumulator", CxMetrics.class);
    types.put("series-global", SeriesState.class);
    types.put("series-touchpoint-billing", SeriesState.class);
    types.put("alert-groups", AlertGrouper.Groups.class);
    types.put("customer-journey", CustomerJourney.class);
    types.put("identity-entry", IdentityEntry.class);
    types.put("late-ledger", LateShare.Ledger.class);
    return types;
  }

  /** The states, by the names of {@link #TYPES}. */
  static Map<String, Object> samples() {
    SignalsSettings settings = SignalsSettings.from(EarshotConfig.defaults());
    SeriesCatalog catalog = settings.series();
    AggregateMetrics aggregate = AggregateMetrics.forWindow(settings, true);
    AggregateMetrics capped = new AggregateMetrics(12);
    SeriesMonitor monitor = new SeriesMonitor(settings.detectors(), settings.emergingMaxDimensions(),
        settings.rootCauses(), settings.slices());
    AlertGrouper grouper = new AlertGrouper(settings.detectors().cooldownWindows());
    AlertGrouper.Groups groups = new AlertGrouper.Groups();
    Map<String, SeriesState> states = new TreeMap<>();
    CxMetrics accumulator = null;
    Random random = new Random(17);
    long start = Instant.parse("2026-11-02T00:00:00Z").toEpochMilli();
    long hour = 3_600_000L;
    String[] touchpoints = {"billing", "delivery", "support"};
    String[] regions = {"north", "south"};
    String[] segments = {"SMB", "consumer"};
    String[] phrases = {"late delivery", "double charge", "friendly agent", "app login", "long wait"};
    for (int h = 0; h < 72; h++) {
      Map<String, CxMetrics> windows = new TreeMap<>();
      accumulator = capped.createAccumulator();
      int interactions = 150 + random.nextInt(50);
      for (int i = 0; i < interactions; i++) {
        String touchpoint = touchpoints[random.nextInt(touchpoints.length)];
        boolean incident = h >= 62 && touchpoint.equals("billing");
        long at = start + h * hour + i * (hour / interactions);
        Interaction interaction = Interaction.newBuilder().setInteractionId("h" + h + "-" + i)
            .setChannel(random.nextBoolean() ? Channel.CALL : Channel.CHAT).setOccurredAt(Instant.ofEpochMilli(at))
            .setTouchpoint(touchpoint).setRegion(regions[random.nextInt(regions.length)])
            .setSegment(segments[random.nextInt(segments.length)]).build();
        Observation o = new Observation();
        o.interactionId = interaction.getInteractionId();
        o.occurredAt = at;
        o.nps = incident ? random.nextInt(5) : 4 + random.nextInt(7);
        o.analysed = true;
        o.sentimentScore = incident ? -0.6 : random.nextDouble() * 2 - 0.8;
        o.negative = o.sentimentScore < -0.3;
        o.waitSeconds = random.nextInt(300);
        o.transfers = random.nextInt(8) == 0 ? 1 : 0;
        o.keyPhrases = new ArrayList<>(List.of(incident ? "double charge" : phrases[random.nextInt(phrases.length)]));
        o.intents = new ArrayList<>(List.of(incident ? "billing_problem" : "praise"));
        o.text = "customer text " + i;
        o.sliceKeys = catalog.sliceKeysFor(interaction);
        for (String key : catalog.keysFor(interaction)) {
          Observation inSeries = o.inSeries(key, catalog.sliceMaskOf(key));
          aggregate.add(inSeries, windows.computeIfAbsent(key, k -> aggregate.createAccumulator()));
          if (SeriesCatalog.GLOBAL.equals(key)) {
            capped.add(inSeries, accumulator);
          }
        }
      }
      List<Alert> alerts = new ArrayList<>();
      for (Map.Entry<String, CxMetrics> window : windows.entrySet()) {
        WindowResult result = WindowResult.of(window.getKey(), start + h * hour, start + (h + 1) * hour, 0,
            window.getValue());
        SeriesState state = states.computeIfAbsent(window.getKey(), k -> new SeriesState());
        alerts.addAll(monitor.onWindow(state, result.snapshot, result.terms, result.breakdown));
      }
      grouper.onWindow(alerts, groups);
    }
    Map<String, Object> samples = new LinkedHashMap<>();
    samples.put("window-accumulator", accumulator);
    samples.put("series-global", states.get(SeriesCatalog.GLOBAL));
    samples.put("series-touchpoint-billing", states.get("touchpoint=billing"));
    samples.put("alert-groups", groups);
    samples.put("customer-journey", journey(start));
    samples.put("identity-entry", identity(start));
    samples.put("late-ledger", lateLedger(start));
    return samples;
  }

  /**
   * A customer's journey after a fortnight that degrades (unresolved billing calls, transfers, a
   * detractor answer, a wish to cancel), with the churn engine's default settings: contacts, the risk
   * it opened an alert on, and the follow-ups still due.
   */
  private static CustomerJourney journey(long start) {
    ChurnEngine engine = new ChurnEngine(ChurnSettings.defaults());
    CustomerJourney journey = new CustomerJourney();
    long day = 24 * 3_600_000L;
    String customer = "5d41402abc4b2a76b9719d911017c592";
    CustomerValue value = CustomerValue.of(Map.of("valueTier", "gold"));
    for (int d = 0; d < 14; d++) {
      Contact contact = new Contact();
      contact.interactionId = "journey-" + d;
      contact.at = start + d * day + 9 * 3_600_000L;
      contact.channel = d % 3 == 0 ? Channel.EMAIL : Channel.CALL;
      contact.direction = d == 5 ? Direction.OUTBOUND : Direction.INBOUND;
      contact.touchpoint = d < 4 ? "support" : "billing";
      contact.team = "team-" + (d % 2);
      contact.sentiment = (float) (d < 4 ? 0.5 : -0.3 - d * 0.04);
      contact.nps = (byte) (d == 0 ? 10 : d == 11 ? 2 : Contact.UNKNOWN);
      contact.transfers = (byte) (d >= 6 ? 2 : 0);
      contact.resolved = (byte) (d < 4 ? 1 : 0);
      contact.waitSeconds = 60 * d;
      if (d == 12) {
        contact.intents = ChurnIntent.CANCELLATION.bit();
      }
      engine.onContact(customer, customer, journey, contact, value);
      engine.onTime(customer, journey, contact.at + day / 2);
    }
    return journey;
  }

  /** An identifier first learned from an interaction, then confirmed by the CRM, with one conflict reported. */
  private static IdentityEntry identity(long start) {
    String identifier = "email:3c59dc048e8850243be8079a5c74d079";
    IdentityEntry entry = IdentityRules.onClaim(identifier, null, "customer-a", "claim-1", start).entry();
    entry = IdentityRules.onLink(identifier, entry, IdentityLink.newBuilder().setIdentifierKey(identifier)
        .setCustomerKey("customer-a").setSource(IdentitySource.CRM).setObservedAt(Instant.ofEpochMilli(start + 1_000))
        .setInteractionId(null).build()).entry();
    return IdentityRules.onClaim(identifier, entry, "customer-b", "claim-2", start + 2_000).entry();
  }

  /** A series' late-record ledger with its DATA_QUALITY alert open, then updated as more arrive late. */
  private static LateShare.Ledger lateLedger(long start) {
    LateShare lateShare = new LateShare(0.05, 20, java.time.Duration.ofHours(24));
    LateShare.Ledger ledger = new LateShare.Ledger();
    ledger.onTime = 400;
    for (int i = 1; i <= 60; i++) {
      ledger.late++;
      lateShare.evaluate(ledger, "touchpoint=billing", Map.of("touchpoint", "billing"), 300, start, start + i * 60_000L);
    }
    return ledger;
  }

  static <T> TypeSerializer<T> serializer(Class<T> type) {
    return TypeInformation.of(type).createSerializer(new SerializerConfigImpl());
  }

  /** Records {@link #samples} into {@code dir} as described above. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static void write(Path dir) throws IOException {
    Files.createDirectories(dir);
    for (Map.Entry<String, Object> sample : samples().entrySet()) {
      TypeSerializer serializer = serializer(TYPES.get(sample.getKey()));
      DataOutputSerializer snapshot = new DataOutputSerializer(1024);
      TypeSerializerSnapshot.writeVersionedSnapshot(snapshot, serializer.snapshotConfiguration());
      Files.write(dir.resolve(sample.getKey() + ".snapshot"), snapshot.getCopyOfBuffer());
      DataOutputSerializer bytes = new DataOutputSerializer(1 << 16);
      serializer.serialize(sample.getValue(), bytes);
      Files.write(dir.resolve(sample.getKey() + ".bytes"), bytes.getCopyOfBuffer());
      try (Writer fields = new OutputStreamWriter(new GZIPOutputStream(
          Files.newOutputStream(dir.resolve(sample.getKey() + ".fields.gz"))), StandardCharsets.UTF_8)) {
        fields.write(String.join("\n", StateDump.of(sample.getValue())) + "\n");
      }
    }
  }
}
