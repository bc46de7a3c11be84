package earshot.jobs.text;

/**
 * Reads one customer text (already redacted, and only when the customer consented) and says how
 * the customer feels and what they want. Implementations are created once per task and used from
 * one thread; they must handle any input (empty, huge, binary garbage) without throwing.
 */
public interface TextAnalyzer extends AutoCloseable {

  TextResult analyze(String text);

  /**
   * @param stream the stream the text comes from (such as a channel), for analyzers that follow
   *     each stream's class balance; others ignore it
   */
  default TextResult analyze(String text, String stream) {
    return analyze(text);
  }

  /** Name and version of the model, recorded with every result. */
  String modelName();

  @Override
  default void close() {}
}
