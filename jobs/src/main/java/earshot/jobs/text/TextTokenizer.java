package earshot.jobs.text;

import edu.stanford.nlp.ling.CoreAnnotations;
import edu.stanford.nlp.ling.CoreLabel;
import edu.stanford.nlp.process.WordToSentenceProcessor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Tokenizes customer text with CoreNLP's PTB tokenizer and sentence splitter (both rule-based: no
 * model file) and normalises each token for the text stage: lower case, curly apostrophes made
 * straight, letters repeated for emphasis shortened ("soooo" → soo), contractions spelled out
 * ("n't" → not), web addresses, user handles and numbers reduced to a class, emoji without their
 * presentation and skin-tone modifiers, and redaction placeholders ("[EMAIL]") kept whole. Not
 * thread-safe: use one per thread.
 */
public final class TextTokenizer {

  /** Redaction placeholders, which the tokenizer would otherwise split at their brackets. */
  static final Set<String> PLACEHOLDER_KINDS = Arrays.stream(PiiRedactor.Kind.values()).map(Enum::name)
      .collect(Collectors.toUnmodifiableSet());

  private static final String OPTIONS = "untokenizable=noneKeep,ptb3Escaping=false,normalizeParentheses=false,"
      + "normalizeOtherBrackets=false,invertible=false";

  private final PtbLexer lexer = new PtbLexer(OPTIONS);
  private final WordToSentenceProcessor<CoreLabel> splitter = new WordToSentenceProcessor<>();
  private final Lemmatizer lemmatizer = new Lemmatizer();

  /**
   * Longest run of characters without white space the tokenizer is given; longer runs are cut with
   * a space. CoreNLP's lexer backs up over a run it cannot close as one token, and on a run of
   * tens of thousands of "+" or "well-" it took time quadratic in the run (found by HostileTextTest);
   * no word or address a customer writes is this long, so the cut bounds the cost to linear.
   */
  static final int MAX_RUN = 128;

  public TokenizedText tokenize(String text) {
    List<CoreLabel> raw = lexer.tokenize(breakLongRuns(text == null ? "" : text));
    List<CoreLabel> tokens = mergePlaceholders(raw);
    int n = tokens.size();
    String[] norm = new String[n];
    String[] lemma = new String[n];
    boolean[] punctuation = new boolean[n];
    for (int i = 0; i < n; i++) {
      String word = tokens.get(i).word();
      norm[i] = normalize(word);
      punctuation[i] = isPunctuation(norm[i]);
    }
    // PTB splits "can't" into "ca" + "n't" and "won't" into "wo" + "n't".
    for (int i = 0; i + 1 < n; i++) {
      if (norm[i + 1].equals("n't")) {
        norm[i] = norm[i].equals("ca") ? "can" : norm[i].equals("wo") ? "will" : norm[i];
      }
    }
    for (int i = 0; i < n; i++) {
      lemma[i] = lemmaOf(norm[i]);
      CoreLabel token = tokens.get(i);
      token.set(CoreAnnotations.LemmaAnnotation.class, lemma[i]);
    }
    boolean[] negated = Negation.scopes(lemma, punctuation, null);
    for (int i = 0; i < n; i++) {
      tokens.get(i).set(TokenKeys.Negated.class, negated[i] ? "true" : "false");
    }
    List<List<CoreLabel>> sentences = n == 0 ? List.of() : splitter.process(tokens);
    int[] sentence = new int[n];
    int index = 0;
    for (int s = 0; s < sentences.size(); s++) {
      for (CoreLabel token : sentences.get(s)) {
        while (index < n && tokens.get(index) != token) {
          sentence[index++] = s; // a token the splitter dropped stays with the sentence around it
        }
        if (index < n) {
          sentence[index++] = s;
        }
      }
    }
    while (index < n) {
      sentence[index++] = Math.max(0, sentences.size() - 1);
    }
    return new TokenizedText(tokens, sentences, norm, lemma, punctuation, sentence);
  }

  /** Whether CoreNLP's lexer is reset for each text rather than built anew (for tests). */
  boolean reusesLexer() {
    return lexer.reuses();
  }

  /** The noun lemma of a normalised word ("parcels" → parcel), for key phrases. */
  String nounLemma(String norm) {
    return lemmatizer.noun(norm);
  }

  private String lemmaOf(String norm) {
    if (norm.startsWith("<") || norm.startsWith("[")) {
      return norm;
    }
    return lemmatizer.lemma(norm);
  }

  private static List<CoreLabel> mergePlaceholders(List<CoreLabel> tokens) {
    List<CoreLabel> merged = null;
    for (int i = 0; i < tokens.size(); i++) {
      if (i + 2 < tokens.size() && tokens.get(i).word().equals("[") && tokens.get(i + 2).word().equals("]")
          && PLACEHOLDER_KINDS.contains(tokens.get(i + 1).word())) {
        if (merged == null) {
          merged = new ArrayList<>(tokens.subList(0, i));
        }
        CoreLabel placeholder = new CoreLabel();
        String word = "[" + tokens.get(i + 1).word() + "]";
        placeholder.setWord(word);
        placeholder.setValue(word);
        placeholder.setOriginalText(word);
        placeholder.setBeginPosition(tokens.get(i).beginPosition());
        placeholder.setEndPosition(tokens.get(i + 2).endPosition());
        merged.add(placeholder);
        i += 2;
      } else if (merged != null) {
        merged.add(tokens.get(i));
      }
    }
    return merged == null ? tokens : merged;
  }

