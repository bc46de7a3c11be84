package earshot.jobs.churn;

import earshot.schemas.CustomerSignal;
import earshot.schemas.CustomerSignalType;
import earshot.schemas.Direction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Closing the loop, per customer, in plain Java: which contacts open a follow-up, which close it, and
 * when an open one goes overdue. The follow-ups live in the {@link CustomerJourney}.
 *
 * <ul>
 *   <li><b>Opens</b>: a contact with a detractor answer (NPS 0 to 6, in any direction), or an inbound
 *       contact with a complaint or an escalation threat that was not resolved in that contact. Due at
 *       the contact's time plus the service level of its channel ({@code loop.follow-up-sla}).
 *   <li><b>Closes</b>: a later contact with the customer that is outbound (the company reached out;
 *       unless it carries a detractor answer, which is a survey, not a response) or marked resolved.
 *       It closes <em>every</em> follow-up of the customer opened strictly before it: one response
 *       reaches the customer about all that is waiting. In time when it happens by the due time.
 *   <li><b>Overdue</b>: the due time passes while the follow-up is open; it stays open (a late close
 *       is still reported, with its time to close).
 * </ul>
 * Contacts may arrive out of event-time order: a follow-up opened by a contact earlier than a closing
 * contact the journey already holds is closed by it at once. At most {@link #MAX_OPEN} follow-ups are
 * open per customer: further openers wait for a response like the ones open (the customer already
 * has that many unanswered), and are not tracked, so the state stays bounded.
 *
 * <p>Each step publishes a customer signal (FOLLOW_UP_DUE, FOLLOW_UP_OVERDUE, LOOP_CLOSED) whose id
 * is derived from its type, the customer and the opening interaction, and a {@link LoopEvent} for the
 * follow-up metrics.
 */
public final class FollowUps {

  /** Open follow-ups kept per customer. */
  public static final int MAX_OPEN = 8;
  static final String DETRACTOR = "DETRACTOR";
  static final String COMPLAINT = "COMPLAINT";

  private final FollowUpSla sla;

  public FollowUps(FollowUpSla sla) {
    this.sla = sla;
  }

  /** What one step produced. */
  public record Steps(List<CustomerSignal> signals, List<LoopEvent> events) {
    public Steps() {
      this(new ArrayList<>(), new ArrayList<>());
    }
  }

  /** Why the contact opens a follow-up (DETRACTOR, COMPLAINT or both), or null when it does not. */
  static String opens(Contact c) {
    boolean detractor = c.nps != Contact.UNKNOWN && c.nps <= 6;
    boolean complaint = c.isInbound() && !c.isResolved()
        && (c.has(ChurnIntent.COMPLAINT) || c.has(ChurnIntent.ESCALATION));
    if (detractor && complaint) {
      return DETRACTOR + "," + COMPLAINT;
    }
    return detractor ? DETRACTOR : complaint ? COMPLAINT : null;
  }

  /** Whether the contact answers the customer: outbound (not a survey answer of a detractor) or resolved. */
  static boolean closes(Contact c) {
    boolean detractorAnswer = c.nps != Contact.UNKNOWN && c.nps <= 6;
    return (c.direction == Direction.OUTBOUND && !detractorAnswer) || c.isResolved();
  }

  /**
   * A new contact of the customer (already added to the journey, not a re-delivery).
   *
   * @param now the time of the evaluation (the contact's, or later when it came late)
   * @param risk the customer's churn risk after the contact, for the signals
   */
  public void onContact(String customerKey, CustomerJourney journey, Contact contact, long now, double risk,
      Steps out) {
    // The service level of follow-ups due before this contact ran out first.
    markOverdue(customerKey, journey, contact.at - 1, risk, out);
    if (closes(contact)) {
      close(customerKey, journey, contact, risk, out);
    }
    String cause = opens(contact);
    if (cause != null && journey.followUps.size() < MAX_OPEN && !isKnown(journey, contact.interactionId)) {
      FollowUp opened = open(customerKey, journey, contact, cause, risk, out);
      Contact closer = laterCloser(journey, contact);
      if (closer != null) {
        markOverdue(customerKey, journey, closer.at - 1, risk, out);
        closeOne(customerKey, journey, opened, closer, risk, out);
      }
    }
    markOverdue(customerKey, journey, now, risk, out);
  }

  /** Time has passed: follow-ups due by {@code now} and still open go overdue. */
  public void onTime(String customerKey, CustomerJourney journey, long now, double risk, Steps out) {
    markOverdue(customerKey, journey, now, risk, out);
  }

  /** The next due time after {@code now} of an open follow-up not yet overdue, or Long.MAX_VALUE. */
  public static long nextDeadline(CustomerJourney journey, long now) {
    long next = Long.MAX_VALUE;
    for (FollowUp f : journey.followUps) {
      if (!f.overdue && f.dueAt > now) {
        next = Math.min(next, f.dueAt);
      }
    }
    return next;
  }

  /** Whether an open follow-up is due exactly at {@code at} (a timer set for it). */
  public static boolean dueAt(CustomerJourney journey, long at) {
    for (FollowUp f : journey.followUps) {
      if (!f.overdue && f.dueAt == at) {
        return true;
      }
    }
    return false;
  }

  private FollowUp open(String customerKey, CustomerJourney journey, Contact contact, String cause, double risk,
      Steps out) {
    FollowUp f = new FollowUp();
    f.openedBy = contact.interactionId;
    f.openedAt = contact.at;
    f.dueAt = contact.at + sla.millis(contact.channel);
    f.channel = contact.channel;
    f.team = contact.team;
    f.cause = cause;
    f.nps = contact.nps;
    journey.followUps.add(f);
    Map<String, String> details = details(f);
    details.put("serviceLevelMinutes", Long.toString((f.dueAt - f.openedAt) / 60_000));
    String why = switch (cause) {
      case DETRACTOR -> "a detractor answer (NPS " + f.nps + ")";
      case COMPLAINT -> "a complaint";
      default -> "a detractor answer (NPS " + f.nps + ") with a complaint";
    };
    out.signals().add(signal(CustomerSignalType.FOLLOW_UP_DUE, customerKey, f, f.openedAt, risk, journey, details,
        "Follow up on " + why + " in the customer's " + Describe.channel(f.channel) + " of "
            + Describe.time(f.openedAt) + ": respond by " + Describe.time(f.dueAt) + "."));
    out.events().add(LoopEvent.of(LoopEvent.Kind.OPENED, f, f.openedAt));
    return f;
  }

  private void close(String customerKey, CustomerJourney journey, Contact closer, double risk, Steps out) {
    // Oldest first, so signals come in the order the follow-ups were opened.
    List<FollowUp> closing = new ArrayList<>();
    for (FollowUp f : journey.followUps) {
      if (f.openedAt < closer.at) {
        closing.add(f);
      }
    }
    closing.sort(java.util.Comparator.comparingLong((FollowUp f) -> f.openedAt).thenComparing(f -> f.openedBy));
    for (FollowUp f : closing) {
      closeOne(customerKey, journey, f, closer, risk, out);
    }
  }

  private static void closeOne(String customerKey, CustomerJourney journey, FollowUp f, Contact closer, double risk,
      Steps out) {
    journey.followUps.remove(f);
    long minutes = (closer.at - f.openedAt) / 60_000;
    boolean inTime = closer.at <= f.dueAt;
    Map<String, String> details = details(f);
    details.put("closedBy", closer.interactionId);
    details.put("closedAt", Instant.ofEpochMilli(closer.at).toString());
    details.put("closedHow", closer.direction == Direction.OUTBOUND ? "OUTBOUND" : "RESOLVED");
    details.put("minutesToClose", Long.toString(minutes));
    details.put("inTime", Boolean.toString(inTime));
    CustomerSignal signal = signal(CustomerSignalType.LOOP_CLOSED, customerKey, f, closer.at, risk, journey, details,
        "Loop closed: the " + Describe.channel(f.channel) + " of " + Describe.time(f.openedAt) + " was answered by "
            + (closer.direction == Direction.OUTBOUND ? "an outbound " : "a resolved ") + Describe.channel(closer.channel)
            + " after " + Describe.duration(closer.at - f.openedAt) + (inTime ? ", in time." : ", late (due "
            + Describe.time(f.dueAt) + ")."));
    signal.setInteractionIds(List.of(f.openedBy, closer.interactionId));
    out.signals().add(signal);
    LoopEvent event = LoopEvent.of(LoopEvent.Kind.CLOSED, f, closer.at);
    event.minutesToClose = minutes;
    event.inTime = inTime;
    out.events().add(event);
  }

  private static void markOverdue(String customerKey, CustomerJourney journey, long now, double risk, Steps out) {
    List<FollowUp> due = new ArrayList<>();
    for (FollowUp f : journey.followUps) {
      if (!f.overdue && f.dueAt <= now) {
        due.add(f);
      }
    }
    due.sort(java.util.Comparator.comparingLong((FollowUp f) -> f.dueAt).thenComparing(f -> f.openedBy));
    for (FollowUp f : due) {
      f.overdue = true;
      out.signals().add(signal(CustomerSignalType.FOLLOW_UP_OVERDUE, customerKey, f, f.dueAt, risk, journey,
          details(f), "Overdue: the customer's " + Describe.channel(f.channel) + " of " + Describe.time(f.openedAt)
              + " has had no response by " + Describe.time(f.dueAt) + " (service level "
              + Describe.duration(f.dueAt - f.openedAt) + ")" + (f.team == null ? "." : "; team " + f.team + ".")));
      out.events().add(LoopEvent.of(LoopEvent.Kind.OVERDUE, f, f.dueAt));
    }
  }

  /** A contact of the journey after {@code contact} that closes follow-ups (it came earlier, out of order). */
  private static Contact laterCloser(CustomerJourney journey, Contact contact) {
    for (Contact c : journey.contacts) {
      if (c.at > contact.at && closes(c)) {
        return c;
      }
    }
    return null;
  }

  private static boolean isKnown(CustomerJourney journey, String interactionId) {
    for (Iterator<FollowUp> it = journey.followUps.iterator(); it.hasNext(); ) {
      if (it.next().openedBy.equals(interactionId)) {
        return true;
      }
    }
    return false;
  }

  private static Map<String, String> details(FollowUp f) {
    Map<String, String> details = new LinkedHashMap<>();
    details.put("cause", f.cause);
    details.put("openedAt", Instant.ofEpochMilli(f.openedAt).toString());
    details.put("dueAt", Instant.ofEpochMilli(f.dueAt).toString());
    details.put("channel", String.valueOf(f.channel));
    if (f.team != null) {
      details.put("team", f.team);
    }
    if (f.nps >= 0) {
      details.put("nps", Integer.toString(f.nps));
    }
    return details;
  }

  /** Ids from the type, the customer and the opening interaction: one signal of each type per follow-up. */
  private static CustomerSignal signal(CustomerSignalType type, String customerKey, FollowUp f, long at, double risk,
      CustomerJourney journey, Map<String, String> details, String summary) {
    CustomerSignal signal = CustomerSignals.of(type, customerKey, at, f.openedBy, risk,
        journey.alertOpen ? journey.alertId : null, List.of(f.openedBy), details, summary);
    signal.setSignalId(CustomerSignals.id(type, customerKey, f.openedAt, f.openedBy));
    return signal;
  }
}
