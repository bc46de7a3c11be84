package earshot.jobs.text;

import edu.stanford.nlp.ling.CoreAnnotations;
import edu.stanford.nlp.ling.CoreLabel;
import edu.stanford.nlp.ling.tokensregex.ComplexNodePattern;
import edu.stanford.nlp.ling.tokensregex.CoreMapNodePattern;
import edu.stanford.nlp.ling.tokensregex.Env;
import edu.stanford.nlp.ling.tokensregex.NodePattern;
import edu.stanford.nlp.ling.tokensregex.TokenSequencePattern;
import edu.stanford.nlp.util.CoreMap;
import edu.stanford.nlp.util.Pair;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Intent and topic rules a CX analyst can edit: each line names an intent and gives a CoreNLP
 * TokensRegex pattern; a text has the intent when one sentence matches one of its patterns. The
 * file format is described in the built-in rules ({@code earshot/text/intent-rules.txt}).
 *
 * <p>Parsing checks every line and reports all problems at once, each with its file and line:
 * lines that are neither a rule nor a macro, bad intent or macro names, macros defined twice or
 * used before they are defined, patterns TokensRegex cannot parse, and patterns that would match
 * any text. Compiled rules are immutable; use one {@link Matcher} per thread.
 */
public final class IntentRules {

  /** Built-in rules, used unless {@code text.intent-rules} names a file. */
  public static final String RESOURCE = "intent-rules.txt";

  /**
   * The text of a rule file and where it came from (for error messages). Small and serializable,
   * so a job can read and check the file when it is submitted and ship the text to its tasks.
   */
  public record Source(String origin, String text) implements Serializable {

    private static final long serialVersionUID = 1L;

