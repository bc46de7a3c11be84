package earshot.jobs.text;

import java.util.Set;

/**
 * Marks the words a negation applies to: from a negator ("not", "never", "nobody", "n't") to the
 * end of its clause (punctuation or a contrast word such as "but"), at most {@value #MAX_SCOPE}
 * words. "The app is not working, but support was great": "working" is negated, "great" is not.
 */
final class Negation {

  static final int MAX_SCOPE = 4;

  static final Set<String> NEGATORS = Set.of("not", "no", "never", "nobody", "nothing", "none", "nowhere", "neither",
      "nor", "without", "cannot", "hardly", "barely", "scarcely", "dont", "doesnt", "didnt", "isnt", "wasnt", "arent",
      "werent", "wont", "wouldnt", "couldnt", "shouldnt", "cant", "havent", "hasnt", "hadnt", "aint", "nope", "lack",
      "lacking");

  /** Words that end a negation's reach besides punctuation. */
  static final Set<String> CLAUSE_BREAKS = Set.of("but", "however", "although", "though", "yet", "except",
      "whereas", "while", "because", "since", "and", "so", "then", "which", "who", "when");

  /** A negator followed by one of these does not negate ("not only", "no doubt", "no matter"). */
  private static final Set<String> NOT_NEGATING_NEXT = Set.of("only", "doubt", "matter", "wonder", "just");

  private Negation() {}

  /**
   * @param lemmas the text's lemmas
   * @param punctuation which tokens are punctuation
   * @param blocked tokens that may not open a scope (a negator inside a lexicon phrase), or null
   * @return for each token, whether a negation applies to it
   */
  static boolean[] scopes(String[] lemmas, boolean[] punctuation, boolean[] blocked) {
    boolean[] negated = new boolean[lemmas.length];
    int remaining = 0;
    for (int i = 0; i < lemmas.length; i++) {
      String lemma = lemmas[i];
      if (punctuation[i] || CLAUSE_BREAKS.contains(lemma)) {
        remaining = 0;
        continue;
      }
      // "should have been sorted": the counterfactual denies what follows, like a negation.
      boolean counterfactual = lemma.equals("have") && i > 0 && lemmas[i - 1].equals("should");
      if ((NEGATORS.contains(lemma) || counterfactual) && (blocked == null || !blocked[i])) {
        boolean real = i + 1 >= lemmas.length || !NOT_NEGATING_NEXT.contains(lemmas[i + 1]);
        remaining = real ? MAX_SCOPE : 0;
        continue;
      }
      if (remaining > 0) {
        negated[i] = true;
        remaining--;
      }
    }
    return negated;
  }
}
