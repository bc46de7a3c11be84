package earshot.schemas;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * The words accepted for enum fields in the JSON form of records, kept in this one table: each
 * enum's own symbols, and for the fields channels fill in by hand ({@link Channel},
 * {@link Direction}) the synonyms producers commonly write. Nothing else is guessed: a value that
 * is neither a symbol nor a listed synonym is refused, naming the field, the value and what is
 * accepted (it is not read as the schema's default, which would silently turn an outgoing reply
 * into an inbound contact, or a phone call into OTHER).
 *
 * <p>Matching is case-insensitive after trimming, with '-', ' ' and '_' treated alike (runs of
 * them count as one): {@code "Live-Chat"}, {@code "live chat"} and {@code "LIVE_CHAT"} are the same word.
 */
public final class EnumSynonyms {

  /** Enum name to (symbol to its synonyms). */
  private static final Map<String, Map<String, List<String>>> TABLE = Map.of(
      "Channel", table(
          "CALL", "phone, voice, telephone, phone call, call centre, call center, ivr",
          "EMAIL", "e-mail, mail",
          "CHAT", "webchat, web chat, live chat, livechat",
          "SMS", "text, text message, texting, mms",
          "SOCIAL", "social media, twitter, facebook, instagram, linkedin, tiktok",
          "STORE", "shop, retail, in store, branch",
          "AFTER_SALES", "aftersales, after sale, repair",
          "APP", "mobile app, in app",
          "SURVEY", "questionnaire",
          "OTHER", ""),
      "Direction", table(
          "INBOUND", "incoming, in",
          "OUTBOUND", "outgoing, out"));

  private EnumSynonyms() {}

  /**
   * The symbol a JSON value stands for.
   *
   * @param field the field's path, for the message
   * @throws RecordFormatException naming the field, the value and what is accepted
   */
  public static String symbol(Schema enumSchema, String value, String field) {
    String word = normalise(value);
    for (String symbol : enumSchema.getEnumSymbols()) {
      if (normalise(symbol).equals(word)) {
        return symbol;
      }
    }
    Map<String, List<String>> synonyms = TABLE.getOrDefault(enumSchema.getName(), Map.of());
    for (Map.Entry<String, List<String>> entry : synonyms.entrySet()) {
      if (entry.getValue().stream().anyMatch(w -> normalise(w).equals(word)) && enumSchema.getEnumSymbols().contains(entry.getKey())) {
        return entry.getKey();
      }
    }
    String shown = value.length() > 60 ? value.substring(0, 57) + "..." : value;
    throw new RecordFormatException("unknown value '" + shown + "' for field '" + field + "'; accepted: "
        + accepted(enumSchema));
  }

  /** What is accepted for an enum, for messages and documentation: "CALL (phone, voice, ...), EMAIL (...), ...". */
  public static String accepted(Schema enumSchema) {
    Map<String, List<String>> synonyms = TABLE.getOrDefault(enumSchema.getName(), Map.of());
    List<String> parts = new ArrayList<>();
    for (String symbol : enumSchema.getEnumSymbols()) {
      List<String> words = synonyms.getOrDefault(symbol, List.of());
      parts.add(words.isEmpty() ? symbol : symbol + " (" + String.join(", ", words) + ")");
    }
    return String.join(", ", parts);
  }

  /** Enum name to (symbol to synonyms), for the documentation. */
  public static Map<String, Map<String, List<String>>> table() {
    return TABLE;
  }

  /** Lower case, trimmed, '-' and ' ' read as '_', runs of them as one. */
  static String normalise(String value) {
    StringBuilder out = new StringBuilder(value.length());
    boolean separator = false;
    for (char c : value.strip().toLowerCase(Locale.ROOT).toCharArray()) {
      if (c == '-' || c == ' ' || c == '_') {
        separator = true;
      } else {
        if (separator && !out.isEmpty()) {
          out.append('_');
        }
        separator = false;
        out.append(c);
      }
    }
    return out.toString();
  }

  private static Map<String, List<String>> table(String... symbolsAndSynonyms) {
    Map<String, List<String>> table = new LinkedHashMap<>();
    for (int i = 0; i < symbolsAndSynonyms.length; i += 2) {
      List<String> words = new ArrayList<>();
      for (String word : symbolsAndSynonyms[i + 1].split(",")) {
        if (!word.isBlank()) {
          words.add(word.strip());
        }
      }
      table.put(symbolsAndSynonyms[i], List.copyOf(words));
    }
    return Collections.unmodifiableMap(table);
  }
}
