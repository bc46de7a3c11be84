package earshot.deploy.services;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Versions of the locally started services, as set in the root pom. */
public final class ServiceVersions {

  private static final Properties VERSIONS = load();

  private ServiceVersions() {}

  public static String kafka() {
    return get("kafka");
  }

  public static String elasticsearch() {
    return get("elasticsearch");
  }

  public static String flink() {
    return get("flink");
  }

  private static String get(String key) {
    String value = VERSIONS.getProperty(key);
    if (value == null || value.startsWith("${")) {
      throw new IllegalStateException("service version '" + key + "' was not filled in by the build");
    }
    return value;
  }

  private static Properties load() {
    Properties properties = new Properties();
    try (InputStream in = ServiceVersions.class.getResourceAsStream("/earshot/deploy/versions.properties")) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return properties;
  }
}
