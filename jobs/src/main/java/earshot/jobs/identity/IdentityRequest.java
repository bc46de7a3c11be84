package earshot.jobs.identity;

import earshot.jobs.churn.CustomerContact;

/**
 * A question to the identity table of one identifier, keyed by the identifier key. Either a claim
 * ({@link #claimedBy} set: the interaction carried its customer id too, so the identifier belongs to
 * that customer unless it already belongs to another) or a lookup (which customer is this? answered
 * with an {@link IdentityAnswer}). A Flink POJO.
 */
public class IdentityRequest {

  public String identifierKey;
  public String interactionId;
  /** Event time of the interaction. */
  public long at;
  /** For a claim: the customer the interaction named. Null for a lookup. */
  public String claimedBy;
  /** For a lookup: this identifier's place among the interaction's identifiers (0 = most trusted) and how many there are. */
  public int rank;
  public int count;
  /** For a lookup: the contact to deliver once resolved (customerKey still null). */
  public CustomerContact contact;
  /**
   * The watermark of the task that sent the request, when it did; Long.MIN_VALUE when not known (see
   * {@link CustomerContact#routedAtWatermark}).
   */
  public long routedAtWatermark = Long.MIN_VALUE;

  public IdentityRequest() {}

  public static IdentityRequest claim(String identifierKey, String interactionId, long at, String customerKey) {
    IdentityRequest r = new IdentityRequest();
    r.identifierKey = identifierKey;
    r.interactionId = interactionId;
    r.at = at;
    r.claimedBy = customerKey;
    return r;
  }

  public static IdentityRequest lookup(String identifierKey, String interactionId, long at, int rank, int count,
      CustomerContact contact) {
    IdentityRequest r = new IdentityRequest();
    r.identifierKey = identifierKey;
    r.interactionId = interactionId;
    r.at = at;
    r.rank = rank;
    r.count = count;
    r.contact = contact;
    return r;
  }

  public boolean isClaim() {
    return claimedBy != null;
  }
}
