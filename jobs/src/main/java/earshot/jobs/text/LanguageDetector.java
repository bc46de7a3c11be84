package earshot.jobs.text;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A cheap language detector for customer messages, enough to keep non-English texts away from an
 * English sentiment model. Texts in another script are told apart by their letters (Cyrillic,
 * Greek, Arabic, Hebrew, Chinese, Japanese, Korean, Thai, Devanagari). Latin-script texts are
 * scored against lists of frequent words of English, French, German, Spanish, Italian,
 * Portuguese, Dutch, Polish, Swedish and Turkish ({@code language-words.txt}), a few letters only
 * some of them use (ß, ñ, ã, ł, ğ...) and a few word endings ("-ción", "-ção", "-ung").
 *
 * <p>It leans towards English: another language is named on clear evidence for it, or on some
 * evidence in a text of several words hardly any of which are known English words (from the word
 * lists and the sentiment lexicon). A text with
 * too little evidence either way (a word or two, a name, digits) is {@linkplain Detection#sure()
 * not sure}, so that the channel's declared language, or English, decides. Immutable; safe to
 * share between threads.
 */
public final class LanguageDetector {

  /**
   * @param language ISO 639-1 code
   * @param sure whether the text itself gave enough evidence
   */
  public record Detection(String language, boolean sure) {}

  public static final String ENGLISH = "en";
  private static final Detection UNSURE_ENGLISH = new Detection(ENGLISH, false);

  /** Word scores a language needs, and how far ahead of English it must be. */
  private static final double MIN_EVIDENCE = 1.5;
  private static final double MIN_EVIDENCE_SHORT = 0.99;
  private static final double LEAD_OVER_ENGLISH = 2.0;
  private static final double WEAK_EVIDENCE = 0.5;
  private static final double MAX_ENGLISH_SHARE = 0.34;

  private static final Map<Character, String> LETTERS = letters();
  /** Letters of {@link #LETTERS} are all below this code; a table lookup replaces the map on the hot path. */
  private static final int LETTER_TABLE = 0x180;

  /** Scores a word adds, as indices into a text's score array and their values. */
  private record WordScore(int[] languages, double[] scores) {}

  private final Map<String, WordScore> wordScores;
  /** Every language a word, a letter or an ending can score: {@link #languages} first, in their order. */
  private final List<String> scored;
  /** For each char below {@link #LETTER_TABLE}: the indices of the languages it counts for, or null. */
  private final int[][] letterLanguages = new int[LETTER_TABLE][];
  private final double[] letterShare = new double[LETTER_TABLE];
  private final int[] endingLanguage = new int[ENDINGS.length];
  private final int english;
  /** Words known to be English (word list, sentiment lexicon, stop words), to tell a text with no English in it. */
  private final Set<String> englishWords;
  private final List<String> languages;

  public LanguageDetector() {
    Map<String, List<String>> lists = new LinkedHashMap<>();
    String current = null;
    for (TextResources.Line line : TextResources.lines("language-words.txt")) {
      String text = line.text();
      int colon = text.indexOf(':');
      if (!Character.isWhitespace(text.charAt(0)) && colon > 0) {
        current = text.substring(0, colon).strip();
        text = text.substring(colon + 1);
      }
      if (current == null) {
        throw new IllegalStateException("language-words.txt line " + line.number() + ": no language code");
      }
      for (String word : text.strip().split("\\s+")) {
        if (!word.isEmpty()) {
          lists.computeIfAbsent(current, k -> new ArrayList<>()).add(word.toLowerCase(Locale.ROOT));
        }
      }
    }
    // A word several languages share is weak evidence for each of them.
    Map<String, Integer> sharing = new HashMap<>();
    lists.values().forEach(words -> words.stream().distinct().forEach(w -> sharing.merge(w, 1, Integer::sum)));
    Map<String, Map<String, Double>> scores = new HashMap<>();
    lists.forEach((language, words) -> words.stream().distinct().forEach(
        w -> scores.computeIfAbsent(w, k -> new HashMap<>()).put(language, 1.0 / sharing.get(w))));
    this.languages = List.copyOf(lists.keySet());
    List<String> all = new ArrayList<>(languages);
    LETTERS.values().forEach(shared -> Arrays.stream(shared.split(",")).filter(l -> !all.contains(l)).forEach(all::add));
    Arrays.stream(ENDINGS).map(e -> e[1]).filter(l -> !all.contains(l)).distinct().forEach(all::add);
    if (!all.contains(ENGLISH)) {
      all.add(ENGLISH); // so that English always has a score, 0 when no word list names it
    }
    this.scored = List.copyOf(all);
    this.english = scored.indexOf(ENGLISH);
    Map<String, WordScore> indexed = new HashMap<>();
    scores.forEach((word, byLanguage) -> {
      int[] index = new int[byLanguage.size()];
      double[] value = new double[byLanguage.size()];
      int k = 0;
      for (Map.Entry<String, Double> entry : byLanguage.entrySet()) {
        index[k] = scored.indexOf(entry.getKey());
        value[k++] = entry.getValue();
      }
      indexed.put(word, new WordScore(index, value));
    });
    this.wordScores = Map.copyOf(indexed);
    LETTERS.forEach((letter, shared) -> {
      String[] split = shared.split(",");
      letterLanguages[letter] = Arrays.stream(split).mapToInt(scored::indexOf).toArray();
      letterShare[letter] = 0.5 / split.length;
    });
    for (int e = 0; e < ENDINGS.length; e++) {
      endingLanguage[e] = scored.indexOf(ENDINGS[e][1]);
    }
    Set<String> english = new HashSet<>(lists.getOrDefault(ENGLISH, List.of()));
    english.addAll(TextResources.words("key-phrase-stopwords.txt"));
    for (TextResources.Line line : TextResources.lines(SentimentLexicon.RESOURCE)) {
      String term = line.text().substring(0, Math.max(0, line.text().lastIndexOf('\t'))).strip();
      if (!term.isEmpty() && term.chars().allMatch(Character::isLetter)) {
        english.add(term.toLowerCase(Locale.ROOT));
      }
    }
    this.englishWords = Set.copyOf(english);
  }

