package earshot.jobs.identity;

import earshot.schemas.CustomerSignal;
import earshot.schemas.IdentityLink;
import earshot.schemas.IdentitySource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Picks the customer of an interaction that came without a customer id, from the answers for each of
 * its identifiers: the most trusted identifier that is known wins (e-mail, then phone, then handle).
 * Identifiers of the interaction that nobody knew yet are proposed as LINKED to that customer (the
 * identity table applies them when they come back from the identity topic, by its rules); known
 * identifiers that belong to someone else are a conflict, reported, never merged.
 */
public final class Resolution {

  private Resolution() {}

  /**
   * @param customerKey the customer, or null when no identifier was known (an anonymous contact)
   * @param links links to propose for the identifiers nobody knew
   * @param conflicts identifiers of the interaction that belong to another customer
   */
  public record Result(String customerKey, List<IdentityLink> links, List<CustomerSignal> conflicts) {}

  public static Result resolve(List<IdentityAnswer> answers, long at) {
    List<IdentityAnswer> ordered = new ArrayList<>(answers);
    ordered.sort(Comparator.comparingInt((IdentityAnswer a) -> a.rank).thenComparing(a -> a.identifierKey));
    String customer = null;
    for (IdentityAnswer answer : ordered) {
      if (answer.customerKey != null) {
        customer = answer.customerKey;
        break;
      }
    }
    if (customer == null) {
      return new Result(null, List.of(), List.of());
    }
    List<IdentityLink> links = new ArrayList<>();
    List<CustomerSignal> conflicts = new ArrayList<>();
    for (IdentityAnswer answer : ordered) {
      if (answer.customerKey == null) {
        links.add(IdentityLink.newBuilder().setIdentifierKey(answer.identifierKey).setCustomerKey(customer)
            .setSource(IdentitySource.LINKED).setObservedAt(Instant.ofEpochMilli(at))
            .setInteractionId(answer.interactionId).build());
      } else if (!answer.customerKey.equals(customer)) {
        conflicts.add(IdentityRules.conflict(answer.identifierKey, answer.customerKey, customer,
            IdentityRules.RESOLVED_BY_PRIORITY, at, answer.interactionId,
            "An interaction carried this customer's identifier together with a more trusted one of another customer; "
                + "it was counted for the other customer and the customers were not merged."));
      }
    }
    return new Result(customer, links, conflicts);
  }
}
