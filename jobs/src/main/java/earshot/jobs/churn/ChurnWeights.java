package earshot.jobs.churn;

import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * How much each churn reason counts: a multiplier per reason code on the signal's built-in points
 * ({@code contribution = multiplier x points x decay}), so that a reason's share of a score stays
 * readable as weight x feature. Every multiplier is 1 by default (the built-in points; NEGATIVE_CONTACTS
 * 0); a weights file
 * ({@code churn.weights}), usually written by {@code ./earshot churn calibrate}, sets others.
 *
 * <p>File format, one entry a line: {@code CODE = multiplier} (a number of 0 or more; 0 switches the
 * reason off); {@code #} starts a comment; codes not named keep their default (1, but 0 for
 * NEGATIVE_CONTACTS, which counts only once calibrated). An unknown code, a second entry
 * for a code or a bad number is refused with its line, so that a typo cannot silently leave a weight
 * at its default.
 */
public final class ChurnWeights implements Serializable {

  private static final long serialVersionUID = 1L;

  /**
   * Multipliers other than 1 that hold wherever a weights file says nothing: reasons that count only
   * once a calibration has weighed them.
   */
  static final Map<String, Double> DEFAULTS = Map.of("NEGATIVE_CONTACTS", 0.0);

  /** The built-in weights: every multiplier is 1, but for {@link #DEFAULTS}. */
  public static final ChurnWeights BUILT_IN = new ChurnWeights(Map.of(), "built-in");

  private final Map<String, Double> multipliers;
  private final String source;

  private ChurnWeights(Map<String, Double> multipliers, String source) {
    this.multipliers = Collections.unmodifiableMap(new TreeMap<>(multipliers));
    this.source = source;
  }

  /** Weights with the given multipliers (codes must be known, values 0 or more). */
  public static ChurnWeights of(Map<String, Double> multipliers, String source) {
    for (Map.Entry<String, Double> entry : multipliers.entrySet()) {
      check(entry.getKey(), entry.getValue());
    }
    return new ChurnWeights(multipliers, source);
  }

  /** The multiplier of a reason code (when not set: its default, 1 for most). */
  public double multiplier(String code) {
    Double set = multipliers.get(code);
    return set != null ? set : DEFAULTS.getOrDefault(code, 1.0);
  }

  /** The multipliers the file set, by code. */
  public Map<String, Double> multipliers() {
    return multipliers;
  }

  /** Where these weights came from: "built-in" or the file. */
  public String source() {
    return source;
  }

  /** Reads a weights file. */
  public static ChurnWeights read(Path file) throws IOException, InvalidChurnWeightsException {
    return parse(Files.readAllLines(file, StandardCharsets.UTF_8), file.toString());
  }

  /** Parses the lines of a weights file; {@code source} names it in messages. */
  public static ChurnWeights parse(List<String> lines, String source) throws InvalidChurnWeightsException {
    Map<String, Double> multipliers = new TreeMap<>();
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      int hash = line.indexOf('#');
      String content = (hash >= 0 ? line.substring(0, hash) : line).strip();
      if (content.isEmpty()) {
        continue;
      }
      String where = source + ":" + (i + 1) + ": ";
      int equals = content.indexOf('=');
      if (equals < 0) {
        problems.add(where + "expected CODE = multiplier, found '" + content + "'");
        continue;
      }
      String code = content.substring(0, equals).strip();
      String number = content.substring(equals + 1).strip();
      double value;
      try {
        value = Double.parseDouble(number);
      } catch (NumberFormatException e) {
        problems.add(where + "'" + number + "' is not a number");
        continue;
      }
      try {
        check(code, value);
      } catch (IllegalArgumentException e) {
        problems.add(where + e.getMessage());
        continue;
      }
      if (multipliers.put(code, value) != null) {
        problems.add(where + code + " is set twice");
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidChurnWeightsException(String.join("\n", problems));
    }
    return new ChurnWeights(multipliers, source);
  }

  /** The file's text: a header of comment lines, then every known code with its multiplier. */
  public String format(List<String> header) {
    StringBuilder out = new StringBuilder();
    for (String line : header) {
      out.append(line.isEmpty() ? "#" : "# " + line).append('\n');
    }
    for (String code : ChurnRiskModel.CODES) {
      out.append(String.format(Locale.ROOT, "%s = %.4f%n", code, multiplier(code)));
    }
    return out.toString();
  }

  private static void check(String code, double value) {
    if (!ChurnRiskModel.CODES.contains(code)) {
      throw new IllegalArgumentException("unknown reason code '" + code + "', expected one of "
          + String.join(", ", ChurnRiskModel.CODES));
    }
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(code + ": the multiplier must be a finite number of 0 or more, found " + value);
    }
  }

  @Override
  public String toString() {
    return source + " " + multipliers;
  }

  /** A weights file that cannot be used; the message lists every problem with its line. */
  public static final class InvalidChurnWeightsException extends Exception {
    private static final long serialVersionUID = 1L;

    public InvalidChurnWeightsException(String message) {
      super(message);
    }
  }
}
