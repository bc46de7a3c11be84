package earshot.jobs.text;

import earshot.schemas.SentimentLabel;
import earshot.schemas.TextStatus;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the enrich job and the command line do with a customer's text once they may read it:
 * redact personal data, find the language, and analyse English text. Consent is the caller's
 * business: call this only for text the customer allows to be read.
 *
 * <p>Guarantees: the text in the {@link Reading} is redacted; nothing unredacted leaves this
 * class; any input (empty, huge, binary) gives a reading, never an exception. Not thread-safe
 * (the analyzer is not): use one per thread.
 */
public final class TextPipeline implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TextPipeline.class);

  /**
   * What was learned from one text.
   *
   * @param status ANALYSED, NO_TEXT, UNSUPPORTED_LANGUAGE or SKIPPED (analysis switched off)
   * @param text the redacted text (the input itself when there was nothing to redact)
   * @param redactions spans replaced, by kind (EMAIL, PHONE, CARD, IBAN, NAME)
   * @param language ISO 639-1 code, null for no text
   * @param result sentiment, intents and key phrases; null unless ANALYSED
   */
  public record Reading(TextStatus status, String text, Map<String, Integer> redactions, String language,
      TextResult result) {}

  private final PiiRedactor redactor;
  private final LanguageDetector languages;
  private final TextAnalyzer analyzer;
  private long failures;

  /** @param analyzer the text model, or null when analysis is switched off (texts are still redacted) */
  public TextPipeline(TextAnalyzer analyzer) {
    this(new PiiRedactor(), new LanguageDetector(), analyzer);
  }

  public TextPipeline(PiiRedactor redactor, LanguageDetector languages, TextAnalyzer analyzer) {
    this.redactor = redactor;
    this.languages = languages;
    this.analyzer = analyzer;
  }

  /**
   * @param text the customer's text
   * @param declaredLanguage the language the channel declared (such as "en" or "fr-CA"), or null;
   *     used when the text itself is too short to tell
   */
  public Reading read(String text, String declaredLanguage) {
    return read(text, declaredLanguage, null);
  }

  /**
   * @param stream the stream the text comes from (such as a channel), or null; see {@link
   *     TextAnalyzer#analyze(String, String)}
   */
  public Reading read(String text, String declaredLanguage, String stream) {
    if (text == null || text.isBlank()) {
      return new Reading(TextStatus.NO_TEXT, text, Map.of(), null, null);
    }
    PiiRedactor.Redacted redacted = redactor.redact(text);
    if (analyzer == null) {
      return new Reading(TextStatus.SKIPPED, redacted.text(), redacted.counts(), normalise(declaredLanguage), null);
    }
    LanguageDetector.Detection detection = languages.detect(redacted.text());
    String declared = normalise(declaredLanguage);
    String language = detection.sure() || declared == null ? detection.language() : declared;
    if (!language.equals(LanguageDetector.ENGLISH)) {
      return new Reading(TextStatus.UNSUPPORTED_LANGUAGE, redacted.text(), redacted.counts(), language, null);
    }
    return new Reading(TextStatus.ANALYSED, redacted.text(), redacted.counts(), language,
        analyze(redacted.text(), stream));
  }

  /**
   * Attribute values (free-form fields a channel adds, such as a subject line or a shipping note)
   * are redacted like text, whatever the consent: they are not read, only cleaned.
   *
   * @return the attributes with every value redacted (the same map when nothing was redacted)
   */
  public Map<String, String> redactValues(Map<String, String> attributes) {
    if (attributes == null || attributes.isEmpty()) {
      return attributes;
    }
    Map<String, String> out = null;
    for (Map.Entry<String, String> entry : attributes.entrySet()) {
      String value = entry.getValue();
      String redacted = value == null ? null : redactor.redact(value).text();
      if (redacted != null && !redacted.equals(value)) {
        if (out == null) {
          out = new java.util.LinkedHashMap<>(attributes);
        }
        out.put(entry.getKey(), redacted);
      }
    }
    return out == null ? attributes : out;
  }

  private TextResult analyze(String text, String stream) {
    try {
      return stream == null ? analyzer.analyze(text) : analyzer.analyze(text, stream);
    } catch (RuntimeException e) {
      // Analyzers are built not to throw; should one still fail, one text must not stop the job.
      // The text is not logged: it may hold personal data the redactor did not recognise.
      failures++;
      LOG.warn("{} could not analyse a text of {} characters; it is recorded as neutral with confidence 0",
          analyzer.modelName(), text.length(), e);
      return new TextResult(SentimentLabel.NEUTRAL, 0, 0, List.of(), List.of());
    }
  }

  /** "en-GB" → en; anything that is not a language code → null. */
  static String normalise(String declared) {
    if (declared == null) {
      return null;
    }
    String code = declared.strip().toLowerCase(Locale.ROOT);
    int dash = code.indexOf('-') >= 0 ? code.indexOf('-') : code.indexOf('_');
    if (dash > 0) {
      code = code.substring(0, dash);
    }
    return code.length() == 2 && isAsciiLower(code.charAt(0)) && isAsciiLower(code.charAt(1)) ? code : null;
  }

  // Same test as code.matches("[a-z]{2}"), without compiling a pattern for every record.
  private static boolean isAsciiLower(char c) {
    return c >= 'a' && c <= 'z';
  }

  /** Texts the analyzer failed on since this pipeline was created. */
  public long failures() {
    return failures;
  }

  public String modelName() {
    return analyzer == null ? TextAnalyzers.OFF : analyzer.modelName();
  }

  @Override
  public void close() {
    if (analyzer != null) {
      analyzer.close();
    }
  }
}
