package earshot.jobs.text;

import edu.stanford.nlp.ling.tokensregex.Env;
import edu.stanford.nlp.ling.tokensregex.NodePattern;
import edu.stanford.nlp.ling.tokensregex.TokenSequencePattern;
import edu.stanford.nlp.util.CoreMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Works out, from the text of a TokensRegex pattern, which words a text must contain for the
 * pattern to match: every element of the sequence that is not optional must match some token, and
 * a group needs one of its alternatives. The result is a {@link Condition} over single-token node
 * patterns, checked before TokensRegex runs, which skips most rules on most texts.
 *
 * <p>The analysis is conservative: an element it does not understand, or a pattern it cannot
 * read, adds no condition, so a rule is never skipped wrongly; it is only run when it need not be.
 */
final class RuleTriggers {

  /** A necessary condition for a pattern to match a text. */
  interface Condition {
    /** @param hasMatch whether some token of the text matches a node pattern */
    boolean test(Predicate<NodePattern<CoreMap>> hasMatch);
  }

  static final Condition ALWAYS = hasMatch -> true;

  private record Node(NodePattern<CoreMap> node) implements Condition {
    @Override
    public boolean test(Predicate<NodePattern<CoreMap>> hasMatch) {
      return hasMatch.test(node);
    }
  }

  private record All(List<Condition> parts) implements Condition {
    @Override
    public boolean test(Predicate<NodePattern<CoreMap>> hasMatch) {
      for (Condition part : parts) {
        if (!part.test(hasMatch)) {
          return false;
        }
      }
      return true;
    }
  }

  private record AnyOf(List<Condition> alternatives) implements Condition {
    @Override
    public boolean test(Predicate<NodePattern<CoreMap>> hasMatch) {
      for (Condition alternative : alternatives) {
        if (alternative.test(hasMatch)) {
          return true;
        }
      }
      return false;
    }
  }

  /** The pattern cannot be read here; fall back to running it. */
  private static final class Unreadable extends Exception {
    private static final long serialVersionUID = 1L;
  }

  private final Env env;
  private final Map<String, Condition> macros;
  private final List<NodePattern<CoreMap>> nodes;

  /**
   * @param macros conditions of the macros defined so far, by name ("$BILL")
   * @param nodes receives every node pattern the conditions use
   */
  RuleTriggers(Env env, Map<String, Condition> macros, List<NodePattern<CoreMap>> nodes) {
    this.env = env;
    this.macros = macros;
    this.nodes = nodes;
  }

  Condition of(String pattern) {
    try {
      int[] position = {0};
      Condition condition = sequence(pattern, position, false);
      return position[0] < pattern.length() ? ALWAYS : condition;
    } catch (Unreadable | RuntimeException | Error e) {
      return ALWAYS;
    }
  }

  /** A sequence of elements, up to the end, a top-level '|' or ')' when {@code inGroup}. */
  private Condition sequence(String text, int[] at, boolean inGroup) throws Unreadable {
    List<Condition> alternatives = new ArrayList<>();
    List<Condition> required = new ArrayList<>();
    while (true) {
      skipSpace(text, at);
      if (at[0] >= text.length()) {
        break;
      }
      char c = text.charAt(at[0]);
      if (c == ')') {
        if (!inGroup) {
          throw new Unreadable();
        }
        break;
      }
      if (c == '|') {
        at[0]++;
        alternatives.add(all(required));
        required = new ArrayList<>();
        continue;
      }
      Condition element = element(text, at);
      if (isRequired(text, at)) {
        required.add(element);
      }
    }
    alternatives.add(all(required));
    return alternatives.size() == 1 ? alternatives.get(0) : new AnyOf(List.copyOf(alternatives));
  }

  private static Condition all(List<Condition> parts) {
    List<Condition> useful = parts.stream().filter(p -> p != ALWAYS).toList();
    return useful.isEmpty() ? ALWAYS : useful.size() == 1 ? useful.get(0) : new All(useful);
  }

