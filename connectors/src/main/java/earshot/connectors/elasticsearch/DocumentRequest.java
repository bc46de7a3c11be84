package earshot.connectors.elasticsearch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One document to index: the whole document under a deterministic id, so writing it again (a
 * retry, a replay, a late update) replaces it instead of adding a copy.
 *
 * @param index concrete index name
 * @param id deterministic document id
 * @param source the document's JSON, UTF-8; the request owns the array (not copied, not compared
 *     by content)
 * @param version for documents that are rewritten with newer content over time (a metric's late
 *     revisions, an alert's versions): a number that grows with each newer content. It is sent as
 *     an {@code external_gte} version, so a retried or replayed older copy can never replace a
 *     newer one that was written meanwhile; null for documents written once.
 */
public record DocumentRequest(String index, String id, byte[] source, Long version) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public DocumentRequest {
    if (index == null || index.isBlank() || id == null || id.isBlank()) {
      throw new IllegalArgumentException("a document needs an index and an id");
    }
    if (source == null || source.length == 0) {
      throw new IllegalArgumentException("document " + id + " has no source");
    }
    if (version != null && version < 0) {
      throw new IllegalArgumentException("document " + id + ": version must not be negative, got " + version);
    }
  }

  /** A document given as a JSON tree. */
  public DocumentRequest(String index, String id, JsonNode document, Long version) {
    this(index, id, json(id, document), version);
  }

  /** A document written once (or only ever rewritten with the same content). */
  public DocumentRequest(String index, String id, JsonNode document) {
    this(index, id, document, null);
  }

  /** The document as a JSON tree, parsed again from its source. */
  public JsonNode document() {
    try {
      return JSON.readTree(source);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("document " + id + " does not hold JSON", e);
    }
  }

  private static byte[] json(String id, JsonNode document) {
    if (document == null) {
      throw new IllegalArgumentException("document " + id + " has no source");
    }
    try {
      return JSON.writeValueAsBytes(document);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot serialize document " + id, e);
    }
  }
}
