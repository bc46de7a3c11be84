package earshot.jobs.text;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A few normalised key phrases per text, for the emerging-topic detector: the runs of content
 * words between function words, verbs, evaluative words and punctuation, which in customer
 * messages are mostly noun phrases ("delivery slot", "direct debit", "router"), and a single word
 * followed by a past participle ("double charged", "card declined"). At most {@value
 * #MAX_WORDS} words are kept from the end of a run (the head noun is last in English), the head is
 * reduced to its singular ("parcels" → parcel), the rest is lower case. Cheap: word lists and
 * CoreNLP's morphology, no tagger. Not thread-safe (it shares the tokenizer's lemma cache).
 */
final class KeyPhrases {

  static final int MAX_PHRASES = 5;
  static final int MAX_WORDS = 3;
  private static final Set<String> OBJECT_PRONOUNS = Set.of("me", "us", "him", "her", "them", "it", "you");

  private final Set<String> stopWords = TextResources.words("key-phrase-stopwords.txt");
  private final SentimentLexicon lexicon;
  private final TextTokenizer tokenizer;

  KeyPhrases(SentimentLexicon lexicon, TextTokenizer tokenizer) {
    this.lexicon = lexicon;
    this.tokenizer = tokenizer;
  }

  List<String> extract(TokenizedText text) {
    Set<String> phrases = new LinkedHashSet<>();
    int start = -1;
    for (int i = 0; i <= text.size() && phrases.size() < MAX_PHRASES; i++) {
      boolean candidate = i < text.size() && isContentWord(text, i)
          && (start < 0 || text.sentence[i] == text.sentence[start]);
      if (candidate) {
        if (start < 0) {
          start = i;
        }
        continue;
      }
      if (start >= 0 && i - start == 1 && i < text.size() && isParticiple(text, i)
          && text.sentence[i] == text.sentence[start]) {
        // One word and the participle after it name what happened ("double charged", "card
        // declined", "app crashed"); the word alone ("double", "card") says little.
        phrases.add(text.norm[start] + " " + text.norm[i]);
        start = -1;
      } else if (start >= 0) {
        add(text, start, i, phrases);
        start = i < text.size() && isContentWord(text, i) ? i : -1;
      }
    }
    return List.copyOf(phrases);
  }

  private void add(TokenizedText text, int start, int end, Set<String> phrases) {
    if (end - start == 1 && end < text.size() && OBJECT_PRONOUNS.contains(text.lemma[end])) {
      return; // "call me", "fix it": a verb, not a topic
    }
    int from = Math.max(start, end - MAX_WORDS);
    StringBuilder phrase = new StringBuilder();
    for (int k = from; k < end; k++) {
      if (phrase.length() > 0) {
        phrase.append(' ');
      }
      phrase.append(k == end - 1 ? tokenizer.nounLemma(text.norm[k]) : text.norm[k]);
    }
    if (end - from > 1 || phrase.length() >= 3) {
      phrases.add(phrase.toString());
    }
  }

  private static boolean isParticiple(TokenizedText text, int i) {
    String norm = text.norm[i];
    return norm.endsWith("ed") && !text.lemma[i].equals(norm) && !text.punctuation[i];
  }

  private boolean isContentWord(TokenizedText text, int i) {
    String norm = text.norm[i];
    if (text.punctuation[i] || norm.length() < 2 || norm.endsWith("ly")) {
      return false;
    }
    if (isParticiple(text, i)) {
      return false; // a past tense or participle ("doubled", "missed"), which ends a noun phrase
    }
    for (int k = 0; k < norm.length(); k++) {
      char c = norm.charAt(k);
      if (!Character.isLetter(c) && !(c == '-' && k > 0 && k < norm.length() - 1)) {
        return false; // numbers, placeholders, handles, emoji
      }
    }
    return !stopWords.contains(norm) && !stopWords.contains(text.lemma[i])
        && lexicon.word(norm, text.lemma[i]) == 0;
  }
}
