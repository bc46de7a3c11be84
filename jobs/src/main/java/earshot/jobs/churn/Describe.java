package earshot.jobs.churn;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Words for times, durations and channels in reasons and summaries. */
final class Describe {

  /** The reference for {@link #time}, and its rendering of years outside 1..9999. */
  static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
      .withZone(ZoneOffset.UTC);

  private Describe() {}

  static String time(long millis) {
    // Written by hand: the formatter was a visible share of the journeys' time (several
    // descriptions per evaluation). Years outside 1..9999 keep the formatter's own rendering.
    long minutes = Math.floorDiv(millis, 60_000L);
    LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(minutes, 1440L));
    int year = date.getYear();
    if (year < 1 || year > 9999) {
      return TIME.format(Instant.ofEpochMilli(millis));
    }
    int minuteOfDay = (int) Math.floorMod(minutes, 1440L);
    char[] out = new char[20];
    digits(out, 0, year, 4);
    out[4] = '-';
    digits(out, 5, date.getMonthValue(), 2);
    out[7] = '-';
    digits(out, 8, date.getDayOfMonth(), 2);
    out[10] = ' ';
    digits(out, 11, minuteOfDay / 60, 2);
    out[13] = ':';
    digits(out, 14, minuteOfDay % 60, 2);
    out[16] = ' ';
    out[17] = 'U';
    out[18] = 'T';
    out[19] = 'C';
    return new String(out);
  }

  /** Writes {@code value} as {@code width} decimal digits, zero-padded, at {@code from}. */
  private static void digits(char[] out, int from, int value, int width) {
    for (int i = from + width - 1; i >= from; i--) {
      out[i] = (char) ('0' + value % 10);
      value /= 10;
    }
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
