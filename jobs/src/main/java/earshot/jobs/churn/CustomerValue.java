package earshot.jobs.churn;

import java.util.Locale;
import java.util.Map;

/**
 * How much a customer's risk weighs, from the interaction's attributes: a value tier
 * ({@code valueTier}: platinum 1.4, gold 1.25, silver 1.0, bronze 0.8) or recency / frequency /
 * monetary scores of 1 to 5 ({@code rfmScore} as three digits such as {@code 545}, or
 * {@code recency}, {@code frequency}, {@code monetary}): 0.8 for 1-1-1 rising to 1.2 for 5-5-5.
 * Without any, 1. A weight of {@link #HIGH_VALUE} or more marks a high-value customer.
 *
 * @param tier the tier as given, or a description of the RFM scores, or null
 * @param weight the factor applied to the risk
 */
public record CustomerValue(String tier, float weight) {

  public static final float HIGH_VALUE = 1.2f;
  public static final CustomerValue UNKNOWN = new CustomerValue(null, Float.NaN);

  public boolean known() {
    return !Float.isNaN(weight);
  }

  public static CustomerValue of(Map<String, String> attributes) {
    if (attributes == null || attributes.isEmpty()) {
      return UNKNOWN;
    }
    String tier = attributes.get("valueTier");
    if (tier != null) {
      String lower = tier.strip().toLowerCase(Locale.ROOT);
      float weight = switch (lower) {
        case "platinum" -> 1.4f;
        case "gold" -> 1.25f;
        case "silver" -> 1.0f;
        case "bronze" -> 0.8f;
        default -> Float.NaN;
      };
      if (!Float.isNaN(weight)) {
        return new CustomerValue(lower, weight);
      }
    }
    String rfm = attributes.get("rfmScore");
    int[] scores = null;
    if (rfm != null && rfm.strip().matches("[1-5]{3}")) {
      String digits = rfm.strip();
      scores = new int[] {digits.charAt(0) - '0', digits.charAt(1) - '0', digits.charAt(2) - '0'};
    } else {
      Integer r = score(attributes.get("recency"));
      Integer f = score(attributes.get("frequency"));
      Integer m = score(attributes.get("monetary"));
      if (r != null && f != null && m != null) {
        scores = new int[] {r, f, m};
      }
    }
    if (scores == null) {
      return UNKNOWN;
    }
    double mean = (scores[0] + scores[1] + scores[2]) / 3.0;
    float weight = (float) (0.8 + 0.1 * (mean - 1));
    return new CustomerValue("rfm " + scores[0] + scores[1] + scores[2], weight);
  }

  private static Integer score(String value) {
    if (value == null) {
      return null;
    }
    try {
      int parsed = Integer.parseInt(value.strip());
      return parsed >= 1 && parsed <= 5 ? parsed : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
