package earshot.jobs.churn;

import java.util.Collection;
import java.util.Locale;

/**
 * The intents of the text stage that matter for churn, kept per contact as bits of one int so that
 * a journey stays small. Codes are those of the intent rules ({@code earshot/text/intent-rules.txt});
 * {@code escalation_threat} is accepted for {@code escalation}. Other intents are ignored.
 */
public enum ChurnIntent {
  CANCELLATION("cancellation", false),
  COMPLAINT("complaint", false),
  COMPETITOR("competitor", false),
  ESCALATION("escalation", false),
  REFUND("refund", true),
  BILLING_PROBLEM("billing_problem", true),
  DELIVERY_PROBLEM("delivery_problem", true),
  TECHNICAL_PROBLEM("technical_problem", true),
  PRAISE("praise", false),
  LONG_WAIT("long_wait", false),
  REPEAT_CONTACT("repeat_contact", false),
  TRANSFERRED("transferred", false);

  private final String code;
  private final boolean topic;

  ChurnIntent(String code, boolean topic) {
    this.code = code;
    this.topic = topic;
  }

  public String code() {
    return code;
  }

  /** Whether the intent names a problem a customer may contact us about again and again (a topic). */
  public boolean isTopic() {
    return topic;
  }

  public int bit() {
    return 1 << ordinal();
  }

  public boolean in(int bits) {
    return (bits & bit()) != 0;
  }

  /** The bits of the intents in a text analysis' list of codes. */
  public static int bitsOf(Collection<String> codes) {
    int bits = 0;
    for (String code : codes) {
      ChurnIntent intent = of(code);
      if (intent != null) {
        bits |= intent.bit();
      }
    }
    return bits;
  }

  static ChurnIntent of(String code) {
    String lower = code.toLowerCase(Locale.ROOT);
    if (lower.equals("escalation_threat")) {
      return ESCALATION;
    }
    for (ChurnIntent intent : values()) {
      if (intent.code.equals(lower)) {
        return intent;
      }
    }
    return null;
  }
}
