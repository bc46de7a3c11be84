package earshot.jobs.churn;

import earshot.jobs.detect.AlertTrack;
import java.util.ArrayList;
import java.util.List;

/**
 * What Earshot remembers about one customer, across all channels: the last contacts as compact facts
 * (never text, never identifiers), the customer's internal id when a channel gave it, the last two NPS answers, the customer's value and the state of
 * the customer's CHURN_RISK alert and the follow-ups waiting for a response. Bounded: at most
 * {@code churn.max-contacts} contacts, {@link #MAX_HISTORY} alert steps and {@link FollowUps#MAX_OPEN} follow-ups. A Flink POJO kept in keyed state with a TTL.
 */
public class CustomerJourney {

  /** Alert steps kept; older ones are dropped from the published history. */
  public static final int MAX_HISTORY = 20;

  /** The newest contacts, oldest first. */
  public List<Contact> contacts = new ArrayList<>();

  /** Latest NPS answer (0-10) or -1, when and in which interaction. */
  public int npsLatest = -1;
  public long npsLatestAt;
  public String npsLatestInteraction;
  /** The answer before it, or -1. */
  public int npsPrevious = -1;
  public long npsPreviousAt;
  public String npsPreviousInteraction;

  /** Value tier (or RFM description) and weight last given by a channel; NaN weight when never given. */
  public String valueTier;
  public float valueWeight = Float.NaN;

  /**
   * The internal customer id of the most recent contact that carried one (event time), or null: shown
   * on CHURN_RISK alerts when {@code churn.alert-identity} is {@code customer-id}. One short string
   * (ids are at most 256 characters); never an e-mail address or phone number.
   */
  public String customerId;
  public long customerIdAt = Long.MIN_VALUE;

  /** Score at the last evaluation and when it was made. */
  public double lastScore;
  public long lastEvaluatedAt = Long.MIN_VALUE;

  // --- the CHURN_RISK alert

  /** Id of the current or last alert; null before the first. */
  public String alertId;
  public boolean alertOpen;
  public int alertVersion;
  public long alertOpenedAt;
  /** When the last alert resolved; Long.MIN_VALUE if none did. */
  public long alertResolvedAt = Long.MIN_VALUE;
  public double alertScore;
  public String alertSeverity;
  /** Reason codes of the last published state, comma-separated. */
  public String alertReasons = "";
  public List<AlertTrack.Step> alertHistory = new ArrayList<>();

  /**
   * Follow-ups waiting for a response, oldest first ({@link FollowUps}): at most {@link FollowUps#MAX_OPEN}.
   */
  public List<FollowUp> followUps = new ArrayList<>();
  /** The churn score's own next check after the last evaluation (a timer set only for a follow-up skips it). */
  public long churnNextCheck = Long.MAX_VALUE;

  // --- the last published customer profile (CustomerProfiles), to publish again only on a material change

  /** Score of the last published profile; NaN before the first. */
  public double profileScore = Double.NaN;
  /** Reason codes of the last published profile, comma-separated. */
  public String profileReasons = "";

  public CustomerJourney() {}

  /**
   * Adds a contact in time order (a late one goes to its place), keeping the newest {@code max}.
   *
   * @return false when the interaction is already known (a re-delivery), and nothing changed
   */
  public boolean add(Contact contact, int max) {
    int position = contacts.size();
    for (int i = contacts.size() - 1; i >= 0; i--) {
      Contact existing = contacts.get(i);
      if (existing.interactionId.equals(contact.interactionId)) {
        return false;
      }
      if (existing.at <= contact.at) {
        break;
      }
      position = i;
    }
    for (int i = 0; i < position; i++) {
      if (contacts.get(i).interactionId.equals(contact.interactionId)) {
        return false;
      }
    }
    contacts.add(position, contact);
    while (contacts.size() > max) {
      contacts.remove(0);
    }
    if (contact.nps != Contact.UNKNOWN && contact.at >= npsLatestAt) {
      npsPrevious = npsLatest;
      npsPreviousAt = npsLatestAt;
      npsPreviousInteraction = npsLatestInteraction;
      npsLatest = contact.nps;
      npsLatestAt = contact.at;
      npsLatestInteraction = contact.interactionId;
    }
    return true;
  }

  /** Keeps the customer id of the most recent contact (in event time) that carried one. */
  public void identify(String id, long at) {
    if (id != null && !id.isBlank() && at >= customerIdAt) {
      customerId = id;
      customerIdAt = at;
    }
  }

  public void value(CustomerValue value) {
    if (value.known()) {
      valueTier = value.tier();
      valueWeight = value.weight();
    }
  }

  /** The factor applied to this customer's risk: the value weight, 1 when unknown. */
  public double weight() {
    return Float.isNaN(valueWeight) ? 1.0 : valueWeight;
  }
}
