package earshot.jobs.detect;

import java.io.Serializable;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneRules;

/**
 * The local hour of the day, calendar day and day of the week of instants in one time zone
 * ({@code detect.time-zone}), for the detectors' daily and weekly cycles. Daylight saving is
 * followed: each instant is read at the offset the zone has at that instant, so a local day may
 * last 23 or 25 hours and its hours keep their wall-clock meaning all year. Holds only the zone,
 * never any state of a series: a baseline stores epoch millis and slot numbers, and this reads them.
 */
public final class LocalCalendar implements Serializable {

  private static final long serialVersionUID = 1L;
  private static final long HOUR_MILLIS = 3_600_000L;
  private static final long DAY_MILLIS = 24 * HOUR_MILLIS;

  /** Coordinated universal time: the detectors' calendar unless a zone is set. */
  public static final LocalCalendar UTC = new LocalCalendar(ZoneOffset.UTC);

  private final ZoneId zone;
  /** The zone's rules, looked up once (reading an offset from them is cheap, finding them is not). */
  private transient ZoneRules rules;

  public LocalCalendar(ZoneId zone) {
    this.zone = java.util.Objects.requireNonNull(zone, "zone");
  }

  /** The time zone the days and hours are local to. */
  public ZoneId zone() {
    return zone;
  }

  /** The local hour of the day, 0 to 23, at an instant. */
  public int hourOfDay(long epochMillis) {
    return (int) Math.floorMod(Math.floorDiv(localMillis(epochMillis), HOUR_MILLIS), 24L);
  }

  /** How far into its local hour an instant is, from 0 (on the hour) to just below 1. */
  public double fractionOfHour(long epochMillis) {
    return Math.floorMod(localMillis(epochMillis), HOUR_MILLIS) / (double) HOUR_MILLIS;
  }

  /** The local calendar day of an instant, counted in days from 1970-01-01 (as {@code LocalDate.toEpochDay}). */
  public long day(long epochMillis) {
    return Math.floorDiv(localMillis(epochMillis), DAY_MILLIS);
  }

  /** The local day of the week of an instant: Monday 0 to Sunday 6. */
  public int dayOfWeek(long epochMillis) {
    return weekdayOf(day(epochMillis));
  }

  /** The day of the week of a day counted from 1970-01-01 (a Thursday): Monday 0 to Sunday 6. */
  public static int weekdayOf(long epochDay) {
    return (int) Math.floorMod(epochDay + 3, 7L);
  }

  /** The instant's wall-clock time in the zone, as milliseconds from 1970-01-01T00:00 local. */
  private long localMillis(long epochMillis) {
    if (rules == null) {
      rules = zone.getRules();
    }
    return epochMillis + rules.getOffset(Instant.ofEpochMilli(epochMillis)).getTotalSeconds() * 1000L;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof LocalCalendar calendar && calendar.zone.equals(zone);
  }

  @Override
  public int hashCode() {
    return zone.hashCode();
  }

  @Override
  public String toString() {
    return "LocalCalendar[" + zone + "]";
  }
}
