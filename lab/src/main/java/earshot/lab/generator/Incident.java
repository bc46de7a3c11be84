package earshot.lab.generator;

import java.time.Instant;
import java.util.Map;

/**
 * A planted incident: from {@code start} to {@code end}, interactions matching every dimension
 * value behave differently, in the way the detector of {@code type} is meant to notice.
 *
 * @param type the detector that should find it: DETRACTOR_SPIKE, NPS_DROP, NEGATIVE_SENTIMENT_SHIFT,
 *     VOLUME_SURGE, VOLUME_DROP, EMERGING_TOPIC or SERVICE_LEVEL
 * @param dimensions the affected series, such as touchpoint=delivery, region=north; empty = all
 * @param intensity how strong, 0 to 1 (share of affected interactions turned, or relative change)
 * @param topic for EMERGING_TOPIC: the new theme's phrase
 */
public record Incident(String type, Map<String, String> dimensions, Instant start, Instant end, double intensity,
    String topic) {

  public static final java.util.List<String> TYPES = java.util.List.of("DETRACTOR_SPIKE", "NPS_DROP",
      "NEGATIVE_SENTIMENT_SHIFT", "VOLUME_SURGE", "VOLUME_DROP", "EMERGING_TOPIC", "SERVICE_LEVEL");

  public Incident {
    if (!TYPES.contains(type)) {
      throw new IllegalArgumentException("unknown incident type '" + type + "', expected one of " + TYPES);
    }
    if (!end.isAfter(start)) {
      throw new IllegalArgumentException("incident " + type + " ends before it starts");
    }
    if (!(intensity > 0 && intensity <= 5)) {
      throw new IllegalArgumentException("incident intensity must be in (0, 5], got " + intensity);
    }
    dimensions = Map.copyOf(dimensions);
  }

  boolean activeAt(long millis) {
    return millis >= start.toEpochMilli() && millis < end.toEpochMilli();
  }

  boolean matches(Map<String, String> values) {
    for (Map.Entry<String, String> wanted : dimensions.entrySet()) {
      if (!wanted.getValue().equalsIgnoreCase(values.getOrDefault(wanted.getKey(), ""))) {
        return false;
      }
    }
    return true;
  }

  /** Share of all traffic this incident's dimensions cover under the generator's mix, 0 to 1. */
  double coverage(Map<String, Map<String, Double>> mixes) {
    double share = 1.0;
    for (Map.Entry<String, String> wanted : dimensions.entrySet()) {
      Map<String, Double> mix = mixes.get(wanted.getKey());
      if (mix == null) {
        return 0;
      }
      double total = mix.values().stream().mapToDouble(Double::doubleValue).sum();
      share *= mix.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(wanted.getValue()))
          .mapToDouble(Map.Entry::getValue).sum() / total;
    }
    return share;
  }
}
