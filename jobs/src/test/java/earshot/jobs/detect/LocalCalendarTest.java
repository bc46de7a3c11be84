package earshot.jobs.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LocalCalendarTest {

  private static final long HOUR = 3_600_000L;
  private static final LocalCalendar PARIS = new LocalCalendar(ZoneId.of("Europe/Paris"));
  private static final LocalCalendar NEW_YORK = new LocalCalendar(ZoneId.of("America/New_York"));

  private static long at(String instant) {
    return Instant.parse(instant).toEpochMilli();
  }

  /** Hourly instants whose local day is {@code date}: the day's length in hours. */
  private static int hoursOfLocalDay(LocalCalendar calendar, LocalDate date) {
    long from = date.atStartOfDay(calendar.zone()).toInstant().toEpochMilli() - 3 * HOUR;
    int hours = 0;
    for (long t = from; t < from + 30 * HOUR; t += HOUR) {
      if (calendar.day(t) == date.toEpochDay()) {
        hours++;
      }
    }
    return hours;
  }

  @Test
  void parisSpringsForwardOnTheLastSundayOfMarch() {
    // 2026-03-29: 02:00 local (01:00 UTC) becomes 03:00; the local day has 23 hours and no 02:00.
    assertThat(PARIS.hourOfDay(at("2026-03-29T00:30:00Z"))).isEqualTo(1);
    assertThat(PARIS.hourOfDay(at("2026-03-29T01:30:00Z"))).isEqualTo(3);
    assertThat(PARIS.hourOfDay(at("2026-03-28T12:00:00Z"))).as("winter time, UTC+1").isEqualTo(13);
    assertThat(PARIS.hourOfDay(at("2026-03-30T12:00:00Z"))).as("summer time, UTC+2").isEqualTo(14);
    assertThat(hoursOfLocalDay(PARIS, LocalDate.of(2026, 3, 29))).isEqualTo(23);
    // Sunday 23:30 UTC is already Monday in Paris.
    assertThat(PARIS.dayOfWeek(at("2026-03-29T21:30:00Z"))).as("Sunday 23:30 local").isEqualTo(6);
    assertThat(PARIS.dayOfWeek(at("2026-03-29T22:30:00Z"))).as("Monday 00:30 local").isZero();
    assertThat(PARIS.day(at("2026-03-29T22:30:00Z"))).isEqualTo(LocalDate.of(2026, 3, 30).toEpochDay());
    assertThat(LocalCalendar.UTC.dayOfWeek(at("2026-03-29T22:30:00Z"))).as("still Sunday in UTC").isEqualTo(6);
  }

  @Test
  void parisFallsBackOnTheLastSundayOfOctober() {
    // 2026-10-25: 03:00 local (01:00 UTC) becomes 02:00 again; the local day has 25 hours, 02:00 twice.
    assertThat(PARIS.hourOfDay(at("2026-10-25T00:30:00Z"))).isEqualTo(2);
    assertThat(PARIS.hourOfDay(at("2026-10-25T01:30:00Z"))).isEqualTo(2);
    assertThat(PARIS.hourOfDay(at("2026-10-25T02:30:00Z"))).isEqualTo(3);
    assertThat(hoursOfLocalDay(PARIS, LocalDate.of(2026, 10, 25))).isEqualTo(25);
    assertThat(hoursOfLocalDay(PARIS, LocalDate.of(2026, 10, 26))).isEqualTo(24);
    assertThat(PARIS.day(at("2026-10-25T22:59:59Z"))).as("23:59:59 local, winter time")
        .isEqualTo(LocalDate.of(2026, 10, 25).toEpochDay());
    assertThat(PARIS.day(at("2026-10-25T23:00:00Z"))).as("midnight local, winter time")
        .isEqualTo(LocalDate.of(2026, 10, 26).toEpochDay());
  }

  @Test
  void newYorkChangesInMarchAndNovemberAndIsBehindUtc() {
    // 2026-03-08: 02:00 EST (07:00 UTC) becomes 03:00 EDT; 2026-11-01: 02:00 EDT (06:00 UTC) becomes 01:00 EST.
    assertThat(NEW_YORK.hourOfDay(at("2026-03-08T06:30:00Z"))).isEqualTo(1);
    assertThat(NEW_YORK.hourOfDay(at("2026-03-08T07:30:00Z"))).isEqualTo(3);
    assertThat(hoursOfLocalDay(NEW_YORK, LocalDate.of(2026, 3, 8))).isEqualTo(23);
    assertThat(NEW_YORK.hourOfDay(at("2026-11-01T05:30:00Z"))).isEqualTo(1);
    assertThat(NEW_YORK.hourOfDay(at("2026-11-01T06:30:00Z"))).isEqualTo(1);
    assertThat(hoursOfLocalDay(NEW_YORK, LocalDate.of(2026, 11, 1))).isEqualTo(25);
    // Sunday 2026-11-01 02:00 UTC is Saturday 22:00 in New York; Monday 03:00 UTC is still Sunday there.
    assertThat(NEW_YORK.dayOfWeek(at("2026-11-01T02:00:00Z"))).isEqualTo(5);
    assertThat(NEW_YORK.dayOfWeek(at("2026-11-02T03:00:00Z"))).isEqualTo(6);
    assertThat(NEW_YORK.day(at("2026-11-02T03:00:00Z"))).isEqualTo(LocalDate.of(2026, 11, 1).toEpochDay());
  }

  /** Against java.time's own reading, at random instants over decades, in zones with odd offsets and rules. */
  @Test
  void agreesWithZonedDateTimeEverywhere() {
    SplittableRandom random = new SplittableRandom(29);
    for (String id : new String[] {"UTC", "Europe/Paris", "America/New_York", "Asia/Tokyo", "Asia/Kolkata",
        "Australia/Lord_Howe", "Pacific/Chatham", "America/St_Johns", "Atlantic/Azores", "+05:45"}) {
      LocalCalendar calendar = new LocalCalendar(ZoneId.of(id));
      for (int i = 0; i < 20_000; i++) {
        long t = random.nextLong(at("1950-01-01T00:00:00Z"), at("2060-01-01T00:00:00Z"));
        ZonedDateTime local = Instant.ofEpochMilli(t).atZone(calendar.zone());
        assertThat(calendar.hourOfDay(t)).as("hour of %s in %s", Instant.ofEpochMilli(t), id)
            .isEqualTo(local.getHour());
        assertThat(calendar.day(t)).as("day of %s in %s", Instant.ofEpochMilli(t), id)
            .isEqualTo(local.toLocalDate().toEpochDay());
        assertThat(calendar.dayOfWeek(t)).as("weekday of %s in %s", Instant.ofEpochMilli(t), id)
            .isEqualTo(local.getDayOfWeek().getValue() - 1);
      }
    }
  }

  /** UTC gives exactly the arithmetic the detectors used before the setting existed. */
  @Test
  void utcIsThePlainArithmeticOfEpochMillis() {
    SplittableRandom random = new SplittableRandom(3);
    for (int i = 0; i < 100_000; i++) {
      long t = random.nextLong(-at("2100-01-01T00:00:00Z"), at("2100-01-01T00:00:00Z"));
      long day = Math.floorDiv(t, 24 * HOUR);
      assertThat(LocalCalendar.UTC.day(t)).isEqualTo(day);
      assertThat(LocalCalendar.UTC.dayOfWeek(t)).isEqualTo((int) Math.floorMod(day + 3, 7L));
      if (t >= 0) {
        assertThat(LocalCalendar.UTC.hourOfDay(t)).isEqualTo((int) Math.floorMod(t / HOUR, 24L));
      }
      assertThat(LocalCalendar.UTC.hourOfDay(t))
          .isEqualTo(Instant.ofEpochMilli(t).atZone(java.time.ZoneOffset.UTC).getHour());
    }
  }

  @Test
  void survivesJavaSerialisationAsPartOfTheSettings() throws IOException, ClassNotFoundException {
    DetectorSettings settings = Windows.settings().withTimeZone(ZoneId.of("America/New_York"));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(settings.calendar());
      out.writeObject(settings);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      LocalCalendar calendar = (LocalCalendar) in.readObject();
      assertThat(calendar).isEqualTo(NEW_YORK);
      assertThat(calendar.hourOfDay(at("2026-11-01T06:30:00Z"))).isEqualTo(1);
      assertThat(((DetectorSettings) in.readObject()).timeZone()).isEqualTo(ZoneId.of("America/New_York"));
    }
  }
}
