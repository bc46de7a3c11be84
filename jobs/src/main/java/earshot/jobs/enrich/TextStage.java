package earshot.jobs.enrich;

import earshot.jobs.text.TextAnalyzer;
import earshot.jobs.text.TextResult;
import earshot.schemas.EnrichedInteraction;
import earshot.schemas.Interaction;
import earshot.schemas.TextAnalysis;
import earshot.schemas.TextStatus;
import java.time.Instant;

/**
 * The text step of the enrich job: decides what may be read (consent), reads it, and builds the
 * enriched record. An interaction whose customer did not consent keeps its scores and facts (it
 * still counts in metrics) but loses its text unread.
 */
public final class TextStage implements AutoCloseable {

  private final TextAnalyzer analyzer;
  private final boolean consentDefault;

  /** @param analyzer the text model, or null when text analysis is switched off */
  public TextStage(TextAnalyzer analyzer, boolean consentDefault) {
    this.analyzer = analyzer;
    this.consentDefault = consentDefault;
  }

  public EnrichedInteraction enrich(Interaction interaction, long nowMillis) {
    Interaction.Builder out = Interaction.newBuilder(interaction);
    TextAnalysis.Builder analysis = TextAnalysis.newBuilder().setModel(analyzer == null ? "off" : analyzer.modelName());
    String text = interaction.getText();
    boolean consented = interaction.getConsent() != null ? interaction.getConsent() : consentDefault;
    if (!consented) {
      out.setText(null);
      analysis.setStatus(TextStatus.NO_CONSENT);
    } else if (text == null || text.isBlank()) {
      analysis.setStatus(TextStatus.NO_TEXT);
    } else if (analyzer == null) {
      analysis.setStatus(TextStatus.SKIPPED);
    } else {
      TextResult result = analyzer.analyze(text);
      analysis.setStatus(TextStatus.ANALYSED)
          .setSentiment(result.label())
          .setSentimentScore(result.score())
          .setConfidence(result.confidence())
          .setIntents(result.intents())
          .setKeyPhrases(result.keyPhrases())
          .setLanguage(interaction.getLanguage());
    }
    return EnrichedInteraction.newBuilder()
        .setInteraction(out.build())
        .setAnalysis(analysis.build())
        .setEnrichedAt(Instant.ofEpochMilli(nowMillis))
        .build();
  }

  @Override
  public void close() {
    if (analyzer != null) {
      analyzer.close();
    }
  }
}
