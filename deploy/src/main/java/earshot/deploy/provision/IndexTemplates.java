package earshot.deploy.provision;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import earshot.schemas.Index;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLContext;

/**
 * Installs Earshot's composable index templates (explicit mappings, one per {@link Index}) and
 * applies their mappings to indices that already exist, so rerunning setup after a template
 * change takes effect without recreating data. Idempotent.
 */
public final class IndexTemplates {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ElasticsearchHttp http;

  public IndexTemplates(ElasticsearchHttp http) {
    this.http = http;
  }

  /** The template body for one index kind, with the prefix filled in. */
  public static ObjectNode template(Index index, String prefix) {
    String resource = "/earshot/deploy/elasticsearch/" + index.suffix() + ".json";
    try (InputStream in = IndexTemplates.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("index template resource missing: " + resource);
      }
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("{{prefix}}", prefix);
      return (ObjectNode) JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String templateName(Index index, String prefix) {
    return prefix + index.suffix();
  }

  /**
   * Puts every template and updates the mappings of existing indices.
   *
   * @return one line per action, for the operator
   */
  public List<String> apply(String prefix) throws IOException {
    return apply(prefix, index -> template(index, prefix));
  }

  /** Puts the given templates (one per index kind) and updates the mappings of existing indices. */
  public List<String> apply(String prefix, java.util.function.Function<Index, ObjectNode> templates) throws IOException {
    List<String> done = new ArrayList<>();
    for (Index index : Index.values()) {
      ObjectNode template = templates.apply(index);
      String name = templateName(index, prefix);
      http.request("PUT", "/_index_template/" + name, template.toString());
      done.add("index template " + name + " -> " + index.pattern(prefix));
      JsonNode existing = http.request("GET", "/" + index.pattern(prefix) + "/_mapping?ignore_unavailable=true&allow_no_indices=true", null);
      JsonNode mappings = template.path("template").path("mappings");
      for (var it = existing.fieldNames(); it.hasNext(); ) {
        String concrete = it.next();
        http.request("PUT", "/" + concrete + "/_mapping", mappings.toString());
        done.add("  mapping updated on existing index " + concrete);
      }
    }
    return done;
  }

  /**
   * Minimal JSON-over-HTTP access to Elasticsearch for provisioning and checks, with the same
   * authentication (basic or API key) and TLS trust (a given CA) as the jobs' sink.
   */
  public static final class ElasticsearchHttp {
    private final String baseUrl;
    private final String authorization;
    private final HttpClient client;

    /** Without authentication, trusting the JVM's default CAs for https. */
    public ElasticsearchHttp(String baseUrl) {
      this(baseUrl, null, null);
    }

    /**
     * @param authorization value of the Authorization header, or null (see {@link #basic} and {@link #apiKey})
     * @param ssl TLS context for https URLs, or null for the JVM's default trust
     */
    public ElasticsearchHttp(String baseUrl, String authorization, SSLContext ssl) {
      this.baseUrl = baseUrl.replaceAll("/+$", "");
      this.authorization = authorization;
      HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
      if (ssl != null) {
        builder.sslContext(ssl);
      }
      this.client = builder.build();
    }

    /** An Authorization header value for basic authentication. */
    public static String basic(String username, String password) {
      return "Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** An Authorization header value for an encoded API key. */
    public static String apiKey(String encoded) {
      return "ApiKey " + encoded;
    }

    public String baseUrl() {
      return baseUrl;
    }

    public JsonNode request(String method, String path, String body) throws IOException {
      HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path))
          .timeout(Duration.ofSeconds(30))
          .header("Content-Type", "application/json")
          .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
      if (authorization != null) {
        builder.header("Authorization", authorization);
      }
      try {
        HttpResponse<String> response = client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 401) {
          throw new IOException(method + " " + path + ": Elasticsearch refused the credentials (HTTP 401); check"
              + " elasticsearch.username/elasticsearch.password or elasticsearch.api-key: " + abbreviate(response.body()));
        }
        if (response.statusCode() >= 300) {
          throw new IOException(method + " " + path + " failed with HTTP " + response.statusCode() + ": "
              + abbreviate(response.body()));
        }
        return response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted during " + method + " " + path, e);
      } catch (java.net.ConnectException e) {
        throw new IOException("cannot reach Elasticsearch at " + baseUrl + " (" + method + " " + path
            + "); is it running? ('./earshot services status')", e);
      } catch (javax.net.ssl.SSLException e) {
        throw new IOException("TLS with Elasticsearch at " + baseUrl + " failed (" + e.getMessage()
            + "); is elasticsearch.ca-certificate the CA that signed the node's certificate?", e);
      }
    }

    private static String abbreviate(String text) {
      return text.length() > 600 ? text.substring(0, 600) + "..." : text;
    }
  }
}
