package earshot.jobs.churn;

/**
 * A contact on its way to its customer's journey: the customer's key (and id, when the interaction
 * gave one), the contact's facts and the customer value the channel gave. A Flink POJO.
 */
public class CustomerContact {

  public String customerKey;
  /**
   * The internal customer id the interaction carried (trimmed), or null: a contact found through an
   * e-mail address, phone or handle carries none. Never an e-mail address or phone number.
   */
  public String customerId;
  public Contact contact;
  /** Value tier or RFM description given with the contact, or null. */
  public String valueTier;
  /** Value weight given with the contact; NaN when none. */
  public float valueWeight = Float.NaN;
  /**
   * The watermark of the task that routed the interaction to the churn path, when it did; Long.MIN_VALUE
   * when not known. A replay takes a contact that came later than the watermark once the watermark has
   * passed this one, so that its journey reads it at the same point on every run.
   */
  public long routedAtWatermark = Long.MIN_VALUE;

  public CustomerContact() {}

  public CustomerContact(String customerKey, Contact contact, CustomerValue value) {
    this(customerKey, null, contact, value);
  }

  public CustomerContact(String customerKey, String customerId, Contact contact, CustomerValue value) {
    this.customerKey = customerKey;
    this.customerId = customerId;
    this.contact = contact;
    this.valueTier = value.tier();
    this.valueWeight = value.weight();
  }

  public CustomerValue value() {
    return Float.isNaN(valueWeight) ? CustomerValue.UNKNOWN : new CustomerValue(valueTier, valueWeight);
  }
}
