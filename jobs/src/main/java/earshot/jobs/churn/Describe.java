package earshot.jobs.churn;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Words for times, durations and channels in reasons and summaries. */
final class Describe {

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
      .withZone(ZoneOffset.UTC);

  private Describe() {}

  static String time(long millis) {
    return TIME.format(Instant.ofEpochMilli(millis));
  }

  /** "3 days", "5 hours", "20 minutes". */
  static String duration(long millis) {
    long minutes = Math.max(0, millis) / 60_000;
    if (minutes >= 2 * 24 * 60) {
      return minutes / (24 * 60) + " days";
    }
    if (minutes >= 24 * 60) {
      return "1 day";
    }
    if (minutes >= 120) {
      return minutes / 60 + " hours";
    }
    if (minutes >= 60) {
      return "1 hour";
    }
    return minutes + (minutes == 1 ? " minute" : " minutes");
  }

  static String channel(earshot.schemas.Channel channel) {
    if (channel == null) {
      return "contact";
    }
    return switch (channel) {
      case EMAIL -> "e-mail";
      case SMS -> "SMS";
      case APP -> "app message";
      case SOCIAL -> "social media message";
      case CHAT -> "chat";
      case CALL -> "call";
      case AFTER_SALES -> "after-sales contact";
      case STORE -> "store visit";
      case SURVEY -> "survey answer";
      default -> "contact";
    };
  }

  static String number(double value) {
    return String.format(Locale.ROOT, "%.2f", value);
  }
}
