package earshot.jobs.churn;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Whom a CHURN_RISK alert names (setting {@code churn.alert-identity}). The hashed {@code customerKey}
 * is always there; {@link #CUSTOMER_ID} adds the internal customer id that channels give with a contact
 * ({@code Interaction.customerId}), so that a CX agent reading the alert knows whom to call. E-mail
 * addresses, phone numbers and handles are never shown: the enrich job hashes and clears them, and a
 * customer id shaped like one is withheld too.
 */
public enum AlertIdentity {
  /** The internal customer id, when a contact of the journey carried one (the default). */
  CUSTOMER_ID,
  /** The hashed key only, for companies that keep ids off the alert topic. */
  KEY;

  // Compiled once: every customer profile published asks.
  private static final Pattern SEPARATORS = Pattern.compile("[\\s().-]");
  private static final Pattern INTERNATIONAL_PHONE = Pattern.compile("\\+\\d{7,}");

  /** The value of the setting: {@code customer-id} or {@code key}. */
  public static AlertIdentity of(String setting) {
    return valueOf(setting.toUpperCase(Locale.ROOT).replace('-', '_'));
  }

  /**
   * The id to show for a journey's customer id, or null: none in {@link #KEY} mode, none when the
   * channel's id looks like an e-mail address or an international phone number (some channels put
   * one in the customer id field; it must not reach the alert in clear).
   */
  public String shown(String customerId) {
    if (this == KEY || customerId == null || customerId.isBlank() || looksLikeContactDetail(customerId)) {
      return null;
    }
    return customerId;
  }

  static boolean looksLikeContactDetail(String id) {
    if (id.indexOf('@') >= 0) {
      return true;
    }
    String compact = SEPARATORS.matcher(id).replaceAll("");
    return INTERNATIONAL_PHONE.matcher(compact).matches();
  }
}
