package earshot.jobs.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KeyPhrasesTest {

  private final FastSentimentAnalyzer analyzer = new FastSentimentAnalyzer(IntentRules.none());

  @Test
  void nounRunsWithSingularHeads() {
    assertThat(analyzer.keyPhrases("The delivery slot was missed and my parcels were left outside"))
        .containsExactly("delivery slot", "parcel");
    assertThat(analyzer.keyPhrases("My direct debit payments doubled after the price rise"))
        .contains("direct debit payment", "price rise");
  }

  @Test
  void oneWordAndTheParticipleAfterItNameWhatHappened() {
    assertThat(analyzer.keyPhrases("I was double charged for my order")).containsExactly("double charged", "order");
    assertThat(analyzer.keyPhrases("Again my card declined at checkout")).contains("card declined");
    // A longer noun phrase stays a noun phrase: its head is the topic.
    assertThat(analyzer.keyPhrases("My direct debit payments doubled")).containsExactly("direct debit payment");
  }

  @Test
  void leavesOutFunctionWordsEvaluationsNumbersAndPlaceholders() {
    assertThat(analyzer.keyPhrases("Terrible service, I waited 3 weeks, call me on [PHONE]")).containsExactly("service");
    assertThat(analyzer.keyPhrases("Thanks so much!")).isEmpty();
  }

  @Test
  void atMostFivePhrases() {
    assertThat(analyzer.keyPhrases("router, modem, cable, socket, engineer, invoice, tariff, contract, sim"))
        .hasSize(KeyPhrases.MAX_PHRASES);
  }
}