  private Condition element(String text, int[] at) throws Unreadable {
    int start = at[0];
    char c = text.charAt(start);
    switch (c) {
      case '[' -> {
        skipBracketed(text, at, '[', ']');
        return node(text.substring(start, at[0]));
      }
      case '/' -> {
        skipRegex(text, at);
        return node(text.substring(start, at[0]));
      }
      case '"' -> {
        skipString(text, at);
        return node(text.substring(start, at[0]));
      }
      case '(' -> {
        at[0]++;
        if (at[0] < text.length() && text.charAt(at[0]) == '?') {
          throw new Unreadable(); // lookarounds and named groups: not worth reading here
        }
        Condition group = sequence(text, at, true);
        if (at[0] >= text.length() || text.charAt(at[0]) != ')') {
          throw new Unreadable();
        }
        at[0]++;
        return group;
      }
      case '$' -> {
        at[0]++;
        while (at[0] < text.length() && (Character.isLetterOrDigit(text.charAt(at[0])) || text.charAt(at[0]) == '_')) {
          at[0]++;
        }
        Condition macro = macros.get(text.substring(start, at[0]));
        return macro == null ? ALWAYS : macro;
      }
      default -> throw new Unreadable();
    }
  }

  private Condition node(String element) {
    TokenSequencePattern single = TokenSequencePattern.compile(env, element);
    List<NodePattern<CoreMap>> found = new ArrayList<>(single.findNodePatterns(n -> n, false, false));
    if (found.size() != 1 || found.get(0) == NodePattern.ANY_NODE) {
      return ALWAYS;
    }
    nodes.add(found.get(0));
    return new Node(found.get(0));
  }

  /** Reads the quantifier after an element, if any; true when the element must occur. */
  private static boolean isRequired(String text, int[] at) throws Unreadable {
    if (at[0] >= text.length()) {
      return true;
    }
    char c = text.charAt(at[0]);
    boolean required = true;
    if (c == '?' || c == '*') {
      at[0]++;
      required = false;
    } else if (c == '+') {
      at[0]++;
    } else if (c == '{') {
      int close = text.indexOf('}', at[0]);
      if (close < 0) {
        throw new Unreadable();
      }
      String bounds = text.substring(at[0] + 1, close).strip();
      String min = bounds.contains(",") ? bounds.substring(0, bounds.indexOf(',')).strip() : bounds;
      try {
        required = Integer.parseInt(min) > 0;
      } catch (NumberFormatException e) {
        throw new Unreadable();
      }
      at[0] = close + 1;
    } else {
      return true;
    }
    if (at[0] < text.length() && text.charAt(at[0]) == '?') {
      at[0]++; // reluctant quantifier
    }
    return required;
  }

  private static void skipSpace(String text, int[] at) {
    while (at[0] < text.length() && Character.isWhitespace(text.charAt(at[0]))) {
      at[0]++;
    }
  }

  /** Skips a bracketed element, minding nested brackets, regular expressions and strings inside. */
  private static void skipBracketed(String text, int[] at, char open, char close) throws Unreadable {
    int depth = 0;
    while (at[0] < text.length()) {
      char c = text.charAt(at[0]);
      if (c == '/') {
        skipRegex(text, at);
        continue;
      }
      if (c == '"') {
        skipString(text, at);
        continue;
      }
      at[0]++;
      if (c == open) {
        depth++;
      } else if (c == close && --depth == 0) {
        return;
      }
    }
    throw new Unreadable();
  }

  private static void skipRegex(String text, int[] at) throws Unreadable {
    skipQuoted(text, at, '/');
  }

  private static void skipString(String text, int[] at) throws Unreadable {
    skipQuoted(text, at, '"');
  }

  private static void skipQuoted(String text, int[] at, char quote) throws Unreadable {
    at[0]++;
    while (at[0] < text.length()) {
      char c = text.charAt(at[0]++);
      if (c == '\\') {
        at[0]++;
      } else if (c == quote) {
        return;
      }
    }
    throw new Unreadable();
  }
}
