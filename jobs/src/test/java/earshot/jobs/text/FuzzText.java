package earshot.jobs.text;

import java.nio.charset.StandardCharsets;

/**
 * Turns a fuzzer's bytes into a customer text. Plain UTF-8 by default, so that seed files are
 * readable texts; input that starts with a zero byte is read as UTF-16 (big-endian) after it, which
 * reaches every {@code char} a Java string can hold, unpaired surrogates included (UTF-8 decoding
 * would replace those).
 */
final class FuzzText {

  private FuzzText() {}

  static String decode(byte[] input) {
    if (input.length > 0 && input[0] == 0) {
      char[] chars = new char[(input.length - 1) / 2];
      for (int k = 0; k < chars.length; k++) {
        chars[k] = (char) (((input[1 + 2 * k] & 0xFF) << 8) | (input[2 + 2 * k] & 0xFF));
      }
      return new String(chars);
    }
    return new String(input, StandardCharsets.UTF_8);
  }

  /**
   * Standalone 16-digit card numbers that pass the Luhn check and that the redactor promises to
   * remove: 16 digits written together or as four groups of four separated by one space or dash,
   * not starting with 0, with neither a letter, a digit, a {@code +} nor another digit group
   * (digits after a space, dash, dot or bracket) right before or after. Digits glued to a word
   * ("ref4111...") or inside a longer run are, by design, not taken as a card.
   */
  static String survivingCard(String text) {
    int n = text.length();
    for (int start = 0; start < n; start++) {
      if (!isDigit(text.charAt(start)) || text.charAt(start) == '0' || !boundaryBefore(text, start)) {
        continue;
      }
      for (char separator : new char[] {0, ' ', '-'}) {
        int end = cardEnd(text, start, separator);
        if (end > 0 && boundaryAfter(text, end)) {
          String digits = text.substring(start, end).replace(" ", "").replace("-", "");
          if (PiiRedactor.luhn(digits)) {
            return text.substring(start, end);
          }
        }
      }
    }
    return null;
  }

  private static int cardEnd(String text, int start, char separator) {
    int i = start;
    for (int group = 0; group < 4; group++) {
      if (group > 0 && separator != 0) {
        if (i >= text.length() || text.charAt(i) != separator) {
          return -1;
        }
        i++;
      }
      int length = separator == 0 ? 16 : 4;
      for (int k = 0; k < length; k++, i++) {
        if (i >= text.length() || !isDigit(text.charAt(i))) {
          return -1;
        }
      }
      if (separator == 0) {
        return i;
      }
    }
    return i;
  }

  private static boolean boundaryBefore(String text, int start) {
    if (start == 0) {
      return true;
    }
    char before = text.charAt(start - 1);
    if (Character.isLetterOrDigit(before) || before == '+') {
      return false;
    }
    boolean separator = before == ' ' || before == '-' || before == '.' || before == '(' || before == ')';
    // A separator with digits before it makes this run the tail of a longer number.
    return !(separator && start >= 2 && (isDigit(text.charAt(start - 2)) || isSeparator(text.charAt(start - 2))));
  }

  private static boolean boundaryAfter(String text, int end) {
    if (end >= text.length()) {
      return true;
    }
    char after = text.charAt(end);
    if (Character.isLetterOrDigit(after)) {
      return false;
    }
    boolean separator = isSeparator(after);
    return !(separator && end + 1 < text.length() && (isDigit(text.charAt(end + 1)) || isSeparator(text.charAt(end + 1))));
  }

  private static boolean isSeparator(char c) {
    return c == ' ' || c == '-' || c == '.' || c == '(' || c == ')';
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
