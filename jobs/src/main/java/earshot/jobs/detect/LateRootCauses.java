package earshot.jobs.detect;

import earshot.jobs.metrics.SeriesCatalog;
import earshot.jobs.rootcause.RootCauseExplainer;
import earshot.schemas.RootCause;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

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
 * and the team that answers e-mail), which is why shares are not netted against each other.
 *
 * <p>Pairs of values are judged the same way, in the same family, when the tally counted all of them. A
 * producer known only by two values (the chats of one region) makes both its values look late, each
 * diluted by the other's traffic; the pair names it. A pair that passes is named in place of its two
 * values when it explains both: it holds at least {@link #PAIR_HOLDS} of each value's late records, on at
 * most {@link #PAIR_TRAFFIC} of its traffic and on {@link #PAIR_LIFT} times less of its traffic than of its
 * late records. Otherwise it adds nothing to its values and is not named: a pair inside a value that lags
 * as a whole (channel=EMAIL x the team that answers all e-mail, or x the segment most e-mails come from), or
 * a part of a lagging value that happens to hold most of another value's few late records. Of two pairs
 * that surely share most of their late records (the chats of a region, and that region's chat team), the
 * one that came late more often is named. Plain Java.
 */
public final class LateRootCauses {

  /** A cause holds at least this share of the late records. */
  static final double MIN_SHARE = 0.2;
  /** ... and came late at least this many times as often as the rest of the series. */
  static final double MIN_LIFT = 2.0;
  /** Chance of naming any value when lateness is spread like the traffic, over all values tested. */
  static final double FAMILY_P = 0.05;
  static final int MAX_CAUSES = 4;
  /** A pair explains its value when it holds at least this share of the value's late records ... */
  static final double PAIR_HOLDS = 0.75;
  /** ... on at most this share of the value's interactions (else the pair is the value itself). */
  static final double PAIR_TRAFFIC = 0.9;
  /** ... and on a share of its interactions this many times smaller than its share of its late records. */
  static final double PAIR_LIFT = 1.5;

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
    boolean pairs = !tally.pairsIncomplete;
    double bar = FAMILY_P / Math.max(1, tally.lateByValue.size() + (pairs ? tally.lateByPair.size() : 0));
    Map<String, RootCause> causes = new LinkedHashMap<>();
    tally.lateByValue.forEach((value, late) -> {
      RootCause cause = cause(value, late, tally.onTimeByValue.getOrDefault(value, 0L), tally, all, bar);
      if (cause != null) {
        causes.put(value, cause);
      }
    });
    if (pairs) {
      List<RootCause> named = new ArrayList<>();
      Set<String> explained = new HashSet<>();
      tally.lateByPair.forEach((pair, late) -> {
        RootCause cause = cause(pair, late, tally.onTimeByPair.getOrDefault(pair, 0L), tally, all, bar);
        if (cause == null) {
          return;
        }
        String[] values = pair.split("\\|", 2);
        if (explains(cause, values[0], tally) && explains(cause, values[1], tally)) {
          named.add(cause);
        }
      });
      // The most precise first (the highest late share); a pair whose late records are mostly those of a pair
      // already named (both inside one value: the chats of a region, and the same region's team that answers
      // chats) is the same producer seen along another dimension.
      named.sort(Comparator.comparingDouble(RootCause::getObserved).reversed().thenComparing(RootCause::getSlice));
      List<RootCause> kept = new ArrayList<>();
      for (RootCause pair : named) {
        if (kept.stream().noneMatch(other -> mostlySameRecords(pair, other, tally))) {
          kept.add(pair);
          explained.addAll(List.of(pair.getSlice().split("\\|", 2)));
        }
      }
      explained.forEach(causes::remove);
      kept.forEach(cause -> causes.put(cause.getSlice(), cause));
    }
    List<RootCause> sorted = new ArrayList<>(causes.values());
    sorted.sort(Comparator.comparingDouble(RootCause::getShare).reversed()
        .thenComparing(Comparator.comparingDouble(RootCause::getObserved).reversed())
        .thenComparing(RootCause::getSlice));
    return sorted.size() > MAX_CAUSES ? List.copyOf(sorted.subList(0, MAX_CAUSES)) : sorted;
  }

  /**
   * Whether the pair holds most of the value's late records, on clearly less than all of its traffic and on
   * a smaller share of its traffic than of its late records: the rest of the value did not lag like the pair.
   */
  private static boolean explains(RootCause pair, String value, LateTally tally) {
    long valueLate = tally.lateByValue.getOrDefault(value, 0L);
    long valueSize = valueLate + Math.max(0, tally.onTimeByValue.getOrDefault(value, 0L));
    double ofLate = valueLate == 0 ? 0 : lateOf(pair, tally) / valueLate;
    double ofTraffic = valueSize == 0 ? 1 : (double) pair.getSize() / valueSize;
    return ofLate >= PAIR_HOLDS && ofTraffic <= PAIR_TRAFFIC && ofLate >= PAIR_LIFT * ofTraffic;
  }

  /**
   * Whether most of the pair's late records are surely also the other pair's: both lie in one value, and
   * together they hold more of its late records than it has, by at least that much.
   */
  private static boolean mostlySameRecords(RootCause pair, RootCause other, LateTally tally) {
    for (String value : pair.getSlice().split("\\|", 2)) {
      if (List.of(other.getSlice().split("\\|", 2)).contains(value)) {
        double overlap = lateOf(pair, tally) + lateOf(other, tally) - tally.lateByValue.getOrDefault(value, 0L);
        if (overlap >= PAIR_HOLDS * lateOf(pair, tally)) {
          return true;
        }
      }
    }
    return false;
  }

  private static double lateOf(RootCause cause, LateTally tally) {
    return cause.getShare() * tally.late;
  }

  /**
   * A value's or a pair's figures when it holds enough of the late records and came late far more often
   * than the rest of the series; null otherwise.
   */
  private static RootCause cause(String slice, long late, long onTime, LateTally tally, long all, double bar) {
    long size = late + Math.max(0, onTime);
    long restSize = all - size;
    if (late < MIN_SHARE * tally.late || restSize <= 0) {
      return null;
    }
    long restLate = Math.max(0, tally.late - late);
    double observed = (double) late / size;
    double rest = (double) restLate / restSize;
    // The rest's late share is itself a sample: the slice's late count is judged against a
    // beta-binomial with the rest's counts (plus half a record each) as its prior.
    if (observed < MIN_LIFT * rest
        || Stats.proportionTails(late, size, restLate + 0.5, restSize - restLate + 0.5)[0] > bar) {
      return null;
    }
    return new RootCause(slice, SeriesCatalog.dimensionsOf(slice), (double) late / tally.late,
        late - size * rest, observed, rest, size);
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
