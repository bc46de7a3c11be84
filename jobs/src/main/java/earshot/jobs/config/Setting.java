package earshot.jobs.config;

import java.util.function.Function;

/**
 * One named, typed, documented configuration setting with its default.
 *
 * @param key dotted name, as in the configuration file, such as {@code kafka.bootstrap-servers}
 * @param defaultValue the default as text (parsed like any other value), or null for "unset"
 * @param description one line for the documentation and usage messages
 * @param parser turns the text into the value, throwing IllegalArgumentException with a reason
 */
public record Setting<T>(String key, String defaultValue, String description, String type, Function<String, T> parser) {

  /** The environment variable that overrides this setting: EARSHOT_ + upper-case key, dots and dashes as underscores. */
  public String environmentVariable() {
    return "EARSHOT_" + key.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  T parse(String text) {
    try {
      return parser.apply(text.strip());
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException(key, "'" + text + "' is not valid: " + e.getMessage());
    }
  }
}
