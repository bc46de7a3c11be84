package earshot.connectors.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Bad sink options fail when they are made, naming the setting to fix; secrets never print. */
class ElasticsearchOptionsTest {

  private static final ElasticsearchOptions LOCAL = ElasticsearchOptions.defaults("http://127.0.0.1:9200");

  @Test
  void namesTheSettingOfEachProblem() {
    assertThatThrownBy(() -> ElasticsearchOptions.defaults("127.0.0.1:9200"))
        .hasMessageContaining("elasticsearch.url must start with http:// or https://");
    assertThatThrownBy(() -> LOCAL.withBasicAuth("earshot", null))
        .hasMessageContaining("elasticsearch.username and elasticsearch.password must be set together");
    assertThatThrownBy(() -> LOCAL.withBasicAuth("earshot", "secret").withApiKey("a2V5"))
        .hasMessageContaining("either elasticsearch.api-key or elasticsearch.username/password");
    assertThatThrownBy(() -> LOCAL.withCaCertificate("/etc/earshot/ca.crt"))
        .hasMessageContaining("elasticsearch.ca-certificate is set, but no elasticsearch.url uses https://");
    assertThatThrownBy(() -> LOCAL.withBulk(0, 1024, Duration.ofSeconds(1), 0))
        .hasMessageContaining("elasticsearch.bulk.max-actions").hasMessageContaining("elasticsearch.bulk.max-in-flight");
    assertThatThrownBy(() -> LOCAL.withRetries(Duration.ofSeconds(2), Duration.ofSeconds(1), 3))
        .hasMessageContaining("backoff");
  }

  @Test
  void neverPrintsSecrets() {
    String text = ElasticsearchOptions.defaults("https://es.example.net:9200").withBasicAuth("earshot", "s3cret-pass")
        .toString() + ElasticsearchOptions.defaults("https://es.example.net:9200").withApiKey("c2VjcmV0LWtleQ==");
    assertThat(text).doesNotContain("s3cret-pass").doesNotContain("c2VjcmV0LWtleQ==").contains("basic").contains("api-key");
  }

  @Test
  void acceptsSeveralNodes() {
    ElasticsearchOptions options = new ElasticsearchOptions(List.of("https://es-1:9200", "https://es-2:9200"), null, null,
        null, "/etc/earshot/ca.crt", 500, 1 << 20, Duration.ofSeconds(1), 2, Duration.ofMillis(100),
        Duration.ofSeconds(30), -1, Duration.ofSeconds(60));
    assertThat(options.urls()).hasSize(2);
  }
}
