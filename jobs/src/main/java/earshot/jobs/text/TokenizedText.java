package earshot.jobs.text;

import edu.stanford.nlp.ling.CoreLabel;
import java.util.List;

/**
 * A text split into tokens and sentences, with what the text stage's components read from each
 * token: a normalised lower-case form, a lemma, whether it is punctuation, and which sentence it
 * belongs to. The CoreNLP tokens carry the word, the lemma and {@link TokenKeys.Negated} (whether a
 * negation applies to the token) for intent rules.
 */
public final class TokenizedText {

  final List<CoreLabel> tokens;
  final List<List<CoreLabel>> sentences;
  final String[] norm;
  final String[] lemma;
  final boolean[] punctuation;
  final int[] sentence;

  TokenizedText(List<CoreLabel> tokens, List<List<CoreLabel>> sentences, String[] norm, String[] lemma,
      boolean[] punctuation, int[] sentence) {
    this.tokens = tokens;
    this.sentences = sentences;
    this.norm = norm;
    this.lemma = lemma;
    this.punctuation = punctuation;
    this.sentence = sentence;
  }

  public int size() {
    return norm.length;
  }

  public List<CoreLabel> tokens() {
    return tokens;
  }
}