    public static Source builtIn() {
      try (var reader = TextResources.reader(RESOURCE)) {
        StringBuilder text = new StringBuilder();
        reader.lines().forEach(line -> text.append(line).append('\n'));
        return new Source("built-in " + RESOURCE, text.toString());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    public static Source file(Path path) throws IOException {
      return new Source(path.toString(), new String(Files.readAllBytes(path), StandardCharsets.UTF_8));
    }
  }

  private static final Pattern INTENT_NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");
  private static final Pattern MACRO_NAME = Pattern.compile("\\$[A-Z][A-Z0-9_]{0,63}");
  private static final Pattern MACRO_USE = Pattern.compile("\\$[A-Za-z_][A-Za-z0-9_]*");
  /** Token attributes a rule can read; node results are cached per distinct combination of them. */
  private static final Set<Class<?>> CACHEABLE_KEYS = Set.of(CoreAnnotations.TextAnnotation.class,
      CoreAnnotations.LemmaAnnotation.class, TokenKeys.Negated.class);

  /**
   * @param trigger what a text must contain for the pattern to have a chance, checked first
   */
  private record Rule(String intent, TokenSequencePattern pattern, RuleTriggers.Condition trigger) {}

  private final List<Rule> rules;
  private final List<String> intents;
  private final String origin;
  /** Every node pattern a trigger uses, with its index into a matcher's per-text results. */
  private final Map<NodePattern<CoreMap>, Integer> triggerNodes;
  private final boolean[] cacheable;
  /** The cacheable nodes' tests, with word lists in place of literal regular expressions. */
  private final NodeTable nodeTable;
  /**
   * Cacheable nodes that combine others ({@code [{lemma:/great/} & {negated:false}]}): their indices
   * and patterns, evaluated once per distinct token rather than per token of every text.
   */
  private final int[] compositeIndex;
  private final List<NodePattern<CoreMap>> compositeNode;

  private IntentRules(List<Rule> rules, List<NodePattern<CoreMap>> nodes, String origin) {
    this.rules = List.copyOf(rules);
    this.triggerNodes = new IdentityHashMap<>();
    for (NodePattern<CoreMap> node : nodes) {
      triggerNodes.putIfAbsent(node, triggerNodes.size());
    }
    this.cacheable = new boolean[triggerNodes.size()];
    CoreMapNodePattern[] byIndex = new CoreMapNodePattern[triggerNodes.size()];
    List<Integer> composites = new ArrayList<>();
    this.compositeNode = new ArrayList<>();
    triggerNodes.forEach((node, index) -> {
      boolean plain = isCacheable(node);
      boolean composite = !plain && isCacheableComposite(node);
      cacheable[index] = plain || composite;
      byIndex[index] = plain ? (CoreMapNodePattern) node : null;
      if (composite) {
        composites.add(index);
        compositeNode.add(node);
      }
    });
    this.compositeIndex = composites.stream().mapToInt(Integer::intValue).toArray();
    this.nodeTable = new NodeTable(byIndex);
    this.intents = List.copyOf(new LinkedHashSet<>(rules.stream().map(Rule::intent).toList()));
    this.origin = origin;
  }

  public static IntentRules builtIn() {
    return parse(Source.builtIn());
  }

  /** No rules: no text has an intent. */
  public static IntentRules none() {
    return new IntentRules(List.of(), List.of(), "no rules");
  }

  /** @throws InvalidIntentRulesException listing every problem of the file */
  public static IntentRules parse(Source source) {
    List<String> problems = new ArrayList<>();
    List<Rule> rules = new ArrayList<>();
    Env env = newEnv();
    Set<String> macros = new HashSet<>();
    Map<String, RuleTriggers.Condition> macroTriggers = new HashMap<>();
    List<NodePattern<CoreMap>> nodes = new ArrayList<>();
    RuleTriggers triggers = new RuleTriggers(env, macroTriggers, nodes);
    TextTokenizer tokenizer = new TextTokenizer();
    List<CoreLabel> anyWord = tokenizer.tokenize("qzxv").tokens();
    for (LogicalLine line : logicalLines(source.text())) {
      String where = source.origin() + ":" + line.number() + ": ";
      String text = line.text();
      int colon = text.indexOf(':');
      int equals = text.indexOf('=');
      if (text.startsWith("$")) {
        if (equals < 0) {
          problems.add(where + "a macro needs '=': $NAME = pattern");
          continue;
        }
        String name = text.substring(0, equals).strip();
        String body = text.substring(equals + 1).strip();
        if (!MACRO_NAME.matcher(name).matches()) {
          problems.add(where + "macro name '" + name + "' must be $ and capital letters, digits or _ (such as $BILL)");
          continue;
        }
        if (!macros.add(name)) {
          problems.add(where + "macro " + name + " is defined twice");
          continue;
        }
        TokenSequencePattern pattern = compile(env, body, macros, where, problems);
        if (pattern != null) {
          env.bind(name, pattern);
          macroTriggers.put(name, triggers.of(body));
        }
        continue;
      }
      if (colon < 0) {
        problems.add(where + "expected 'intent: pattern' or '$MACRO = pattern', got '" + abbreviate(text) + "'");
        continue;
      }
      String intent = text.substring(0, colon).strip();
      String body = text.substring(colon + 1).strip();
      if (!INTENT_NAME.matcher(intent).matches()) {
        problems.add(where + "intent name '" + intent + "' must be lower-case letters, digits or _ (such as "
            + "delivery_problem)");
        continue;
      }
      if (body.isEmpty()) {
        problems.add(where + "intent " + intent + " has no pattern");
        continue;
      }
      TokenSequencePattern pattern = compile(env, body, macros, where, problems);
      if (pattern == null) {
        continue;
      }
      if (pattern.getMatcher(List.<CoreMap>of()).find() || pattern.getMatcher(anyWord).find()) {
        problems.add(where + "the pattern of " + intent + " matches any text; it needs at least one word to look for");
        continue;
      }
      rules.add(new Rule(intent, pattern, triggers.of(body)));
    }
    if (!problems.isEmpty()) {
      throw new InvalidIntentRulesException(problems);
    }
    return new IntentRules(rules, nodes, source.origin());
  }

  private static Env newEnv() {
    Env env = TokenSequencePattern.getNewEnv();
    env.setDefaultStringPatternFlags(Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    env.setDefaultStringMatchFlags(NodePattern.CASE_INSENSITIVE | NodePattern.UNICODE_CASE);
    env.bind("negated", TokenKeys.Negated.class);
    return env;
  }

  private static TokenSequencePattern compile(Env env, String body, Set<String> macros, String where,
      List<String> problems) {
    java.util.regex.Matcher use = MACRO_USE.matcher(body);
    while (use.find()) {
      if (!macros.contains(use.group())) {
        problems.add(where + "macro " + use.group() + " is not defined above this line");
        return null;
      }
    }
    try {
      return TokenSequencePattern.compile(env, body);
    } catch (RuntimeException | Error e) {
      problems.add(where + "cannot read the pattern '" + abbreviate(body) + "': " + reason(e));
      return null;
    }
  }

  /** The most specific message in an exception chain, first line only. */
  private static String reason(Throwable e) {
    String message = null;
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        message = t.getMessage();
      }
    }
    if (message == null) {
      return e.getClass().getSimpleName();
    }
    String first = message.strip().split("\\R", 2)[0];
    return first.length() > 200 ? first.substring(0, 200) + "..." : first;
  }

