package earshot.jobs.identity;

import earshot.jobs.churn.CustomerContact;

/** The identity table's answer to a lookup: the identifier's customer, or null when unknown. A Flink POJO. */
public class IdentityAnswer {

  public String interactionId;
  public String identifierKey;
  public int rank;
  public int count;
  /** The customer the identifier belongs to, or null. */
  public String customerKey;
  public CustomerContact contact;

  public IdentityAnswer() {}

  public IdentityAnswer(IdentityRequest lookup, String customerKey) {
    this.interactionId = lookup.interactionId;
    this.identifierKey = lookup.identifierKey;
    this.rank = lookup.rank;
    this.count = lookup.count;
    this.customerKey = customerKey;
    this.contact = lookup.contact;
  }
}
