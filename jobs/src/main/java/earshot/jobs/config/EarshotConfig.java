package earshot.jobs.config;

import java.io.IOException;
import java.io.Reader;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Earshot's resolved configuration: every {@link Settings setting} with its value and where the
 * value came from. Building one validates everything at once, so a bad value fails at start with
 * a message naming the setting, before any job runs.
 */
public final class EarshotConfig implements Serializable {

  private static final long serialVersionUID = 1L;

  private final Map<String, String> raw;
  private final Map<String, String> origins;
  private transient Map<String, Object> parsed;

  private EarshotConfig(Map<String, String> raw, Map<String, String> origins) {
    this.raw = Map.copyOf(raw);
    this.origins = Map.copyOf(origins);
    parseAll();
  }

  /** Defaults only. */
  public static EarshotConfig defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  @SuppressWarnings("unchecked")
  public <T> T get(Setting<T> setting) {
    if (parsed == null) {
      parseAll();
    }
    return (T) parsed.get(setting.key());
  }

  /** Where a setting's value came from: default, file, environment or command line. */
  public String origin(Setting<?> setting) {
    return origins.getOrDefault(setting.key(), "default");
  }

  /** The same configuration with some values replaced (for tests and derived runs). */
  public EarshotConfig with(Setting<?> setting, String value) {
    Map<String, String> values = new LinkedHashMap<>(raw);
    Map<String, String> from = new LinkedHashMap<>(origins);
    values.put(setting.key(), value);
    from.put(setting.key(), "override");
    return new EarshotConfig(values, from);
  }

  /**
   * The settings whose value did not come from the defaults, as {@code key=value} text, in the
   * order of {@link Settings#all()}: what a job on a cluster must be given to run with the same
   * configuration ({@code --set key=value} each).
   */
  public java.util.List<String> explicitAssignments() {
    java.util.List<String> out = new java.util.ArrayList<>();
    for (Setting<?> setting : Settings.all().values()) {
      if (origins.containsKey(setting.key()) && raw.containsKey(setting.key())) {
        out.add(setting.key() + "=" + raw.get(setting.key()));
      }
    }
    return out;
  }

  /** Settings and values, secrets masked, for logs and {@code ./earshot config}. */
  public Map<String, String> describe() {
    Map<String, String> out = new TreeMap<>();
    for (Setting<?> setting : Settings.all().values()) {
      String value = raw.get(setting.key());
      boolean secret = setting.key().endsWith("password") || setting.key().endsWith("api-key")
          || setting.key().endsWith("jaas-config") || setting.key().endsWith("hash-key");
      out.put(setting.key(), value == null ? "(unset)" : secret ? "******" : value);
    }
    return out;
  }

  private void parseAll() {
    Map<String, Object> values = new LinkedHashMap<>();
    for (Setting<?> setting : Settings.all().values()) {
      String text = raw.get(setting.key());
      values.put(setting.key(), text == null ? null : parseWithOrigin(setting, text));
    }
    parsed = values;
  }

  private Object parseWithOrigin(Setting<?> setting, String text) {
    try {
      return setting.parse(text);
    } catch (ConfigurationException e) {
      String origin = origins.getOrDefault(setting.key(), "default");
      throw new ConfigurationException(e.getMessage() + " (from " + origin + ")");
    }
  }

  /** Collects values from the sources in order of precedence; later calls win. */
  public static final class Builder {
    private final Map<String, String> raw = new LinkedHashMap<>();
    private final Map<String, String> origins = new LinkedHashMap<>();

    private Builder() {
      for (Setting<?> setting : Settings.all().values()) {
        if (setting.defaultValue() != null) {
          raw.put(setting.key(), setting.defaultValue());
        }
      }
    }

    /** Reads a {@code key=value} file; an unknown key is an error naming the file and the key. */
    public Builder file(Path file) {
      Properties properties = new Properties();
      try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        properties.load(reader);
      } catch (IOException e) {
        throw new ConfigurationException("cannot read configuration file " + file + ": " + e.getMessage());
      } catch (IllegalArgumentException e) {
        // java.util.Properties refuses a malformed unicode escape this way
        throw new ConfigurationException("configuration file " + file + " is not a key=value file: " + e.getMessage());
      }
      for (String key : properties.stringPropertyNames()) {
        put(key, properties.getProperty(key), "file " + file.getFileName());
      }
      return this;
    }

    /** Reads EARSHOT_* variables that name a setting; other variables are ignored. */
    public Builder environment(Map<String, String> environment) {
      for (var alias : Settings.ENVIRONMENT_ALIASES.entrySet()) {
        String value = environment.get(alias.getKey());
        if (value != null && !value.isBlank()) {
          put(alias.getValue().key(), value, "environment " + alias.getKey());
        }
      }
      for (Setting<?> setting : Settings.all().values()) {
        String value = environment.get(setting.environmentVariable());
        if (value != null) {
          put(setting.key(), value, "environment " + setting.environmentVariable());
        }
      }
      return this;
    }

    /** A command-line override, {@code key=value}. */
    public Builder override(String assignment) {
      int eq = assignment.indexOf('=');
      if (eq <= 0) {
        throw new ConfigurationException("expected key=value, got '" + assignment + "'");
      }
      return put(assignment.substring(0, eq).strip(), assignment.substring(eq + 1), "command line");
    }

    public Builder put(String key, String value, String origin) {
      if (!Settings.all().containsKey(key)) {
        throw new ConfigurationException(key, "unknown setting (from " + origin + "); run './earshot config' to list them");
      }
      raw.put(key, value);
      origins.put(key, origin);
      return this;
    }

    public EarshotConfig build() {
      return new EarshotConfig(raw, origins);
    }
  }
}
