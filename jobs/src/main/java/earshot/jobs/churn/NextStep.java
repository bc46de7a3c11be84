package earshot.jobs.churn;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The suggested next step of a CHURN_RISK alert: what a CX agent should do about the alert's top
 * reason (the largest positive contribution that is a signal, not the value weight), in one sentence
 * that names the contact to act on by channel and date, such as "Answer the customer's e-mail of 21
 * Nov (waiting 2 days, service level 1 day)." or "Call back and resolve billing in this call: 3
 * unresolved contacts about it since 19 Nov.".
 *
 * <p>Computed from the score's reasons and the journey's contacts only (no clock, no text), so a
 * replay gives the same words. Dates are UTC days. A reason whose contacts have left the journey gets
 * the same advice without the date.
 */
public final class NextStep {

  /** The reference for {@link #day}: what it wrote before it was written by hand (the tests compare). */
  static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM", Locale.ENGLISH)
      .withZone(ZoneOffset.UTC);
  /** English short month names, as {@link #DAY} writes them. */
  private static final String[] MONTHS =
      {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

  /** The words of {@link RepeatContactSignal}'s and {@link TransferSignal}'s reasons: run length and topic. */
  private static final Pattern REPEAT = Pattern.compile("(\\d+) contacts about (.+?) in ");
  private static final Pattern ACROSS = Pattern.compile("in (\\d+) different contacts");

  private NextStep() {}

  /** The next step for the top reason of {@code score}, or null when no reason adds risk. */
  public static String of(RiskScore score, CustomerJourney journey, long now, ChurnSettings settings) {
    RiskScore.Contribution top = top(score);
    return top == null ? null : forReason(top, journey, now, settings);
  }

  /** The largest reason that adds risk and is something that happened (not the customer's value weight). */
  static RiskScore.Contribution top(RiskScore score) {
    for (RiskScore.Contribution c : score.contributions()) {
      if (c.points() > 0 && !c.code().equals("HIGH_VALUE") && !c.code().equals("LOWER_VALUE")) {
        return c;
      }
    }
    return null;
  }

  static String forReason(RiskScore.Contribution reason, CustomerJourney journey, long now, ChurnSettings settings) {
    List<Contact> contacts = contacts(journey, reason.interactionIds());
    Contact first = contacts.isEmpty() ? null : contacts.get(0);
    Contact last = contacts.isEmpty() ? null : contacts.get(contacts.size() - 1);
    return switch (reason.code()) {
      case "UNANSWERED_MESSAGE" -> {
        if (first == null) {
          yield "Answer the customer's unanswered message.";
        }
        String more = contacts.size() > 1 ? " and the " + (contacts.size() - 1) + " later unanswered "
            + (contacts.size() == 2 ? "message" : "messages") : "";
        yield "Answer the customer's " + of(first) + more + " (waiting " + Describe.duration(now - first.at)
            + ", service level " + Describe.duration(settings.slaMillis(first.channel)) + ").";
      }
      case "LATE_ANSWER" -> last == null
          ? "Follow up on the late answer: check that it solved the customer's problem."
          : "Follow up on the " + of(last) + ", answered late: check that the answer solved the problem and"
              + " apologise for the wait.";
      case "REPEAT_CONTACT" -> {
        // The reason lists at most five contacts; its description has the whole run and its topic.
        Matcher run = REPEAT.matcher(reason.description());
        boolean described = run.lookingAt();
        String count = described ? run.group(1) : Integer.toString(reason.interactionIds().size());
        String topic = described ? run.group(2) : commonTopic(contacts);
        yield "Call back and resolve " + (topic == null ? "the customer's problem" : topic) + " in this call: "
            + count + " unresolved contacts about it" + (first == null ? "" : ", the last on " + day(last.at)) + ".";
      }
      case "TRANSFERRED_WITHIN_CONTACT" -> last == null
          ? "Call back from one agent who owns the case to the end: the customer was passed between agents."
          : "Call back from one agent who owns the case to the end: the " + of(last) + " was transferred "
              + last.transfers + " times.";
      case "TRANSFERRED_ACROSS_CONTACTS" -> {
        Matcher across = ACROSS.matcher(reason.description());
        String count = across.find() ? across.group(1) : Integer.toString(reason.interactionIds().size());
        yield "Give the customer one named agent for the case: transferred in " + count + " different contacts"
            + (last == null ? "" : ", the last on " + day(last.at)) + ".";
      }
      case "COMPLAINT_THEN_SILENCE" -> first == null
          ? "Reply to the customer's unresolved complaint."
          : "Reply to the complaint of " + day(first.at) + " (" + Describe.channel(first.channel) + ", "
              + Describe.duration(now - first.at) + " without an answer).";
      case "CANCEL_INTENT" -> "Hand over to retention today: the customer asked to cancel"
          + (last == null ? "" : " in the " + of(last)) + ".";
      case "CANCEL_QUESTION" -> "Call to answer the question about cancelling" + (last == null ? "" : " in the "
          + of(last)) + ", and ask what would make the customer stay.";
      case "COMPETITOR_MENTION" -> "Call with an offer that answers the competitor's: the customer mentioned one"
          + (last == null ? "" : " in the " + of(last)) + ".";
      case "ESCALATION_THREAT" -> "Have a team lead call today: the customer threatened to escalate"
          + (last == null ? "" : " in the " + of(last)) + ".";
      case "PROMOTER_TO_DETRACTOR", "PASSIVE_TO_DETRACTOR", "PROMOTER_TO_PASSIVE", "DETRACTOR" -> npsStep(journey);
      case "NEGATIVE_TREND", "NEGATIVE_TONE" -> "Call to ask what is going wrong: the customer's last "
          + reason.interactionIds().size() + " messages were negative"
          + (last == null ? "" : ", the latest the " + of(last)) + ".";
      case "NEGATIVE_CONTACTS" -> "Call to ask what is going wrong and put it right: "
          + Character.toLowerCase(reason.description().charAt(0)) + reason.description().substring(1)
          .replace(" in the last 30 days.", " in the last 30 days")
          + (last == null ? "." : ", the latest the " + of(last) + ".");
      default -> "Review the customer's journey: " + reason.description();
    };
  }

  private static String npsStep(CustomerJourney journey) {
    if (journey.npsLatest < 0) {
      return "Call to ask about the customer's survey answer and what went wrong.";
    }
    String before = journey.npsPrevious < 0 ? ""
        : ", after " + journey.npsPrevious + " on " + day(journey.npsPreviousAt);
    return "Call about the NPS answer " + journey.npsLatest + " of " + day(journey.npsLatestAt) + before
        + ": ask what went wrong and fix it.";
  }

  /** "e-mail of 21 Nov". */
  private static String of(Contact c) {
    return Describe.channel(c.channel) + " of " + day(c.at);
  }

  static String day(long millis) {
    // By hand, as Describe.time: the same text as DAY for every year the formatter can print.
    LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(millis, 86_400_000L));
    return date.getDayOfMonth() + " " + MONTHS[date.getMonthValue() - 1];
  }

  /** The journey's contacts with these ids, in journey (time) order. */
  private static List<Contact> contacts(CustomerJourney journey, List<String> ids) {
    Set<String> wanted = new LinkedHashSet<>(ids);
    List<Contact> out = new ArrayList<>();
    for (Contact c : journey.contacts) {
      if (wanted.contains(c.interactionId)) {
        out.add(c);
      }
    }
    return out;
  }

  /** The topic all the contacts share (touchpoint or problem intent), the first one found, or null. */
  private static String commonTopic(List<Contact> contacts) {
    if (contacts.isEmpty()) {
      return null;
    }
    List<String> shared = new ArrayList<>(RepeatContactSignal.topics(contacts.get(0)));
    for (Contact c : contacts.subList(1, contacts.size())) {
      shared.retainAll(RepeatContactSignal.topics(c));
    }
    return shared.isEmpty() ? null : shared.get(0);
  }
}
