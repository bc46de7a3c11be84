package earshot.jobs.identity;

import earshot.jobs.churn.CustomerSignals;
import earshot.schemas.CustomerSignal;
import earshot.schemas.CustomerSignalType;
import earshot.schemas.IdentityLink;
import earshot.schemas.IdentitySource;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * How the identity table of one identifier changes, and when two customers collide. The rules, in
 * order of authority:
 *
 * <ol>
 *   <li>An unknown identifier takes the customer of the first CRM record or LINKED link that names it.
 *   <li>A CRM record for an identifier mapped to another customer is applied: the CRM is the
 *       authority, identifiers move (a phone number is given to a new subscriber), and the compacted
 *       topic's latest record for the identifier is that CRM record, so a job starting afresh agrees.
 *       It is never silent: it is counted and published as an IDENTITY_CONFLICT
 *       ({@code resolution=REASSIGNED_BY_CRM}).
 *   <li>A LINKED link, or an interaction's claim, for an identifier mapped to another customer is
 *       NOT applied: two customers are never merged on the word of one interaction. It is counted
 *       and published as an IDENTITY_CONFLICT ({@code resolution=KEPT_EXISTING}, once per pair of
 *       customers and identifier); a LINKED record that conflicts is answered by publishing the
 *       mapping kept, so that the compacted topic's latest record agrees with the job again.
 * </ol>
 *
 * An identifier claimed by an interaction that also carries its customer id (e-mail and customer id
 * seen together) is linked at once (LINKED) and published to the identity topic.
 */
public final class IdentityRules {

  public static final String KEPT_EXISTING = "KEPT_EXISTING";
  public static final String REASSIGNED_BY_CRM = "REASSIGNED_BY_CRM";
  public static final String RESOLVED_BY_PRIORITY = "RESOLVED_BY_PRIORITY";

  private IdentityRules() {}

  /**
   * What to do.
   *
   * @param entry the identifier's state after the event (the same object or a new one), or null if still unknown
   * @param publish a link to publish to the identity topic, or null
   * @param conflict a conflict to report, or null
   * @param conflicting whether the event conflicted (counted even when not reported again)
   */
  public record Decision(IdentityEntry entry, IdentityLink publish, CustomerSignal conflict, boolean conflicting) {}

  /** A record read from the identity topic. */
  public static Decision onLink(String identifierKey, IdentityEntry current, IdentityLink link) {
    boolean crm = link.getSource() == IdentitySource.CRM;
    long at = link.getObservedAt().toEpochMilli();
    if (current == null) {
      return new Decision(new IdentityEntry(link.getCustomerKey(), crm, at), null, null, false);
    }
    if (current.customerKey.equals(link.getCustomerKey())) {
      if (crm && !current.fromCrm) {
        current.fromCrm = true;
        current.since = at;
      }
      return new Decision(current, null, null, false);
    }
    if (crm) {
      String previous = current.customerKey;
      IdentityEntry moved = new IdentityEntry(link.getCustomerKey(), true, at);
      CustomerSignal conflict = conflict(identifierKey, link.getCustomerKey(), previous, REASSIGNED_BY_CRM, at,
          link.getInteractionId(), "The CRM moved an identifier (" + kind(identifierKey) + ") from another customer to this one.");
      return new Decision(moved, null, conflict, true);
    }
    CustomerSignal conflict = current.firstReportOf(link.getCustomerKey())
        ? conflict(identifierKey, current.customerKey, link.getCustomerKey(), KEPT_EXISTING, at, link.getInteractionId(),
            "Another customer was linked to this customer's " + kind(identifierKey) + "; the link was not applied.")
        : null;
    IdentityLink keep = IdentityLink.newBuilder().setIdentifierKey(identifierKey).setCustomerKey(current.customerKey)
        .setSource(current.fromCrm ? IdentitySource.CRM : IdentitySource.LINKED)
        .setObservedAt(Instant.ofEpochMilli(current.since)).setInteractionId(null).build();
    return new Decision(current, keep, conflict, true);
  }

  /** An interaction of customer {@code customerKey} carried this identifier. */
  public static Decision onClaim(String identifierKey, IdentityEntry current, String customerKey, String interactionId,
      long at) {
    if (current == null) {
      IdentityLink link = IdentityLink.newBuilder().setIdentifierKey(identifierKey).setCustomerKey(customerKey)
          .setSource(IdentitySource.LINKED).setObservedAt(Instant.ofEpochMilli(at)).setInteractionId(interactionId).build();
      return new Decision(new IdentityEntry(customerKey, false, at), link, null, false);
    }
    if (current.customerKey.equals(customerKey)) {
      return new Decision(current, null, null, false);
    }
    CustomerSignal conflict = current.firstReportOf(customerKey)
        ? conflict(identifierKey, current.customerKey, customerKey, KEPT_EXISTING, at, interactionId,
            "An interaction of another customer carried this customer's " + kind(identifierKey)
                + "; the customers were not merged.")
        : null;
    return new Decision(current, null, conflict, true);
  }

  /** An IDENTITY_CONFLICT signal for the customer the identifier stays with (or moves to). */
  public static CustomerSignal conflict(String identifierKey, String owner, String other, String resolution, long at,
      String interactionId, String summary) {
    return CustomerSignals.of(CustomerSignalType.IDENTITY_CONFLICT, owner, at, identifierKey + "|" + other + "|" + resolution,
        null, null, interactionId == null ? List.of() : List.of(interactionId),
        Map.of("identifierKey", identifierKey, "otherCustomerKey", other, "resolution", resolution), summary);
  }

  private static String kind(String identifierKey) {
    try {
      return switch (IdentifierKind.ofKey(identifierKey)) {
        case EMAIL -> "e-mail address";
        case PHONE -> "phone number";
        case HANDLE -> "social handle";
        case CUSTOMER -> "customer id";
      };
    } catch (IllegalArgumentException e) {
      return "identifier";
    }
  }
}
