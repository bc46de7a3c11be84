package earshot.jobs.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import earshot.jobs.text.FastSentimentAnalyzer;
import earshot.jobs.text.IntentRules;
import earshot.schemas.Channel;
import earshot.schemas.EnrichedInteraction;
import earshot.schemas.Interaction;
import earshot.schemas.SentimentLabel;
import earshot.schemas.TextAnalysis;
import earshot.schemas.TextStatus;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TextStageTest {

  private static final String TEXT = "Third time I ask: cancel my contract. Call 07700 900461 or jo@example.com";

  private static FastSentimentAnalyzer analyzer;

  @BeforeAll
  static void load() {
    analyzer = new FastSentimentAnalyzer(IntentRules.builtIn());
  }

  private static Interaction interaction(String text, Boolean consent, String language) {
    return Interaction.newBuilder()
        .setInteractionId("i-1")
        .setChannel(Channel.CHAT)
        .setOccurredAt(Instant.parse("2026-11-02T10:00:00Z"))
        .setText(text)
        .setConsent(consent)
        .setLanguage(language)
        .setNps(3)
        .build();
  }

  @Test
  void consentedTextIsRedactedAndAnalysed() {
    EnrichedInteraction enriched = new TextStage(analyzer, false).enrich(interaction(TEXT, true, null), 0);
    assertThat(enriched.getInteraction().getText())
        .isEqualTo("Third time I ask: cancel my contract. Call [PHONE] or [EMAIL]");
    TextAnalysis analysis = enriched.getAnalysis();
    assertThat(analysis.getStatus()).isEqualTo(TextStatus.ANALYSED);
    assertThat(analysis.getSentiment()).isEqualTo(SentimentLabel.NEGATIVE);
    assertThat(analysis.getSentimentScore()).isBetween(-1.0, 0.0);
    assertThat(analysis.getConfidence()).isBetween(0.0, 1.0);
    assertThat(analysis.getIntents()).contains("cancellation", "repeat_contact");
    assertThat(analysis.getKeyPhrases()).contains("contract");
    assertThat(analysis.getRedactions()).isEqualTo(Map.of("EMAIL", 1, "PHONE", 1));
    assertThat(analysis.getLanguage()).isEqualTo("en");
    assertThat(analysis.getModel()).isEqualTo(analyzer.modelName());
  }

  @Test
  void withoutConsentTheTextIsDroppedUnread() {
    for (TextStage stage : new TextStage[] {new TextStage(analyzer, true), new TextStage(analyzer, false)}) {
      EnrichedInteraction enriched = stage.enrich(interaction(TEXT, false, "en"), 0);
      assertThat(enriched.getInteraction().getText()).isNull();
      assertThat(enriched.getInteraction().getNps()).isEqualTo(3); // it still counts in the metrics
      TextAnalysis analysis = enriched.getAnalysis();
      assertThat(analysis.getStatus()).isEqualTo(TextStatus.NO_CONSENT);
      assertThat(analysis.getSentiment()).isNull();
      assertThat(analysis.getIntents()).isEmpty();
      assertThat(analysis.getKeyPhrases()).isEmpty();
      assertThat(analysis.getRedactions()).isEmpty();
      assertThat(analysis.toString()).doesNotContain("07700", "cancel", "contract");
    }
  }

  @Test
  void consentNotStatedFollowsTheDefault() {
    assertThat(new TextStage(analyzer, false).enrich(interaction(TEXT, null, null), 0).getAnalysis().getStatus())
        .isEqualTo(TextStatus.NO_CONSENT);
    assertThat(new TextStage(analyzer, true).enrich(interaction(TEXT, null, null), 0).getAnalysis().getStatus())
        .isEqualTo(TextStatus.ANALYSED);
  }

  @Test
  void otherLanguagesAreKeptRedactedWithoutSentiment() {
    EnrichedInteraction enriched = new TextStage(analyzer, true)
        .enrich(interaction("Ich warte seit einer Woche auf meine Rechnung, rufen Sie 0049 30 12345678 an", true, null), 0);
    assertThat(enriched.getAnalysis().getStatus()).isEqualTo(TextStatus.UNSUPPORTED_LANGUAGE);
    assertThat(enriched.getAnalysis().getLanguage()).isEqualTo("de");
    assertThat(enriched.getAnalysis().getSentiment()).isNull();
    assertThat(enriched.getAnalysis().getSentimentScore()).isNull();
    assertThat(enriched.getInteraction().getText()).contains("[PHONE]").doesNotContain("12345678");
  }

  @Test
  void noText() {
    EnrichedInteraction enriched = new TextStage(analyzer, true).enrich(interaction(null, true, null), 0);
    assertThat(enriched.getAnalysis().getStatus()).isEqualTo(TextStatus.NO_TEXT);
    assertThat(enriched.getAnalysis().getSentiment()).isNull();
  }

  @Test
  void attributeValuesAreRedactedWhateverTheConsentAndFactsStayReadable() {
    Interaction withAttributes = Interaction.newBuilder(interaction("Where is my parcel?", false, null))
        .setAttributes(Map.of(
            "subject", "Refund to card 4111 1111 1111 1111 please",
            "contact", "jo@example.com",
            "valueTier", "gold",
            "rfmScore", "545",
            "orderId", "A-77812"))
        .build();
    Map<String, String> attributes = new TextStage(analyzer, true).enrich(withAttributes, 0).getInteraction()
        .getAttributes();
    assertThat(attributes).containsEntry("subject", "Refund to card [CARD] please")
        .containsEntry("contact", "[EMAIL]")
        .containsEntry("valueTier", "gold")
        .containsEntry("rfmScore", "545")
        .containsEntry("orderId", "A-77812");
  }
}
