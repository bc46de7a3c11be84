package earshot.jobs.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import earshot.connectors.kafka.KafkaConnection;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import javax.net.ssl.SSLHandshakeException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;

class KafkaAccessCheckTest {

  @Test
  void aRefusedLoginNamesTheJaasSetting() {
    var failure = new ExecutionException(new SaslAuthenticationException(
        "Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512"));
    assertThat(KafkaAccessCheck.translate(failure, "/etc/kafka-ca.pem")).hasValueSatisfying(e -> assertThat(e)
        .hasMessageStartingWith("configuration setting 'kafka.sasl-jaas-config': Kafka refused the login")
        .hasMessageContaining("invalid credentials"));
  }

  @Test
  void anUntrustedCertificateNamesTheTruststoreSettingAndTheFile() {
    var handshake = new SSLHandshakeException("PKIX path building failed: unable to find valid certification path");
    var failure = new SslAuthenticationException("SSL handshake failed", handshake);
    assertThat(KafkaAccessCheck.translate(failure, "/etc/kafka-ca.pem")).hasValueSatisfying(e -> assertThat(e)
        .hasMessageStartingWith("configuration setting 'kafka.ssl-truststore': ")
        .hasMessageContaining("not signed by a CA in /etc/kafka-ca.pem"));
    assertThat(KafkaAccessCheck.translate(failure, null)).hasValueSatisfying(e -> assertThat(e)
        .hasMessageContaining("the JVM's default trust store"));
  }

  @Test
  void anotherTlsFailureStillNamesTheTruststoreSettingWithKafkasReason() {
    var failure = new SslAuthenticationException("SSL handshake failed", new SSLHandshakeException("no cipher suites in common"));
    assertThat(KafkaAccessCheck.translate(failure, "/etc/kafka-ca.pem")).hasValueSatisfying(e -> assertThat(e)
        .hasMessageStartingWith("configuration setting 'kafka.ssl-truststore': the TLS handshake with Kafka failed")
        .hasMessageContaining("SSL handshake failed"));
  }

  @Test
  void otherFailuresAreLeftToTheCaller() {
    assertThat(KafkaAccessCheck.translate(new TopicAuthorizationException("Topic authorization failed."), null)).isEmpty();
    assertThat(KafkaAccessCheck.translate(new IllegalStateException("broker went away"), null)).isEmpty();
  }

  @Test
  void aClusterThatDoesNotAnswerIsNotReportedByTheCheck() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    KafkaConnection nobody = new KafkaConnection("127.0.0.1:" + port, Map.of());
    assertThatCode(() -> KafkaAccessCheck.verify(nobody, null, Duration.ofMillis(800))).doesNotThrowAnyException();
  }
}
