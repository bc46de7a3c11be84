package earshot.connectors.elasticsearch;

import java.io.Serializable;

/**
 * Where documents go that Elasticsearch rejected as malformed (a 4xx answer for the item, such as
 * a mapping conflict): retrying them cannot succeed, and blocking the job on them would stop
 * every other document. Implementations must keep them (for example on a dead-letter topic).
 */
public interface RejectedDocuments extends AutoCloseable {

  /** Keeps one rejected document; may buffer. */
  void reject(String index, String id, byte[] document, int status, String reason);

  /** Makes every kept document durable; called before a checkpoint completes. */
  void flush();

  @Override
  void close();

  /** Creates the handler in the sink's task. */
  @FunctionalInterface
  interface Factory extends Serializable {
    RejectedDocuments create(String sinkName);
  }

  /** A handler that fails the job with the server's reason: for tests and strict deployments. */
  static Factory failing() {
    return sinkName -> new RejectedDocuments() {
      @Override
      public void reject(String index, String id, byte[] document, int status, String reason) {
        throw new IllegalStateException(sinkName + ": Elasticsearch rejected document " + id + " for index " + index
            + " (HTTP " + status + "): " + reason);
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
  }
}
