package earshot.jobs.text;

import java.util.Map;
import java.util.TreeMap;

/**
 * Writes what the text stage made of a text as one line of printable ASCII, every field of the
 * {@link TextPipeline.Reading} included and scores written exactly ({@link Double#toString}), so
 * that two versions of the stage can be compared text by text with a plain diff. Characters outside
 * printable ASCII, and the backslash, are written as {@code \}{@code uXXXX}.
 */
public final class ReadingLines {

  private ReadingLines() {}

  /** status, language, redaction counts, redacted text, then label, score, confidence, intents, key phrases. */
  public static String line(TextPipeline.Reading reading) {
    StringBuilder out = new StringBuilder();
    out.append(reading.status()).append('\t').append(reading.language()).append('\t')
        .append(new TreeMap<>(reading.redactions() == null ? Map.of() : reading.redactions())).append('\t');
    escape(reading.text(), out);
    TextResult result = reading.result();
    if (result != null) {
      out.append('\t').append(result.label()).append('\t').append(result.score()).append('\t')
          .append(result.confidence()).append('\t');
      escape(String.join("|", result.intents()), out);
      out.append('\t');
      escape(String.join("|", result.keyPhrases()), out);
    }
    return out.toString();
  }

  /** Appends the text with everything but printable ASCII (and the backslash) as a unicode escape. */
  public static void escape(String text, StringBuilder out) {
    if (text == null) {
      out.append("null");
      return;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= 0x20 && c < 0x7F && c != '\\') {
        out.append(c);
      } else {
        out.append(String.format("\\u%04x", (int) c));
      }
    }
  }
}
