package earshot.connectors.elasticsearch;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How the Elasticsearch sink connects and batches.
 *
 * @param urls one or more node URLs, such as {@code http://127.0.0.1:9200}
 * @param username basic authentication user, or null
 * @param password basic authentication password, or null
 * @param apiKey an encoded API key (sent as {@code Authorization: ApiKey ...}), or null
 * @param caCertificate path of a PEM file with the CA that signed the nodes' certificates, or null
 *     to trust the JVM's default CAs
 * @param maxBulkActions documents per bulk request
 * @param maxBulkBytes bytes of documents per bulk request
 * @param flushInterval longest time a document waits in the buffer
 * @param maxInFlightRequests bulk requests sent or waiting for a retry at once; beyond it the
 *     writer blocks, which back-pressures the job instead of growing a buffer
 * @param initialBackoff first retry delay; doubled per attempt, with jitter
 * @param maxBackoff longest retry delay
 * @param maxRetries retries of a document the cluster answered 429/5xx for, or of a request that
 *     did not reach it; negative means without limit (an outage then back-pressures the job)
 * @param requestTimeout timeout of one bulk request
 */
public record ElasticsearchOptions(
    List<String> urls,
    String username,
    String password,
    String apiKey,
    String caCertificate,
    int maxBulkActions,
    long maxBulkBytes,
    Duration flushInterval,
    int maxInFlightRequests,
    Duration initialBackoff,
    Duration maxBackoff,
    int maxRetries,
    Duration requestTimeout) implements Serializable {

  public ElasticsearchOptions {
    urls = List.copyOf(urls);
    List<String> problems = new ArrayList<>();
    if (urls.isEmpty()) {
      problems.add("elasticsearch.url must name at least one node");
    }
    for (String url : urls) {
      if (!url.startsWith("http://") && !url.startsWith("https://")) {
        problems.add("elasticsearch.url must start with http:// or https://, got '" + url + "'");
      }
    }
    if ((username == null) != (password == null)) {
      problems.add("elasticsearch.username and elasticsearch.password must be set together");
    }
    if (apiKey != null && username != null) {
      problems.add("set either elasticsearch.api-key or elasticsearch.username/password, not both");
    }
    if (caCertificate != null && urls.stream().noneMatch(url -> url.startsWith("https://"))) {
      problems.add("elasticsearch.ca-certificate is set, but no elasticsearch.url uses https://");
    }
    if (initialBackoff == null || initialBackoff.isNegative() || initialBackoff.isZero()
        || maxBackoff == null || maxBackoff.compareTo(initialBackoff) < 0) {
      problems.add("the retry backoff needs 0 < initial <= max, got " + initialBackoff + " and " + maxBackoff);
    }
    if (flushInterval == null || flushInterval.isNegative() || flushInterval.isZero()) {
      problems.add("elasticsearch.bulk.flush-interval must be positive");
    }
    if (requestTimeout == null || requestTimeout.toMillis() < 100 || requestTimeout.toMillis() > Integer.MAX_VALUE) {
      problems.add("the Elasticsearch request timeout must be between 100 ms and 24 days, got " + requestTimeout);
    }
    if (maxBulkActions < 1) {
      problems.add("elasticsearch.bulk.max-actions must be at least 1");
    }
    if (maxBulkBytes < 1024) {
      problems.add("elasticsearch.bulk.max-bytes must be at least 1024");
    }
    if (maxInFlightRequests < 1) {
      problems.add("elasticsearch.bulk.max-in-flight must be at least 1");
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
  }

  /** Defaults for a single local node without security. */
  public static ElasticsearchOptions defaults(String url) {
    return new ElasticsearchOptions(List.of(url), null, null, null, null, 1000, 5L * 1024 * 1024,
        Duration.ofSeconds(1), 2, Duration.ofMillis(100), Duration.ofSeconds(30), -1, Duration.ofSeconds(60));
  }

  public ElasticsearchOptions withBulk(int maxActions, long maxBytes, Duration interval, int maxInFlight) {
    return new ElasticsearchOptions(urls, username, password, apiKey, caCertificate, maxActions, maxBytes, interval,
        maxInFlight, initialBackoff, maxBackoff, maxRetries, requestTimeout);
  }

  public ElasticsearchOptions withRetries(Duration initial, Duration max, int retries) {
    return new ElasticsearchOptions(urls, username, password, apiKey, caCertificate, maxBulkActions, maxBulkBytes,
        flushInterval, maxInFlightRequests, initial, max, retries, requestTimeout);
  }

  public ElasticsearchOptions withBasicAuth(String user, String secret) {
    return new ElasticsearchOptions(urls, user, secret, apiKey, caCertificate, maxBulkActions, maxBulkBytes,
        flushInterval, maxInFlightRequests, initialBackoff, maxBackoff, maxRetries, requestTimeout);
  }

  public ElasticsearchOptions withApiKey(String key) {
    return new ElasticsearchOptions(urls, username, password, key, caCertificate, maxBulkActions, maxBulkBytes,
        flushInterval, maxInFlightRequests, initialBackoff, maxBackoff, maxRetries, requestTimeout);
  }

  public ElasticsearchOptions withCaCertificate(String pemPath) {
    return new ElasticsearchOptions(urls, username, password, apiKey, pemPath, maxBulkActions, maxBulkBytes,
        flushInterval, maxInFlightRequests, initialBackoff, maxBackoff, maxRetries, requestTimeout);
  }

  public ElasticsearchOptions withRequestTimeout(Duration timeout) {
    return new ElasticsearchOptions(urls, username, password, apiKey, caCertificate, maxBulkActions, maxBulkBytes,
        flushInterval, maxInFlightRequests, initialBackoff, maxBackoff, maxRetries, timeout);
  }

  @Override
  public String toString() {
    // Never print secrets.
    return "ElasticsearchOptions[urls=" + urls + ", auth=" + (apiKey != null ? "api-key" : username != null ? "basic" : "none")
        + ", ca=" + caCertificate + ", bulk=" + maxBulkActions + " actions/" + maxBulkBytes + " bytes/" + flushInterval
        + ", inFlight=" + maxInFlightRequests + ", retries=" + maxRetries + "]";
  }
}
