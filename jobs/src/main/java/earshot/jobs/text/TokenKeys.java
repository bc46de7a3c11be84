package earshot.jobs.text;

import edu.stanford.nlp.ling.CoreAnnotation;

/** Token annotations Earshot adds to CoreNLP's, readable by intent rules ({@code {negated:true}}). */
public final class TokenKeys {

  private TokenKeys() {}

  /** "true" when a negation ("not", "never", "nobody") applies to the token, otherwise "false". */
  public static final class Negated implements CoreAnnotation<String> {
    @Override
    public Class<String> getType() {
      return String.class;
    }
  }
}
