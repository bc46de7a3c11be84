package earshot.connectors.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import earshot.deploy.services.LocalElasticsearch;
import earshot.deploy.testing.ElasticsearchTestClient;
import earshot.deploy.testing.RealServicesExtension;
import earshot.deploy.testing.TestServices;
import earshot.schemas.Index;
import java.time.Duration;
import org.apache.flink.util.ExceptionUtils;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The sink against a real Elasticsearch node with security switched on: TLS on HTTP with a
 * certificate from the node's own CA, basic authentication and API keys. The sink trusts exactly
 * the CA file it is given.
 */
class ElasticsearchSecurityITCase {

  private static LocalElasticsearch node;
  private static ElasticsearchTestClient admin;

  @BeforeAll
  static void startSecuredNode() throws Exception {
    node = RealServicesExtension.securedElasticsearch();
    admin = ElasticsearchTestClient.superuserOf(node);
  }

  private static ElasticsearchOptions tls() {
    return ElasticsearchOptions.defaults(node.endpoint())
        .withCaCertificate(node.caCertificate().toString())
        .withRetries(Duration.ofMillis(50), Duration.ofSeconds(1), 5);
  }

  @Test
  void writesWithBasicAuthenticationOverTlsTrustingOnlyTheGivenCa() throws Exception {
    String prefix = TestServices.uniquePrefix("es-basic");
    admin.installTemplates(prefix);
    LocalElasticsearch.Credentials writer = node.writer();

    SinkTestJobs.runBounded("basic auth", SinkTestJobs.interactions("basic-", 40), new ElasticsearchSink<>(
        "interactions", tls().withBasicAuth(writer.username(), writer.password()), SinkTestJobs.emitter(prefix),
        RejectedDocuments.failing()));

    assertThat(admin.count(Index.INTERACTIONS.pattern(prefix))).isEqualTo(40);
    assertThat(admin.findById(Index.INTERACTIONS.pattern(prefix), "basic-39").path("interaction").path("nps").asInt())
        .isEqualTo(39 % 11);
  }

  /**
   * The integration-test distribution cannot create API keys (their system index needs an analysis
   * module it does not ship), so this only proves the key reaches the node's API key authenticator,
   * which refuses an unknown one; that the sink sends a key as {@code ApiKey <encoded>} is checked
   * against a stub in {@code ElasticsearchWriterTest}.
   */
  @Test
  void anUnknownApiKeyIsRefusedByTheNodeWithAClearError() throws Exception {
    String prefix = TestServices.uniquePrefix("es-apikey");
    String unknownKey = java.util.Base64.getEncoder().encodeToString(
        "no-such-id:no-such-secret".getBytes(java.nio.charset.StandardCharsets.UTF_8));

    assertThatThrownBy(() -> SinkTestJobs.runBounded("api key", SinkTestJobs.interactions("key-", 3),
        new ElasticsearchSink<>("interactions", tls().withApiKey(unknownKey), SinkTestJobs.emitter(prefix),
            RejectedDocuments.failing())))
        .satisfies(failure -> {
          String message = ExceptionUtils.findThrowableWithMessage(failure, "HTTP 401").map(Throwable::getMessage)
              .orElseThrow(() -> new AssertionError("no HTTP 401 in the failure", failure));
          assertThat(message).contains("elasticsearch.api-key");
        });
  }

  @Test
  void aWrongPasswordFailsTheJobAtOnceWithTheServersReason() throws Exception {
    String prefix = TestServices.uniquePrefix("es-wrong");
    admin.installTemplates(prefix);
    String user = node.writer().username();

    assertThatThrownBy(() -> SinkTestJobs.runBounded("wrong password", SinkTestJobs.interactions("wrong-", 5),
        new ElasticsearchSink<>("interactions", tls().withBasicAuth(user, "not-the-password"),
            SinkTestJobs.emitter(prefix), RejectedDocuments.failing())))
        .satisfies(failure -> {
          String message = ExceptionUtils.findThrowableWithMessage(failure, "HTTP 401").map(Throwable::getMessage)
              .orElseThrow(() -> new AssertionError("no HTTP 401 in the failure", failure));
          assertThat(message).contains("elasticsearch.password").contains("unable to authenticate user [" + user + "]");
        });
    assertThat(admin.count(Index.INTERACTIONS.pattern(prefix))).isZero();
  }

  @Test
  void refusesANodeWhoseCertificateIsNotSignedByATrustedCa() throws Exception {
    String prefix = TestServices.uniquePrefix("es-untrusted");
    LocalElasticsearch.Credentials writer = node.writer();
    // Without the node's CA, the JVM's default trust store does not know the node's certificate.
    ElasticsearchOptions defaultTrust = ElasticsearchOptions.defaults(node.endpoint())
        .withBasicAuth(writer.username(), writer.password());

    assertThatThrownBy(() -> SinkTestJobs.runBounded("untrusted", SinkTestJobs.interactions("tls-", 3),
        new ElasticsearchSink<>("interactions", defaultTrust, SinkTestJobs.emitter(prefix), RejectedDocuments.failing())))
        .satisfies(failure -> assertThat(ExceptionUtils.findThrowableWithMessage(failure, "TLS handshake")).isPresent());
  }
}
