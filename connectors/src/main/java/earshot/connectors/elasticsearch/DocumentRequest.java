package earshot.connectors.elasticsearch;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One document to index: the whole document under a deterministic id, so writing it again (a
 * retry, a replay, a late update) replaces it instead of adding a copy.
 */
public record DocumentRequest(String index, String id, JsonNode document) {
  public DocumentRequest {
    if (index == null || index.isBlank() || id == null || id.isBlank()) {
      throw new IllegalArgumentException("a document needs an index and an id");
    }
  }
}
