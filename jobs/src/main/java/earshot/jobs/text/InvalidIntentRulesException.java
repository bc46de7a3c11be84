package earshot.jobs.text;

import java.util.List;

/** An intent rule file that cannot be used; the message lists every problem with its file and line. */
public final class InvalidIntentRulesException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  InvalidIntentRulesException(List<String> problems) {
    super(problems.size() == 1 ? problems.get(0)
        : problems.size() + " problems in the intent rules:\n  " + String.join("\n  ", problems));
    this.problems = List.copyOf(problems);
  }

  /** Each problem as "file:line: what is wrong". */
  public List<String> problems() {
    return problems;
  }
}
