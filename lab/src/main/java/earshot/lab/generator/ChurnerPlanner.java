package earshot.lab.generator;

import earshot.schemas.Channel;
import earshot.schemas.Direction;
import earshot.schemas.Interaction;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Plans the journeys of churners: customers whose experience degrades over days until they ask to
 * cancel. Each churner has a problem (billing, delivery, support or onboarding) and a strength:
 *
 * <ul>
 *   <li><b>strong</b> (half of them): most of the warning signs: a promoter or passive answer before
 *       the trouble, repeated unresolved contacts about the problem, a call transferred again and
 *       again, an e-mail left unanswered or answered days late, an angry social media post, a
 *       detractor answer, a complaint followed by days of silence;
 *   <li><b>moderate</b> (three in ten): each of those with a lower chance;
 *   <li><b>quiet</b> (one in five): one or two signs only, then the cancellation: the churners no
 *       journey signal can be expected to catch.
 * </ul>
 *
 * The cancellation is the last contact. Churners are customers of their own (numbers after the
 * generator's other customers), with identifiers in the CRM export like everybody else; their
 * e-mails and social posts often come without the customer id.
 */
final class ChurnerPlanner {

  private static final List<String> PROBLEMS = List.of("billing", "delivery", "support", "onboarding");
  private static final long HOUR = 3_600_000L;
  private static final long DAY = 24 * HOUR;

  private final Instant start;
  private final Instant end;
  private final int firstNumber;
  private final SplittableRandom random;
  private final List<PlantedChurner> churners = new ArrayList<>();
  private final List<Interaction> interactions = new ArrayList<>();

  ChurnerPlanner(Instant start, Instant end, int count, int firstNumber, long seed) {
    this.start = start;
    this.end = end;
    this.firstNumber = firstNumber;
    this.random = new SplittableRandom(seed * 1_000_003L + 17);
    long length = Duration.between(start, end).toMillis();
    if (count > 0 && length < 3 * DAY) {
      throw new IllegalArgumentException("churners need a stream of at least 3 days, got " + Duration.ofMillis(length));
    }
    for (int i = 0; i < count; i++) {
      plan(i);
    }
    interactions.sort(Comparator.comparing(Interaction::getOccurredAt).thenComparing(Interaction::getInteractionId));
  }

  List<PlantedChurner> churners() {
    return churners;
  }

  /** Every churner's interactions, in time order. */
  List<Interaction> interactions() {
    return interactions;
  }

  private void plan(int index) {
    int number = firstNumber + index;
    String customerId = CustomerIdentities.customerId(number);
    double u = random.nextDouble();
    String strength = u < 0.5 ? "strong" : u < 0.8 ? "moderate" : "quiet";
    String tier = Phrasebook.pick(List.of("gold", "gold", "silver", "silver", "bronze"), random);
    String problem = Phrasebook.pick(PROBLEMS, random);
    Map<String, String> dims = Map.of(
        "product", Phrasebook.pick(List.of("fibre-1g", "fibre-300", "mobile-unlimited", "mobile-basic", "tv-plus"), random),
        "region", Phrasebook.pick(List.of("north", "south", "east", "west"), random),
        "segment", random.nextDouble() < 0.8 ? "consumer" : "premium");

    long length = Duration.between(start, end).toMillis();
    long span = (long) ((3 + random.nextDouble() * 4) * DAY);
    span = Math.min(span, length - 6 * HOUR);
    long earliestCancel = start.toEpochMilli() + span;
    long latestCancel = end.toEpochMilli() - HOUR;
    long cancelAt = daytime(earliestCancel + (long) (random.nextDouble() * Math.max(0, latestCancel - earliestCancel)));
    cancelAt = Math.min(cancelAt, latestCancel);
    long journeyStart = cancelAt - span;

    Journey j = new Journey(customerId, number, index, tier, problem, dims);
    double p = switch (strength) {
      case "strong" -> 0.85;
      case "moderate" -> 0.55;
      default -> 0.2;
    };
    long t = journeyStart;
    if (random.nextDouble() < p) {
      j.add(t, Channel.SURVEY, problem, Direction.INBOUND, random.nextDouble() < 0.7 ? 9 + random.nextInt(2) : 7 + random.nextInt(2),
          random.nextDouble() < 0.5 ? Phrasebook.positive(problem, random) : null, null, null, true, true);
    }
    // The first problem: a call or a chat that does not solve it. Every churner has one.
    t = daytime(t + (long) ((0.3 + random.nextDouble() * 0.7) * DAY));
    j.add(t, random.nextDouble() < 0.6 ? Channel.CALL : Channel.CHAT, problem, Direction.INBOUND, null,
        Phrasebook.negative(problem, random), 90 + random.nextInt(600), random.nextDouble() < 0.5 ? 1 : 0, false, true);
    if (random.nextDouble() < p) {
      t = daytime(t + (long) ((0.5 + random.nextDouble()) * DAY));
      j.add(t, Channel.CALL, problem, Direction.INBOUND, null, Phrasebook.churn("repeat", random),
          300 + random.nextInt(1500), 2 + random.nextInt(2), false, true);
    }
    if (random.nextDouble() < p) {
      t = daytime(t + (long) ((0.2 + random.nextDouble() * 0.6) * DAY));
      boolean neverAnswered = random.nextDouble() < 0.5;
      j.add(t, Channel.EMAIL, problem, Direction.INBOUND, null, Phrasebook.churn("unanswered", random),
          neverAnswered ? null : (int) ((2 + random.nextDouble() * 2) * DAY / 1000), null, false,
          random.nextDouble() < 0.4);
    }
    if (random.nextDouble() < p * 0.8) {
      t = daytime(t + (long) ((0.3 + random.nextDouble() * 0.7) * DAY));
      j.add(t, Channel.SOCIAL, problem, Direction.INBOUND, null, Phrasebook.churn("social", random),
          null, null, false, false);
    }
    if (random.nextDouble() < p) {
      t = daytime(t + (long) ((0.2 + random.nextDouble() * 0.5) * DAY));
      j.add(t, Channel.SURVEY, problem, Direction.INBOUND, random.nextInt(5),
          random.nextDouble() < 0.7 ? Phrasebook.churn("complaint", random) : null, null, null, false, true);
    }
    if (random.nextDouble() < p * 0.7 && cancelAt - t > 4 * DAY) {
      // A complaint, then silence until the cancellation.
      t = daytime(t + (long) (0.3 * DAY));
      j.add(t, Channel.CHAT, problem, Direction.INBOUND, null, Phrasebook.churn("complaint", random),
          60 + random.nextInt(300), 0, false, true);
    } else if (random.nextDouble() < p * 0.6) {
      t = daytime(t + (long) ((0.3 + random.nextDouble() * 0.5) * DAY));
      j.add(t, Channel.CALL, problem, Direction.INBOUND, null, Phrasebook.churn("transferred", random),
          600 + random.nextInt(1800), 3, false, true);
    }
    j.add(Math.max(cancelAt, t + HOUR), Phrasebook.pick(List.of(Channel.CALL, Channel.EMAIL, Channel.CHAT), random),
        "cancellation", Direction.INBOUND, null, Phrasebook.churn("cancel", random), 120, 0, false, true);
    long cancelled = Math.max(cancelAt, t + HOUR);
    churners.add(new PlantedChurner(customerId, Instant.ofEpochMilli(journeyStart), Instant.ofEpochMilli(cancelled), tier,
        problem, strength));
  }

  /** Moves a time into the customer's day: 8:00 to 21:00 UTC. */
  private long daytime(long millis) {
    long day = Math.floorDiv(millis, DAY) * DAY;
    long hour = (millis - day) / HOUR;
    if (hour < 8) {
      return day + 8 * HOUR + (long) (random.nextDouble() * 3 * HOUR);
    }
    if (hour >= 21) {
      return day + DAY + 8 * HOUR + (long) (random.nextDouble() * 3 * HOUR);
    }
    return millis;
  }

  /** Builds one churner's interactions. */
  private final class Journey {
    private final String customerId;
    private final int number;
    private final int index;
    private final String tier;
    private final Map<String, String> dims;
    private int sequence;

    Journey(String customerId, int number, int index, String tier, String problem, Map<String, String> dims) {
      this.customerId = customerId;
      this.number = number;
      this.index = index;
      this.tier = tier;
      this.dims = dims;
    }

    /**
     * @param wait seconds until a first answer, or null (not answered, or not a waiting channel)
     * @param withCustomerId whether the channel knew the customer id (social posts and many e-mails do not)
     */
    void add(long at, Channel channel, String touchpoint, Direction direction, Integer nps, String text, Integer wait,
        Integer transfers, boolean resolved, boolean withCustomerId) {
      if (at >= end.toEpochMilli()) {
        at = end.toEpochMilli() - HOUR + sequence;
      }
      Interaction.Builder b = Interaction.newBuilder()
          .setInteractionId("churner-" + index + "-" + (sequence++))
          .setChannel(channel)
          .setOccurredAt(Instant.ofEpochMilli(at))
          .setCustomerId(withCustomerId ? customerId : null)
          .setTouchpoint(touchpoint)
          .setProduct(dims.get("product"))
          .setRegion(dims.get("region"))
          .setSegment(dims.get("segment"))
          .setTeam(channel == Channel.SOCIAL ? "social-care" : channel == Channel.CALL ? "care-voice" : "care-digital")
          .setConversationId("conv-churner-" + index + "-" + sequence)
          .setDirection(direction)
          .setConsent(true)
          .setResolved(channel == Channel.SURVEY ? null : resolved)
          .setNps(nps)
          .setText(text)
          .setLanguage(text == null ? null : "en")
          .setWaitSeconds(wait)
          .setTransfers(transfers)
          .setAttributes(Map.of("valueTier", tier));
      switch (channel) {
        case EMAIL -> b.setEmail(CustomerIdentities.email(number));
        case SOCIAL -> b.setSocialHandle(CustomerIdentities.handle(number));
        case SMS, CALL -> b.setPhone(CustomerIdentities.phone(number));
        default -> { }
      }
      interactions.add(b.build());
    }
  }
}
