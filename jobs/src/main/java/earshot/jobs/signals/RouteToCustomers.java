package earshot.jobs.signals;

import earshot.jobs.churn.Contact;
import earshot.jobs.churn.CustomerContact;
import earshot.jobs.churn.CustomerValue;
import earshot.jobs.identity.IdentifierKind;
import earshot.jobs.identity.IdentityRequest;
import earshot.schemas.AvroTrust;
import earshot.schemas.EnrichedInteraction;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The first step of the churn path: an interaction that names its customer ({@code customerKey})
 * goes straight to the customer's journey (with its customer id, which CHURN_RISK alerts may show), and each of its other identifiers is claimed for that
 * customer in the identity table ({@link #REQUESTS}); one that carries only identifiers (an e-mail
 * address, a handle) asks the identity table who it is, one lookup per identifier, most trusted
 * first. One with neither is anonymous: it counts in the metrics like every interaction, but joins
 * no journey (counter {@code earshotAnonymousContacts}).
 */
public final class RouteToCustomers extends ProcessFunction<EnrichedInteraction, CustomerContact> {

  // Task managers read Earshot's Avro records as soon as this function is deployed (state
  // restore comes before open()): trust the generated classes when this class loads.
  static {
    AvroTrust.install();
  }

  private static final long serialVersionUID = 1L;

  /** Claims and lookups for the identity table. */
  public static final OutputTag<IdentityRequest> REQUESTS =
      new OutputTag<>("identity-requests", TypeInformation.of(IdentityRequest.class));

  private transient Counter anonymous;

  @Override
  public void open(OpenContext context) {
    anonymous = getRuntimeContext().getMetricGroup().counter("earshotAnonymousContacts");
  }

  @Override
  public void processElement(EnrichedInteraction enriched, Context context, Collector<CustomerContact> out) {
    Contact contact = Contact.of(enriched);
    CustomerValue value = CustomerValue.of(enriched.getInteraction().getAttributes());
    List<String> identifiers = ordered(enriched.getIdentifierKeys());
    String customerKey = enriched.getCustomerKey();
    long watermark = context.timerService().currentWatermark();
    if (customerKey != null) {
      CustomerContact named = new CustomerContact(customerKey, customerId(enriched), contact, value);
      named.routedAtWatermark = watermark;
      out.collect(named);
      for (String identifier : identifiers) {
        IdentityRequest claim = IdentityRequest.claim(identifier, contact.interactionId, contact.at, customerKey);
        claim.routedAtWatermark = watermark;
        context.output(REQUESTS, claim);
      }
    } else if (!identifiers.isEmpty()) {
      CustomerContact unresolved = new CustomerContact(null, contact, value);
      unresolved.routedAtWatermark = watermark;
      for (int rank = 0; rank < identifiers.size(); rank++) {
        IdentityRequest lookup = IdentityRequest.lookup(identifiers.get(rank), contact.interactionId, contact.at, rank,
            identifiers.size(), unresolved);
        lookup.routedAtWatermark = watermark;
        context.output(REQUESTS, lookup);
      }
    } else {
      anonymous.inc();
    }
  }

  /**
   * The interaction's customer id as its key was computed from (trimmed), or null. The enrich job
   * clears an id it could not hash, so an interaction with a key has a valid one.
   */
  static String customerId(EnrichedInteraction enriched) {
    String id = enriched.getInteraction().getCustomerId();
    if (id == null || id.isBlank()) {
      return null;
    }
    try {
      return IdentifierKind.CUSTOMER.normalise(id);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** Distinct identifier keys, most trusted kind first (e-mail, phone, handle), otherwise in the order given. */
  static List<String> ordered(List<String> keys) {
    List<String> out = new ArrayList<>();
    for (String key : keys) {
      if (!out.contains(key) && known(key)) {
        out.add(key);
      }
    }
    out.sort(Comparator.comparingInt(k -> IdentifierKind.ofKey(k).ordinal()));
    return out;
  }

  private static boolean known(String key) {
    try {
      IdentifierKind.ofKey(key);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
