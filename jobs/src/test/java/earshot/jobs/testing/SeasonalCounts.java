package earshot.jobs.testing;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.SplittableRandom;

/** Synthetic contact counts with the shape real volumes have, for detector and backtest tests. */
public final class SeasonalCounts {

  private SeasonalCounts() {}

  /** Busy days and quiet nights, quieter weekends: about 100 in a window starting at {@code start}. */
  public static double seasonalMean(long start) {
    var time = Instant.ofEpochMilli(start).atZone(ZoneOffset.UTC);
    return 100 * hourShape(time.getHour()) * dayFactor(time.getDayOfWeek());
  }

  /**
   * The same hours, with every day of the week at its own level, Monday the busiest as contact
   * centres see it (1.2, 1.1, 1.05, 1.05, 1.0, 0.85, 0.75 from Monday; mean 1).
   */
  public static double weekdaySeasonalMean(long start) {
    var time = Instant.ofEpochMilli(start).atZone(ZoneOffset.UTC);
    return 100 * hourShape(time.getHour()) * WEEKDAYS[time.getDayOfWeek().getValue() - 1];
  }

  private static final double[] WEEKDAYS = {1.20, 1.10, 1.05, 1.05, 1.00, 0.85, 0.75};

  /**
   * The same shape without steps: the hour of day read to the minute at the window's middle, as
   * real traffic ramps up through a morning rather than jumping on the hour.
   */
  public static double smoothSeasonalMean(long start, long windowMillis) {
    var time = Instant.ofEpochMilli(start + windowMillis / 2).atZone(ZoneOffset.UTC);
    double hourOfDay = time.getHour() + time.getMinute() / 60.0 + time.getSecond() / 3600.0;
    return 100 * hourShape(hourOfDay) * dayFactor(time.getDayOfWeek());
  }

  /** Quiet nights and a busy day, peaking mid-afternoon. */
  private static double hourShape(double hourOfDay) {
    return 0.3 + 1.4 * Math.max(0, Math.sin(Math.PI * (hourOfDay - 6) / 16.0));
  }

  private static double dayFactor(java.time.DayOfWeek day) {
    return switch (day) {
      case SATURDAY -> 0.8;
      case SUNDAY -> 0.7;
      default -> 1.1;
    };
  }

  /** A count around the mean with Poisson-like spread (normal approximation, never below zero). */
  public static long poisson(double mean, SplittableRandom random) {
    return Math.max(0, Math.round(mean + Math.sqrt(mean) * gaussian(random)));
  }

  /** A standard normal draw (Box-Muller). */
  public static double gaussian(SplittableRandom random) {
    return Math.sqrt(-2 * Math.log(Math.max(1e-12, random.nextDouble()))) * Math.cos(2 * Math.PI * random.nextDouble());
  }
}
