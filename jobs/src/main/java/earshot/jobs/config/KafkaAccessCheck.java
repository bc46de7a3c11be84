package earshot.jobs.config;

import earshot.connectors.kafka.KafkaConnection;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;

/**
 * A short check, made where commands and jobs first connect to Kafka, that the configured
 * credentials and trust store are accepted: it asks the cluster to describe itself and turns a
 * refused login or an untrusted broker certificate into a {@link ConfigurationException} naming the
 * setting to fix ({@code kafka.sasl-jaas-config}, {@code kafka.ssl-truststore}), instead of the
 * raw Kafka exception a source or sink would throw later, or the retries it would make.
 *
 * <p>A cluster that does not answer within the timeout is not reported here: what follows says
 * so in its own terms, as before.
 */
public final class KafkaAccessCheck {

  /** Long enough for a TLS handshake and a SCRAM exchange with a busy broker. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(15);

  private KafkaAccessCheck() {}

  /** Checks the configured Kafka connection; see the class comment. */
  public static void verify(EarshotConfig config) {
    verify(Connections.kafka(config), config.get(Settings.KAFKA_TRUSTSTORE), DEFAULT_TIMEOUT);
  }

  /**
   * @param truststore the configured PEM file, for the message; null for the JVM's default trust
   * @throws ConfigurationException when the broker refuses the login or its certificate is not trusted
   */
  public static void verify(KafkaConnection connection, String truststore, Duration timeout) {
    Properties properties = connection.toProperties();
    properties.put("request.timeout.ms", Long.toString(timeout.toMillis()));
    properties.put("default.api.timeout.ms", Long.toString(timeout.toMillis()));
    // One attempt: a refused login does not get better by retrying.
    properties.put("retries", "0");
    Admin admin;
    try {
      admin = Admin.create(properties);
    } catch (KafkaException e) {
      throw translate(e, truststore).orElseThrow(() -> e);
    }
    try (admin) {
      admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      RuntimeException translated = translate(e.getCause(), truststore).orElse(null);
      if (translated != null) {
        throw translated;
      }
      // Anything else (authorisation, a broker going away) is left to the command or job.
    } catch (TimeoutException e) {
      // Not reachable or slow: left to the command or job, as before this check.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The configuration error a Kafka failure means, if it is one of the login or trust failures. */
  static Optional<ConfigurationException> translate(Throwable failure, String truststore) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SaslAuthenticationException) {
        return java.util.Optional.of(new ConfigurationException(Settings.KAFKA_SASL_JAAS.key(),
            "Kafka refused the login (check the user name and password): " + t.getMessage()));
      }
      if (t instanceof SslAuthenticationException) {
        return java.util.Optional.of(new ConfigurationException(Settings.KAFKA_TRUSTSTORE.key(),
            tlsProblem(t, truststore)));
      }
      if (t instanceof AuthenticationException) {
        return java.util.Optional.of(new ConfigurationException(Settings.KAFKA_SASL_JAAS.key(),
            "Kafka refused the connection's authentication: " + t.getMessage()));
      }
    }
    return java.util.Optional.empty();
  }

  private static String tlsProblem(Throwable ssl, String truststore) {
    boolean untrusted = false;
    for (Throwable t = ssl; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof CertPathValidatorException || t instanceof CertificateException
          || (t instanceof SSLException && String.valueOf(t.getMessage()).contains("PKIX"))) {
        untrusted = true;
      }
    }
    String trusted = truststore == null ? "the JVM's default trust store" : truststore;
    return untrusted
        ? "the Kafka broker's certificate is not signed by a CA in " + trusted
            + " (set it to a PEM file with the CA that signed the broker's certificate)"
        : "the TLS handshake with Kafka failed (trust: " + trusted + "): " + ssl.getMessage();
  }
}
