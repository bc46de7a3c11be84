package earshot.jobs.text;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Prior polarity of words and phrases: Earshot's own ({@code sentiment-lexicon.tsv}, from -3 to +3)
 * or the social-media lexicon ({@code social-lexicon.tsv}, VADER's, from -4 to +4). Single words
 * are looked up by normalised form, then by lemma; phrases are stored as lemma sequences, made by
 * the same tokenizer as the texts, and matched longest first. Immutable once loaded.
 */
final class SentimentLexicon {

  static final String RESOURCE = "sentiment-lexicon.tsv";
  static final String SOCIAL_RESOURCE = "social-lexicon.tsv";

  /** A phrase matched in a text: tokens [start, end) and its polarity. */
  record Match(int start, int end, double score) {}

  private record Phrase(String[] lemmas, double score) {}

  private final Map<String, Double> words;
  private final Map<String, List<Phrase>> phrasesByFirstLemma;

  private SentimentLexicon(Map<String, Double> words, Map<String, List<Phrase>> phrases) {
    this.words = words;
    this.phrasesByFirstLemma = phrases;
  }

  /** Earshot's own lexicon: any duplicate or digit in it is an error to fix. */
  static SentimentLexicon load(TextTokenizer tokenizer) {
    return load(tokenizer, RESOURCE, true);
  }

  /**
   * The social-media lexicon, loaded once per class loader. It is a third-party file kept as
   * published, so a term that reads the same as an earlier one after tokenizing (case, lemma) is
   * skipped, the first one kept, and so is a phrase with digits (which would match any number).
   */
  static SentimentLexicon social() {
    return Social.LEXICON;
  }

  private static final class Social {
    static final SentimentLexicon LEXICON = load(new TextTokenizer(), SOCIAL_RESOURCE, false);
  }

  private static SentimentLexicon load(TextTokenizer tokenizer, String resource, boolean strict) {
    Map<String, Double> words = new HashMap<>();
    Map<String, List<Phrase>> phrases = new HashMap<>();
    Set<String> phraseKeys = new HashSet<>();
    List<String> problems = new ArrayList<>();
    for (TextResources.Line line : TextResources.lines(resource)) {
      int tab = line.text().lastIndexOf('\t');
      if (tab <= 0) {
        throw new IllegalStateException(resource + " line " + line.number() + ": expected term<TAB>score");
      }
      String term = line.text().substring(0, tab).strip();
      double score = Double.parseDouble(line.text().substring(tab + 1).strip());
      TokenizedText tokens = tokenizer.tokenize(term);
      if (tokens.size() == 0) {
        if (!strict) {
          continue;
        }
        throw new IllegalStateException(resource + " line " + line.number() + ": empty term");
      }
      if (tokens.size() == 1) {
        String key = tokens.norm[0];
        if (words.containsKey(key)) {
          if (strict) {
            problems.add("line " + line.number() + ": '" + term + "' is listed twice");
          }
          continue;
        }
        words.put(key, score);
      } else {
        String[] lemmas = tokens.lemma.clone();
        String key = String.join(" ", lemmas);
        if (key.contains("<num>")) {
          if (strict) {
            problems.add("line " + line.number() + ": '" + term + "' has digits, which match any number; "
                + "write the number in words");
          }
          continue;
        }
        if (!phraseKeys.add(key)) {
          if (strict) {
            problems.add("line " + line.number() + ": '" + term + "' reads the same as an earlier phrase (" + key + ")");
          }
          continue;
        }
        phrases.computeIfAbsent(lemmas[0], k -> new ArrayList<>()).add(new Phrase(lemmas, score));
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalStateException(resource + ": " + String.join("; ", problems));
    }
    for (List<Phrase> list : phrases.values()) {
      list.sort(Comparator.comparingInt((Phrase p) -> p.lemmas().length).reversed());
    }
    return new SentimentLexicon(Map.copyOf(words), Map.copyOf(phrases));
  }

  /** The polarity of a single token, or 0 when it has none. */
  double word(String norm, String lemma) {
    Double score = words.get(norm);
    if (score == null && !lemma.equals(norm)) {
      score = words.get(lemma);
    }
    return score == null ? 0 : score;
  }

  /** Non-overlapping phrase matches, left to right, longest first at each position. */
  List<Match> phrases(TokenizedText text) {
    List<Match> matches = new ArrayList<>(2);
    String[] lemmas = text.lemma;
    for (int i = 0; i < lemmas.length; i++) {
      List<Phrase> candidates = phrasesByFirstLemma.get(lemmas[i]);
      if (candidates == null) {
        continue;
      }
      for (Phrase phrase : candidates) {
        if (matchesAt(phrase.lemmas(), lemmas, i)) {
          matches.add(new Match(i, i + phrase.lemmas().length, phrase.score()));
          i += phrase.lemmas().length - 1;
          break;
        }
      }
    }
    return matches;
  }

  private static boolean matchesAt(String[] phrase, String[] lemmas, int start) {
    if (start + phrase.length > lemmas.length) {
      return false;
    }
    for (int k = 1; k < phrase.length; k++) {
      if (!phrase[k].equals(lemmas[start + k])) {
        return false;
      }
    }
    return true;
  }

  int size() {
    int phrases = phrasesByFirstLemma.values().stream().mapToInt(List::size).sum();
    return words.size() + phrases;
  }
}