  public Detection detect(String text) {
    if (text == null || text.isBlank()) {
      return UNSURE_ENGLISH;
    }
    String script = script(text);
    if (script != null) {
      return new Detection(script, true);
    }
    double[] score = new double[scored.size()];
    int words = 0;
    int knownEnglish = 0;
    int start = -1;
    String lower = withoutLinksAndMentions(text.toLowerCase(Locale.ROOT));
    for (int i = 0; i <= lower.length(); i++) {
      char c = i < lower.length() ? lower.charAt(i) : ' ';
      boolean letter = Character.isLetter(c) || ((c == '\'' || c == '’' || c == '-') && start >= 0);
      int[] sharing = c < LETTER_TABLE ? letterLanguages[c] : null;
      if (sharing != null) {
        for (int language : sharing) {
          score[language] += letterShare[c];
        }
      }
      if (letter) {
        if (start < 0) {
          start = i;
        }
        continue;
      }
      if (start >= 0) {
        String word = lower.substring(start, i).replace('’', '\'');
        words++;
        if (englishWords.contains(word) || (word.indexOf('\'') > 0 && englishWords.contains(word.substring(0,
            word.indexOf('\''))))) {
          knownEnglish++;
        }
        addWord(word, score);
        int apostrophe = word.indexOf('\'');
        if (apostrophe > 0) { // "n'est", "c'est", "l'ordine": the parts count too
          addWord(word.substring(0, apostrophe), score);
          addWord(word.substring(apostrophe + 1), score);
        }
        start = -1;
      }
    }
    double english = score[this.english];
    String best = null;
    double bestScore = 0;
    for (int language = 0; language < languages.size(); language++) {
      double s = score[language];
      if (language != this.english && s > bestScore) {
        best = languages.get(language);
        bestScore = s;
      }
    }
    double needed = words <= 3 ? MIN_EVIDENCE_SHORT : MIN_EVIDENCE;
    if (best != null && bestScore >= needed && bestScore >= LEAD_OVER_ENGLISH * english) {
      return new Detection(best, true);
    }
    // Little evidence for any language, but hardly an English word in a text of several words.
    if (best != null && words >= 3 && knownEnglish <= MAX_ENGLISH_SHARE * words && bestScore >= WEAK_EVIDENCE
        && bestScore > english) {
      return new Detection(best, true);
    }
    return new Detection(ENGLISH, english >= MIN_EVIDENCE);
  }

  /**
   * The text with every link ("https://t.co/pPfsy", "www.example.com") and @mention blanked out: they are
   * no evidence of a language, and the letters of a short link read as words ("co" is a frequent Polish
   * word), so an English tweet with two links was taken for Polish. One pass over the text.
   */
  static String withoutLinksAndMentions(String lower) {
    char[] out = null;
    int n = lower.length();
    int i = 0;
    while (i < n) {
      // Each pass of the outer loop consumes one run of white space and one run without, so i only grows.
      while (i < n && Character.isWhitespace(lower.charAt(i))) {
        i++;
      }
      int runStart = i;
      while (i < n && !Character.isWhitespace(lower.charAt(i))) {
        i++;
      }
      if (runStart < i && isLinkOrMention(lower, runStart, i)) {
        if (out == null) {
          out = lower.toCharArray();
        }
        Arrays.fill(out, runStart, i, ' ');
      }
    }
    return out == null ? lower : new String(out);
  }

