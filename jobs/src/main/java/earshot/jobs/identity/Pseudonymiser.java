package earshot.jobs.identity;

import earshot.schemas.EnrichedInteraction;
import earshot.schemas.Interaction;
import java.util.ArrayList;
import org.apache.avro.specific.SpecificRecordBase;
import java.util.List;

/**
 * Replaces the identifiers an interaction arrived with by their keyed hashes: the customer id's key
 * goes into {@code customerKey} (the customer id itself stays, an internal id CX teams use), the
 * e-mail address, phone number and social handle become {@code identifierKeys} and are cleared from
 * the interaction. Nothing downstream of the enrich job sees them in clear.
 *
 * <p>An identifier that cannot be normalised (a handle with spaces, a phone number of three digits,
 * an e-mail address without a domain, a customer id longer than 256 characters) is optional data:
 * it is removed without a key, its field name goes into {@code droppedIdentifiers}, it is counted
 * ({@link #dropped()}), and the interaction is kept. Its value is never repeated (it is personal data).
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
    List<String> droppedFields = new ArrayList<>(0);
    boolean customerIdDropped = false;
    if (present(interaction.getCustomerId())) {
      try {
        customerKey = hasher.customerKey(interaction.getCustomerId());
      } catch (IllegalArgumentException e) {
        customerIdDropped = true;
        droppedFields.add("customerId");
      }
    }
    List<String> keys = new ArrayList<>(3);
    add(keys, droppedFields, IdentifierKind.EMAIL, "email", interaction.getEmail());
    add(keys, droppedFields, IdentifierKind.PHONE, "phone", interaction.getPhone());
    add(keys, droppedFields, IdentifierKind.HANDLE, "socialHandle", interaction.getSocialHandle());
    dropped += droppedFields.size();
    Interaction cleared = interaction;
    if (interaction.getEmail() != null || interaction.getPhone() != null || interaction.getSocialHandle() != null
        || customerIdDropped) {
      cleared = shallowCopy(interaction, new Interaction());
      cleared.setEmail(null);
      cleared.setPhone(null);
      cleared.setSocialHandle(null);
      if (customerIdDropped) {
        cleared.setCustomerId(null);
      }
    }
    EnrichedInteraction out = shallowCopy(enriched, new EnrichedInteraction());
    out.setInteraction(cleared);
    out.setCustomerKey(customerKey);
    out.setIdentifierKeys(keys);
    out.setDroppedIdentifiers(droppedFields);
    return out;
  }

  /**
   * A new record holding the same field values (not copies of them): the input is left as it was,
   * without the deep copy an Avro builder makes of every field, text and map included.
   */
  private static <T extends SpecificRecordBase> T shallowCopy(T record, T copy) {
    for (int field = 0; field < record.getSchema().getFields().size(); field++) {
      copy.put(field, record.get(field));
    }
    return copy;
  }

  /** Identifiers left out because they could not be normalised, since this instance was made. */
  public long dropped() {
    return dropped;
  }

  private void add(List<String> keys, List<String> droppedFields, IdentifierKind kind, String field, String value) {
    if (!present(value)) {
      return;
    }
    try {
      String key = hasher.identifierKey(kind, value);
      if (!keys.contains(key)) {
        keys.add(key);
      }
    } catch (IllegalArgumentException e) {
      droppedFields.add(field);
    }
  }

  static boolean present(String value) {
    return value != null && !value.isBlank();
  }
}
