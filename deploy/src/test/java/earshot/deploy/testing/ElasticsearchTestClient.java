package earshot.deploy.testing;

import com.fasterxml.jackson.databind.JsonNode;
import earshot.deploy.provision.IndexTemplates;
import earshot.deploy.services.LocalElasticsearch;
import earshot.deploy.services.PemTrust;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Plain HTTP access to Elasticsearch for tests: install templates, count, fetch, search. */
public final class ElasticsearchTestClient {

  private final IndexTemplates.ElasticsearchHttp http;

  public ElasticsearchTestClient(String url) {
    this(new IndexTemplates.ElasticsearchHttp(url));
  }

  public ElasticsearchTestClient(IndexTemplates.ElasticsearchHttp http) {
    this.http = http;
  }

  /** A client of a secured node acting as its superuser, over TLS trusting the node's CA. */
  public static ElasticsearchTestClient superuserOf(LocalElasticsearch node) throws IOException {
    LocalElasticsearch.Credentials admin = node.superuser();
    return new ElasticsearchTestClient(new IndexTemplates.ElasticsearchHttp(node.endpoint(),
        IndexTemplates.ElasticsearchHttp.basic(admin.username(), admin.password()),
        PemTrust.sslContext(node.caCertificate(), "test CA")));
  }

  public void installTemplates(String prefix) throws IOException {
    new IndexTemplates(http).apply(prefix);
  }

  /** Documents in the indices matching a pattern, after a refresh so every write is visible. */
  public long count(String pattern) throws IOException {
    http.request("POST", "/" + pattern + "/_refresh?ignore_unavailable=true&allow_no_indices=true", null);
    JsonNode response = http.request("GET", "/" + pattern + "/_count?ignore_unavailable=true&allow_no_indices=true", null);
    return response.path("count").asLong();
  }

  /** The source of one document found by id anywhere in the pattern, or null. */
  public JsonNode findById(String pattern, String id) throws IOException {
    List<JsonNode> hits = search(pattern, "{\"query\":{\"ids\":{\"values\":[" + quote(id) + "]}}}");
    return hits.isEmpty() ? null : hits.get(0);
  }

  /** Sources of the hits of a search (up to 1000). */
  public List<JsonNode> search(String pattern, String body) throws IOException {
    http.request("POST", "/" + pattern + "/_refresh?ignore_unavailable=true&allow_no_indices=true", null);
    JsonNode response = http.request("POST",
        "/" + pattern + "/_search?size=1000&ignore_unavailable=true&allow_no_indices=true", body);
    List<JsonNode> sources = new ArrayList<>();
    response.path("hits").path("hits").forEach(hit -> sources.add(hit.path("_source")));
    return sources;
  }

  public JsonNode request(String method, String path, String body) throws IOException {
    return http.request(method, path, body);
  }

  private static String quote(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
