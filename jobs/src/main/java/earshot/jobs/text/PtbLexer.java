package earshot.jobs.text;

import edu.stanford.nlp.ling.CoreLabel;
import edu.stanford.nlp.process.CoreLabelTokenFactory;
import edu.stanford.nlp.process.LexedTokenFactory;
import edu.stanford.nlp.process.PTBTokenizer;
import edu.stanford.nlp.process.TokenizerFactory;
import java.io.Reader;
import java.io.StringReader;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

/**
 * CoreNLP's PTB lexer, built once and reset for each text instead of built anew (a new lexer
 * allocates a 16,384-character buffer and parses its option string again, about a sixth of the
 * tokenizer's time on tweets). Consumes a text; emits the tokens {@code PTBTokenizer} gives for it
 * with the same options, in order. Not thread-safe: one per thread.
 *
 * <p>CoreNLP's {@code PTBTokenizer} has no reset, and its lexer class is package-private, so the
 * lexer is reached by reflection. Besides the scanner state that the lexer's own {@code yyreset}
 * clears, two things carry over from one text to the next: the lexical state its options chose
 * when it was built (whether it reads line by line), which {@code yyreset} sets back to JFlex's
 * initial one, and the previous token, which the lexer reads to tell a hyphen that starts a number
 * ("-5") from a dash after a word. Both are set back to what a new lexer has. Should any of that be missing
 * (another CoreNLP version), every text gets a new tokenizer as before: the same tokens, only
 * slower ({@link #reuses()} says which).
 */
final class PtbLexer {

  private static final String LEXER_CLASS = "edu.stanford.nlp.process.PTBLexer";

  private final TokenizerFactory<CoreLabel> factory;
  private final Object lexer;
  private final MethodHandle reset;
  private final MethodHandle next;
  private final MethodHandle clearPrevious;
  private final MethodHandle begin;
  /** The lexical state the lexer starts in (its options choose it, and {@code yyreset} forgets it). */
  private final int initialState;

  PtbLexer(String options) {
    CoreLabelTokenFactory tokens = new CoreLabelTokenFactory();
    this.factory = PTBTokenizer.factory(tokens, options);
    Object built = null;
    MethodHandle resetHandle = null;
    MethodHandle nextHandle = null;
    MethodHandle previousHandle = null;
    MethodHandle beginHandle = null;
    int state = 0;
    try {
      Class<?> type = Class.forName(LEXER_CLASS, true, PTBTokenizer.class.getClassLoader());
      Constructor<?> constructor = type.getDeclaredConstructor(Reader.class, LexedTokenFactory.class, String.class);
      constructor.setAccessible(true);
      Method yyreset = type.getDeclaredMethod("yyreset", Reader.class);
      yyreset.setAccessible(true);
      Method nextToken = type.getDeclaredMethod("next");
      nextToken.setAccessible(true);
      Field previous = type.getDeclaredField("prevWord");
      previous.setAccessible(true);
      Method yybegin = type.getDeclaredMethod("yybegin", int.class);
      yybegin.setAccessible(true);
      Method yystate = type.getDeclaredMethod("yystate");
      yystate.setAccessible(true);
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      resetHandle = lookup.unreflect(yyreset).asType(MethodType.methodType(void.class, Object.class, Reader.class));
      nextHandle = lookup.unreflect(nextToken).asType(MethodType.methodType(Object.class, Object.class));
      previousHandle = lookup.unreflectSetter(previous)
          .asType(MethodType.methodType(void.class, Object.class, CoreLabel.class));
      beginHandle = lookup.unreflect(yybegin).asType(MethodType.methodType(void.class, Object.class, int.class));
      built = constructor.newInstance(new StringReader(""), tokens, options);
      state = (Integer) yystate.invoke(built);
    } catch (ReflectiveOperationException | RuntimeException e) {
      built = null; // not this CoreNLP's lexer: fall back to a new tokenizer per text
    }
    this.lexer = built;
    this.reset = resetHandle;
    this.next = nextHandle;
    this.clearPrevious = previousHandle;
    this.begin = beginHandle;
    this.initialState = state;
  }

  /** Whether one lexer serves every text (false: a new tokenizer per text, as CoreNLP offers). */
  boolean reuses() {
    return lexer != null;
  }

  /** The tokens of a text, as {@code PTBTokenizer.factory(..., options).getTokenizer(reader).tokenize()} gives them. */
  List<CoreLabel> tokenize(String text) {
    if (lexer == null) {
      return factory.getTokenizer(new StringReader(text)).tokenize();
    }
    List<CoreLabel> out = new ArrayList<>(Math.max(8, text.length() / 4));
    try {
      reset.invokeExact(lexer, (Reader) new StringReader(text));
      begin.invokeExact(lexer, initialState);
      clearPrevious.invokeExact(lexer, (CoreLabel) null);
      for (Object token = next.invokeExact(lexer); token != null; token = next.invokeExact(lexer)) {
        out.add((CoreLabel) token);
      }
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      // The lexer reads a StringReader, whose only checked exception cannot occur here.
      throw new IllegalStateException("CoreNLP's lexer failed", e);
    }
    return out;
  }
}
