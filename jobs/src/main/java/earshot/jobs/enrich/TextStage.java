package earshot.jobs.enrich;

import earshot.jobs.text.TextAnalyzer;
import earshot.jobs.text.TextPipeline;
import earshot.jobs.text.TextResult;
import earshot.schemas.EnrichedInteraction;
import earshot.schemas.Interaction;
import earshot.schemas.TextAnalysis;
import earshot.schemas.TextStatus;
import java.time.Instant;

/**
 * The text step of the enrich job: decides what may be read (consent), redacts, reads, and builds
 * the enriched record.
 *
 * <p><b>Consumes</b> an {@link Interaction}. <b>Emits</b> an {@link EnrichedInteraction} whose
 * interaction text is redacted ([EMAIL], [PHONE], [CARD], [IBAN], [NAME]) and whose analysis holds
 * the status, language, redaction counts and, for English text, sentiment, intents and key phrases.
 *
 * <p><b>Guarantees</b>: an interaction whose customer did not consent keeps its scores and facts
 * (it still counts in metrics) but loses its text unread: nothing of the text is analysed, stored or
 * passed on, not even its language or redaction counts. Unredacted text never reaches the output;
 * attribute values are redacted the same way (always, and not counted).
 */
public final class TextStage implements AutoCloseable {

  private final TextPipeline pipeline;
  private final boolean consentDefault;

  /** @param analyzer the text model, or null when text analysis is switched off */
  public TextStage(TextAnalyzer analyzer, boolean consentDefault) {
    this(new TextPipeline(analyzer), consentDefault);
  }

  public TextStage(TextPipeline pipeline, boolean consentDefault) {
    this.pipeline = pipeline;
    this.consentDefault = consentDefault;
  }

  public EnrichedInteraction enrich(Interaction interaction, long nowMillis) {
    Interaction.Builder out = Interaction.newBuilder(interaction);
    if (interaction.getAttributes() != null) {
      out.setAttributes(pipeline.redactValues(interaction.getAttributes()));
    }
    TextAnalysis.Builder analysis = TextAnalysis.newBuilder().setModel(pipeline.modelName());
    boolean consented = interaction.getConsent() != null ? interaction.getConsent() : consentDefault;
    if (!consented) {
      out.setText(null);
      analysis.setStatus(TextStatus.NO_CONSENT);
    } else {
      TextPipeline.Reading reading = pipeline.read(interaction.getText(), interaction.getLanguage(),
          interaction.getChannel().name());
      out.setText(reading.text());
      analysis.setStatus(reading.status())
          .setRedactions(reading.redactions())
          .setLanguage(reading.language());
      TextResult result = reading.result();
      if (result != null) {
        analysis.setSentiment(result.label())
            .setSentimentScore(result.score())
            .setConfidence(result.confidence())
            .setIntents(result.intents())
            .setKeyPhrases(result.keyPhrases());
      }
    }
    return EnrichedInteraction.newBuilder()
        .setInteraction(out.build())
        .setAnalysis(analysis.build())
        .setEnrichedAt(Instant.ofEpochMilli(nowMillis))
        .build();
  }

  /**
   * Whether the stage has nothing to read or redact in this interaction (no text, no attribute
   * values): such an interaction cannot overrun a time budget.
   */
  public static boolean readsNothing(Interaction interaction) {
    return (interaction.getText() == null || interaction.getText().isBlank())
        && (interaction.getAttributes() == null || interaction.getAttributes().isEmpty());
  }

  /**
   * The record of an interaction whose text stage overran its time budget: status TEXT_TIMEOUT, no
   * analysis, and neither text nor attributes, since their redaction may not have finished. Scores
   * and facts stay, so the interaction still counts in the metrics.
   */
  public static EnrichedInteraction timedOut(Interaction interaction, String model, long nowMillis) {
    return EnrichedInteraction.newBuilder()
        .setInteraction(Interaction.newBuilder(interaction).setText(null).setAttributes(new java.util.HashMap<>()).build())
        .setAnalysis(TextAnalysis.newBuilder().setModel(model).setStatus(TextStatus.TEXT_TIMEOUT).build())
        .setEnrichedAt(Instant.ofEpochMilli(nowMillis))
        .build();
  }

  public String modelName() {
    return pipeline.modelName();
  }

  /** Texts the analyzer failed on (recorded as neutral); should stay zero. */
  public long analysisFailures() {
    return pipeline.failures();
  }

  @Override
  public void close() {
    pipeline.close();
  }
}