  private static String abbreviate(String text) {
    return text.length() > 80 ? text.substring(0, 77) + "..." : text;
  }

  private record LogicalLine(int number, String text) {}

  /** Non-comment lines, with indented continuation lines joined to the line they continue. */
  private static List<LogicalLine> logicalLines(String text) {
    List<LogicalLine> lines = new ArrayList<>();
    String[] raw = text.split("\\R", -1);
    for (int i = 0; i < raw.length; i++) {
      String line = raw[i];
      String stripped = line.strip();
      if (stripped.isEmpty() || stripped.startsWith("#")) {
        continue;
      }
      boolean continuation = Character.isWhitespace(line.charAt(0)) && !lines.isEmpty();
      if (continuation) {
        LogicalLine previous = lines.remove(lines.size() - 1);
        lines.add(new LogicalLine(previous.number(), previous.text() + " " + stripped));
      } else {
        lines.add(new LogicalLine(i + 1, stripped));
      }
    }
    return lines;
  }

  /** Intents the rules can produce, in the order of their first rule. */
  public List<String> intents() {
    return intents;
  }

  public int size() {
    return rules.size();
  }

  public String origin() {
    return origin;
  }

  public Matcher matcher() {
    return new Matcher();
  }

  /** How many and/or/not nodes are cached per token (for tests). */
  int cachedComposites() {
    return compositeIndex.length;
  }

  /**
   * Applies the rules to texts. Before running a rule's TokensRegex pattern it checks that the text
   * has the words the rule cannot match without ({@link RuleTriggers}). Which of those word patterns
   * a token matches is worked out once per distinct token (word, lemma, negation) and remembered, so
   * a text costs a lookup per token plus the few rules its words make possible. Not thread-safe.
   */
  public final class Matcher {

    private static final int CACHE_LIMIT = 50_000;

    /** For each distinct token, the trigger nodes it matches, as bits. */
    private final Map<String, long[]> tokenBits = new HashMap<>();
    /** The same results by word, for the lemma first seen with the word; [0] not negated, [1] negated. */
    private final Map<String, WordEntry> byWord = new HashMap<>();
    private final long[] textBits = new long[(triggerNodes.size() + 63) / 64];
    /** Per text, for nodes that read other attributes: 0 not yet known, 1 matched, 2 not. */
    private final byte[] uncached = new byte[triggerNodes.size()];
    private final List<NodePattern<CoreMap>> nodesByIndex = new ArrayList<>();
    private boolean useTriggers = true;

    private Matcher() {
      nodesByIndex.addAll(Collections.nCopies(triggerNodes.size(), null));
      triggerNodes.forEach((node, index) -> nodesByIndex.set(index, node));
    }

