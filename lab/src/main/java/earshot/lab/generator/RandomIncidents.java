package earshot.lab.generator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Incidents of the size real ones have, drawn at random: moderate effects (the affected metric 1.3
 * to 2 times its usual value), on one dimension value or on a pair of them that nobody needs to have
 * configured, starting at any hour after the baselines had time to learn, lasting 3 to 8 hours.
 * Each {@link Drawn} incident carries the effect it was drawn with, so a report can say how large
 * each missed or found incident was.
 *
 * <p>The generator's {@link Incident#intensity()} means something else for each type; the ratio is
 * turned into it from the generator's usual rates: 18% detractors among survey answers, 18% to 22%
 * negative texts (with and without an answer), waits multiplied by {@code 1 + 3 x intensity}, extra contacts at {@code intensity}
 * times the slice's usual ones, and a share {@code intensity} of its contacts dropped. A new theme has
 * no usual rate to multiply: it reaches 5% to 15% of the slice's interactions.
 */
public final class RandomIncidents {

  /** Share of survey answers that are detractors under the generator's usual mix. */
  static final double USUAL_DETRACTOR_SHARE = 0.18;
  /** Share of negative texts among contacts without a survey answer, under the generator's usual mix. */
  static final double USUAL_UNANSWERED_NEGATIVE_SHARE = 0.22;

  /** Dimensions a slice is drawn from. */
  private static final List<String> DIMENSIONS = List.of("channel", "touchpoint", "product", "region", "segment");
  /** Channels whose contacts have waits, so that a service-level incident has something to lengthen. */
  private static final List<String> WAITED_CHANNELS = List.of("CALL", "CHAT", "EMAIL", "SOCIAL", "SMS");

  /**
   * One drawn incident.
   *
   * @param ratio the affected metric's value during the incident against its usual value (a drop's
   *     ratio is the usual contacts over the remaining ones); for a new theme, its share of the
   *     slice's interactions
   */
  public record Drawn(Incident incident, double ratio) { }

  private RandomIncidents() { }

  /**
   * {@code count} incidents between {@code learning} after {@code start} and the stream's end, their
   * types taken in turn from a shuffled list of every type, reproducible from {@code seed}. Two
   * incidents may overlap in time; the report then credits each alert to any incident it matches.
   */
  public static List<Drawn> draw(long seed, Instant start, Duration length, Duration learning, int count) {
    if (count < 0) {
      throw new IllegalArgumentException("the number of incidents must not be negative");
    }
    Duration longest = Duration.ofHours(8);
    if (length.compareTo(learning.plus(longest)) < 0) {
      throw new IllegalArgumentException("a stream of " + length + " leaves no room for incidents after "
          + learning + " of learning");
    }
    SplittableRandom random = new SplittableRandom(seed * 7919 + 17);
    List<String> types = new ArrayList<>();
    List<Drawn> drawn = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      if (types.isEmpty()) {
        types.addAll(Incident.TYPES);
        Collections.shuffle(types, new java.util.Random(random.nextLong()));
      }
      String type = types.remove(types.size() - 1);
      Duration lasting = Duration.ofMinutes(180 + random.nextInt(5 * 60 + 1));
      long room = length.minus(learning).minus(lasting).toMinutes();
      Instant from = start.plus(learning).plusSeconds(60 * random.nextLong(room + 1));
      Map<String, String> slice = slice(type, random);
      double ratio = type.equals("EMERGING_TOPIC") ? 0.05 + 0.10 * random.nextDouble() : 1.3 + 0.7 * random.nextDouble();
      drawn.add(new Drawn(new Incident(type, slice, from, from.plus(lasting), intensity(type, ratio, slice),
          type.equals("EMERGING_TOPIC") ? topic(random) : null), ratio));
    }
    drawn.sort(java.util.Comparator.comparing(d -> d.incident().start()));
    return List.copyOf(drawn);
  }

  /**
   * The generator's intensity that gives an incident of {@code type} on {@code slice} the effect
   * {@code ratio}. Survey and text effects depend on the slice's share of answered contacts: a hit
   * turns an answer into a detractor's, and half the unanswered contacts it hits into new
   * detractors' answers; any hit turns the text's tone negative.
   */
  static double intensity(String type, double ratio, Map<String, String> slice) {
    double answered = InteractionGenerator.answerRate(slice);
    double d = USUAL_DETRACTOR_SHARE;
    return switch (type) {
      // Detractors over answers: (a(d + (1 - d)p) + (1 - a)p/2) / (a + (1 - a)p/2) = r d, solved for p.
      case "DETRACTOR_SPIKE", "NPS_DROP" -> d * answered * (ratio - 1)
          / ((1 - d) * answered + (1 - answered) * (0.5 - 0.5 * d * ratio));
      case "NEGATIVE_SENTIMENT_SHIFT" -> {
        double negative = d * answered + USUAL_UNANSWERED_NEGATIVE_SHARE * (1 - answered);
        yield negative * (ratio - 1) / (1 - negative);
      }
      case "VOLUME_SURGE" -> ratio - 1;
      case "VOLUME_DROP" -> 1 - 1 / ratio;
      case "SERVICE_LEVEL" -> (ratio - 1) / 3;
      case "EMERGING_TOPIC" -> ratio;
      default -> throw new IllegalArgumentException("unknown incident type " + type);
    };
  }

  /** One dimension value (a third of the time) or a pair; a service-level incident names a channel with waits. */
  private static Map<String, String> slice(String type, SplittableRandom random) {
    Map<String, String> slice = new LinkedHashMap<>();
    List<String> dimensions = new ArrayList<>(DIMENSIONS);
    int size = random.nextInt(3) == 0 ? 1 : 2;
    if (type.equals("SERVICE_LEVEL")) {
      slice.put("channel", WAITED_CHANNELS.get(random.nextInt(WAITED_CHANNELS.size())));
      dimensions.remove("channel");
    }
    while (slice.size() < size) {
      String dimension = dimensions.remove(random.nextInt(dimensions.size()));
      List<String> values = new ArrayList<>(InteractionGenerator.MIX.get(dimension).keySet());
      slice.put(dimension, values.get(random.nextInt(values.size())));
    }
    return slice;
  }

  private static String topic(SplittableRandom random) {
    List<String> topics = List.of("login loop error", "double charged twice", "router keeps rebooting",
        "parcel left outside", "promo code rejected", "roaming not working");
    return topics.get(random.nextInt(topics.size()));
  }
}
