package earshot.lab.report.html;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Escaping and number formatting shared by the HTML reports. Every text that comes from data
 * (series keys, summaries, customer verbatims, file names) goes through {@link #escape} before it
 * is written, in element content and in attribute values alike, so that a customer's
 * {@code </svg><script>} stays text.
 */
public final class Html {

  private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT)
      .withZone(ZoneOffset.UTC);

  private Html() {}

  /**
   * The text with {@code & < > " '} replaced by character references, and characters XML does not
   * allow (control characters other than tab and line breaks) replaced by U+FFFD, so that the
   * result is safe in HTML content, in a quoted attribute and in inline SVG parsed as XML.
   */
  public static String escape(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> {
          if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0xFFFE || c == 0xFFFF) {
            out.append('\uFFFD');
          } else if (Character.isHighSurrogate(c) && (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1)))) {
            out.append('\uFFFD'); // a lone surrogate is not a character
          } else if (Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(text.charAt(i - 1)))) {
            out.append('\uFFFD');
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }

  /** An instant as {@code yyyy-MM-dd HH:mm} UTC. */
  public static String minute(Instant at) {
    return at == null ? "-" : MINUTE.format(at);
  }

  /** A number with at most {@code decimals} decimals, without trailing zeros; "-" when not finite. */
  public static String number(double value, int decimals) {
    if (!Double.isFinite(value)) {
      return "-";
    }
    String text = String.format(Locale.ROOT, "%." + decimals + "f", value);
    if (text.indexOf('.') >= 0) {
      text = text.replaceAll("0+$", "").replaceAll("\\.$", "");
    }
    return text.equals("-0") ? "0" : text;
  }

  /** A number for an SVG coordinate: two decimals at most. */
  static String coord(double value) {
    return number(value, 2);
  }
}
