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
  /** The slices the interaction falls in, for root causes (shared by its copies; null when not cut). */
  public List<String> slices;
  /** The dimension bits of each slice ({@link SeriesCatalog#slicesFor}). */
  public int[] sliceMasks;
  /** The dimension bits the observation's series fixes: slices along them are not below it. */
  public int seriesMask;

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
    copy.slices = slices;
    copy.sliceMasks = sliceMasks;
    return copy;
  }

  /** A copy that counts in another series, whose fixed dimensions have the bits {@code seriesMask}. */
  public Observation inSeries(String key, int seriesMask) {
    Observation copy = inSeries(key);
    copy.seriesMask = seriesMask;
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
