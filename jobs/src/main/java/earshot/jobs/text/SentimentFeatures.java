package earshot.jobs.text;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns a tokenized text into the features of the fast sentiment model. The same code serves
 * training and prediction, so the two cannot drift apart.
 *
 * <p>Features: lemma unigrams marked when negated ({@code w=not_help}), lemma bigrams, lexicon
 * phrases, the first and last words, question and exclamation marks, thanks at the start or the
 * end, length, shouting, ratings ("2/10", "5 stars"), and the lexicon's prior polarity summed over
 * the text and over its last sentence. The lexicon sum is where the rules of customer language
 * live: a negation turns a word's polarity round and weakens it ("not bad" is mildly positive), an
 * intensifier strengthens it ("really useless"), a diminisher weakens it ("a bit slow"), and
 * contrast moves the weight to the clause that carries the verdict ("great staff but the app is
 * useless": the part after "but" counts three times as much as the part before it).
 *
 * <p>Optionally ({@link #withCharGrams()}, used when the model was trained with them), character
 * 3- to 5-grams of each word, with its start and end marked, hashed into {@value #CHAR_BUCKETS}
 * buckets ({@code c=1234}): misspellings, elongations and word forms the word features have never
 * seen ("terrible" and "terribleee", "disappoint" in "disappointing") share most of their grams.
 *
 * <p>Optionally ({@link #withSocialLexicon()}, used when the model was trained with them), the same
 * polarity sums from a second, larger lexicon of social-media words, slang and emoticons (VADER's:
 * "smh", "meh", "ugh", "wtf"), so that a word rare in the training texts still carries the polarity
 * people give it ({@code slex-pos}, {@code slex-neg}, {@code slex-net}, {@code slex-none}).
 *
 * <p>Optionally ({@link #withWordClusters()}, used when the model was trained with them), each word's
 * cluster among words used alike in tweets ({@link WordClusters}; {@code k=0111101111010}, marked when
 * negated like the word): a word the training texts never held shares the weight its cluster learned
 * from the words they did.
 */
public final class SentimentFeatures {

  /** Receives each feature once per text. */
  public interface Sink {
    void add(String feature, double value);
  }

  /**
   * Receives every feature as it is made, repeats included (the first one is the feature's value):
   * the name is a buffer that is reused, valid only during the call. This is how the model scores
   * a text without making a string per feature.
   */
  interface KeySink {
    void add(CharSequence feature, double value);
  }

  static final Set<String> INTENSIFIERS = Set.of("very", "really", "so", "soo", "extremely", "absolutely", "totally",
      "completely", "utterly", "incredibly", "super", "truly", "highly", "seriously", "most", "such", "too",
      "especially", "exceptionally", "particularly", "terribly", "awfully", "insanely", "ridiculously", "massively",
      "hugely", "deeply", "genuinely", "properly", "bloody", "damn", "mega", "entirely", "thoroughly", "immensely",
      "remarkably", "amazingly", "unbelievably", "beyond", "far", "way");
  static final Set<String> DIMINISHERS = Set.of("slightly", "somewhat", "fairly", "rather", "quite", "pretty", "bit",
      "little", "mildly", "moderately", "reasonably", "partly", "partially", "kinda", "sorta", "almost", "nearly");
  /** Contrast: what follows outweighs what precedes ("nice staff, but ..."). */
  static final Set<String> CONTRAST = Set.of("but", "however", "nevertheless", "nonetheless", "except", "unfortunately");
  /** Concession: the clause introduced counts less ("although the staff were nice, ..."). */
  static final Set<String> CONCESSION = Set.of("although", "though", "despite", "albeit", "whilst");
  static final Set<String> THANKS = Set.of("thank", "thanks", "thx", "ty", "ta", "cheers", "thankyou", "tysm", "thnx",
      "thanx");
  private static final Map<String, Integer> NUMBER_WORDS = Map.of("zero", 0, "one", 1, "two", 2, "three", 3,
      "four", 4, "five", 5);

  static final double NEGATED = -0.5;
  static final double INTENSIFIED = 1.5;
  static final double DIMINISHED = 0.6;
  static final double SHOUTED = 1.3;
  static final double EXCLAIMED = 1.2;
  static final double BEFORE_CONTRAST = 0.5;
  static final double AFTER_CONTRAST = 1.5;

  /** Buckets the character n-grams are hashed into: bounded, so the model stays small. */
  public static final int CHAR_BUCKETS = 1 << 15;
  static final String CHAR_PREFIX = "c=";
  /** Longer words (links, hashes) add no more grams than a word of this length. */
  private static final int MAX_GRAM_WORD = 24;

  /** Prefix of the social-lexicon features: a model with weights for them needs them extracted. */
  static final String SOCIAL_PREFIX = "slex-";
  /** Prefix of the word-cluster features. */
  static final String CLUSTER_PREFIX = "k=";

  private final SentimentLexicon lexicon;
  private final boolean charGrams;
  /** The social-media lexicon, or null when its features are not extracted. */
  private final SentimentLexicon social;
  /** The word clusters, or null when their features are not extracted. */
  private final WordClusters clusters;

  SentimentFeatures(SentimentLexicon lexicon) {
    this(lexicon, false, null, null);
  }

  private SentimentFeatures(SentimentLexicon lexicon, boolean charGrams, SentimentLexicon social,
      WordClusters clusters) {
    this.lexicon = lexicon;
    this.charGrams = charGrams;
    this.social = social;
    this.clusters = clusters;
  }

  /** The same features plus hashed character 3- to 5-grams of each word. */
  public SentimentFeatures withCharGrams() {
    return new SentimentFeatures(lexicon, true, social, clusters);
  }

  /** The same features plus the social-media lexicon's polarity sums. */
  public SentimentFeatures withSocialLexicon() {
    return new SentimentFeatures(lexicon, charGrams, SentimentLexicon.social(), clusters);
  }

  /** The same features plus each word's cluster ({@link WordClusters#shipped()}). */
  public SentimentFeatures withWordClusters() {
    return new SentimentFeatures(lexicon, charGrams, social, WordClusters.shipped());
  }

  /** The features a model needs: each optional group exactly when the model has weights for it. */
  public SentimentFeatures forModel(FastSentimentModel model) {
    if (model.usesCharGrams() == charGrams && model.usesSocialLexicon() == (social != null)
        && model.usesWordClusters() == (clusters != null)) {
      return this;
    }
    return new SentimentFeatures(lexicon, model.usesCharGrams(),
        model.usesSocialLexicon() ? SentimentLexicon.social() : null,
        model.usesWordClusters() ? WordClusters.shipped() : null);
  }

  public boolean wordClusters() {
    return clusters != null;
  }

  public boolean charGrams() {
    return charGrams;
  }

  public boolean socialLexicon() {
    return social != null;
  }

  /** The features the shipped model uses, with the built-in lexicon read through {@code tokenizer}. */
  public static SentimentFeatures load(TextTokenizer tokenizer) {
    return new SentimentFeatures(SentimentLexicon.load(tokenizer));
  }

  /** Each feature of the text once, with its first value. */
  public void extract(TokenizedText text, Sink sink) {
    Set<String> seen = new HashSet<>();
    extractAll(text, (feature, value) -> {
      String name = feature.toString();
      if (seen.add(name)) {
        sink.add(name, value);
      }
    });
  }

  /** Every feature of the text in order, repeats included; {@link #extract} keeps the first of each. */
  void extractAll(TokenizedText text, KeySink sink) {
    Keys once = new Keys(sink);
    once.add("bias", 1);
    int n = text.size();
    if (n == 0) {
      once.add("empty", 1);
      return;
    }
    List<SentimentLexicon.Match> phrases = lexicon.phrases(text);
    boolean[] inPhrase = new boolean[n];
    for (SentimentLexicon.Match match : phrases) {
      Arrays.fill(inPhrase, match.start(), match.end(), true);
      StringBuilder key = once.key("p=");
      for (int k = match.start(); k < match.end(); k++) {
        key.append(k == match.start() ? "" : "_").append(text.lemma[k]);
      }
      once.add(key, 1);
    }
    boolean[] negated = Negation.scopes(text.lemma, text.punctuation, inPhrase);
    words(text, negated, once);
    structure(text, once);
    social(text, negated, once);
    polarity(text, phrases, inPhrase, negated, once);
    if (charGrams) {
      charGrams(text, once);
    }
    if (clusters != null) {
      clusters(text, negated, clusters, once);
    }
  }

  /**
   * Each word's cluster, looked up by its lower-case form as written, then by its normal form and
   * its lemma (the clusters hold inflected forms, misspellings and emoticons). Mentions and links
   * have their own features.
   */
  static void clusters(TokenizedText text, boolean[] negated, WordClusters clusters, Keys sink) {
    for (int i = 0; i < text.size(); i++) {
      String norm = text.norm[i];
      if (norm.equals("<user>") || norm.equals("<url>")) {
        continue;
      }
      String path = clusters.clusterOf(text.tokens.get(i).word().toLowerCase(Locale.ROOT));
      if (path == null) {
        path = clusters.clusterOf(norm);
      }
      if (path == null) {
        path = clusters.clusterOf(text.lemma[i]);
      }
      if (path != null) {
        sink.add(sink.key(negated[i] ? "k=not_" : CLUSTER_PREFIX).append(path), 1);
      }
    }
  }

  /**
   * Character 3- to 5-grams of each word (lower case, between start and end marks), each hashed
   * to a bucket. Mentions, links and punctuation have none.
   */
  static void charGrams(TokenizedText text, Keys sink) {
    char[] chars = new char[MAX_GRAM_WORD + 2];
    for (int i = 0; i < text.size(); i++) {
      String norm = text.norm[i];
      if (text.punctuation[i] || norm.equals("<user>") || norm.equals("<url>")) {
        continue;
      }
      String word = text.tokens.get(i).word();
      int length = Math.min(word.length(), MAX_GRAM_WORD);
      chars[0] = '^';
      for (int k = 0; k < length; k++) {
        chars[k + 1] = Character.toLowerCase(word.charAt(k));
      }
      chars[length + 1] = '$';
      int end = length + 2;
      for (int start = 0; start + 3 <= end; start++) {
        int hash = 0x811C9DC5;
        for (int k = start; k < end && k < start + 5; k++) {
          hash = (hash ^ chars[k]) * 0x01000193; // FNV-1a
          if (k - start >= 2) {
            sink.add(sink.key(CHAR_PREFIX).append(bucket(hash, k - start + 1)), 1);
          }
        }
      }
    }
  }

  /** The bucket of an n-gram's hash, the gram's length mixed in so that "^ab" and "^ab$"-like prefixes differ. */
  static int bucket(int hash, int length) {
    int h = (hash ^ (length * 0x9E3779B9)) * 0x85EBCA6B;
    h ^= h >>> 13;
    return (h & 0x7FFFFFFF) % CHAR_BUCKETS;
  }

  /** A feature sink with one reusable buffer to build names in. */
  private static final class Keys implements Sink {
    private final KeySink sink;
    private final StringBuilder key = new StringBuilder(64);

    Keys(KeySink sink) {
      this.sink = sink;
    }

    /** The buffer, emptied and starting with {@code prefix}. */
    StringBuilder key(String prefix) {
      key.setLength(0);
      return key.append(prefix);
    }

    @Override
    public void add(String feature, double value) {
      sink.add(feature, value);
    }

    void add(CharSequence feature, double value) {
      sink.add(feature, value);
    }
  }

  private static void words(TokenizedText text, boolean[] negated, Keys sink) {
    int n = text.size();
    for (int i = 0; i < n; i++) {
      String lemma = text.lemma[i];
      if (!text.punctuation[i]) {
        sink.add(sink.key(negated[i] ? "w=not_" : "w=").append(lemma), 1);
      } else if (lemma.indexOf('?') >= 0 || lemma.indexOf('!') >= 0) {
        sink.add(lemma.indexOf('?') >= 0 ? "w=?" : "w=!", 1);
      }
      if (i + 1 < n && text.sentence[i] == text.sentence[i + 1] && !(text.punctuation[i] && text.punctuation[i + 1])) {
        sink.add(sink.key("b=").append(lemma).append('_').append(text.lemma[i + 1]), 1);
      }
    }
  }

  private static void structure(TokenizedText text, Keys sink) {
    int n = text.size();
    int first = -1;
    int last = -1;
    int content = 0;
    int shouted = 0;
    boolean question = false;
    boolean exclamation = false;
    for (int i = 0; i < n; i++) {
      if (text.punctuation[i]) {
        question |= text.norm[i].indexOf('?') >= 0;
        exclamation |= text.norm[i].indexOf('!') >= 0;
        continue;
      }
      content++;
      if (first < 0) {
        first = i;
      }
      last = i;
      String word = text.tokens.get(i).word();
      if (word.length() >= 3 && isShouted(word)) {
        shouted++;
      }
      rating(text, i, sink);
    }
    if (first < 0) {
      sink.add("only-punctuation", 1);
      sink.add(question ? "q" : "no-q", 1);
      return;
    }
    sink.add(sink.key("first=").append(text.lemma[first]), 1);
    if (first + 1 < n) {
      sink.add(sink.key("first2=").append(text.lemma[first]).append('_').append(text.lemma[first + 1]), 1);
    }
    sink.add(sink.key("last=").append(text.lemma[last]), 1);
    if (question) {
      sink.add("q", 1);
    }
    String end = text.norm[n - 1];
    if (end.indexOf('?') >= 0) {
      sink.add("q-end", 1);
    }
    if (exclamation) {
      sink.add("excl", 1);
    }
    if (shouted > 0 && shouted < content) {
      sink.add("shout", 1);
    }
    sink.add("len=" + (content <= 2 ? 1 : content <= 6 ? 2 : content <= 15 ? 3 : content <= 40 ? 4 : 5), 1);
    int thanks = -1;
    for (int i = 0; i < n; i++) {
      if (!text.punctuation[i] && THANKS.contains(text.lemma[i])) {
        thanks = i;
        sink.add(content <= 3 ? "thanks-only" : i == first ? "thanks-start" : "thanks-inside", 1);
      }
    }
    if (thanks >= 0 && content > 3 && tokensAfter(text, thanks) <= 3) {
      sink.add("thanks-end", 1);
    }
  }

  /** Openers of a question or request, which are mostly neutral in customer text ("can you ...", "how do I ..."). */
  static final Set<String> ASKING = Set.of("can", "could", "would", "will", "please", "pls", "plz", "how", "what",
      "when", "where", "why", "who", "which", "is", "are", "do", "does", "did", "anyone", "any", "should", "may");

  /**
   * Cues of social and chat text: mentions and links (news and announcements are mostly neutral),
   * hashtags (kept as words, camel case split: "#EpicFail" → epic, fail), letters repeated for
   * emphasis ("soooo"), emoji, and questions or requests opened by an asking word.
   */
  private static void social(TokenizedText text, boolean[] negated, Keys sink) {
    int n = text.size();
    int mentions = 0;
    int urls = 0;
    boolean elongated = false;
    boolean emoji = false;
    for (int i = 0; i < n; i++) {
      String norm = text.norm[i];
      if (norm.equals("<user>")) {
        mentions++;
        continue;
      }
      if (norm.equals("<url>")) {
        urls++;
        continue;
      }
      String word = text.tokens.get(i).word();
      if (word.length() > 2 && word.charAt(0) == '#') {
        sink.add("hashtag", 1);
        hashtagParts(word, negated[i], sink);
      }
      if (!elongated && isElongated(word)) {
        elongated = true;
        sink.add("elongated", 1);
      }
      if (!emoji && word.codePointAt(0) >= 0x1F000) {
        emoji = true;
        sink.add("emoji", 1);
      }
    }
    if (mentions > 0) {
      sink.add(text.norm[0].equals("<user>") ? "mention-start" : "mention", 1);
    }
    if (urls > 0) {
      sink.add(text.norm[n - 1].equals("<url>") ? "url-end" : "url", 1);
    }
    int first = -1;
    for (int i = 0; i < n; i++) {
      if (!text.punctuation[i] && !text.norm[i].equals("<user>")) {
        first = i;
        break;
      }
    }
    boolean question = false;
    for (int i = 0; i < n; i++) {
      question |= text.punctuation[i] && text.norm[i].indexOf('?') >= 0;
    }
    if (first >= 0 && ASKING.contains(text.lemma[first])) {
      sink.add(question ? "ask-start-q" : "ask-start", 1);
    }
  }

  private static void hashtagParts(String word, boolean negated, Keys sink) {
    int start = 1;
    boolean split = false;
    for (int i = 2; i <= word.length(); i++) {
      if (i == word.length() || Character.isUpperCase(word.charAt(i)) && Character.isLowerCase(word.charAt(i - 1))) {
        if (start > 1 || i < word.length()) {
          split = true;
          String part = word.substring(start, i).toLowerCase(Locale.ROOT);
          if (part.length() > 1) {
            sink.add(sink.key(negated ? "w=not_" : "w=").append(part), 1);
          }
        }
        start = i;
      }
    }
    if (split) {
      sink.add("hashtag-split", 1);
    }
  }

  /** Three or more of the same letter in a row ("soooo", "noooo"). */
  private static boolean isElongated(String word) {
    for (int i = 2; i < word.length(); i++) {
      char c = word.charAt(i);
      if (Character.isLetter(c) && c == word.charAt(i - 1) && c == word.charAt(i - 2)) {
        return true;
      }
    }
    return false;
  }

  /** Content tokens after position i. */
  private static int tokensAfter(TokenizedText text, int i) {
    int count = 0;
    for (int k = i + 1; k < text.size(); k++) {
      if (!text.punctuation[k]) {
        count++;
      }
    }
    return count;
  }

  private static boolean isShouted(String word) {
    boolean letter = false;
    for (int i = 0; i < word.length(); i++) {
      char c = word.charAt(i);
      if (Character.isLowerCase(c)) {
        return false;
      }
      letter |= Character.isLetter(c);
    }
    return letter && !(word.startsWith("[") && word.endsWith("]"));
  }

  /** "7/10", "5 stars", "one star": a score the customer gave. */
  private static void rating(TokenizedText text, int i, Sink sink) {
    String norm = text.norm[i];
    double share = -1;
    if (TextTokenizer.isRating(norm)) {
      share = Integer.parseInt(norm.substring(0, norm.indexOf('/'))) / 10.0;
    } else if (i + 1 < text.size() && text.lemma[i + 1].equals("star")) {
      String word = text.tokens.get(i).word().toLowerCase(Locale.ROOT);
      Integer stars = NUMBER_WORDS.get(word);
      if (stars == null && word.length() == 1 && Character.isDigit(word.charAt(0))) {
        stars = word.charAt(0) - '0';
      }
      if (stars != null && stars <= 5) {
        share = stars / 5.0;
      }
    }
    if (share >= 0) {
      sink.add(share <= 0.4 ? "rating-low" : share < 0.7 ? "rating-mid" : "rating-high", 1);
    }
  }

  private void polarity(TokenizedText text, List<SentimentLexicon.Match> phrases, boolean[] inPhrase,
      boolean[] negated, Sink sink) {
    int n = text.size();
    double[] weight = contrastWeights(text);
    boolean[] exclaimed = exclaimedSentences(text);
    int lastSentence = text.sentence[n - 1];
    double positive = 0;
    double negative = 0;
    double lastPositive = 0;
    double lastNegative = 0;
    boolean strongPositive = false;
    boolean strongNegative = false;
    int phraseIndex = 0;
    double openerPolarity = 0;
    int opener = firstWord(text);
    boolean contrast = false;
    for (int i = 0; i < n; i++) {
      contrast |= CONTRAST.contains(text.lemma[i]) || CONCESSION.contains(text.lemma[i]);
    }
    for (int i = 0; i < n; i++) {
      double prior;
      int start = i;
      if (inPhrase[i]) {
        SentimentLexicon.Match match = phrases.get(phraseIndex++);
        prior = match.score();
        i = match.end() - 1;
      } else {
        prior = text.punctuation[i] ? 0 : lexicon.word(text.norm[i], text.lemma[i]);
      }
      if (prior == 0) {
        continue;
      }
      double value = modified(text, start, prior, negated);
      String word = text.tokens.get(start).word();
      if (word.length() >= 2 && isShouted(word)) {
        value *= SHOUTED;
      }
      if (exclaimed[text.sentence[start]]) {
        value *= EXCLAIMED;
      }
      value *= weight[start];
      if (start == opener) {
        openerPolarity = value;
      }
      if (value > 0) {
        positive += value;
        strongPositive |= value >= 2;
      } else {
        negative -= value;
        strongNegative |= value <= -2;
      }
      if (text.sentence[start] == lastSentence) {
        lastPositive += Math.max(0, value);
        lastNegative += Math.max(0, -value);
      }
    }
    if (social != null) {
      socialPolarity(text, negated, weight, sink);
    }
    if (positive == 0 && negative == 0) {
      sink.add("lex-none", 1);
      return;
    }
    if (negative > positive && thanked(text)) {
      // "Thanks for nothing", "thanks for the 3 hour wait": thanks next to a complaint is not thanks.
      sink.add("thanks-with-trouble", 1);
    }
    if (openerPolarity > 0 && negative > 0 && !contrast) {
      // "Great, another outage." "Lovely, charged twice.": praise that opens a report of trouble is
      // usually sarcasm; without a "but" the two do not balance out.
      sink.add("praise-opens-trouble", 1);
    }
    sink.add("lex-pos", Math.log1p(positive));
    sink.add("lex-neg", Math.log1p(negative));
    sink.add("lex-net", Math.tanh((positive - negative) / 2));
    sink.add("lex-last-pos", Math.log1p(lastPositive));
    sink.add("lex-last-neg", Math.log1p(lastNegative));
    if (positive > 0 && negative > 0) {
      sink.add("lex-mixed", 1);
    }
    if (strongPositive) {
      sink.add("lex-strong-pos", 1);
    }
    if (strongNegative) {
      sink.add("lex-strong-neg", 1);
    }
  }

  /**
   * The social lexicon's polarity summed over the text: its phrases ("can't stand", emoticons of
   * several tokens) and words, turned round by negation and weighted by intensifiers and contrast
   * as Earshot's own lexicon is.
   */
  private void socialPolarity(TokenizedText text, boolean[] negated, double[] weight, Sink sink) {
    int n = text.size();
    List<SentimentLexicon.Match> phrases = social.phrases(text);
    int phraseIndex = 0;
    double positive = 0;
    double negative = 0;
    for (int i = 0; i < n; i++) {
      double prior;
      int start = i;
      if (phraseIndex < phrases.size() && phrases.get(phraseIndex).start() == i) {
        SentimentLexicon.Match match = phrases.get(phraseIndex++);
        prior = match.score();
        i = match.end() - 1;
      } else {
        prior = text.punctuation[i] ? 0 : social.word(text.norm[i], text.lemma[i]);
      }
      if (prior == 0) {
        continue;
      }
      double value = modified(text, start, prior, negated) * weight[start];
      if (value > 0) {
        positive += value;
      } else {
        negative -= value;
      }
    }
    if (positive == 0 && negative == 0) {
      sink.add(SOCIAL_PREFIX + "none", 1);
      return;
    }
    sink.add(SOCIAL_PREFIX + "pos", Math.log1p(positive));
    sink.add(SOCIAL_PREFIX + "neg", Math.log1p(negative));
    sink.add(SOCIAL_PREFIX + "net", Math.tanh((positive - negative) / 4));
  }

  /**
   * A lexicon term's polarity as the words around it change it: turned round and weakened when negated,
   * strengthened after an intensifier ("really useless"), weakened after a diminisher ("a bit slow").
   */
  private static double modified(TokenizedText text, int start, double prior, boolean[] negated) {
    double value = negated[start] ? NEGATED * prior : prior;
    String before = previousWord(text, start);
    if (before != null && INTENSIFIERS.contains(before)) {
      value *= INTENSIFIED;
    } else if (before != null && DIMINISHERS.contains(before)) {
      value *= DIMINISHED;
    }
    return value;
  }

  private static boolean thanked(TokenizedText text) {
    for (int i = 0; i < text.size(); i++) {
      if (THANKS.contains(text.lemma[i])) {
        return true;
      }
    }
    return false;
  }

  private static int firstWord(TokenizedText text) {
    for (int i = 0; i < text.size(); i++) {
      if (!text.punctuation[i]) {
        return i;
      }
    }
    return -1;
  }

  /** The lemma of the nearest word before position i in its sentence, or null. */
  private static String previousWord(TokenizedText text, int i) {
    for (int k = i - 1; k >= 0 && text.sentence[k] == text.sentence[i]; k--) {
      if (!text.punctuation[k]) {
        return text.lemma[k];
      }
    }
    return null;
  }

  private static boolean[] exclaimedSentences(TokenizedText text) {
    int sentences = text.sentence[text.size() - 1] + 1;
    boolean[] exclaimed = new boolean[sentences];
    for (int i = 0; i < text.size(); i++) {
      if (text.punctuation[i] && text.norm[i].indexOf('!') >= 0) {
        exclaimed[text.sentence[i]] = true;
      }
    }
    return exclaimed;
  }

  /** How much each token's polarity counts, given the contrast and concession words around it. */
  static double[] contrastWeights(TokenizedText text) {
    int n = text.size();
    double[] weight = new double[n];
    Arrays.fill(weight, 1);
    for (int i = 0; i < n; i++) {
      String lemma = text.lemma[i];
      if (CONTRAST.contains(lemma)) {
        int sentence = text.sentence[i];
        boolean opensSentence = previousWord(text, i) == null;
        for (int k = 0; k < i; k++) {
          if (opensSentence || text.sentence[k] == sentence) {
            weight[k] = Math.min(weight[k], BEFORE_CONTRAST);
          }
        }
        for (int k = i + 1; k < n && text.sentence[k] == sentence; k++) {
          weight[k] = AFTER_CONTRAST;
        }
      } else if (CONCESSION.contains(lemma)) {
        int k = i + 1;
        for (; k < n && text.sentence[k] == text.sentence[i] && !text.norm[k].equals(","); k++) {
          weight[k] = Math.min(weight[k], BEFORE_CONTRAST);
        }
        if (previousWord(text, i) == null) {
          for (; k < n && text.sentence[k] == text.sentence[i]; k++) {
            weight[k] = Math.max(weight[k], AFTER_CONTRAST);
          }
        }
      }
    }
    return weight;
  }
}
