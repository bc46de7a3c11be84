package earshot.jobs.text;

import earshot.jobs.config.ConfigurationException;
import java.util.List;

/** Creates the text analyzer for a configured mode ({@code text.mode}). */
public final class TextAnalyzers {

  public static final String FAST = "fast";
  public static final String DEEP = "deep";
  public static final List<String> MODES = List.of(FAST, DEEP);

  private TextAnalyzers() {}

  /** An analyzer with the built-in intent rules. */
  public static TextAnalyzer create(String mode) {
    return create(mode, IntentRules.builtIn());
  }

  public static TextAnalyzer create(String mode, IntentRules rules) {
    return switch (mode) {
      case FAST -> new FastSentimentAnalyzer(rules);
      case DEEP -> new DeepSentimentAnalyzer(rules);
      default -> throw new ConfigurationException("text.mode", "unknown text mode '" + mode + "', expected one of "
          + MODES);
    };
  }
}
