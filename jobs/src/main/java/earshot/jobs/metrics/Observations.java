package earshot.jobs.metrics;

import earshot.schemas.EnrichedInteraction;
import earshot.schemas.Interaction;
import earshot.schemas.SentimentLabel;
import earshot.schemas.TextAnalysis;
import earshot.schemas.TextStatus;
import java.util.ArrayList;

/** Extracts the facts the metrics need from an enriched interaction. */
public final class Observations {

  private Observations() {}

  /** The observation of an interaction, not yet assigned to a series. */
  public static Observation of(EnrichedInteraction enriched) {
    Interaction interaction = enriched.getInteraction();
    TextAnalysis analysis = enriched.getAnalysis();
    Observation o = new Observation();
    o.interactionId = interaction.getInteractionId();
    o.occurredAt = interaction.getOccurredAt().toEpochMilli();
    o.nps = interaction.getNps();
    o.csat = interaction.getCsat();
    o.ces = interaction.getCes();
    o.transfers = interaction.getTransfers();
    o.waitSeconds = interaction.getWaitSeconds();
    o.analysed = analysis.getStatus() == TextStatus.ANALYSED && analysis.getSentimentScore() != null;
    if (o.analysed) {
      o.sentimentScore = analysis.getSentimentScore();
      o.negative = analysis.getSentiment() == SentimentLabel.NEGATIVE;
      o.intents = new ArrayList<>(analysis.getIntents());
      o.keyPhrases = new ArrayList<>(analysis.getKeyPhrases());
    }
    // Only a possibly negative interaction can become an example; others need not carry their text.
    boolean candidate = o.negative || (o.nps != null && NpsMath.isDetractor(o.nps));
    o.text = candidate ? interaction.getText() : null;
    return o;
  }
}