    /** The intents of a text, in the order of the rule file, each once. */
    public List<String> match(TokenizedText text) {
      if (rules.isEmpty() || text.size() == 0) {
        return List.of();
      }
      Arrays.fill(textBits, 0L);
      Arrays.fill(uncached, (byte) 0);
      for (CoreLabel token : text.tokens) {
        long[] bits = bitsOf(token);
        for (int w = 0; w < bits.length; w++) {
          textBits[w] |= bits[w];
        }
      }
      Predicate<NodePattern<CoreMap>> hasMatch = node -> hasMatch(node, text);
      Set<String> found = new LinkedHashSet<>();
      for (Rule rule : rules) {
        if (found.contains(rule.intent()) || (useTriggers && !rule.trigger().test(hasMatch))) {
          continue;
        }
        for (List<CoreLabel> sentence : text.sentences) {
          if (rule.pattern().getMatcher(sentence).find()) {
            found.add(rule.intent());
            break;
          }
        }
      }
      List<String> ordered = new ArrayList<>(found.size());
      for (String intent : intents) {
        if (found.contains(intent)) {
          ordered.add(intent);
        }
      }
      return ordered;
    }

    /** Whether to check each rule's words before running it; off only to test that the check changes nothing. */
    void useTriggers(boolean use) {
      this.useTriggers = use;
    }

    private long[] bitsOf(CoreLabel token) {
      String word = token.word();
      String lemma = token.lemma();
      String negated = token.get(TokenKeys.Negated.class);
      // Most tokens: looked up by their word alone (no key string to build and hash); a word seen
      // with another lemma than the first time ("ca" before "n't") goes by the full key.
      int flag = "false".equals(negated) ? 0 : "true".equals(negated) ? 1 : -1;
      if (word != null && lemma != null && flag >= 0) {
        WordEntry entry = byWord.get(word);
        if (entry == null) {
          if (byWord.size() >= CACHE_LIMIT) {
            byWord.clear(); // unbounded vocabularies (garbage input) must not grow memory
          }
          entry = new WordEntry(lemma);
          byWord.put(word, entry);
        }
        if (entry.lemma.equals(lemma)) {
          long[] bits = entry.bits[flag];
          if (bits == null) {
            bits = computeBits(token);
            entry.bits[flag] = bits;
          }
          return bits;
        }
      }
      String key = word + '\u0001' + lemma + '\u0001' + negated;
      long[] bits = tokenBits.get(key);
      if (bits == null) {
        bits = computeBits(token);
        if (tokenBits.size() >= CACHE_LIMIT) {
          tokenBits.clear(); // unbounded vocabularies (garbage input) must not grow memory
        }
        tokenBits.put(key, bits);
      }
      return bits;
    }

    /** The cacheable nodes a token matches: those of the node table, then the composite ones. */
    private long[] computeBits(CoreLabel token) {
      long[] bits = nodeTable.matches(token, textBits.length);
      for (int c = 0; c < compositeIndex.length; c++) {
        if (compositeNode.get(c).match(token)) {
          bits[compositeIndex[c] >>> 6] |= 1L << compositeIndex[c];
        }
      }
      return bits;
    }

    private boolean hasMatch(NodePattern<CoreMap> node, TokenizedText text) {
      int index = triggerNodes.get(node);
      if (cacheable[index]) {
        return (textBits[index >>> 6] & (1L << index)) != 0;
      }
      if (uncached[index] == 0) {
        boolean any = false;
        for (int i = 0; i < text.size() && !any; i++) {
          any = node.match(text.tokens.get(i));
        }
        uncached[index] = (byte) (any ? 1 : 2);
      }
      return uncached[index] == 1;
    }
  }

  /** A word's lemma and the node bits of the word with that lemma, not negated and negated. */
  private static final class WordEntry {
    final String lemma;
    final long[][] bits = new long[2][];

    WordEntry(String lemma) {
      this.lemma = lemma;
    }
  }

  static String fold(String text) {
    char[] chars = new char[text.length()];
    for (int i = 0; i < chars.length; i++) {
      chars[i] = Character.toLowerCase(Character.toUpperCase(text.charAt(i)));
    }
    return new String(chars);
  }

