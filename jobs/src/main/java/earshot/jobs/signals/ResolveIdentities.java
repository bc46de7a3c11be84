package earshot.jobs.signals;

import earshot.jobs.identity.IdentityAnswer;
import earshot.jobs.identity.IdentityEntry;
import earshot.jobs.identity.IdentityRequest;
import earshot.jobs.identity.IdentityRules;
import earshot.schemas.AvroTrust;
import earshot.schemas.CustomerSignal;
import earshot.schemas.IdentityLink;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.ListTypeInfo;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The identity table, keyed by identifier key: which customer each identifier belongs to
 * ({@link IdentityEntry}), fed by the identity topic (first input: CRM records and LINKED links) and
 * asked by interactions (second input: claims and lookups, see {@link RouteToCustomers}). The rules
 * for conflicts are {@link IdentityRules}.
 *
 * <p>Links apply as they arrive. Requests wait until the watermark passes their interaction's time
 * and are then answered in event-time order (claims before lookups at the same instant): a lookup
 * sees every link read before it and every claim of an earlier interaction, whatever the order the
 * inputs happened to arrive in. On a live stream this costs the watermark's delay; a replay whose
 * identity input holds back the watermark until it is read (a CRM file) resolves against all of it.
 * A request later than the watermark is answered at once; with {@code watermarkOrder} (replays) it waits
 * until the watermark passes the one it was sent at ({@link WatermarkHold#until}).
 *
 * <p>Outputs: answers to lookups; links learned from claims, and mappings re-asserted after a
 * conflicting LINKED record ({@link #LINKS}, for the identity topic); conflicts ({@link #CONFLICTS}).
 * Counters {@code earshotIdentityConflicts}, {@code earshotIdentityLinksLearned},
 * {@code earshotIdentityLookups}, {@code earshotIdentityLookupsUnknown}. The table has no TTL: it is
 * as large as the identifiers known, like the compacted topic behind it.
 */
public final class ResolveIdentities extends KeyedCoProcessFunction<String, IdentityLink, IdentityRequest, IdentityAnswer> {

  // Task managers read Earshot's Avro records as soon as this function is deployed (state
  // restore comes before open()): trust the generated classes when this class loads.
  static {
    AvroTrust.install();
  }

  private static final long serialVersionUID = 1L;

  public static final OutputTag<IdentityLink> LINKS = new OutputTag<>("identity-links", new AvroTypeInfo<>(IdentityLink.class));
  public static final OutputTag<CustomerSignal> CONFLICTS =
      new OutputTag<>("identity-conflicts", new AvroTypeInfo<>(CustomerSignal.class));

  private static final Comparator<IdentityRequest> ORDER = Comparator
      .comparingLong((IdentityRequest r) -> r.at)
      .thenComparing(r -> !r.isClaim())
      .thenComparing(r -> r.interactionId);

  private final boolean watermarkOrder;
  private transient ValueState<IdentityEntry> entry;
  private transient WatermarkHold<IdentityRequest> pending;
  private transient Counter conflicts;
  private transient Counter learned;
  private transient Counter lookups;
  private transient Counter unknown;

  public ResolveIdentities() {
    this(false);
  }

  /** @param watermarkOrder whether a request later than the watermark waits for the watermark to pass its sending */
  public ResolveIdentities(boolean watermarkOrder) {
    this.watermarkOrder = watermarkOrder;
  }

  @Override
  public void open(OpenContext context) {
    entry = getRuntimeContext().getState(new ValueStateDescriptor<>("identity", TypeInformation.of(IdentityEntry.class)));
    pending = new WatermarkHold<>(getRuntimeContext().getMapState(new MapStateDescriptor<>("pending-requests", Types.LONG,
        new ListTypeInfo<>(TypeInformation.of(IdentityRequest.class)))));
    var metrics = getRuntimeContext().getMetricGroup();
    conflicts = metrics.counter("earshotIdentityConflicts");
    learned = metrics.counter("earshotIdentityLinksLearned");
    lookups = metrics.counter("earshotIdentityLookups");
    unknown = metrics.counter("earshotIdentityLookupsUnknown");
  }

  @Override
  public void processElement1(IdentityLink link, Context context, Collector<IdentityAnswer> out) throws Exception {
    apply(IdentityRules.onLink(link.getIdentifierKey(), entry.value(), link), context);
  }

  @Override
  public void processElement2(IdentityRequest request, Context context, Collector<IdentityAnswer> out) throws Exception {
    if (!pending.hold(WatermarkHold.until(request.at, request.routedAtWatermark, watermarkOrder), request,
        context.timerService())) {
      handle(request, context, out);
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext context, Collector<IdentityAnswer> out) throws Exception {
    List<IdentityRequest> batch = pending.release(timestamp);
    if (batch == null) {
      return;
    }
    batch.sort(ORDER);
    for (IdentityRequest request : batch) {
      handle(request, context, out);
    }
  }

  private void handle(IdentityRequest request, Context context, Collector<IdentityAnswer> out) throws Exception {
    if (request.isClaim()) {
      apply(IdentityRules.onClaim(request.identifierKey, entry.value(), request.claimedBy, request.interactionId,
          request.at), context);
      return;
    }
    IdentityEntry known = entry.value();
    lookups.inc();
    if (known == null) {
      unknown.inc();
    }
    out.collect(new IdentityAnswer(request, known == null ? null : known.customerKey));
  }

  private void apply(IdentityRules.Decision decision, Context context) throws Exception {
    if (decision.entry() != null) {
      entry.update(decision.entry());
    }
    if (decision.publish() != null) {
      if (decision.publish().getInteractionId() != null) {
        learned.inc();
      }
      context.output(LINKS, decision.publish());
    }
    if (decision.conflicting()) {
      conflicts.inc();
    }
    if (decision.conflict() != null) {
      context.output(CONFLICTS, decision.conflict());
    }
  }
}
