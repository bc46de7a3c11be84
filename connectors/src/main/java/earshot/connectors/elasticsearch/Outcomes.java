package earshot.connectors.elasticsearch;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.ErrorCause;
import co.elastic.clients.transport.TransportException;
import java.io.IOException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.elasticsearch.client.ResponseException;

/**
 * Decides what happens to a document after Elasticsearch answered (or failed to answer) a bulk
 * request. The rules, in one place:
 *
 * <ul>
 *   <li>2xx: indexed.
 *   <li>409 for a versioned document: a newer version is already there; the older copy is dropped.
 *   <li>429 and 5xx (the cluster is busy, recovering or partly down) and requests that did not get
 *       an answer (connection refused or reset, timeout): retried after a backoff.
 *   <li>401 and 403: the credentials are wrong or lack a privilege. Every document would fail the
 *       same way, so the sink fails with the server's reason instead of dead-lettering them all.
 *   <li>A TLS handshake that fails (the node's certificate is not signed by the trusted CA, or
 *       does not name the host): a configuration error, not an outage; the sink fails.
 *   <li>413 for a whole request: the bulk is larger than the cluster accepts; fails, naming the
 *       setting to lower.
 *   <li>Any other 4xx for one item (a mapping conflict, a malformed value, a strict mapping's
 *       unknown field): the document is malformed for this cluster and goes to the dead-letter
 *       handler with the reason; it is never retried.
 *   <li>Any other 4xx for a whole request: a bug or a misconfiguration; fails with the reason.
 * </ul>
 */
final class Outcomes {

  enum Outcome {
    INDEXED, SUPERSEDED, RETRY, REJECT, FATAL
  }

  private Outcomes() {}

  /** What to do with one item of a bulk response. */
  static Outcome ofItem(int status, boolean versioned) {
    if (status >= 200 && status < 300) {
      return Outcome.INDEXED;
    }
    if (status == 409 && versioned) {
      return Outcome.SUPERSEDED;
    }
    if (status == 429 || status >= 500) {
      return Outcome.RETRY;
    }
    if (status == 401 || status == 403) {
      return Outcome.FATAL;
    }
    return Outcome.REJECT;
  }

  /** What to do with every document of a bulk request that failed as a whole. */
  static Outcome ofRequest(Throwable failure) {
    if (hasCause(failure, SSLHandshakeException.class) || hasCause(failure, SSLPeerUnverifiedException.class)) {
      return Outcome.FATAL;
    }
    int status = statusOf(failure);
    if (status > 0) {
      return status == 429 || status >= 500 ? Outcome.RETRY : Outcome.FATAL;
    }
    return hasCause(failure, IOException.class) ? Outcome.RETRY : Outcome.FATAL;
  }

  /** The HTTP status of a failed request, or -1 when it got no answer. */
  static int statusOf(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ElasticsearchException e) {
        return e.status();
      }
      if (t instanceof ResponseException e) {
        return e.getResponse().getStatusLine().getStatusCode();
      }
      if (t instanceof TransportException e && e.statusCode() > 0) {
        return e.statusCode();
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return -1;
  }

  /** A sentence for the operator when a request that failed as a whole stops the sink. */
  static String explainFatal(Throwable failure) {
    int status = statusOf(failure);
    if (status > 0) {
      return explainFatal(status, describe(failure));
    }
    if (hasCause(failure, SSLHandshakeException.class) || hasCause(failure, SSLPeerUnverifiedException.class)) {
      return "the TLS handshake with Elasticsearch failed; is elasticsearch.ca-certificate the CA that signed the"
          + " node's certificate, and does the certificate name the host of elasticsearch.url? " + describe(failure);
    }
    return "a bulk request failed: " + describe(failure);
  }

  /** A sentence for the operator when a failure stops the sink. */
  static String explainFatal(int status, String reason) {
    return switch (status) {
      case 401 -> "Elasticsearch refused the credentials (HTTP 401); check elasticsearch.username and"
          + " elasticsearch.password, or elasticsearch.api-key: " + reason;
      case 403 -> "the configured Elasticsearch user or API key lacks a privilege (HTTP 403): " + reason;
      case 413 -> "Elasticsearch refused a bulk request as too large (HTTP 413); lower"
          + " elasticsearch.bulk.max-bytes below the cluster's http.max_content_length: " + reason;
      default -> "Elasticsearch refused a bulk request (HTTP " + status + "): " + reason;
    };
  }

  /** The server's reason for an item, as {@code type: reason (caused by type: reason)}. */
  static String reason(ErrorCause error) {
    if (error == null) {
      return "(no reason given)";
    }
    StringBuilder text = new StringBuilder(String.valueOf(error.type())).append(": ").append(error.reason());
    ErrorCause cause = error.causedBy();
    for (int depth = 0; cause != null && depth < 3; depth++, cause = cause.causedBy()) {
      text.append(" (caused by ").append(cause.type()).append(": ").append(cause.reason()).append(')');
    }
    return text.toString();
  }

  /** A failure as one line: the Elasticsearch reason if there is one, else the exception chain. */
  static String describe(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ElasticsearchException e && e.error() != null) {
        return reason(e.error());
      }
      if (t.getCause() == t) {
        break;
      }
    }
    StringBuilder text = new StringBuilder();
    for (Throwable t = failure; t != null && text.length() < 500; t = t.getCause()) {
      if (!text.isEmpty()) {
        text.append(" <- ");
      }
      text.append(t.getClass().getSimpleName());
      if (t.getMessage() != null) {
        text.append(": ").append(t.getMessage());
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return text.toString();
  }

  private static boolean hasCause(Throwable failure, Class<? extends Throwable> type) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }
}
