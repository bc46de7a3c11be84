package earshot.connectors.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchAsyncClient;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.http.Header;
import org.apache.http.HttpHost;
import org.apache.http.message.BasicHeader;
import org.elasticsearch.client.RestClient;
import org.elasticsearch.client.RestClientBuilder;

/** Builds Elasticsearch clients from {@link ElasticsearchOptions}: hosts, authentication, TLS trust. */
public final class ElasticsearchClients {

  private ElasticsearchClients() {}

  /** The low-level REST client; close it to release its connections and threads. */
  public static RestClient restClient(ElasticsearchOptions options) throws IOException {
    HttpHost[] hosts = options.urls().stream().map(HttpHost::create).toArray(HttpHost[]::new);
    RestClientBuilder builder = RestClient.builder(hosts);
    List<Header> headers = new ArrayList<>();
    if (options.apiKey() != null) {
      headers.add(new BasicHeader("Authorization", "ApiKey " + options.apiKey()));
    } else if (options.username() != null) {
      String token = Base64.getEncoder().encodeToString(
          (options.username() + ":" + options.password()).getBytes(StandardCharsets.UTF_8));
      headers.add(new BasicHeader("Authorization", "Basic " + token));
    }
    if (!headers.isEmpty()) {
      builder.setDefaultHeaders(headers.toArray(Header[]::new));
    }
    SSLContext ssl = options.caCertificate() == null ? null : trusting(Path.of(options.caCertificate()));
    int timeout = (int) options.requestTimeout().toMillis();
    builder.setRequestConfigCallback(config -> config.setConnectTimeout(5000).setSocketTimeout(timeout));
    if (ssl != null) {
      builder.setHttpClientConfigCallback(http -> http.setSSLContext(ssl));
    }
    return builder.build();
  }

  public static ElasticsearchAsyncClient asyncClient(RestClient rest) {
    return new ElasticsearchAsyncClient(new RestClientTransport(rest, new JacksonJsonpMapper()));
  }

  public static ElasticsearchClient blockingClient(RestClient rest) {
    return new ElasticsearchClient(new RestClientTransport(rest, new JacksonJsonpMapper()));
  }

  /** A TLS context that trusts exactly the CA certificates in a PEM file (and not the JVM's default CAs). */
  public static SSLContext trusting(Path pem) throws IOException {
    if (!Files.isReadable(pem)) {
      throw new IOException("elasticsearch.ca-certificate: cannot read " + pem);
    }
    try (InputStream in = Files.newInputStream(pem)) {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int i = 0;
      for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        store.setCertificateEntry("ca-" + i++, certificate);
      }
      if (i == 0) {
        throw new IOException("elasticsearch.ca-certificate: no certificate in " + pem);
      }
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IOException("elasticsearch.ca-certificate: " + pem + " is not a usable PEM certificate: " + e.getMessage(), e);
    }
  }
}