  static String normalize(String word) {
    if (word.isEmpty()) {
      return word;
    }
    char first = word.charAt(0);
    if (first == '[' && word.length() > 2 && word.endsWith("]") && PLACEHOLDER_KINDS.contains(word.substring(1,
        word.length() - 1))) {
      return word.toLowerCase(Locale.ROOT);
    }
    String lower = word.toLowerCase(Locale.ROOT);
    if (lower.startsWith("http://") || lower.startsWith("https://") || lower.startsWith("www.")) {
      return "<url>";
    }
    if (first == '@' && word.length() > 1) {
      return "<user>";
    }
    if (first == '#' && word.length() > 1 && Character.isLetterOrDigit(word.charAt(1))) {
      lower = lower.substring(1);
    }
    if (isRating(lower)) {
      return lower;
    }
    if (isNumber(lower)) {
      return "<num>";
    }
    if (isPlain(lower)) {
      return lower; // what the loop below would rebuild, char for char
    }
    StringBuilder out = new StringBuilder(lower.length());
    int repeat = 0;
    int previous = -1;
    for (int i = 0; i < lower.length(); ) {
      int cp = lower.codePointAt(i);
      i += Character.charCount(cp);
      if (cp == 0xFE0F || cp == 0xFE0E || (cp >= 0x1F3FB && cp <= 0x1F3FF)) {
        continue; // emoji presentation selectors and skin tones do not change meaning
      }
      if (cp == '\u2019' || cp == '\u2018') {
        cp = '\'';
      }
      repeat = cp == previous ? repeat + 1 : 0;
      previous = cp;
      if (repeat >= 2 && Character.isLetter(cp)) {
        continue; // "soooo" → "soo", "baaad" → "baad"
      }
      out.appendCodePoint(cp);
    }
    return out.toString();
  }

  /** ASCII without a letter written three times in a row: nothing for {@link #normalize} to drop or replace. */
  private static boolean isPlain(String lower) {
    int repeat = 0;
    char previous = 0;
    for (int i = 0; i < lower.length(); i++) {
      char c = lower.charAt(i);
      if (c >= 0x80) {
        return false;
      }
      repeat = i > 0 && c == previous ? repeat + 1 : 0;
      previous = c;
      if (repeat >= 2 && Character.isLetter(c)) {
        return false;
      }
    }
    return true;
  }

  /** "10/10", "2/10": a score out of ten, which is evaluative. */
  static boolean isRating(String word) {
    int slash = word.indexOf('/');
    return slash > 0 && slash <= 2 && word.endsWith("/10") && word.length() == slash + 3
        && word.chars().limit(slash).allMatch(Character::isDigit);
  }

  private static boolean isNumber(String word) {
    boolean digit = false;
    for (int i = 0; i < word.length(); i++) {
      char c = word.charAt(i);
      if (Character.isDigit(c)) {
        digit = true;
      } else if (c != '.' && c != ',' && c != ':' && c != '/' && c != '-') {
        return false;
      }
    }
    return digit;
  }

  static boolean isPunctuation(String norm) {
    if (norm.isEmpty()) {
      return true;
    }
    for (int i = 0; i < norm.length(); i++) {
      int type = Character.getType(norm.charAt(i));
      boolean punct = type == Character.CONNECTOR_PUNCTUATION || type == Character.DASH_PUNCTUATION
          || type == Character.START_PUNCTUATION || type == Character.END_PUNCTUATION
          || type == Character.INITIAL_QUOTE_PUNCTUATION || type == Character.FINAL_QUOTE_PUNCTUATION
          || type == Character.OTHER_PUNCTUATION || type == Character.SPACE_SEPARATOR || type == Character.CONTROL;
      if (!punct) {
        return false;
      }
    }
    return !isEmoticon(norm);
  }

  /** ":)", ":-(", ";)", "(:", ":/" are made of punctuation but carry meaning. */
  static boolean isEmoticon(String norm) {
    if (norm.length() < 2 || norm.length() > 4) {
      return false;
    }
    char first = norm.charAt(0);
    char last = norm.charAt(norm.length() - 1);
    boolean eyes = first == ':' || first == ';' || first == '=' || last == ':' || last == ';';
    boolean mouth = norm.indexOf(')') >= 0 || norm.indexOf('(') >= 0 || norm.indexOf('/') >= 0
        || norm.indexOf('|') >= 0;
    return eyes && mouth;
  }

  /** The text with a space inserted into every run of more than {@link #MAX_RUN} non-white-space characters. */
  static String breakLongRuns(String text) {
    StringBuilder out = null;
    int run = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      run = Character.isWhitespace(c) ? 0 : run + 1;
      // Cut before a character that starts a new code point only: never inside a surrogate pair.
      if (run > MAX_RUN && !Character.isLowSurrogate(c)) {
        if (out == null) {
          out = new StringBuilder(text.length() + text.length() / MAX_RUN + 1).append(text, 0, i);
        }
        out.append(' ');
        run = 1;
      }
      if (out != null) {
        out.append(c);
      }
    }
    return out == null ? text : out.toString();
  }
}