  /**
   * The cacheable node patterns as TokensRegex evaluates them (a node matches a token when each of
   * its attribute patterns matches the token's value of that attribute), except that an attribute
   * pattern that is a regular expression of literal ASCII alternatives ({@code /cancel|terminate/})
   * is looked up: one map per attribute gives, for a value, every such pattern it matches. The
   * answer is the expression's {@code matches()}; a case-insensitive one compares characters as
   * {@code toLowerCase(toUpperCase(c))}, as java.util.regex does with CASE_INSENSITIVE and
   * UNICODE_CASE. A token not seen before then costs a few lookups instead of a regular expression
   * per pattern.
   */
  private static final class NodeTable {
    /** Attribute patterns: which attribute (index into keys), and the pattern when it is not looked up. */
    private final int[] atomKey;
    private final List<NodePattern<Object>> atomPattern = new ArrayList<>();
    private final List<Class<?>> keys = new ArrayList<>();
    /** Per attribute: literal value → the atoms it matches; exact and case-insensitive ones apart. */
    private final List<Map<String, long[]>> exact = new ArrayList<>();
    private final List<Map<String, long[]>> folded = new ArrayList<>();
    /** Per node index: its atoms, or null for a node that is not cacheable. */
    private final int[][] nodeAtoms;
    private final int[] computed;
    private final int atomWords;

    @SuppressWarnings({"unchecked", "rawtypes"})
    NodeTable(CoreMapNodePattern[] nodes) {
      nodeAtoms = new int[nodes.length][];
      List<Integer> atomKeys = new ArrayList<>();
      List<Integer> computedAtoms = new ArrayList<>();
      List<Object[]> literals = new ArrayList<>(); // atom, key, folded?, words
      for (int n = 0; n < nodes.length; n++) {
        if (nodes[n] == null) {
          continue;
        }
        List<Pair<Class, NodePattern>> annotations = nodes[n].getAnnotationPatterns();
        nodeAtoms[n] = new int[annotations.size()];
        for (int a = 0; a < annotations.size(); a++) {
          Class<?> key = annotations.get(a).first();
          int keyIndex = keys.indexOf(key);
          if (keyIndex < 0) {
            keyIndex = keys.size();
            keys.add(key);
            exact.add(new HashMap<>());
            folded.add(new HashMap<>());
          }
          int atom = atomKeys.size();
          atomKeys.add(keyIndex);
          nodeAtoms[n][a] = atom;
          NodePattern pattern = annotations.get(a).second();
          atomPattern.add(pattern);
          Pattern regex = pattern instanceof ComplexNodePattern.StringAnnotationRegexPattern r ? r.getPattern() : null;
          int flags = regex == null ? -1 : regex.flags();
          boolean caseInsensitive = flags == (Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
          Set<String> words = caseInsensitive || flags == 0 ? literalAlternatives(regex.pattern()) : null;
          if (words == null) {
            computedAtoms.add(atom);
          } else {
            literals.add(new Object[] {atom, keyIndex, caseInsensitive, words});
          }
        }
      }
      atomKey = atomKeys.stream().mapToInt(Integer::intValue).toArray();
      computed = computedAtoms.stream().mapToInt(Integer::intValue).toArray();
      atomWords = (atomKey.length + 63) / 64;
      for (Object[] literal : literals) {
        int atom = (Integer) literal[0];
        boolean caseInsensitive = (Boolean) literal[2];
        Map<String, long[]> map = (caseInsensitive ? folded : exact).get((Integer) literal[1]);
        for (String word : (Set<String>) literal[3]) {
          map.computeIfAbsent(caseInsensitive ? fold(word) : word, k -> new long[atomWords])[atom >>> 6] |= 1L << atom;
        }
      }
    }

    /** The nodes a token matches, as bits by node index. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    long[] matches(CoreLabel token, int words) {
      Object[] values = new Object[keys.size()];
      long[] atoms = new long[atomWords];
      for (int k = 0; k < values.length; k++) {
        values[k] = token.get((Class) keys.get(k));
        if (values[k] instanceof String value) {
          or(atoms, exact.get(k).isEmpty() ? null : exact.get(k).get(value));
          or(atoms, folded.get(k).isEmpty() ? null : folded.get(k).get(fold(value)));
        }
      }
      for (int atom : computed) {
        if (atomPattern.get(atom).match(values[atomKey[atom]])) {
          atoms[atom >>> 6] |= 1L << atom;
        }
      }
      long[] bits = new long[words];
      for (int n = 0; n < nodeAtoms.length; n++) {
        if (nodeAtoms[n] != null && all(atoms, nodeAtoms[n])) {
          bits[n >>> 6] |= 1L << n;
        }
      }
      return bits;
    }

    private static void or(long[] into, long[] bits) {
      if (bits != null) {
        for (int w = 0; w < into.length; w++) {
          into[w] |= bits[w];
        }
      }
    }

    private static boolean all(long[] atoms, int[] wanted) {
      for (int atom : wanted) {
        if ((atoms[atom >>> 6] & (1L << atom)) == 0) {
          return false;
        }
      }
      return true;
    }
  }

  /**
   * The alternatives of a regular expression made only of ASCII letters, digits, apostrophes,
   * hyphens and backslash-escaped punctuation between '|', or null for any other expression.
   */
  static Set<String> literalAlternatives(String regex) {
    Set<String> alternatives = new HashSet<>();
    StringBuilder current = new StringBuilder();
    for (int i = 0; i <= regex.length(); i++) {
      char c = i < regex.length() ? regex.charAt(i) : '|';
      if (c == '|') {
        if (current.length() == 0) {
          return null;
        }
        alternatives.add(current.toString());
        current.setLength(0);
      } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '\'' || c == '-') {
        current.append(c);
      } else if (c == '\\' && i + 1 < regex.length() && isEscapablePunctuation(regex.charAt(i + 1))) {
        current.append(regex.charAt(++i));
      } else {
        return null;
      }
    }
    return alternatives;
  }

