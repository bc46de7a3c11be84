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
  /**
   * The interaction's value of each slice dimension, as a slice key ({@code touchpoint=billing}),
   * indexed like {@link SeriesCatalog#sliceDimensions()}, null where it has none; the pairs below a
   * series are formed where they are counted ({@link Breakdown#add}), so an observation carries one
   * short key per dimension rather than every pair. Shared by the interaction's copies; null when not cut.
   */
  public String[] sliceKeys;
  /** The dimension bits the observation's series fixes: slices along them are not below it. */
  public int seriesMask;

  public Observation() {}

  /**
   * Whether the {@code i}-th slice key is a value below the series: the interaction has one along that
   * dimension and the series (fixed dimensions {@code seriesMask}) does not fix it.
   */
  public static boolean isBelowSeries(String[] sliceKeys, int seriesMask, int i) {
    return sliceKeys[i] != null && (seriesMask & (1 << i)) == 0;
  }

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
    copy.sliceKeys = sliceKeys;
    return copy;
  }

  /** A copy that counts in another series, whose fixed dimensions have the bits {@code seriesMask}. */
  public Observation inSeries(String key, int seriesMask) {
    Observation copy = inSeries(key);
    copy.seriesMask = seriesMask;
    return copy;
  }

  /** A copy without its slice keys, for keeping as a window's example. */
  public Observation withoutSlices() {
    Observation copy = inSeries(seriesKey, seriesMask);
    copy.sliceKeys = null;
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
