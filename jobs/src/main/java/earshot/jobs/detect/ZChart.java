package earshot.jobs.detect;

/**
 * Evidence of a moderate, lasting change that no single window shows: a one-sided CUSUM of the
 * windows' z scores against the baseline, {@code S = min(H, max(0, S + min(z, MAX_STEP) - K))}.
 * It alarms while S is at {@link #H}. On stable windows (z standard normal) an alarm comes about
 * once in 19,000 windows (Siegmund's approximation for k = 0.5, h = 8); a change of 1.5 standard
 * errors a window reaches it in about 9 windows, one of 3 in about 4. The scores a detector feeds it
 * come from exact tails where windows are small, so they are close to standard normal there too.
 *
 * <p>Two bounds keep it from alarming after the change has gone. A window adds at most
 * {@code MAX_STEP - K} (a window far off alerts on its own, through the per-window test), and the
 * sum never banks evidence beyond H, so once the windows are back at the baseline it falls below
 * H at the next window instead of staying above it for as long as it took to climb (unbounded,
 * one incident drove a 5-minute chart to 131, which then took most of a day to come down). A plain
 * value class (Flink POJO) kept in keyed state.
 */
public class ZChart {

  /** Allowance: half the shift, in standard errors, the chart is tuned to find fastest. */
  public static final double K = 0.5;
  /** Decision interval: the sum at which the chart alarms, and its ceiling. */
  public static final double H = 8.0;
  /** Largest step one window adds before the allowance. */
  public static final double MAX_STEP = 3.0;

  /**
   * The chance, on stable windows, that the chart alarms at a given window (1 / Siegmund's average
   * run length): the p-value an alert raised by the chart reports.
   */
  public static final double FALSE_ALARM_PER_WINDOW = 2 * K * K
      / (Math.exp(2 * K * (H + 1.166)) - 2 * K * (H + 1.166) - 1);

  public double sum;

  public ZChart() {}

  /**
   * Adds a window's z score (positive in the alerting direction).
   *
   * @return whether the chart alarms after this window
   */
  public boolean add(double z) {
    sum = next(sum, Double.isNaN(z) ? 0 : Math.max(-MAX_STEP, Math.min(MAX_STEP, z)));
    return sum >= H;
  }

  /** One step of the chart from {@code sum} with a step already bounded: never below 0, never above H. */
  static double next(double sum, double step) {
    return Math.min(H, Math.max(0, sum + step - K));
  }

  /** Forgets the evidence, when the baseline it was measured against is replaced. */
  public void reset() {
    sum = 0;
  }
}
