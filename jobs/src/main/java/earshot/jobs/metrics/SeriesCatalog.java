package earshot.jobs.metrics;

import earshot.schemas.Interaction;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The series Earshot computes metrics for: the global series, one per configured dimension
 * (channel, touchpoint, ...) and value, and one per configured combination (touchpoint*region)
 * and pair of values. A series key reads like {@code global}, {@code channel=CHAT} or
 * {@code touchpoint=delivery|region=north}; an interaction without a value for a dimension does
 * not count in that dimension's series.
 */
public final class SeriesCatalog implements Serializable {

  private static final long serialVersionUID = 1L;

  public static final String GLOBAL = "global";

  static final Map<String, Function<Interaction, String>> DIMENSIONS = dimensions();

  private final List<List<String>> specs;

  private SeriesCatalog(List<List<String>> specs) {
    this.specs = specs;
  }

  /**
   * @param dimensions single dimensions, such as channel
   * @param combinations combined dimensions written a*b, such as touchpoint*region
   * @throws IllegalArgumentException naming an unknown dimension
   */
  public static SeriesCatalog of(List<String> dimensions, List<String> combinations) {
    List<List<String>> specs = new ArrayList<>();
    specs.add(List.of());
    for (String dimension : dimensions) {
      specs.add(List.of(known(dimension)));
    }
    for (String combination : combinations) {
      List<String> parts = Arrays.stream(combination.split("\\*")).map(String::strip).map(SeriesCatalog::known).toList();
      if (parts.size() < 2) {
        throw new IllegalArgumentException("a combination needs two or more dimensions joined by '*': " + combination);
      }
      specs.add(parts);
    }
    return new SeriesCatalog(List.copyOf(specs));
  }

  private static String known(String dimension) {
    if (!DIMENSIONS.containsKey(dimension)) {
      throw new IllegalArgumentException("unknown dimension '" + dimension + "', expected one of " + DIMENSIONS.keySet());
    }
    return dimension;
  }

  /** Keys of every series the interaction counts in, the global series first. */
  public List<String> keysFor(Interaction interaction) {
    List<String> keys = new ArrayList<>(specs.size());
    for (List<String> spec : specs) {
      String key = keyFor(spec, interaction);
      if (key != null) {
        keys.add(key);
      }
    }
    return keys;
  }

  private static String keyFor(List<String> spec, Interaction interaction) {
    if (spec.isEmpty()) {
      return GLOBAL;
    }
    StringBuilder key = new StringBuilder();
    for (String dimension : spec) {
      String value = DIMENSIONS.get(dimension).apply(interaction);
      if (value == null || value.isBlank()) {
        return null;
      }
      if (key.length() > 0) {
        key.append('|');
      }
      key.append(dimension).append('=').append(keyValue(value));
    }
    return key.toString();
  }

  /**
   * A dimension value as it may stand in a key: trimmed, with the keys' own separators ('|', '=') and
   * control characters (which the windows' theme samples use as separators) replaced by '_'.
   */
  private static String keyValue(String value) {
    StringBuilder clean = new StringBuilder(value.strip());
    for (int i = 0; i < clean.length(); i++) {
      char c = clean.charAt(i);
      if (c == '|' || c == '=' || Character.isISOControl(c)) {
        clean.setCharAt(i, '_');
      }
    }
    return clean.toString();
  }

  /** The single dimensions configured, in order: the dimensions slices below a series are cut along. */
  public List<String> sliceDimensions() {
    return specs.stream().filter(spec -> spec.size() == 1).map(spec -> spec.get(0)).toList();
  }

  /**
   * The interaction's slice key along each configured single dimension ({@code touchpoint=billing}),
   * indexed like {@link #sliceDimensions()}, null where it has no value. Root causes count these and
   * every pair of them ({@code touchpoint=billing|segment=SMB}, in the catalog's dimension order);
   * bit i of a series mask ({@link #sliceMaskOf}) stands for the i-th dimension.
   */
  public String[] sliceKeysFor(Interaction interaction) {
    List<String> dimensions = sliceDimensions();
    String[] keys = new String[dimensions.size()];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = keyFor(List.of(dimensions.get(i)), interaction);
    }
    return keys;
  }

  /** The bits (as in {@link #sliceKeysFor}) of the dimensions a series key fixes; 0 for the global series. */
  public int sliceMaskOf(String seriesKey) {
    List<String> dimensions = sliceDimensions();
    int mask = 0;
    for (String dimension : dimensionsOf(seriesKey).keySet()) {
      int i = dimensions.indexOf(dimension);
      if (i >= 0) {
        mask |= 1 << i;
      }
    }
    return mask;
  }

  /**
   * Whether two slices can hold the same interactions: no dimension they both fix has two values
   * (billing and billing x SMB share traffic, billing and delivery do not).
   */
  public static boolean sharesTraffic(Map<String, String> a, Map<String, String> b) {
    return a.entrySet().stream().allMatch(e -> !b.containsKey(e.getKey()) || b.get(e.getKey()).equals(e.getValue()));
  }

  /** How many dimensions a series key fixes (0 for the global series), without parsing it. */
  public static int dimensionsIn(String seriesKey) {
    if (seriesKey == null || GLOBAL.equals(seriesKey)) {
      return 0;
    }
    int count = 1;
    for (int i = 0; i < seriesKey.length(); i++) {
      if (seriesKey.charAt(i) == '|') {
        count++;
      }
    }
    return count;
  }

  /** The dimension values of a series key; empty for the global series. */
  public static Map<String, String> dimensionsOf(String seriesKey) {
    Map<String, String> dimensions = new LinkedHashMap<>();
    if (GLOBAL.equals(seriesKey)) {
      return dimensions;
    }
    for (String part : seriesKey.split("\\|")) {
      int eq = part.indexOf('=');
      dimensions.put(part.substring(0, eq), part.substring(eq + 1));
    }
    return dimensions;
  }

  private static Map<String, Function<Interaction, String>> dimensions() {
    Map<String, Function<Interaction, String>> d = new LinkedHashMap<>();
    d.put("channel", i -> i.getChannel().name());
    d.put("touchpoint", Interaction::getTouchpoint);
    d.put("product", Interaction::getProduct);
    d.put("region", Interaction::getRegion);
    d.put("segment", Interaction::getSegment);
    d.put("team", Interaction::getTeam);
    d.put("language", Interaction::getLanguage);
    d.put("direction", i -> i.getDirection() == null ? null : i.getDirection().name());
    return Map.copyOf(d);
  }
}
