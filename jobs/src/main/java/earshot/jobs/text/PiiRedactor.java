package earshot.jobs.text;

import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;
import java.util.function.IntUnaryOperator;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes personal data from a text before it is analysed, stored or sent on: e-mail addresses,
 * phone numbers, payment card numbers, IBANs and, where cheap to find, people's names. Each span
 * is replaced by a placeholder ({@code [EMAIL]}, {@code [PHONE]}, {@code [CARD]}, {@code [IBAN]},
 * {@code [NAME]}) and counted by kind.
 *
 * <p>What counts: a card number is 13 to 19 digits (spaces or dashes allowed) that pass the Luhn
 * check; digits that fail it are left alone, since order and tracking numbers look the same. An
 * IBAN must pass its mod-97 check (and have its country's length when the country is known). A
 * phone number is 8 to 15 digits after {@code +} or {@code 00}, a national number of 10 to 12
 * digits starting with 0, a North American number written 3-3-4, or 7 to 15 digits that follow a
 * word such as "call", "phone" or "number" (but not "order", "account" or "reference"). Names are
 * found by cue, not by a model: after a title ("Mrs J. Patel"), after "my name is", in a greeting
 * ("Hi Sarah") or a sign-off ("Kind regards, Peter Holt"), and capitalised given names from a list
 * with the capitalised word after them (names that are also words, such as Mark or Bill, only after
 * a cue such as "thanks" or "agent"). Names outside these forms stay.
 *
 * <p>Every scan is linear in the text's length, so a huge text costs time in proportion, never
 * more. Immutable; safe to share between threads.
 */
public final class PiiRedactor {

  /** The kinds of personal data, in the order they are looked for. */
  public enum Kind {
    EMAIL, IBAN, CARD, PHONE, NAME;

    public String placeholder() {
      return "[" + name() + "]";
    }
  }

  /** A redacted text and how many spans of each kind were replaced (kinds with none are absent). */
  public record Redacted(String text, Map<String, Integer> counts) {

    public int total() {
      return counts.values().stream().mapToInt(Integer::intValue).sum();
    }
  }

  // Every pattern here is applied to customer text, so none may backtrack catastrophically. Those
  // without lookaround run on RE2/J (com.google.re2j), linear in the text by construction. The others
  // stay on java.util.regex, each with the argument why its cost per start position is bounded by a
  // constant or by the run it consumes (no nested quantifiers over overlapping classes); HostileTextTest
  // feeds each the input shaped to hurt it.

  /**
   * Bounded: the local part is at most 64 characters of one class, then '@' must follow; the domain's
   * labels exclude '.', so a label that backs off must meet a '.' at once and fails; nine labels at
   * most. Each start position costs a constant (about 64 + 9 x 63 steps), whatever the text.
   */
  private static final Pattern EMAIL = Pattern.compile(
      "(?<![\\p{L}\\p{N}._%+-])[\\p{L}\\p{N}._%+-]{1,64}@[\\p{L}\\p{N}-]{1,63}(?:\\.[\\p{L}\\p{N}-]{1,63}){0,8}"
          + "\\.\\p{L}{2,24}(?![\\p{L}\\p{N}])");
  /** Fixed width (4 characters and a one-character lookaround on each side): constant per position. */
  private static final Pattern IBAN_START = Pattern.compile("(?<![\\p{L}\\p{N}])[A-Za-z]{2}[0-9]{2}(?=[ ]?[A-Za-z0-9])");
  /** Applied to exactly five characters. */
  private static final Pattern IBAN_GROUP_BEFORE = Pattern.compile("(?<![A-Za-z])[A-Za-z]{2}[0-9]{2} ");
  /** RE2/J; applied to the 30 lower-cased characters before a number. Word boundaries are ASCII ones. */
  private static final com.google.re2j.Pattern PHONE_CUE = com.google.re2j.Pattern.compile(
      "\\b(call|calling|phone|ring|text|tel|telephone|mobile|cell|landline|whatsapp|number|contact|reach)\\b(?:\\W+\\w+){0,3}\\W*$");
  /** RE2/J, as {@link #PHONE_CUE}. */
  private static final com.google.re2j.Pattern NUMBER_CUE = com.google.re2j.Pattern.compile(
      "\\b(order|invoice|ref|reference|ticket|case|account|acct|policy|tracking|booking|customer|membership|claim"
          + "|serial|complaint|id|no|parcel|sort code|meter|reading|postcode|pin|code)\\b(?:\\W+\\w+){0,2}\\W*$");

  private static final String NAME_WORD = "\\p{Lu}[\\p{Ll}'’-]+";
  /** Word boundaries that read one character (see {@link #TITLED_NAME} for why not {@code \b}). */
  private static final String NOT_AFTER_WORD = "(?<![\\p{L}\\p{N}_])";
  private static final String NOT_BEFORE_WORD = "(?![\\p{L}\\p{N}_])";
  /** java.util.regex's white space, spelled out for RE2/J (whose {@code \s} lacks the vertical tab). */
  private static final String SPACE = "[ \\t\\n\\x0B\\f\\r]";
  /**
   * Linear: a match must start with a title word (a literal), and every quantifier that follows
   * stops where its class does: white space, then a capital, then lower-case letters (classes that
   * do not overlap), at most two initials. A start position costs the white space and name after it.
   * A one-character lookbehind stands for the word boundary: java.util.regex's {@code \b} looks
   * back over every combining mark before a position for the base character, which made a text of
   * 200,000 combining accents cost quadratic time (found by HostileTextTest).
   */
  private static final Pattern TITLED_NAME = Pattern.compile(
      NOT_AFTER_WORD + "(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof)\\.?\\s+(?:\\p{Lu}\\.\\s*){0,2}" + NAME_WORD + "(?:[ \\t]+" + NAME_WORD + ")?");
  /**
   * Linear for the same reason as {@link #TITLED_NAME}: a literal cue, then runs of white space and
   * of letters, which do not overlap; the negative lookahead reads one word of a fixed list. Word
   * boundaries are one-character lookarounds, as in {@link #TITLED_NAME}.
   */
  private static final Pattern INTRODUCED_NAME = Pattern.compile(
      NOT_AFTER_WORD + "(?i:my name is|my name's|name:)\\s+([\\p{L}'’-]+(?:[ \\t]+(?!(?i:and|but|i|i'm|from|at|in|on|the"
          + "|a|my|with|of|or|so|here|there|please|thanks|thank|is|was|calling|speaking|account|card)"
          + NOT_BEFORE_WORD + ")[\\p{L}'’-]+)?)");
  /** Anchored at the start of the text: one attempt, as long as the leading white space and one word. */
  private static final Pattern GREETED_NAME = Pattern.compile(
      "^\\s*(?i:hi|hello|hey|hiya|dear|morning|afternoon|evening)[ \\t]+(\\p{Lu}\\p{Ll}+)\\b(?![\\p{L}])");
  /** RE2/J: a sign-off ("Kind regards, Peter Holt") at the very end of the text. */
  private static final com.google.re2j.Pattern SIGNED_NAME = com.google.re2j.Pattern.compile(
      "(?i:regards|wishes|thanks|thank you|cheers|sincerely|faithfully|best|love|warmly|respectfully|ta)[,.!]?" + SPACE + "+"
          + "((?:\\p{Lu}\\." + SPACE + "*)?" + NAME_WORD + "(?:[ \\t]+" + NAME_WORD + ")?)[.!]?" + SPACE + "*$");
  /** Bounded: at most 21 letters between one-character lookarounds. */
  private static final Pattern CAPITALISED = Pattern.compile("(?<![\\p{L}\\p{N}\\[])(\\p{Lu}\\p{Ll}{1,20})(?![\\p{L}\\p{N}])");
  private static final Set<String> NOT_A_NAME = Set.of("sir", "madam", "team", "all", "there", "everyone", "customer",
      "customers", "support", "friends", "folks", "guys", "again", "service", "services", "care", "manager", "colleagues",
      "sirs", "staff", "you", "thanks", "thank", "please", "hello", "hi", "morning", "afternoon", "evening", "bank",
      "mum", "dad", "mom", "the", "a", "i");
  /**
   * Words after which an ambiguous given name ("Mark", "Bill", "Will") is taken as a name. Applied
   * to the 20 characters before the name.
   */
  private static final Pattern NAME_CUE = Pattern.compile("(?i)\\b(?:thanks|thank|to|with|from|agent|advisor|adviser|"
      + "engineer|technician|driver|colleague|named|called|hi|hello|dear|and|ask|asked|spoke|speak)[ ,]+$");
  /** Words after "my name is" that are not a name ("my name is not on the account"). */
  private static final Set<String> NOT_INTRODUCED = Set.of("not", "on", "in", "at", "and", "the", "a", "an", "still",
      "wrong", "missing", "spelled", "spelt", "correct", "different", "also", "now", "already", "listed");
  /** Capitalised words that follow a given name but are not its surname. */
  private static final Set<String> NOT_A_SURNAME = Set.of("Thanks", "Thank", "Please", "The", "I", "And", "But",
      "From", "At", "In", "On", "Customer", "Team", "Support", "Service", "Services", "Hi", "Hello", "Regards", "Best",
      "Kind", "Many", "Cheers", "You", "We", "It", "This", "That", "My", "Your", "Our", "He", "She", "They");

  private static final Map<String, Integer> IBAN_LENGTHS = ibanLengths();

  private final Set<String> firstNames;
  private final Set<String> ambiguousNames;

  public PiiRedactor() {
    Set<String> names = new HashSet<>();
    Set<String> ambiguous = new HashSet<>();
    for (TextResources.Line line : TextResources.lines("first-names.txt")) {
      boolean isAmbiguous = line.text().startsWith("ambiguous:");
      String list = isAmbiguous ? line.text().substring("ambiguous:".length()) : line.text();
      for (String name : list.strip().split("\\s+")) {
        (isAmbiguous ? ambiguous : names).add(name.toLowerCase(Locale.ROOT));
      }
    }
    this.firstNames = Set.copyOf(names);
    this.ambiguousNames = Set.copyOf(ambiguous);
  }

  public Redacted redact(String text) {
    if (text == null || text.isEmpty()) {
      return new Redacted(text, Map.of());
    }
    EnumMap<Kind, Integer> counts = new EnumMap<>(Kind.class);
    String out = text;
    if (mayHoldEmail(out)) {
      out = replace(EMAIL, 0, out, Kind.EMAIL, counts, match -> true);
    }
    if (mayHoldIban(out)) {
      out = redactIbans(out, counts);
    }
    out = redactNumbers(out, counts);
    out = redactNames(out, counts);
    Map<String, Integer> named = new LinkedHashMap<>();
    counts.forEach((kind, count) -> named.put(kind.name(), count)); // EnumMap: always in Kind order
    return new Redacted(out, Collections.unmodifiableMap(named));
  }

  /** The part of a matcher {@link #replace} needs, so that java.util.regex and RE2/J patterns share it. */
  private record Matches(BooleanSupplier find, IntFunction<String> group, IntUnaryOperator start,
      IntUnaryOperator end) {}

  private static String replace(Pattern pattern, int group, String text, Kind kind, Map<Kind, Integer> counts,
      Predicate<String> accept) {
    Matcher m = pattern.matcher(text);
    return replace(new Matches(m::find, m::group, m::start, m::end), group, text, kind, counts, accept);
  }

  private static String replace(com.google.re2j.Pattern pattern, int group, String text, Kind kind,
      Map<Kind, Integer> counts, Predicate<String> accept) {
    com.google.re2j.Matcher m = pattern.matcher(text);
    return replace(new Matches(m::find, m::group, m::start, m::end), group, text, kind, counts, accept);
  }

  /**
   * Replaces each match (or its group, when {@code group} is 1) that {@code accept} takes as
   * personal data by the kind's placeholder.
   */
  private static String replace(Matches matcher, int group, String text, Kind kind, Map<Kind, Integer> counts,
      Predicate<String> accept) {
    StringBuilder out = null;
    int copied = 0;
    while (matcher.find().getAsBoolean()) {
      if (!accept.test(matcher.group().apply(group))) {
        continue;
      }
      if (out == null) {
        out = new StringBuilder(text.length());
      }
      out.append(text, copied, matcher.start().applyAsInt(group)).append(kind.placeholder());
      copied = matcher.end().applyAsInt(group);
      counts.merge(kind, 1, Integer::sum);
    }
    return out == null ? text : out.append(text, copied, text.length()).toString();
  }

  // ------------------------------------------------------------------ IBAN

  private static String redactIbans(String text, Map<Kind, Integer> counts) {
    Matcher start = IBAN_START.matcher(text);
    StringBuilder out = null;
    int copied = 0;
    int from = 0;
    while (from < text.length() && start.find(from)) {
      int end = ibanEnd(text, start.start());
      if (end < 0) {
        from = start.start() + 1;
        continue;
      }
      if (out == null) {
        out = new StringBuilder(text.length());
      }
      out.append(text, copied, start.start()).append(Kind.IBAN.placeholder());
      copied = end;
      from = end;
      counts.merge(Kind.IBAN, 1, Integer::sum);
    }
    if (out == null) {
      return text;
    }
    return out.append(text, copied, text.length()).toString();
  }

  /** End of a valid IBAN starting at {@code start}, or -1. Single spaces may group its characters. */
  private static int ibanEnd(String text, int start) {
    StringBuilder compact = new StringBuilder(34);
    int[] endAfter = new int[35]; // endAfter[k]: text index just after the k-th character
    int i = start;
    while (i < text.length() && compact.length() < 34) {
      char c = text.charAt(i);
      if (isAsciiAlphanumeric(c)) {
        compact.append(Character.toUpperCase(c));
        endAfter[compact.length()] = i + 1;
        i++;
      } else if (c == ' ' && i + 1 < text.length() && isAsciiAlphanumeric(text.charAt(i + 1)) && compact.length() >= 4) {
        i++;
      } else {
        break;
      }
    }
    if (compact.length() < 15) {
      return -1;
    }
    Integer length = IBAN_LENGTHS.get(compact.substring(0, 2));
    if (length == null || length > compact.length()) {
      return -1; // countries without a known length are left alone: guessing the length finds false IBANs
    }
    int end = endAfter[length];
    // The IBAN must end where its last group ends, not inside a longer word.
    boolean boundary = end >= text.length() || !isAsciiAlphanumeric(text.charAt(end));
    return boundary && mod97(compact, length) == 1 ? end : -1;
  }

  private static int mod97(CharSequence iban, int length) {
    int remainder = 0;
    for (int k = 0; k < length; k++) {
      char c = iban.charAt((k + 4) % length);
      int value = Character.isDigit(c) ? c - '0' : c - 'A' + 10;
      remainder = value >= 10 ? (remainder * 100 + value) % 97 : (remainder * 10 + value) % 97;
    }
    return remainder;
  }

  // ------------------------------------------------------------------ cards and phone numbers

  private static String redactNumbers(String text, Map<Kind, Integer> counts) {
    StringBuilder out = null;
    int copied = 0;
    int i = 0;
    int n = text.length();
    // Every pass of this loop moves i forward by at least one: the first branch by one; the second
    // starts on a digit, which its loop consumes; the others go to max(end of the run, i + 1).
    while (i < n) {
      char c = text.charAt(i);
      boolean plus = c == '+' && i + 1 < n && isDigit(text.charAt(i + 1));
      boolean paren = c == '(' && i + 1 < n && isDigit(text.charAt(i + 1));
      if (!isDigit(c) && !plus && !paren) {
        i++;
        continue;
      }
      if (isDigit(c) && i > 0 && Character.isLetterOrDigit(text.charAt(i - 1))) {
        while (i < n && Character.isLetterOrDigit(text.charAt(i))) {
          i++; // digits inside a word ("E42", "FA7721") are not numbers
        }
        continue;
      }
      // A "+" or "(" glued to a word ("seat(2 times)", "to+44 ...") starts a number like any other.
      if (i >= 5 && isIbanGroupBefore(text, i)) {
        // The digits of an IBAN that failed its check ("DE89 3704 ..."): part of that code, not a card.
        i = Math.max(scanNumber(text, i).end(), i + 1);
        continue;
      }
      NumberRun run = scanNumber(text, i);
      Kind kind = run.gluedToWord() ? null : classify(text, run);
      if (kind != null) {
        if (out == null) {
          out = new StringBuilder(n);
        }
        out.append(text, copied, run.start()).append(kind.placeholder());
        copied = run.end();
        counts.merge(kind, 1, Integer::sum);
      }
      i = Math.max(run.end(), i + 1);
    }
    if (out == null) {
      return text;
    }
    return out.append(text, copied, n).toString();
  }

  /**
   * A run of digits with separators between them.
   *
   * @param digits the digits without separators
   * @param grouping sizes of the digit groups, such as "3-3-4"
   */
  private record NumberRun(int start, int end, String digits, String grouping, boolean international,
      boolean gluedToWord) {}

  private static NumberRun scanNumber(String text, int start) {
    int n = text.length();
    int i = start;
    boolean international = false;
    if (text.charAt(i) == '+') {
      international = true;
      i++;
    }
    StringBuilder digits = new StringBuilder();
    StringBuilder grouping = new StringBuilder();
    int group = 0;
    int end = i;
    int separators = 0;
    while (i < n && digits.length() <= 24) {
      char c = text.charAt(i);
      if (isDigit(c)) {
        digits.append(c);
        group++;
        separators = 0;
        i++;
        end = i;
      } else if ((c == ' ' || c == '-' || c == '.' || c == '(' || c == ')') && separators < 2 && i + 1 < n) {
        if (group > 0) {
          grouping.append(grouping.length() > 0 ? "-" : "").append(group);
          group = 0;
        }
        separators++;
        i++;
      } else {
        break;
      }
    }
    if (group > 0) {
      grouping.append(grouping.length() > 0 ? "-" : "").append(group);
    }
    if (!international && digits.length() >= 2 && digits.charAt(0) == '0' && digits.charAt(1) == '0') {
      international = true;
    }
    boolean glued = end < n && Character.isLetter(text.charAt(end));
    return new NumberRun(start, end, digits.toString(), grouping.toString(), international, glued);
  }

  private static Kind classify(String text, NumberRun run) {
    int d = run.digits().length();
    char first = run.digits().isEmpty() ? '0' : run.digits().charAt(0);
    if (!run.international() && d >= 13 && d <= 19 && first != '0' && luhn(run.digits())) {
      return Kind.CARD;
    }
    if (run.international() && d >= 8 && d <= 15) {
      return Kind.PHONE;
    }
    if (d >= 10 && d <= 12 && first == '0') {
      return Kind.PHONE;
    }
    if (d == 10 && run.grouping().equals("3-3-4")) {
      return Kind.PHONE;
    }
    if (d >= 7 && d <= 15) {
      String before = text.substring(Math.max(0, run.start() - 30), run.start()).toLowerCase(Locale.ROOT);
      if (PHONE_CUE.matcher(before).find() && !NUMBER_CUE.matcher(before).find()) {
        return Kind.PHONE;
      }
    }
    return null;
  }

  static boolean luhn(String digits) {
    int sum = 0;
    boolean twice = false;
    for (int k = digits.length() - 1; k >= 0; k--) {
      int value = digits.charAt(k) - '0';
      if (twice) {
        value *= 2;
        if (value > 9) {
          value -= 9;
        }
      }
      sum += value;
      twice = !twice;
    }
    return sum % 10 == 0;
  }

  // ------------------------------------------------------------------ names

  private String redactNames(String text, Map<Kind, Integer> counts) {
    String out = mayHoldTitle(text) ? replace(TITLED_NAME, 0, text, Kind.NAME, counts, match -> true) : text;
    if (containsNameWord(out)) {
      out = replace(INTRODUCED_NAME, 1, out, Kind.NAME, counts,
          name -> !NOT_INTRODUCED.contains(name.toLowerCase(Locale.ROOT).split("\\s+")[0]));
    }
    if (mayBeGreeting(out)) {
      out = replace(GREETED_NAME, 1, out, Kind.NAME, counts, name -> !NOT_A_NAME.contains(name.toLowerCase(Locale.ROOT)));
    }
    out = replaceSignedName(out, counts);
    return mayHoldGivenName(out) ? replaceGivenNames(out, counts) : out;
  }

  /** Non-white-space runs a sign-off can span: "thank you," "J." "Peter" "Holt", and one to spare. */
  private static final int SIGN_OFF_RUNS = 6;

  /**
   * {@link #SIGNED_NAME} ends at the end of the text and spans at most five runs of characters
   * between white space, so it is looked for in the text's last {@value #SIGN_OFF_RUNS} runs only:
   * the same matches, without running the automaton over the whole text.
   */
  private static String replaceSignedName(String text, Map<Kind, Integer> counts) {
    int from = signOffStart(text);
    if (!hasSignOffCue(text, from)) {
      return text;
    }
    String tail = from == 0 ? text : text.substring(from);
    String replaced = replace(SIGNED_NAME, 1, tail, Kind.NAME, counts,
        name -> !NOT_A_NAME.contains(name.toLowerCase(Locale.ROOT).split("\\s+")[0]));
    return replaced == tail ? text : text.substring(0, from) + replaced;
  }

  /** The sign-off words of {@link #SIGNED_NAME}. */
  private static final String[] SIGN_OFF_CUES = {"regards", "wishes", "thanks", "thank you", "cheers", "sincerely",
      "faithfully", "best", "love", "warmly", "respectfully", "ta"};

  /**
   * Whether a sign-off word, then perhaps one of ",.!", then white space occurs from {@code from}
   * on: what every match of {@link #SIGNED_NAME} starts with. Compared ignoring case as {@link
   * String#regionMatches(boolean, int, String, int, int)} does, which accepts every case variant
   * RE2/J's {@code (?i)} does (and a few more), so no match is missed.
   */
  private static boolean hasSignOffCue(String text, int from) {
    for (int q = from + 1; q < text.length(); q++) {
      if (!isSignOffSpace(text.charAt(q))) {
        continue;
      }
      char before = text.charAt(q - 1);
      int end = before == ',' || before == '.' || before == '!' ? q - 1 : q;
      for (String cue : SIGN_OFF_CUES) {
        int start = end - cue.length();
        if (start >= from && text.regionMatches(true, start, cue, 0, cue.length())) {
          return true;
        }
      }
    }
    return false;
  }

  /** Where the last {@link #SIGN_OFF_RUNS} runs of non-white-space (as {@link #SPACE} defines it) begin. */
  static int signOffStart(String text) {
    int runs = 0;
    boolean inRun = false;
    for (int i = text.length() - 1; i >= 0; i--) {
      boolean space = isSignOffSpace(text.charAt(i));
      if (!space && !inRun) {
        runs++;
      }
      if (space && inRun && runs == SIGN_OFF_RUNS) {
        return i + 1;
      }
      inRun = !space;
    }
    return 0;
  }

  private static boolean isSignOffSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
  }

  private String replaceGivenNames(String text, Map<Kind, Integer> counts) {
    Matcher matcher = CAPITALISED.matcher(text);
    Matcher surname = CAPITALISED.matcher(text);
    StringBuilder out = null;
    int copied = 0;
    while (matcher.find()) {
      if (matcher.start() < copied) {
        continue; // already part of the previous name (its surname)
      }
      String word = matcher.group(1).toLowerCase(Locale.ROOT);
      boolean name = firstNames.contains(word)
          || (ambiguousNames.contains(word) && NAME_CUE.matcher(text.substring(Math.max(0, matcher.start() - 20),
              matcher.start())).find());
      if (!name) {
        continue;
      }
      int end = matcher.end();
      if (end + 1 < text.length() && text.charAt(end) == ' '
          && surname.region(end + 1, text.length()).lookingAt() && !NOT_A_SURNAME.contains(surname.group(1))) {
        end = surname.end();
      }
      if (out == null) {
        out = new StringBuilder(text.length());
      }
      out.append(text, copied, matcher.start()).append(Kind.NAME.placeholder());
      copied = end;
      counts.merge(Kind.NAME, 1, Integer::sum);
    }
    return out == null ? text : out.append(text, copied, text.length()).toString();
  }

  // ------------------------------------------------------------------ cheap checks before a scan
  // Each check below is true for every text the pattern it guards can match (it looks for what
  // every match must contain), so skipping the pattern when it is false changes no output; most
  // texts fail them, and a plain scan is much cheaper than a regular expression tried at every position.

  /**
   * Whether some '@' has, right before and right after it, characters an {@link #EMAIL} match can
   * have there (a character outside ASCII counts as possible): "@user" after a space cannot be an address.
   */
  static boolean mayHoldEmail(String text) {
    for (int at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
      if (at == 0 || at + 1 >= text.length()) {
        continue;
      }
      char before = text.charAt(at - 1);
      char after = text.charAt(at + 1);
      boolean localBefore = before >= 0x80 || isAsciiAlphanumeric(before) || "._%+-".indexOf(before) >= 0;
      boolean domainAfter = after >= 0x80 || isAsciiAlphanumeric(after) || after == '-';
      if (localBefore && domainAfter) {
        return true;
      }
    }
    return false;
  }

  /** Whether two ASCII letters and two digits follow each other somewhere: how every {@link #IBAN_START} match begins. */
  static boolean mayHoldIban(String text) {
    for (int i = 0; i + 3 < text.length(); i++) {
      if (isDigit(text.charAt(i + 2)) && isDigit(text.charAt(i + 3)) && isAsciiLetter(text.charAt(i))
          && isAsciiLetter(text.charAt(i + 1))) {
        return true;
      }
    }
    return false;
  }

  /**
   * The five characters before {@code i} are two ASCII letters, two digits and a space: what {@link
   * #IBAN_GROUP_BEFORE} matches in them (its look-behind sees nothing before the five).
   */
  private static boolean isIbanGroupBefore(String text, int i) {
    return isAsciiLetter(text.charAt(i - 5)) && isAsciiLetter(text.charAt(i - 4)) && isDigit(text.charAt(i - 3))
        && isDigit(text.charAt(i - 2)) && text.charAt(i - 1) == ' ';
  }

  /** Whether one of {@link #TITLED_NAME}'s titles occurs (case matters there, as in the pattern). */
  static boolean mayHoldTitle(String text) {
    for (int i = 0; i + 1 < text.length(); i++) {
      char c = text.charAt(i);
      char next = text.charAt(i + 1);
      if ((c == 'M' && (next == 'r' || next == 's' || next == 'i' || next == 'x')) || (c == 'D' && next == 'r')
          || (c == 'P' && next == 'r')) {
        return true;
      }
    }
    return false;
  }

  /** The greeting words of {@link #GREETED_NAME}. */
  private static final String[] GREETINGS = {"hi", "hello", "hey", "hiya", "dear", "morning", "afternoon", "evening"};

  /**
   * Whether the text starts, after white space as {@code \s} reads it, with one of {@link
   * #GREETED_NAME}'s greeting words, compared ignoring case as {@link String#regionMatches(boolean,
   * int, String, int, int)} does (which accepts every variant the pattern's ASCII-only {@code (?i)}
   * does): every match of that pattern starts so. A scan of the text's first characters instead of
   * a regular expression tried at each of its positions.
   */
  static boolean mayBeGreeting(String text) {
    int i = 0;
    while (i < text.length() && isSignOffSpace(text.charAt(i))) {
      i++;
    }
    for (String greeting : GREETINGS) {
      if (text.regionMatches(true, i, greeting, 0, greeting.length())) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether some word that {@link #CAPITALISED} could match (an upper-case letter, then 1 to 20
   * lower-case ones, as code points) is, in lower case, a first name or an ambiguous one: without
   * such a word, {@link #replaceGivenNames} replaces nothing. This looser scan ignores the
   * pattern's look-behind and look-ahead (so it finds every word the pattern finds, and a few
   * more), and tries the name sets only at upper-case letters; most texts hold no name, and the
   * pattern with its look-arounds at every position cost more than the rest of the redaction.
   */
  boolean mayHoldGivenName(String text) {
    int n = text.length();
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      int upper;
      if (c < 0x80) {
        if (c < 'A' || c > 'Z') {
          continue;
        }
        upper = 1;
      } else {
        int cp = text.codePointAt(i);
        if (Character.getType(cp) != Character.UPPERCASE_LETTER) {
          continue;
        }
        upper = Character.charCount(cp);
      }
      int end = i + upper;
      int lower = 0;
      while (end < n && lower <= 20) {
        char d = text.charAt(end);
        if (d < 0x80) {
          if (d < 'a' || d > 'z') {
            break;
          }
          end++;
        } else {
          int cp = text.codePointAt(end);
          if (Character.getType(cp) != Character.LOWERCASE_LETTER) {
            break;
          }
          end += Character.charCount(cp);
        }
        lower++;
      }
      if (lower >= 1 && lower <= 20) {
        String word = text.substring(i, end).toLowerCase(Locale.ROOT);
        if (firstNames.contains(word) || ambiguousNames.contains(word)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Whether "name" occurs in any case: every {@link #INTRODUCED_NAME} cue holds it. */
  static boolean containsNameWord(String text) {
    for (int i = 0; i + 4 <= text.length(); i++) {
      char c = text.charAt(i);
      if ((c == 'n' || c == 'N') && text.regionMatches(true, i, "name", 0, 4)) {
        return true;
      }
    }
    return false;
  }

  // ------------------------------------------------------------------ character classes and tables

  private static boolean isAsciiLetter(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isAsciiAlphanumeric(char c) {
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
  }

  /** IBAN lengths by country (ISO 13616 registry). */
  private static Map<String, Integer> ibanLengths() {
    String table = "AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BR29 BY28 CH21 CR22 CY28 CZ24 DE22 DK18 DO28 EE20 "
        + "EG29 ES24 FI18 FO18 FR27 GB22 GE22 GI23 GL18 GR27 GT28 HR21 HU28 IE22 IL23 IQ23 IS26 IT27 JO30 KW30 KZ20 "
        + "LB28 LC32 LI21 LT20 LU20 LV21 MC27 MD24 ME22 MK19 MR27 MT31 MU30 NL18 NO15 PK24 PL28 PS29 PT25 QA29 RO24 "
        + "RS22 SA24 SC31 SE24 SI19 SK24 SM27 ST25 SV28 TL23 TN24 TR26 UA29 VA22 VG24 XK20";
    Map<String, Integer> lengths = new HashMap<>();
    for (String entry : table.split(" ")) {
      lengths.put(entry.substring(0, 2), Integer.parseInt(entry.substring(2)));
    }
    return Map.copyOf(lengths);
  }
}
