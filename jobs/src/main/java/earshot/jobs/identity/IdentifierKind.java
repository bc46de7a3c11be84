package earshot.jobs.identity;

import java.util.Locale;

/**
 * The kinds of identifier a channel may know a customer by, in the order the signals job trusts them
 * when an interaction carries several: the customer id first, then e-mail, phone and social handle.
 * Each kind's {@link #prefix()} starts its identifier keys ({@code email:3f9a...}).
 */
public enum IdentifierKind {
  CUSTOMER("customer"),
  EMAIL("email"),
  PHONE("phone"),
  HANDLE("handle");

  private final String prefix;

  IdentifierKind(String prefix) {
    this.prefix = prefix;
  }

  public String prefix() {
    return prefix;
  }

  /** The kind of an identifier key such as {@code phone:ab12...}. */
  public static IdentifierKind ofKey(String identifierKey) {
    int colon = identifierKey.indexOf(':');
    if (colon > 0) {
      String prefix = identifierKey.substring(0, colon);
      for (IdentifierKind kind : values()) {
        if (kind.prefix.equals(prefix)) {
          return kind;
        }
      }
    }
    throw new IllegalArgumentException("not an identifier key: '" + identifierKey + "'");
  }

  /**
   * The identifier in the canonical form that is hashed, so that the channel and the CRM arrive at
   * the same key: customer ids trimmed (otherwise opaque, case kept); e-mail addresses trimmed and
   * lower-cased; phone numbers as {@code +} and digits only (a leading {@code 00} international
   * prefix becomes {@code +}); handles trimmed, without a leading {@code @}, lower-cased.
   *
   * @throws IllegalArgumentException with a reason that does not repeat the value (it is personal data)
   */
  public String normalise(String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(prefix + " is blank");
    }
    String trimmed = value.strip();
    return switch (this) {
      case CUSTOMER -> {
        if (trimmed.length() > 256) {
          throw new IllegalArgumentException("customer id is longer than 256 characters");
        }
        yield trimmed;
      }
      case EMAIL -> {
        String lower = trimmed.toLowerCase(Locale.ROOT);
        int at = lower.indexOf('@');
        if (at <= 0 || at != lower.lastIndexOf('@') || lower.indexOf('.', at) < at + 2 || lower.endsWith(".")
            || lower.length() > 254 || lower.chars().anyMatch(Character::isWhitespace)) {
          throw new IllegalArgumentException("email is not an e-mail address (expected name@domain.tld)");
        }
        yield lower;
      }
      case PHONE -> {
        StringBuilder digits = new StringBuilder();
        for (int i = 0; i < trimmed.length(); i++) {
          char c = trimmed.charAt(i);
          if (c >= '0' && c <= '9') {
            digits.append(c);
          } else if (!(c == '+' && digits.isEmpty() && i == 0) && " -.()/".indexOf(c) < 0) {
            throw new IllegalArgumentException("phone contains characters other than digits, +, spaces, dashes, dots, "
                + "slashes and parentheses");
          }
        }
        String number = digits.toString();
        if (!trimmed.startsWith("+") && number.startsWith("00")) {
          number = number.substring(2);
        }
        if (number.length() < 6 || number.length() > 15) {
          throw new IllegalArgumentException("phone has " + number.length() + " digits, expected 6 to 15");
        }
        yield "+" + number;
      }
      case HANDLE -> {
        String handle = trimmed.startsWith("@") ? trimmed.substring(1) : trimmed;
        if (handle.isEmpty() || handle.length() > 64
            || !handle.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '-')) {
          throw new IllegalArgumentException("socialHandle must be 1 to 64 letters, digits, '_', '.' or '-', "
              + "after an optional @");
        }
        yield handle.toLowerCase(Locale.ROOT);
      }
    };
  }
}