  /** Whether the run [start, end) is a link or a mention, after any opening brackets or quotes. */
  private static boolean isLinkOrMention(String lower, int start, int end) {
    int at = start;
    while (at < end && "([{\"'“‘<".indexOf(lower.charAt(at)) >= 0) {
      at++;
    }
    if (at == end) {
      return false;
    }
    if (lower.charAt(at) == '@') {
      return true;
    }
    if (lower.startsWith("www.", at)) {
      return true;
    }
    // "://" inside this run only (http, https, ftp...): a search bounded by the run keeps the pass linear.
    for (int k = at; k + 3 <= end; k++) {
      if (lower.charAt(k) == ':' && lower.charAt(k + 1) == '/' && lower.charAt(k + 2) == '/') {
        return true;
      }
    }
    return false;
  }

  private void addWord(String word, double[] score) {
    WordScore languagesOfWord = wordScores.get(word);
    if (languagesOfWord != null) {
      for (int k = 0; k < languagesOfWord.languages().length; k++) {
        score[languagesOfWord.languages()[k]] += languagesOfWord.scores()[k];
      }
      return;
    }
    for (int e = 0; e < ENDINGS.length; e++) {
      String ending = ENDINGS[e][0];
      if (word.length() > ending.length() + 2 && word.endsWith(ending)) {
        score[endingLanguage[e]] += 0.5;
        return;
      }
    }
  }

  /** The language of a text written mostly in a script other than Latin, or null. */
  private static String script(String text) {
    int latin = 0;
    Map<String, Integer> other = null; // made on the first letter of another script: most texts have none
    boolean kana = false;
    boolean ukrainian = false;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      if (cp < 0x80) { // ASCII: its letters are Latin
        if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z')) {
          latin++;
        }
        continue;
      }
      if (!Character.isLetter(cp)) {
        continue;
      }
      Character.UnicodeScript script = Character.UnicodeScript.of(cp);
      String language = switch (script) {
        case LATIN -> null;
        case CYRILLIC -> "ru";
        case GREEK -> "el";
        case ARABIC -> "ar";
        case HEBREW -> "he";
        case HAN -> "zh";
        case HIRAGANA, KATAKANA -> "ja";
        case HANGUL -> "ko";
        case THAI -> "th";
        case DEVANAGARI -> "hi";
        default -> "und";
      };
      if (language == null) {
        latin++;
      } else {
        if (other == null) {
          other = new HashMap<>();
        }
        other.merge(language, 1, Integer::sum);
      }
      kana |= script == Character.UnicodeScript.HIRAGANA || script == Character.UnicodeScript.KATAKANA;
      ukrainian |= cp == 'і' || cp == 'ї' || cp == 'є' || cp == 'ґ';
    }
    int nonLatin = other == null ? 0 : other.values().stream().mapToInt(Integer::intValue).sum();
    if (nonLatin < 2 || nonLatin <= latin) {
      return null;
    }
    if (kana) {
      return "ja"; // Japanese mixes kana with Chinese characters
    }
    String top = other.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    return top.equals("ru") && ukrainian ? "uk" : top;
  }

  /** Letters only some languages use; a letter several of them use counts for each, divided between them. */
  private static Map<Character, String> letters() {
    Map<Character, String> letters = new HashMap<>();
    String[][] table = {{"ß", "de"}, {"ñ¿¡", "es"}, {"ãõ", "pt"}, {"łąęśźżćń", "pl"}, {"ğşı", "tr"}, {"å", "sv"},
        {"œûîëïù", "fr"}, {"ìò", "it"}, {"ê", "fr,pt"}, {"è", "fr,it"}, {"ç", "fr,pt,tr"}, {"ö", "de,sv,tr"},
        {"ä", "de,sv"}, {"ü", "de,tr"}, {"áíú", "es,pt"}, {"ó", "es,pt,pl"}, {"à", "fr,it,pt"}, {"é", "fr,es,pt,it"},
        {"âô", "fr,pt"}};
    for (String[] row : table) {
      row[0].chars().forEach(c -> letters.put((char) c, row[1]));
    }
    return Map.copyOf(letters);
  }

  /** Word endings typical of one language ("-ción" is Spanish, "-ção" Portuguese), each worth half a word. */
  private static final String[][] ENDINGS = {{"ción", "es"}, {"ciones", "es"}, {"ção", "pt"}, {"ções", "pt"},
      {"ión", "es"}, {"ione", "it"}, {"ioni", "it"}, {"eux", "fr"}, {"ijk", "nl"}, {"ningen", "sv"}, {"ung", "de"}, {"keit", "de"}, {"heit", "de"}, {"lich", "de"}, {"lijk", "nl"},
      {"heid", "nl"}, {"ość", "pl"}, {"iyorum", "tr"}, {"ıyor", "tr"}, {"emez", "tr"}, {"amaz", "tr"}};
}
