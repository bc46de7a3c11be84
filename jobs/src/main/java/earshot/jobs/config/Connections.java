package earshot.jobs.config;

import earshot.connectors.elasticsearch.ElasticsearchOptions;
import earshot.connectors.kafka.KafkaConnection;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds the connectors' typed options from the configuration. */
public final class Connections {

  private Connections() {}

  public static KafkaConnection kafka(EarshotConfig config) {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("security.protocol", config.get(Settings.KAFKA_SECURITY_PROTOCOL));
    if (config.get(Settings.KAFKA_SASL_MECHANISM) != null) {
      properties.put("sasl.mechanism", config.get(Settings.KAFKA_SASL_MECHANISM));
    }
    if (config.get(Settings.KAFKA_SASL_JAAS) != null) {
      properties.put("sasl.jaas.config", config.get(Settings.KAFKA_SASL_JAAS));
    }
    if (config.get(Settings.KAFKA_TRUSTSTORE) != null) {
      properties.put("ssl.truststore.type", "PEM");
      properties.put("ssl.truststore.location", config.get(Settings.KAFKA_TRUSTSTORE));
    }
    return new KafkaConnection(config.get(Settings.KAFKA_BOOTSTRAP), properties);
  }

  public static ElasticsearchOptions elasticsearch(EarshotConfig config) {
    List<String> urls = Arrays.stream(config.get(Settings.ES_URL).split(","))
        .map(String::strip).filter(s -> !s.isEmpty()).map(u -> u.replaceAll("/+$", "")).toList();
    try {
      ElasticsearchOptions options = ElasticsearchOptions.defaults(urls.get(0));
      options = new ElasticsearchOptions(urls, config.get(Settings.ES_USERNAME), config.get(Settings.ES_PASSWORD),
          config.get(Settings.ES_API_KEY), config.get(Settings.ES_CA_CERTIFICATE),
          config.get(Settings.ES_BULK_ACTIONS), config.get(Settings.ES_BULK_BYTES),
          config.get(Settings.ES_BULK_INTERVAL), config.get(Settings.ES_MAX_IN_FLIGHT),
          options.initialBackoff(), options.maxBackoff(), config.get(Settings.ES_MAX_RETRIES), options.requestTimeout());
      return options;
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException(e.getMessage());
    }
  }
}
