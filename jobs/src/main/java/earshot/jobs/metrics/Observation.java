package earshot.jobs.metrics;

import java.util.ArrayList;
import java.util.List;

/**
 * What one interaction contributes to the metrics of one series: the series it counts in and the
 * few facts the metrics need. A plain value class (Flink POJO) so windows keep it compactly.
 */
public class Observation {
  public String seriesKey;
  public String interactionId;
  public long occurredAt;
  public Integer nps;
  public Integer csat;
  public Integer ces;
  public boolean analysed;
  public double sentimentScore;
  public boolean negative;
  public Integer transfers;
  public Integer waitSeconds;
  public List<String> intents = new ArrayList<>();
  public List<String> keyPhrases = new ArrayList<>();
  /** Redacted text, kept only for the interactions that may become a window's examples. */
  public String text;

  public Observation() {}

  /** A copy that counts in another series. */
  public Observation inSeries(String key) {
    Observation copy = new Observation();
    copy.seriesKey = key;
    copy.interactionId = interactionId;
    copy.occurredAt = occurredAt;
    copy.nps = nps;
    copy.csat = csat;
    copy.ces = ces;
    copy.analysed = analysed;
    copy.sentimentScore = sentimentScore;
    copy.negative = negative;
    copy.transfers = transfers;
    copy.waitSeconds = waitSeconds;
    copy.intents = intents;
    copy.keyPhrases = keyPhrases;
    copy.text = text;
    return copy;
  }

  /** How negative this interaction is, lower first: sentiment where read, else the NPS answer. */
  public double negativity() {
    if (analysed) {
      return sentimentScore;
    }
    if (nps != null) {
      return (nps - 5) / 5.0;
    }
    return 1.0;
  }
}
