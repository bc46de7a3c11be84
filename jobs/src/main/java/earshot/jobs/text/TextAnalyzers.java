package earshot.jobs.text;

import earshot.jobs.config.ConfigurationException;

/** Creates the text analyzer for a configured mode. */
public final class TextAnalyzers {

  private TextAnalyzers() {}

  public static TextAnalyzer create(String mode) {
    return switch (mode) {
      case "deep" -> new DeepSentimentAnalyzer();
      default -> throw new ConfigurationException("text.mode", "unknown text mode '" + mode + "'");
    };
  }
}
