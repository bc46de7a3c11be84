package earshot.jobs.identity;

import earshot.schemas.EnrichedInteraction;
import earshot.schemas.Interaction;
import java.util.ArrayList;
import java.util.List;

/**
 * Replaces the identifiers an interaction arrived with by their keyed hashes: the customer id's key
 * goes into {@code customerKey} (the customer id itself stays, an internal id CX teams use), the
 * e-mail address, phone number and social handle become {@code identifierKeys} and are cleared from
 * the interaction. Nothing downstream of the enrich job sees them in clear.
 *
 * <p>The enrich job's validation has already refused identifiers that cannot be normalised (as
 * dead letters); should one still arrive, it is left out and counted ({@link #dropped()}).
 */
public final class Pseudonymiser {

  private final IdentityHasher hasher;
  private long dropped;

  public Pseudonymiser(IdentityHasher hasher) {
    this.hasher = hasher;
  }

  public EnrichedInteraction apply(EnrichedInteraction enriched) {
    Interaction interaction = enriched.getInteraction();
    String customerKey = null;
    if (present(interaction.getCustomerId())) {
      try {
        customerKey = hasher.customerKey(interaction.getCustomerId());
      } catch (IllegalArgumentException e) {
        dropped++;
      }
    }
    List<String> keys = new ArrayList<>(3);
    add(keys, IdentifierKind.EMAIL, interaction.getEmail());
    add(keys, IdentifierKind.PHONE, interaction.getPhone());
    add(keys, IdentifierKind.HANDLE, interaction.getSocialHandle());
    Interaction cleared = interaction.getEmail() == null && interaction.getPhone() == null
        && interaction.getSocialHandle() == null
        ? interaction
        : Interaction.newBuilder(interaction).setEmail(null).setPhone(null).setSocialHandle(null).build();
    return EnrichedInteraction.newBuilder(enriched)
        .setInteraction(cleared)
        .setCustomerKey(customerKey)
        .setIdentifierKeys(keys)
        .build();
  }

  /** Identifiers left out because they could not be normalised; stays zero behind validation. */
  public long dropped() {
    return dropped;
  }

  private void add(List<String> keys, IdentifierKind kind, String value) {
    if (!present(value)) {
      return;
    }
    try {
      String key = hasher.identifierKey(kind, value);
      if (!keys.contains(key)) {
        keys.add(key);
      }
    } catch (IllegalArgumentException e) {
      dropped++;
    }
  }

  static boolean present(String value) {
    return value != null && !value.isBlank();
  }
}
