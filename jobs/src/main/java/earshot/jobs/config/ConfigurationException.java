package earshot.jobs.config;

/** A configuration value that cannot be used; the message names the setting. */
public final class ConfigurationException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public ConfigurationException(String setting, String problem) {
    super("configuration setting '" + setting + "': " + problem);
  }

  public ConfigurationException(String message) {
    super(message);
  }
}
