package earshot.jobs.detect;

import earshot.jobs.metrics.SeriesCatalog;
import earshot.jobs.rootcause.RootCauseExplainer;
import earshot.schemas.RootCause;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where the late records of a DATA_QUALITY alert come from. A producer whose clock is off, a connector
 * that lags or a backlog replayed from one source makes one dimension value (a channel, a team) arrive
 * late far more often than the rest of the series, while a stalled pipeline or a backfill of everything
 * spreads the late records like the traffic. A value is a cause when it holds at least
 * {@link #MIN_SHARE} of the late records, came late at least {@link #MIN_LIFT} times as often as the rest
 * of the series, and its late count is that far out of what the rest's late share gives its interactions
 * at {@link #FAMILY_P} over all the values tested (Bonferroni; an exact beta-binomial tail, so that the
 * rest's share counts as the estimate it is and a handful of records proves nothing). At most
 * {@link #MAX_CAUSES} causes, the largest share first. Values of one dimension hold different records (two
 * channels that both lag are two causes); values of two dimensions may hold the same ones (channel=EMAIL
 * and the team that answers e-mail), which is why shares are not netted against each other. Plain Java.
 */
public final class LateRootCauses {

  /** A cause holds at least this share of the late records. */
  static final double MIN_SHARE = 0.2;
  /** ... and came late at least this many times as often as the rest of the series. */
  static final double MIN_LIFT = 2.0;
  /** Chance of naming any value when lateness is spread like the traffic, over all values tested. */
  static final double FAMILY_P = 0.05;
  static final int MAX_CAUSES = 4;

  private LateRootCauses() {}

  /**
   * The causes, as root causes: {@code share} the value's part of the late records, {@code observed} its own
   * late share, {@code baseline} the late share of the rest of the series, {@code extra} its late records
   * beyond what the rest's share gives it, {@code size} its interactions (late and on time).
   */
  public static List<RootCause> explain(LateTally tally) {
    long all = tally.late + tally.onTime;
    if (tally.late <= 0 || all <= 0) {
      return List.of();
    }
    double bar = FAMILY_P / Math.max(1, tally.lateByValue.size());
    List<RootCause> causes = new ArrayList<>();
    for (Map.Entry<String, Long> entry : tally.lateByValue.entrySet()) {
      String value = entry.getKey();
      long late = entry.getValue();
      long size = late + Math.max(0, tally.onTimeByValue.getOrDefault(value, 0L));
      long restSize = all - size;
      if (late < MIN_SHARE * tally.late || restSize <= 0) {
        continue;
      }
      long restLate = Math.max(0, tally.late - late);
      double observed = (double) late / size;
      double rest = (double) restLate / restSize;
      // The rest's late share is itself a sample: the value's late count is judged against a
      // beta-binomial with the rest's counts (plus half a record each) as its prior.
      if (observed < MIN_LIFT * rest
          || Stats.proportionTails(late, size, restLate + 0.5, restSize - restLate + 0.5)[0] > bar) {
        continue;
      }
      causes.add(new RootCause(value, SeriesCatalog.dimensionsOf(value), (double) late / tally.late,
          late - size * rest, observed, rest, size));
    }
    causes.sort(Comparator.comparingDouble(RootCause::getShare).reversed()
        .thenComparing(Comparator.comparingDouble(RootCause::getObserved).reversed())
        .thenComparing(RootCause::getSlice));
    return causes.size() > MAX_CAUSES ? List.copyOf(causes.subList(0, MAX_CAUSES)) : causes;
  }

  /**
   * What the alert's summary says about the causes: each one's figures, or that no value concentrates the
   * late records (empty when nothing is late or no value was counted).
   *
   * @param stretches what the tally's stretches of time are, in the plural ("hours")
   */
  public static String sentence(List<RootCause> causes, LateTally tally, String stretches) {
    if (tally.late <= 0 || tally.lateByValue.isEmpty()) {
      return ""; // nothing to split by: a series that fixes every dimension, or values not counted
    }
    if (causes.isEmpty()) {
      return String.format(Locale.ROOT, "They are spread over the series: no dimension value below it came late %.0f "
          + "times as often as the rest in the same %s (the series as a whole lagged, rather than one part of it).",
          MIN_LIFT, stretches);
    }
    StringBuilder text = new StringBuilder();
    for (RootCause cause : causes) {
      if (text.length() > 0) {
        text.append(' ');
      }
      text.append(String.format(Locale.ROOT,
          "%.0f%% of the late records are %s: %.1f%% of its %d interactions in the same %s came late, against %.1f%% "
          + "of the rest.", 100 * cause.getShare(), RootCauseExplainer.display(cause.getSlice()),
          100 * cause.getObserved(), cause.getSize(), stretches, 100 * cause.getBaseline()));
    }
    return text.toString();
  }
}
