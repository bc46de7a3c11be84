package earshot.jobs.text;

import earshot.jobs.config.ConfigurationException;

/** Creates the text analyzer for a configured mode. */
public final class TextAnalyzers {

  private TextAnalyzers() {}

  /** The analyzer for a mode, or null for "off" (texts are kept without analysis). */
  public static TextAnalyzer create(String mode) {
    return switch (mode) {
      case "deep" -> new DeepSentimentAnalyzer();
      case "off" -> null;
      default -> throw new ConfigurationException("text.mode", "unknown text mode '" + mode + "'");
    };
  }
}