  private static boolean isEscapablePunctuation(char c) {
    return ".!?,;:'\"-()[]{}*+$^|/".indexOf(c) >= 0;
  }

  private static final java.lang.reflect.Field CONJ_PARTS = field(NodePattern.ConjNodePattern.class, "nodePatterns");
  private static final java.lang.reflect.Field DISJ_PARTS = field(NodePattern.DisjNodePattern.class, "nodePatterns");
  private static final java.lang.reflect.Field NEGATED_PART = field(NodePattern.NegateNodePattern.class, "p");

  /** A field TokensRegex keeps package-private, or null when this CoreNLP version has no such field. */
  private static java.lang.reflect.Field field(Class<?> type, String name) {
    try {
      java.lang.reflect.Field field = type.getDeclaredField(name);
      field.setAccessible(true);
      return field;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null; // such nodes are then not cached: slower, same results
    }
  }

  /**
   * Whether a node is an and, or, or not of cacheable nodes only: its result then depends on the
   * cacheable attributes alone, like theirs. Read through reflection, since TokensRegex does not
   * expose a node's parts; when that fails the node is simply not cached.
   */
  @SuppressWarnings("unchecked")
  static boolean isCacheableComposite(NodePattern<CoreMap> node) {
    try {
      if (node.getClass() == NodePattern.ConjNodePattern.class || node.getClass() == NodePattern.DisjNodePattern.class) {
        java.lang.reflect.Field parts = node.getClass() == NodePattern.ConjNodePattern.class ? CONJ_PARTS : DISJ_PARTS;
        if (parts == null) {
          return false;
        }
        List<NodePattern<CoreMap>> children = (List<NodePattern<CoreMap>>) parts.get(node);
        if (children == null || children.isEmpty()) {
          return false;
        }
        for (NodePattern<CoreMap> child : children) {
          if (!isCacheable(child) && !isCacheableComposite(child)) {
            return false;
          }
        }
        return true;
      }
      if (node.getClass() == NodePattern.NegateNodePattern.class && NEGATED_PART != null) {
        NodePattern<CoreMap> child = (NodePattern<CoreMap>) NEGATED_PART.get(node);
        return child != null && (isCacheable(child) || isCacheableComposite(child));
      }
      return false;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return false;
    }
  }

  @SuppressWarnings("rawtypes") // CoreNLP's API returns raw Class and NodePattern here
  private static boolean isCacheable(NodePattern<CoreMap> node) {
    if (!(node instanceof CoreMapNodePattern pattern)) {
      return false;
    }
    for (Pair<Class, NodePattern> annotation : pattern.getAnnotationPatterns()) {
      if (!CACHEABLE_KEYS.contains(annotation.first())) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return rules.size() + " intent rules from " + origin;
  }
}
