package earshot.jobs.signals;

import earshot.jobs.churn.ChurnEngine;
import earshot.jobs.churn.ChurnSettings;
import earshot.jobs.churn.CustomerContact;
import earshot.jobs.churn.CustomerJourney;
import earshot.jobs.churn.CustomerProfiles;
import earshot.jobs.churn.LoopEvent;
import earshot.schemas.Alert;
import earshot.schemas.AlertState;
import earshot.schemas.AvroTrust;
import earshot.schemas.CustomerProfile;
import earshot.schemas.CustomerSignal;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.ListTypeInfo;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Each customer's journey, keyed by customer key: runs the {@link ChurnEngine} on the customer's
 * contacts and on the passing of event time, and publishes CHURN_RISK alert states (main output),
 * customer signals ({@link #SIGNALS}: follow-ups included), customer profiles ({@link #PROFILES}: at most one
 * per batch of contacts taken together, and after a timer only on a material change, see
 * {@link CustomerProfiles}) and the steps of the customer's follow-ups ({@link #LOOP_EVENTS}).
 *
 * <ul>
 *   <li>Contacts from every channel arrive through different paths (directly, or after identity
 *       resolution); each waits until the watermark passes its time and the contacts of a customer
 *       are then taken in event-time order, so that transitions (promoter then detractor, a message
 *       then its answer) read the way they happened. A contact later than the watermark is taken at once;
 *       with {@code watermarkOrder} (replays) it is held until the watermark passes the one it was routed at
 *       ({@link CustomerContact#routedAtWatermark}), since which contacts a path's watermark has passed
 *       depends on how far the other path has got, which is the tasks' timing.
 *   <li>After each evaluation an event-time timer is set for the next moment the score may change
 *       without a contact (a service level running out, a silence long enough, the moment an open
 *       alert's score decays below the clear threshold, a follow-up's due time); it fires even when the customer never
 *       writes again. The end of a bounded input moves the watermark to its maximum, which is not
 *       time passing: then waiting contacts are taken, and time-driven checks only up to the latest
 *       contact this subtask has seen. How far the periodic watermark got before the end depends on
 *       timing; this rule does not, so a replay gives the same alerts on every run.
 *   <li>The journey and the waiting contacts live under a state TTL ({@code churn.state-ttl}, counted
 *       in processing time as Flink's state TTL is): an idle customer's state is no longer read, is
 *       left out of full snapshots and savepoints, and is removed in the background (incrementally
 *       on the heap backend, by compaction on RocksDB).
 * </ul>
 * Counters {@code earshotChurnContacts}, {@code earshotChurnAlertsRaised}.
 */
public final class TrackJourneys extends KeyedProcessFunction<String, CustomerContact, Alert> {

  // Task managers read Earshot's Avro records as soon as this function is deployed (state
  // restore comes before open()): trust the generated classes when this class loads.
  static {
    AvroTrust.install();
  }

  private static final long serialVersionUID = 1L;

  public static final OutputTag<CustomerSignal> SIGNALS =
      new OutputTag<>("customer-signals", new AvroTypeInfo<>(CustomerSignal.class));

  /** Each customer's profile after a change (customer 360), in event-time order per customer. */
  public static final OutputTag<CustomerProfile> PROFILES =
      new OutputTag<>("customer-profiles", new AvroTypeInfo<>(CustomerProfile.class));

  /**
   * Follow-ups opened, closed and gone overdue ({@link earshot.jobs.churn.FollowUps}), for the follow-up
   * metrics; each carries its own event time ({@link LoopEvent#at}).
   */
  public static final OutputTag<LoopEvent> LOOP_EVENTS =
      new OutputTag<>("loop-events", TypeInformation.of(LoopEvent.class));

  private static final Comparator<CustomerContact> ORDER = Comparator
      .comparingLong((CustomerContact c) -> c.contact.at).thenComparing(c -> c.contact.interactionId);

  private final ChurnSettings settings;
  private final boolean watermarkOrder;
  private transient ValueState<CustomerJourney> journey;
  private transient WatermarkHold<CustomerContact> waiting;
  private transient ChurnEngine engine;
  private transient CustomerProfiles profiles;
  private transient Counter contacts;
  private transient Counter raised;
  /**
   * The latest contact time this subtask has seen: how far the input shows that time has passed,
   * for the end of a bounded input. Not checkpointed: after a restore it counts from the restore.
   */
  private transient long latestContact;

  public TrackJourneys(ChurnSettings settings) {
    this(settings, false);
  }

  /** @param watermarkOrder whether a contact later than the watermark waits for the watermark to pass its routing */
  public TrackJourneys(ChurnSettings settings, boolean watermarkOrder) {
    this.settings = settings;
    this.watermarkOrder = watermarkOrder;
  }

  @Override
  public void open(OpenContext context) {
    StateTtlConfig ttl = StateTtlConfig.newBuilder(settings.stateTtl())
        .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
        .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
        .cleanupFullSnapshot()
        // One entry checked per state access instead of Flink's default five: every contact reads and
        // writes both states several times, so the sweep still goes round all customers steadily, and
        // checking a waiting-contacts entry copies its lists (the profile showed this as a tenth of the task).
        .cleanupIncrementally(1, false)
        .build();
    ValueStateDescriptor<CustomerJourney> journeyDescriptor =
        new ValueStateDescriptor<>("journey", TypeInformation.of(CustomerJourney.class));
    journeyDescriptor.enableTimeToLive(ttl);
    journey = getRuntimeContext().getState(journeyDescriptor);
    MapStateDescriptor<Long, List<CustomerContact>> waitingDescriptor = new MapStateDescriptor<>("waiting-contacts",
        Types.LONG, new ListTypeInfo<>(TypeInformation.of(CustomerContact.class)));
    waitingDescriptor.enableTimeToLive(ttl);
    waiting = new WatermarkHold<>(getRuntimeContext().getMapState(waitingDescriptor));
    engine = new ChurnEngine(settings);
    profiles = new CustomerProfiles(settings);
    contacts = getRuntimeContext().getMetricGroup().counter("earshotChurnContacts");
    raised = getRuntimeContext().getMetricGroup().counter("earshotChurnAlertsRaised");
    latestContact = Long.MIN_VALUE;
  }

  @Override
  public void processElement(CustomerContact contact, Context context, Collector<Alert> out) throws Exception {
    long at = contact.contact.at;
    latestContact = Math.max(latestContact, at);
    if (!waiting.hold(WatermarkHold.until(at, contact.routedAtWatermark, watermarkOrder), contact,
        context.timerService())) {
      take(List.of(contact), context, out);
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext context, Collector<Alert> out) throws Exception {
    List<CustomerContact> batch = waiting.release(timestamp);
    if (batch != null) {
      batch.sort(ORDER);
      take(batch, context, out);
      return;
    }
    if (!timeHasPassed(timestamp, context)) {
      return;
    }
    CustomerJourney current = journey.value();
    if (current == null) {
      return;
    }
    ChurnEngine.Outcome outcome = engine.onTime(context.getCurrentKey(), current, timestamp);
    publish(outcome, context, out);
    if (profiles.dueAfterTime(current, outcome)) {
      context.output(PROFILES, profiles.publish(context.getCurrentKey(), current, outcome.score()));
    }
    journey.update(current);
    schedule(outcome, context);
  }

  private void take(List<CustomerContact> batch, Context context, Collector<Alert> out) throws Exception {
    CustomerJourney current = journey.value();
    if (current == null) {
      current = new CustomerJourney();
    }
    ChurnEngine.Outcome last = null;
    ChurnEngine.Outcome lastEvaluated = null;
    for (CustomerContact contact : batch) {
      contacts.inc();
      last = engine.onContact(context.getCurrentKey(), contact.customerId, current, contact.contact, contact.value());
      publish(last, context, out);
      if (profiles.dueAfterContacts(last)) {
        lastEvaluated = last;
      }
    }
    if (lastEvaluated != null) {
      // One profile for the batch, after its last evaluation: the journey as it now stands.
      context.output(PROFILES, profiles.publish(context.getCurrentKey(), current, lastEvaluated.score()));
    }
    journey.update(current);
    if (last != null) {
      schedule(last, context);
    }
  }

  private void publish(ChurnEngine.Outcome outcome, Context context, Collector<Alert> out) {
    for (Alert alert : outcome.alerts()) {
      if (alert.getState() == AlertState.OPEN) {
        raised.inc();
      }
      out.collect(alert);
    }
    for (CustomerSignal signal : outcome.signals()) {
      context.output(SIGNALS, signal);
    }
    for (LoopEvent event : outcome.loopEvents()) {
      context.output(LOOP_EVENTS, event);
    }
  }

  private void schedule(ChurnEngine.Outcome outcome, Context context) {
    if (outcome.nextCheck() != Long.MAX_VALUE && timeHasPassed(outcome.nextCheck(), context)) {
      context.timerService().registerEventTimeTimer(outcome.nextCheck());
    }
  }

  /**
   * Whether event time may be taken to have reached {@code timestamp}: always while the stream runs
   * (timers fire once the watermark passes them); at the end of a bounded input only up to the
   * latest contact seen.
   */
  private boolean timeHasPassed(long timestamp, Context context) {
    return context.timerService().currentWatermark() != Long.MAX_VALUE || timestamp <= latestContact;
  }
}
