package earshot.jobs.signals;

import earshot.jobs.churn.ChurnSettings;
import earshot.jobs.churn.CustomerContact;
import earshot.jobs.churn.LoopEvent;
import earshot.jobs.identity.IdentityAnswer;
import earshot.jobs.identity.IdentityRequest;
import earshot.schemas.Alert;
import earshot.schemas.CustomerProfile;
import earshot.schemas.CustomerSignal;
import earshot.schemas.EnrichedInteraction;
import earshot.schemas.IdentityLink;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * The signals job's churn path, from enriched interactions and the identity topic to CHURN_RISK
 * alerts, customer signals, customer profiles and identity links:
 *
 * <pre>
 *   enriched ─► route ─┬─ named customer ───────────────────────────────┐
 *                      └─ claims, lookups ─► identity table ─► gather ──┴─► journeys ─► alerts
 *   identity topic ──────────────────────────┘     │             │            ├─► customer signals
 *                                                  │             │            ├─► customer profiles
 *                                                  │             │            └─► loop events (follow-ups)
 *                  links learned, conflicts ◄──────┴─────────────┘
 * </pre>
 *
 * The metric windows do not depend on it: an interaction that resolves to nobody still counts there.
 */
public final class ChurnPath {

  private ChurnPath() {}

  /**
   * @param alerts CHURN_RISK alert states (not grouped like series alerts)
   * @param signals customer signals, identity conflicts included
   * @param links identity links to publish to the identity topic
   * @param profiles each customer's profile after a change ({@link TrackJourneys#PROFILES})
   * @param loopEvents follow-ups opened, closed and gone overdue ({@link TrackJourneys#LOOP_EVENTS})
   */
  public record Outputs(DataStream<Alert> alerts, DataStream<CustomerSignal> signals, DataStream<IdentityLink> links,
      DataStream<CustomerProfile> profiles, DataStream<LoopEvent> loopEvents) {}

  /**
   * @param enriched enriched interactions with event-time timestamps and watermarks
   * @param identities the identity topic's records; their watermarks decide how long lookups wait
   *     (see {@link SignalsJob#identityWatermarks}: hold back while the table is read, then idle)
   */
  public static Outputs build(DataStream<EnrichedInteraction> enriched, DataStream<IdentityLink> identities,
      ChurnSettings settings) {
    return build(enriched, identities, settings, false);
  }

  /**
   * As {@link #build(DataStream, DataStream, ChurnSettings)}; with {@code watermarkOrder} (replays) the
   * journeys take contacts that came later than the watermark in watermark order ({@link TrackJourneys}).
   */
  public static Outputs build(DataStream<EnrichedInteraction> enriched, DataStream<IdentityLink> identities,
      ChurnSettings settings, boolean watermarkOrder) {
    SingleOutputStreamOperator<CustomerContact> named = enriched
        .process(new RouteToCustomers(), TypeInformation.of(CustomerContact.class))
        .uid("signals-churn-route").name("Churn: route interactions to customers");
    DataStream<IdentityRequest> requests = named.getSideOutput(RouteToCustomers.REQUESTS);
    SingleOutputStreamOperator<IdentityAnswer> answers = identities
        .keyBy(IdentityLink::getIdentifierKey)
        .connect(requests.keyBy(r -> r.identifierKey))
        .process(new ResolveIdentities(watermarkOrder), TypeInformation.of(IdentityAnswer.class))
        .uid("signals-churn-identities").name("Churn: identity table");
    SingleOutputStreamOperator<CustomerContact> resolved = answers
        .keyBy(a -> a.interactionId)
        .process(new GatherResolutions(), TypeInformation.of(CustomerContact.class))
        .uid("signals-churn-resolve").name("Churn: resolve interactions without a customer id");
    SingleOutputStreamOperator<Alert> alerts = named.union(resolved)
        .keyBy(c -> c.customerKey)
        .process(new TrackJourneys(settings, watermarkOrder), new AvroTypeInfo<>(Alert.class))
        .uid("signals-churn-journeys").name("Churn: customer journeys and risk");
    DataStream<CustomerSignal> signals = alerts.getSideOutput(TrackJourneys.SIGNALS)
        .union(answers.getSideOutput(ResolveIdentities.CONFLICTS), resolved.getSideOutput(GatherResolutions.CONFLICTS));
    DataStream<IdentityLink> links = answers.getSideOutput(ResolveIdentities.LINKS)
        .union(resolved.getSideOutput(GatherResolutions.LINKS));
    return new Outputs(alerts, signals, links, alerts.getSideOutput(TrackJourneys.PROFILES),
        alerts.getSideOutput(TrackJourneys.LOOP_EVENTS));
  }
}
