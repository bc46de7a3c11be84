package earshot.jobs.text;

import earshot.jobs.config.ConfigurationException;
import java.util.List;

/** Creates the text analyzer for a configured mode ({@code text.mode}). */
public final class TextAnalyzers {

  public static final String FAST = "fast";
  public static final String DEEP = "deep";
  /** Text analysis switched off: texts are redacted and kept, not analysed. */
  public static final String OFF = "off";
  public static final List<String> MODES = List.of(FAST, DEEP, OFF);

  private TextAnalyzers() {}

  /**
   * The analyzer for a mode, or null for "off" (texts are kept without analysis), with the enrich
   * job's defaults: built-in rules, no prior adaptation, no learned intent model (the rules alone).
   */
  public static TextAnalyzer create(String mode) {
    return create(mode, IntentRules.builtIn());
  }

  public static TextAnalyzer create(String mode, IntentRules rules) {
    return create(mode, rules, false, false);
  }

  /**
   * @param priorAdaptation whether the fast model follows each stream's class balance
   *     ({@link PriorAdaptation}); the deep model ignores it
   * @param intentModel whether the fast mode adds the confident codes of the shipped {@link
   *     IntentModel} to the rules' codes; the deep mode uses the rules alone
   */
  public static TextAnalyzer create(String mode, IntentRules rules, boolean priorAdaptation, boolean intentModel) {
    return switch (mode) {
      case FAST -> new FastSentimentAnalyzer(FastSentimentModel.load(), rules,
          priorAdaptation ? PriorAdaptation.Settings.DEFAULT : null, intentModel ? IntentModel.load() : null);
      case DEEP -> new DeepSentimentAnalyzer(rules);
      case OFF -> null;
      default -> throw new ConfigurationException("text.mode", "unknown text mode '" + mode + "', expected one of "
          + MODES);
    };
  }
}
