package earshot.jobs.text;

import edu.stanford.nlp.ling.CoreLabel;
import java.util.List;

/**
 * A text split into tokens and sentences, with what the text stage's components read from each
 * token: a normalised lower-case form, a lemma, whether it is punctuation, whether a negation
 * applies to it, and which sentence it belongs to. The CoreNLP tokens carry the word, the lemma
 * and {@link TokenKeys.Negated} for intent rules.
 */
public final class TokenizedText {

  final List<CoreLabel> tokens;
  final List<List<CoreLabel>> sentences;
  final String[] norm;
  final String[] lemma;
  final boolean[] punctuation;
  final boolean[] negated;
  final int[] sentence;

  TokenizedText(List<CoreLabel> tokens, List<List<CoreLabel>> sentences, String[] norm, String[] lemma,
      boolean[] punctuation, boolean[] negated, int[] sentence) {
    this.tokens = tokens;
    this.sentences = sentences;
    this.norm = norm;
    this.lemma = lemma;
    this.punctuation = punctuation;
    this.negated = negated;
    this.sentence = sentence;
  }

  public int size() {
    return norm.length;
  }

  public List<CoreLabel> tokens() {
    return tokens;
  }

  public List<List<CoreLabel>> sentences() {
    return sentences;
  }

  public String lemma(int i) {
    return lemma[i];
  }

  public String norm(int i) {
    return norm[i];
  }

  public boolean isNegated(int i) {
    return negated[i];
  }
}
