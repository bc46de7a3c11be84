package earshot.jobs.text;

import edu.stanford.nlp.process.Morphology;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Cheap lemmas without a part-of-speech tagger: CoreNLP's {@link Morphology} (rules and tables in
 * code, no model file) is asked for the lemma of a word as if it were a verb, which also strips
 * plural and third-person endings ("parcels" → parcel, "crashing" → crash, "went" → go), and as a
 * noun for key phrases. The few words this misreads are kept as they are. Morphology costs about
 * 2 µs a call, so results are cached; customer vocabulary is small. Not thread-safe.
 */
final class Lemmatizer {

  private static final int CACHE_LIMIT = 50_000;

  /** Words the verb reading would damage ("morning" → morn, "news" → new). */
  private static final Set<String> KEEP = Set.of("morning", "mornings", "evening", "evenings", "news", "always",
      "yes", "series", "species", "hundred", "hundreds", "sms", "gps", "ios", "wedding", "ceiling", "lens", "thus",
      "perhaps", "this", "has", "was", "is", "its", "us", "bus", "plus", "less", "unless", "wifi", "ups", "tv",
      "during", "nothing", "something", "anything", "everything", "thing", "king", "string", "bring", "ring",
      "sing", "spring", "swing", "wing", "ping", "pudding", "sibling", "darling", "awning");

  private static final Map<String, String> CONTRACTIONS = Map.of("n't", "not", "'m", "be", "'re", "be",
      "'ve", "have", "'ll", "will", "'d", "would", "'s", "'s");

  private final Morphology morphology = new Morphology();
  private final Map<String, String> verbs = new HashMap<>();
  private final Map<String, String> nouns = new HashMap<>();

  /** Lemma of a lower-case word, read as a verb or plural. */
  String lemma(String word) {
    String contracted = CONTRACTIONS.get(word);
    if (contracted != null) {
      return contracted;
    }
    if (word.length() < 3 || KEEP.contains(word) || !isWord(word)) {
      return word;
    }
    String cached = verbs.get(word);
    if (cached == null) {
      cached = morphology.lemma(word, "VBD");
      if (cached.isEmpty()) {
        cached = word;
      }
      remember(verbs, word, cached);
    }
    return cached;
  }

  /** Lemma of a lower-case word read as a noun: only plurals change ("parcels" → parcel). */
  String noun(String word) {
    if (word.length() < 4 || KEEP.contains(word) || !isWord(word)) {
      return word;
    }
    boolean plural = word.endsWith("s") && !word.endsWith("ss") && !word.endsWith("us") && !word.endsWith("is");
    boolean irregular = word.endsWith("men") || word.equals("children") || word.equals("people");
    if (!plural && !irregular) {
      return word;
    }
    String cached = nouns.get(word);
    if (cached == null) {
      cached = morphology.lemma(word, "NNS");
      if (cached.isEmpty()) {
        cached = word;
      }
      remember(nouns, word, cached);
    }
    return cached;
  }

  private static void remember(Map<String, String> cache, String word, String lemma) {
    if (cache.size() >= CACHE_LIMIT) {
      cache.clear(); // a flood of unique words (garbage input) must not grow memory without bound
    }
    cache.put(word, lemma);
  }

  private static boolean isWord(String word) {
    for (int i = 0; i < word.length(); i++) {
      char c = word.charAt(i);
      if (!Character.isLetter(c) && c != '-' && c != '\'') {
        return false;
      }
    }
    return true;
  }
}
