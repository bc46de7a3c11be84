package earshot.jobs.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PiiRedactorTest {

  private final PiiRedactor redactor = new PiiRedactor();

  private String redact(String text) {
    return redactor.redact(text).text();
  }

  @Test
  void emailAddresses() {
    PiiRedactor.Redacted redacted = redactor.redact("Write to jane.doe+cx@example.co.uk or J_Smith@mail.example.com.");
    assertThat(redacted.text()).isEqualTo("Write to [EMAIL] or [EMAIL].");
    assertThat(redacted.counts()).containsExactly(entry("EMAIL", 2));
    assertThat(redact("meet me @ the shop, or ping @NovaTelHelp")).isEqualTo("meet me @ the shop, or ping @NovaTelHelp");
  }

  @Test
  void cardNumbersThatPassLuhnAreRedacted() {
    assertThat(redact("card 4111 1111 1111 1111 exp 08/27")).isEqualTo("card [CARD] exp 08/27");
    assertThat(redact("use 5500-0000-0000-0004 please")).isEqualTo("use [CARD] please");
    assertThat(redact("amex 378282246310005.")).isEqualTo("amex [CARD].");
  }

  @ParameterizedTest
  @ValueSource(strings = {"4111 1111 1111 1112", "5500-0000-0000-0005", "1234567812345678", "4000 0000 0000 0001 0"})
  void numbersThatFailLuhnStay(String number) {
    String text = "ref " + number + " on my statement";
    PiiRedactor.Redacted redacted = redactor.redact(text);
    assertThat(redacted.text()).isEqualTo(text);
    assertThat(redacted.counts()).isEmpty();
  }

  @Test
  void ibansThatPassTheirCheckAreRedacted() {
    assertThat(redact("IBAN DE89 3704 0044 0532 0130 00, thanks")).isEqualTo("IBAN [IBAN], thanks");
    assertThat(redact("pay GB33BUKB20201555555555 please")).isEqualTo("pay [IBAN] please");
    assertThat(redact("FR14 2004 1010 0505 0001 3M02 606")).isEqualTo("[IBAN]");
    assertThat(redact("nl91abna0417164300")).isEqualTo("[IBAN]");
  }

  @Test
  void ibansThatFailTheirCheckStay() {
    assertThat(redact("IBAN DE89 3704 0044 0532 0130 01")).isEqualTo("IBAN DE89 3704 0044 0532 0130 01");
    assertThat(redact("GB33BUKB20201555555556")).isEqualTo("GB33BUKB20201555555556");
  }

  @Test
  void phoneNumbers() {
    assertThat(redact("call me on 07700 900461 after 6")).isEqualTo("call me on [PHONE] after 6");
    assertThat(redact("Office: +44 20 7946 0958.")).isEqualTo("Office: [PHONE].");
    assertThat(redact("ring (555) 123-4567 or 555.123.4567")).isEqualTo("ring [PHONE] or [PHONE]");
    assertThat(redact("0049 30 12345678")).isEqualTo("[PHONE]");
    assertThat(redact("my mobile number is 7946 0958")).isEqualTo("my mobile number is [PHONE]");
  }

  @Test
  void otherNumbersStay() {
    for (String text : new String[] {"order 4471920 arrived", "my account number is 55201934", "ticket #88213",
        "paid £1,299.99 on 12/03/2024 at 10:30", "error E42 again", "booking FA7721", "3 weeks, 45 minutes",
        "meter reading 03412", "postcode M14 5RT", "IP 192.168.1.1"}) {
      assertThat(redact(text)).as(text).isEqualTo(text);
    }
  }

  @Test
  void namesWhereTheyAreCheapToFind() {
    assertThat(redact("Kind regards, Mrs J. Patel")).isEqualTo("Kind regards, [NAME]");
    assertThat(redact("Hi, my name is Laura Green and I need help")).isEqualTo("Hi, my name is [NAME] and I need help");
    assertThat(redact("Hi Sarah, thanks for the call")).isEqualTo("Hi [NAME], thanks for the call");
    assertThat(redact("Yours faithfully, Peter Holt")).isEqualTo("Yours faithfully, [NAME]");
    assertThat(redact("Regards, M. Lewis")).isEqualTo("Regards, [NAME]");
    assertThat(redact("please thank Raj for me, and Amira too")).isEqualTo("please thank [NAME] for me, and [NAME] too");
    assertThat(redact("I spoke to Tom Baker yesterday")).isEqualTo("I spoke to [NAME] yesterday");
    assertThat(redact("hi my name is john smith, card stuck")).isEqualTo("hi my name is [NAME], card stuck");
    assertThat(redact("my name is Ann and I am furious")).isEqualTo("my name is [NAME] and I am furious");
    assertThat(redact("my name is not on the bill")).isEqualTo("my name is not on the bill");
  }

  @Test
  void wordsThatLookLikeNamesStay() {
    for (String text : new String[] {"Dear Sir or Madam, my bill is wrong", "Hi there, quick question",
        "Dear Customer Care, hello", "Dear NovaTel, thanks", "Will you call me?", "I paid in May.",
        "The Bill arrived. Mark my words."}) {
      assertThat(redact(text)).as(text).isEqualTo(text);
    }
  }

  @Test
  void countsEveryKindInOrder() {
    PiiRedactor.Redacted redacted = redactor.redact("Hi Sarah, I'm at bob@example.com, 07700 900123, card "
        + "4111111111111111, IBAN GB33BUKB20201555555555, or x@example.org");
    assertThat(redacted.counts()).containsExactly(entry("EMAIL", 2), entry("IBAN", 1), entry("CARD", 1),
        entry("PHONE", 1), entry("NAME", 1));
    assertThat(redacted.total()).isEqualTo(6);
    assertThat(redacted.text()).doesNotContain("bob", "07700", "4111", "GB33", "Sarah");
  }

  @Test
  void textWithoutPersonalDataIsUntouched() {
    String text = "The router keeps dropping the connection every evening 😡";
    PiiRedactor.Redacted redacted = redactor.redact(text);
    assertThat(redacted.text()).isSameAs(text);
    assertThat(redacted.counts()).isEqualTo(Map.of());
  }

  @Test
  void largeAndHostileInputIsHandled() {
    String digits = "1 ".repeat(100_000) + "@".repeat(50_000) + "a@".repeat(50_000) + "DE89 ".repeat(20_000);
    assertThat(redactor.redact(digits).text()).isNotNull();
    assertThat(redactor.redact("").text()).isEmpty();
    assertThat(redactor.redact(null).counts()).isEmpty();
  }

  /**
   * A "(" or "+" followed by a digit right after a letter or digit made the number scan stop without
   * advancing (a text stalled the enrich job for good). The limit only turns a hang into a failure.
   */
  @ParameterizedTest
  @ValueSource(strings = {"I paid for seat(2 times) and got nothing", "... please send my bag to(4)",
      "row A+1 is empty", "42(7", "x+1", "a(1)(2)(3)+4+5", "gate B12(3rd floor)", "seat(2"})
  void bracketOrPlusGluedToAWordDoesNotStallTheScan(String text) {
    PiiRedactor.Redacted redacted = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> redactor.redact(text));
    assertThat(redacted.text()).isEqualTo(text);
    assertThat(redacted.counts()).isEmpty();
  }

  @Test
  void numbersAfterAGluedBracketOrPlusAreStillFound() {
    assertThat(redact("call me on(07700 900461) tonight")).isEqualTo("call me on[PHONE]) tonight");
    assertThat(redact("my number is+44 20 7946 0958")).isEqualTo("my number is[PHONE]");
    assertThat(redact("card(4111 1111 1111 1111)")).isEqualTo("card[CARD])");
  }

  @Test
  void checksBeforeTheScansAcceptEveryTextThePatternsCanMatch() {
    assertThat(PiiRedactor.mayHoldEmail("write to jo.smith@example.co.uk")).isTrue();
    assertThat(PiiRedactor.mayHoldEmail("mail é@exämple.com")).isTrue(); // outside ASCII: left to the pattern
    assertThat(PiiRedactor.mayHoldEmail("@earshot_help my order, cc @support")).isFalse();
    assertThat(PiiRedactor.mayHoldEmail("meet @ 5, a@ b")).isFalse();
    assertThat(PiiRedactor.mayHoldIban("pay to GB82 WEST 1234")).isTrue();
    assertThat(PiiRedactor.mayHoldIban("order A1234 and 12 items")).isFalse();
    assertThat(PiiRedactor.mayHoldTitle("ask for Dr. Patel")).isTrue();
    assertThat(PiiRedactor.mayHoldTitle("Miss Holt and Prof Li")).isTrue();
    assertThat(PiiRedactor.mayHoldTitle("the manager said mr smith")).isFalse();
    assertThat(PiiRedactor.containsNameWord("My NAME is Peter")).isTrue();
    assertThat(PiiRedactor.containsNameWord("nothing to see")).isFalse();
    // What the checks guard still works when they pass, and texts they turn away are left as they were.
    assertThat(redact("write to jo.smith@example.co.uk, Mrs J. Patel")).isEqualTo("write to [EMAIL], [NAME]");
    assertThat(redact("@support my name is Peter")).isEqualTo("@support my name is [NAME]");
    assertThat(redact("@support mr smith said no")).isEqualTo("@support mr smith said no");
  }

  @Test
  void greetingAndGivenNameChecksAcceptEveryTextThePatternsCanMatch() {
    assertThat(PiiRedactor.mayBeGreeting(" \t\nHELLO Sam")).isTrue();
    assertThat(PiiRedactor.mayBeGreeting("evening all")).isTrue();
    assertThat(PiiRedactor.mayBeGreeting("say hello to Sam")).isFalse();
    PiiRedactor redactor = new PiiRedactor();
    assertThat(redactor.mayHoldGivenName("ask Aaron")).isTrue();
    assertThat(redactor.mayHoldGivenName("call(Aaron)")).isTrue();
    assertThat(redactor.mayHoldGivenName("Bill was wrong")).isTrue(); // ambiguous names too
    assertThat(redactor.mayHoldGivenName("Ábby")).isFalse();
    assertThat(redactor.mayHoldGivenName("AARON and aaron and Aaronson")).isFalse();
    assertThat(redactor.mayHoldGivenName("the Parcel Never Came")).isFalse();
    // What the checks guard still works when they pass, and texts they turn away are left as they were.
    assertThat(redact("  Hello Sam, my parcel")).isEqualTo("  Hello [NAME], my parcel");
    assertThat(redact("thanks to Aaron Smith and Alice")).isEqualTo("thanks to [NAME] and [NAME]");
    assertThat(redact("AARON said the Parcel Never Came")).isEqualTo("AARON said the Parcel Never Came");
  }
}
