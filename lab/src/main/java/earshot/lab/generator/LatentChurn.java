package earshot.lab.generator;

import earshot.schemas.Channel;
import earshot.schemas.Direction;
import earshot.schemas.Interaction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Churn that follows a latent propensity instead of a script: every customer of the stream has a
 * hazard of deciding to leave, and churn is drawn from it with a seeded random generator. Nothing
 * here knows the churn scorer's rules.
 *
 * <pre>
 *   load(t)    = sum over the customer's bad experiences of weight * 0.5 ^ (age / 14 days)
 *   lift(t)    = 1 + {@link #MAX_LIFT} * (1 - exp(-load / {@link #LOAD_SCALE}))
 *   hazard(t)  = monthlyRate / 30 * frailty * lift(t) / (mean lift over the customers still there)
 * </pre>
 *
 * <ul>
 *   <li><b>Bad experiences</b> are the ordinary interactions the generator produces anyway: a
 *       detractor answer (0-4 weighs more than 5-6), a negative text, a call or chat transferred twice
 *       or more, an unresolved contact about a touchpoint already raised unresolved within 7 days, a
 *       message nobody answered, and (heaviest) an angry request to cancel. A promoter answer lowers
 *       the load. Most customers with bad journeys still stay: the lift is bounded.
 *   <li><b>Frailty</b> is a per-customer log-normal factor (mean 1) nobody observes (a contract
 *       ending, a better offer elsewhere): some customers leave without any warning sign.
 *   <li><b>The rate</b>: dividing by the mean lift keeps the expected share of customers deciding to
 *       leave at {@code monthlyRate} a month however bad the stream's service is.
 *   <li>Decisions are drawn from 5 days before the stream on (those before it at the mean hazard),
 *       so that the stream's first days have their share of cancellations.
 *   <li>A decision becomes a cancellation 0.5 to 5 days later (finding another provider); in that
 *       time the customer's contacts go on as before. Half of the leavers contact the company to
 *       cancel; the others just go (a port-out, an online form). After the cancellation the customer
 *       makes no further contact.
 *   <li>Each churner is labelled by what drew the decision: {@code experience} (the lift's share of
 *       the hazard) or {@code baseline} (the frailty alone), by a draw in proportion to the two.
 * </ul>
 */
final class LatentChurn {

  static final double HALF_LIFE_DAYS = 14;
  static final double MAX_LIFT = 25;
  static final double LOAD_SCALE = 3;
  static final double FRAILTY_SIGMA = 0.8;
  static final double CONTACT_TO_CANCEL = 0.5;
  /** Decisions to leave are also drawn for this many days before the stream (see {@link #decideBefore}). */
  static final double LEAD_IN_DAYS = 5;
  private static final long HOUR = 3_600_000L;
  private static final long DAY = 24 * HOUR;
  private static final long REPEAT_WINDOW = 7 * DAY;

  private final int customers;
  private final double monthlyRate;
  private final SplittableRandom random;
  private final double[] frailty;
  private final double[] load;
  private final long[] loadAt;
  /** When the customer decided to leave (possibly before the stream), or Long.MAX_VALUE. */
  private final long[] decidedAt;
  /** When the customer cancels (gone from then on), or Long.MAX_VALUE. */
  private final long[] cancelAt;
  /** The customer's last unresolved inbound contact: its touchpoint and time, for repeat contacts. */
  private final String[] openTouchpoint;
  private final long[] openAt;
  private final List<PlantedChurner> churners = new ArrayList<>();
  private long lastStep = Long.MIN_VALUE;
  /** Cancellations to come, as {time, customer}, earliest first. */
  private final java.util.PriorityQueue<long[]> pending =
      new java.util.PriorityQueue<>(java.util.Comparator.<long[]>comparingLong(p -> p[0]).thenComparingLong(p -> p[1]));

  LatentChurn(int customers, double monthlyRate, long seed) {
    if (!(monthlyRate > 0 && monthlyRate < 1)) {
      throw new IllegalArgumentException("the monthly churn rate must be between 0 and 1, got " + monthlyRate);
    }
    this.customers = customers;
    this.monthlyRate = monthlyRate;
    this.random = new SplittableRandom(seed * 7_919L + 101);
    frailty = new double[customers];
    load = new double[customers];
    loadAt = new long[customers];
    decidedAt = new long[customers];
    cancelAt = new long[customers];
    openTouchpoint = new String[customers];
    openAt = new long[customers];
    double shift = -FRAILTY_SIGMA * FRAILTY_SIGMA / 2;
    for (int c = 0; c < customers; c++) {
      frailty[c] = Math.exp(shift + FRAILTY_SIGMA * gaussian(random));
      decidedAt[c] = Long.MAX_VALUE;
      cancelAt[c] = Long.MAX_VALUE;
    }
  }

  /** Whether the customer has cancelled by {@code at}. */
  boolean gone(int customer, long at) {
    return customer < customers && cancelAt[customer] <= at;
  }

  /**
   * Draws decisions to leave for the time since the last step, at the hazard of {@code now}; the
   * cancellations that follow come out of {@link #contactsToCancel}.
   */
  void step(long now) {
    if (lastStep == Long.MIN_VALUE) {
      lastStep = now;
      decideBefore(now);
      return;
    }
    double days = (now - lastStep) / (double) DAY;
    lastStep = now;
    double[] lift = new double[customers];
    double sum = 0;
    int present = 0;
    for (int c = 0; c < customers; c++) {
      if (decidedAt[c] != Long.MAX_VALUE) {
        continue;
      }
      lift[c] = lift(loadAt(c, now));
      sum += lift[c];
      present++;
    }
    if (present == 0) {
      return;
    }
    double meanLift = sum / present;
    double perDay = monthlyRate / 30;
    for (int c = 0; c < customers; c++) {
      if (decidedAt[c] != Long.MAX_VALUE) {
        continue;
      }
      double hazard = perDay * frailty[c] * lift[c] / meanLift;
      if (random.nextDouble() < 1 - Math.exp(-hazard * days)) {
        long decided = now - (long) (random.nextDouble() * days * DAY);
        long cancel = decided + (long) ((0.5 + 4.5 * random.nextDouble()) * DAY);
        decide(c, decided, cancel, random.nextDouble() < 1 / lift[c] ? "baseline" : "experience");
      }
    }
  }

  /**
   * Decisions taken in the {@link #LEAD_IN_DAYS} days before the stream, at the mean hazard (nothing
   * of those days is in the stream): without them the stream's first days would have fewer
   * cancellations than a company's ordinary days.
   */
  private void decideBefore(long start) {
    double perDay = monthlyRate / 30;
    for (int c = 0; c < customers; c++) {
      if (random.nextDouble() < 1 - Math.exp(-perDay * frailty[c] * LEAD_IN_DAYS)) {
        long decided = start - (long) (random.nextDouble() * LEAD_IN_DAYS * DAY);
        long cancel = decided + (long) ((0.5 + 4.5 * random.nextDouble()) * DAY);
        if (cancel > start) {
          decide(c, decided, cancel, "baseline");
        }
      }
    }
  }

  private void decide(int c, long decided, long cancel, String cause) {
    decidedAt[c] = decided;
    cancelAt[c] = cancel;
    pending.add(new long[] {cancel, c});
    churners.add(new PlantedChurner(CustomerIdentities.customerId(c), Instant.ofEpochMilli(decided),
        Instant.ofEpochMilli(cancel), null, "latent", cause));
  }

  /** Customers whose cancellation falls in {@code [from, to)}: those who contact the company to cancel. */
  List<Integer> contactsToCancel(long from, long to) {
    List<Integer> out = new ArrayList<>();
    while (!pending.isEmpty() && pending.peek()[0] < to) {
      long[] next = pending.poll();
      int c = (int) next[1];
      // Whether this leaver makes contact is fixed by the customer, so it does not depend on the stepping.
      if (next[0] >= from && mix(c) < CONTACT_TO_CANCEL) {
        out.add(c);
      }
    }
    return out;
  }

  long cancelAt(int customer) {
    return cancelAt[customer];
  }

  /**
   * What an ordinary interaction did to its customer.
   *
   * @param negativeText whether it carried a negative text
   * @param unanswered whether it was a message nobody answered
   */
  void observe(int customer, Interaction interaction, boolean negativeText, boolean unanswered) {
    if (customer >= customers) {
      return;
    }
    long at = interaction.getOccurredAt().toEpochMilli();
    double bad = 0;
    Integer nps = interaction.getNps();
    if (nps != null) {
      bad += nps <= 4 ? 1.0 : nps <= 6 ? 0.5 : nps >= 9 ? -0.5 : 0;
    }
    if (negativeText) {
      bad += "cancellation".equals(interaction.getTouchpoint()) ? 6.0 : 0.6;
    }
    Integer transfers = interaction.getTransfers();
    if (transfers != null && transfers >= 2) {
      bad += 0.6;
    }
    if (unanswered) {
      bad += 1.0;
    }
    boolean inbound = interaction.getDirection() != Direction.OUTBOUND;
    if (inbound && Boolean.FALSE.equals(interaction.getResolved()) && interaction.getChannel() != Channel.SURVEY) {
      if (interaction.getTouchpoint().equals(openTouchpoint[customer]) && at - openAt[customer] <= REPEAT_WINDOW) {
        bad += 0.8;
      }
      openTouchpoint[customer] = interaction.getTouchpoint();
      openAt[customer] = at;
    }
    if (bad != 0) {
      load[customer] = Math.max(0, loadAt(customer, at) + bad);
      loadAt[customer] = at;
    }
  }

  /** The churners drawn so far whose cancellation falls before {@code end}, by cancellation time. */
  List<PlantedChurner> churners(long end) {
    return churners.stream().filter(c -> c.cancelledAt().toEpochMilli() < end)
        .sorted(java.util.Comparator.comparing(PlantedChurner::cancelledAt).thenComparing(PlantedChurner::customerId))
        .toList();
  }

  double loadAt(int customer, long now) {
    if (load[customer] == 0) {
      return 0;
    }
    return load[customer] * Math.pow(0.5, Math.max(0, now - loadAt[customer]) / (HALF_LIFE_DAYS * DAY));
  }

  static double lift(double load) {
    return 1 + MAX_LIFT * (1 - Math.exp(-load / LOAD_SCALE));
  }

  private static double mix(int number) {
    long z = number * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    z = z ^ (z >>> 31);
    return (z >>> 11) * 0x1.0p-53;
  }

  private static double gaussian(SplittableRandom random) {
    double u1 = Math.max(1e-12, random.nextDouble());
    double u2 = random.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }
}
