package earshot.jobs.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IntentRulesTest {

  private final TextTokenizer tokenizer = new TextTokenizer();
  private final IntentRules builtIn = IntentRules.builtIn();
  private final IntentRules.Matcher matcher = builtIn.matcher();

  private List<String> intents(String text) {
    return matcher.match(tokenizer.tokenize(new PiiRedactor().redact(text).text()));
  }

  @Test
  void builtInRulesCoverTheIntentsCxTeamsAskFor() {
    assertThat(builtIn.intents()).contains("cancellation", "complaint", "refund", "delivery_problem", "billing_problem",
        "technical_problem", "praise", "callback_request", "escalation", "competitor");
  }

  @ParameterizedTest(name = "{1} in \"{0}\"")
  @CsvSource(delimiter = '|', value = {
      "I want to cancel my subscription                                   | cancellation",
      "Please close my account, I've had enough                           | cancellation",
      "I'm switching to another provider when my contract ends            | cancellation",
      "I wish to make a formal complaint                                  | complaint",
      "This is unacceptable                                               | complaint",
      "I want my money back                                               | refund",
      "Still waiting for the refund you promised                         | refund",
      "My parcel never arrived                                            | delivery_problem",
      "The courier left it outside in the rain                            | delivery_problem",
      "The delivery is three days late                                    | delivery_problem",
      "You charged me twice this month                                    | billing_problem",
      "My bill went up without any warning                                | billing_problem",
      "The app keeps crashing                                             | technical_problem",
      "No signal at all since Monday                                      | technical_problem",
      "I can't log in to my account                                       | technical_problem",
      "The engineer was brilliant, thank you                              | praise",
      "Thanks for sorting it out so quickly                               | praise",
      "Can someone call me back please? My number is 07700 900461         | callback_request",
      "I need a callback tomorrow morning                                 | callback_request",
      "I'm taking this to the ombudsman                                   | escalation",
      "My solicitor will be in touch                                      | escalation",
      "I will be posting this all over social media                       | escalation",
      "I want to speak to your manager                                    | escalation",
      "Orbix offered me the same for less                                 | competitor",
      "Other providers are cheaper                                        | competitor",
      "I've been on hold for an hour                                      | long_wait",
      "This is the third time I'm calling                                 | repeat_contact",
      "I was transferred four times                                       | transferred"})
  void findsIntents(String text, String intent) {
    assertThat(intents(text)).contains(intent);
  }

  @Test
  void negationAndContextKeepIntentsApart() {
    assertThat(intents("The staff were not helpful at all")).doesNotContain("praise");
    assertThat(intents("no complaints, all good")).doesNotContain("complaint").contains("praise");
    assertThat(intents("You cancelled my appointment without telling me")).doesNotContain("cancellation");
    assertThat(intents("What are your opening hours?")).isEmpty();
  }

  @Test
  void intentsComeOnceInRuleFileOrder() {
    assertThat(intents("Your app keeps crashing, I want a refund and I want to cancel my contract"))
        .containsExactly("cancellation", "refund", "technical_problem");
  }

  @Test
  void triggersNeverHideAMatch() {
    // The word check before TokensRegex must be a necessary condition: on every text we have, the
    // rules give the same intents when each pattern is run without it.
    IntentRules.Matcher unfiltered = builtIn.matcher();
    unfiltered.useTriggers(false);
    int withIntents = 0;
    for (LabelledTexts set : List.of(TestTexts.cxTrain(), TestTexts.cxEval())) {
      for (LabelledText text : set.texts()) {
        TokenizedText tokens = tokenizer.tokenize(new PiiRedactor().redact(text.text()).text());
        List<String> expected = unfiltered.match(tokens);
        assertThat(matcher.match(tokens)).as(text.text()).isEqualTo(expected);
        withIntents += expected.isEmpty() ? 0 : 1;
      }
    }
    assertThat(withIntents).isGreaterThan(400);
  }

  @Test
  void andNodesOverWordLemmaAndNegationAreCachedPerTokenWithTheSameResults() {
    IntentRules rules = IntentRules.parse(new IntentRules.Source("test.rules", """
        praise: [{lemma:/great|helpful/} & {negated:false}]
        complaint: [{lemma:/helpful/} & {negated:true}] | [{word:/useless/} | {lemma:/awful/}]
        """));
    assertThat(rules.cachedComposites()).isEqualTo(3);
    assertThat(builtIn.cachedComposites()).isPositive();
    IntentRules.Matcher cached = rules.matcher();
    IntentRules.Matcher unfiltered = rules.matcher();
    unfiltered.useTriggers(false);
    // The same word negated and not, in one text and across texts: each reading keeps its own result.
    String[] texts = {"great and helpful staff", "the agent was not helpful", "not helpful, but great app",
        "helpful", "nobody was helpful", "the app is useless", "awful service", "it was not awful"};
    for (String text : texts) {
      TokenizedText tokens = tokenizer.tokenize(text);
      assertThat(cached.match(tokens)).as(text).isEqualTo(unfiltered.match(tokens));
    }
    assertThat(cached.match(tokenizer.tokenize("great and helpful staff"))).containsExactly("praise");
    assertThat(cached.match(tokenizer.tokenize("the agent was not helpful"))).containsExactly("complaint");
    assertThat(cached.match(tokenizer.tokenize("not helpful, but great app"))).containsExactly("praise", "complaint");
  }

  @Test
  void macrosAndContinuationLines() {
    IntentRules rules = IntentRules.parse(new IntentRules.Source("test.rules", """
        # a comment
        $THING = /router|modem/
        broken_kit: $THING []{0,3}
            /broken|dead/
        """));
    assertThat(rules.matcher().match(tokenizer.tokenize("My router is dead"))).containsExactly("broken_kit");
    assertThat(rules.matcher().match(tokenizer.tokenize("My router is fine"))).isEmpty();
  }

  @Test
  void reportsEveryMistakeWithFileAndLine() {
    String rules = """
        # line 1 is a comment
        cancellation: /cancel/
        this line has no colon
        Bad-Name: /x/
        $lower = /x/
        $DUP = /a/
        $DUP = /b/
        refund: $UNDEFINED /money/
        complaint: [{lemma:/complain/}
        anything: []*
        empty:
        """;
    InvalidIntentRulesException error = catchThrowableOfType(InvalidIntentRulesException.class,
        () -> IntentRules.parse(new IntentRules.Source("my-rules.txt", rules)));
    assertThat(error).hasMessageStartingWith("8 problems in the intent rules:");
    List<String> problems = error.problems();
    assertThat(problems).hasSize(8);
    assertThat(problems.get(0)).isEqualTo(
        "my-rules.txt:3: expected 'intent: pattern' or '$MACRO = pattern', got 'this line has no colon'");
    assertThat(problems.get(1)).isEqualTo(
        "my-rules.txt:4: intent name 'Bad-Name' must be lower-case letters, digits or _ (such as delivery_problem)");
    assertThat(problems.get(2)).isEqualTo(
        "my-rules.txt:5: macro name '$lower' must be $ and capital letters, digits or _ (such as $BILL)");
    assertThat(problems.get(3)).isEqualTo("my-rules.txt:7: macro $DUP is defined twice");
    assertThat(problems.get(4)).isEqualTo("my-rules.txt:8: macro $UNDEFINED is not defined above this line");
    assertThat(problems.get(5)).startsWith("my-rules.txt:9: cannot read the pattern '[{lemma:/complain/}': ");
    assertThat(problems.get(6)).isEqualTo(
        "my-rules.txt:10: the pattern of anything matches any text; it needs at least one word to look for");
    assertThat(problems.get(7)).isEqualTo("my-rules.txt:11: intent empty has no pattern");
  }
}
