package earshot.connectors.elasticsearch;

import java.io.Serializable;
import java.util.function.Consumer;

/** Turns one stream element into the documents to index (usually one). */
@FunctionalInterface
public interface DocumentEmitter<T> extends Serializable {
  void emit(T element, Consumer<DocumentRequest> out);
}
