package earshot.connectors.kafka;

import java.io.Serializable;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * How to reach a Kafka cluster: the bootstrap servers and any further client properties (security
 * protocol, SASL, TLS trust store), applied to every source, sink and admin client Earshot makes.
 */
public record KafkaConnection(String bootstrapServers, Map<String, String> clientProperties) implements Serializable {

  public KafkaConnection {
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("kafka.bootstrap-servers must not be empty");
    }
    clientProperties = Map.copyOf(new TreeMap<>(clientProperties == null ? Map.of() : clientProperties));
  }

  public static KafkaConnection of(String bootstrapServers) {
    return new KafkaConnection(bootstrapServers, Map.of());
  }

  /** Client properties with the bootstrap servers, for plain Kafka clients. */
  public Properties toProperties() {
    Properties properties = new Properties();
    properties.putAll(clientProperties);
    properties.put("bootstrap.servers", bootstrapServers);
    return properties;
  }
}
