package earshot.lab.generator;

import earshot.schemas.Channel;
import earshot.schemas.Direction;
import earshot.schemas.Interaction;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * A realistic synthetic stream of customer interactions, reproducible from its seed: a channel,
 * touchpoint, product, region and segment mix; daily and weekly seasonality of volume; survey
 * answer rates per channel with a stable NPS distribution; texts whose tone follows the answers;
 * wait times, transfers, consent and a few messages in other languages; the identifiers each
 * channel knows (customer id, e-mail, phone, social handle). Planted {@link Incident}s change the
 * behaviour of the interactions they match while they last; planted churners
 * ({@link #withChurners}) walk towards a cancellation.
 */
public final class InteractionGenerator {

  /**
   * Where a generated stream starts when its user names no start: a fixed Monday, so that a seed
   * gives the same stream whatever the day it runs.
   */
  public static final Instant DEFAULT_START = Instant.parse("2026-11-02T00:00:00Z");

  /** Relative weights of the categorical dimensions. */
  static final Map<String, Map<String, Double>> MIX = Map.of(
      "channel", ordered("CALL", 25, "EMAIL", 14, "CHAT", 20, "SMS", 5, "SOCIAL", 7, "STORE", 8, "AFTER_SALES", 5,
          "APP", 10, "SURVEY", 6),
      "touchpoint", ordered("purchase", 14, "delivery", 18, "onboarding", 8, "billing", 16, "renewal", 7,
          "support", 30, "cancellation", 7),
      "product", ordered("fibre-1g", 25, "fibre-300", 20, "mobile-unlimited", 25, "mobile-basic", 15, "tv-plus", 15),
      "region", ordered("north", 25, "south", 25, "east", 25, "west", 25),
      "segment", ordered("consumer", 70, "business", 20, "premium", 10));

  /** Hour-of-day volume profile (UTC), mean 1 over a day. */
  private static final double[] HOURLY = normalise(new double[] {
      0.15, 0.10, 0.08, 0.08, 0.10, 0.20, 0.45, 0.90, 1.40, 1.70, 1.80, 1.75,
      1.50, 1.60, 1.70, 1.65, 1.50, 1.30, 1.10, 0.95, 0.80, 0.60, 0.40, 0.25});

  /** Day-of-week volume profile, Monday first, mean 1 over a week. */
  private static final double[] WEEKLY = normalise(new double[] {1.20, 1.10, 1.05, 1.05, 1.00, 0.85, 0.75});

  private final Instant start;
  private final Duration length;
  private final double perMinute;
  private final long seed;
  private final List<Incident> incidents;
  private final int customers;
  private final int churnerCount;
  private ChurnerPlanner churnPlan;
  /** Traffic at the same mean rate every hour of every day (for live measurements that must not depend on the hour). */
  private boolean flat;
  /** Monthly churn rate of the latent-propensity mode ({@link LatentChurn}); NaN in the planted mode. */
  private final double latentMonthlyRate;
  /** The latent churn of the last generation, or null. */
  private LatentChurn latent;
  /** Draws of the latent mode, apart from the stream's own. */
  private SplittableRandom latentRandom;
  /** Customers of the stream (not planted churners) who wrote an explicit request to cancel, first time each. */
  private final Map<String, Instant> cancellationRequests = new LinkedHashMap<>();

  /**
   * @param perMinute mean interactions per minute over a week
   */
  public InteractionGenerator(Instant start, Duration length, double perMinute, long seed, List<Incident> incidents) {
    this(start, length, perMinute, seed, incidents, 0, Double.NaN);
  }

  private InteractionGenerator(Instant start, Duration length, double perMinute, long seed, List<Incident> incidents,
      int churners, double latentMonthlyRate) {
    if (perMinute <= 0) {
      throw new IllegalArgumentException("rate must be positive");
    }
    this.start = start.truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
    this.length = length;
    this.perMinute = perMinute;
    this.seed = seed;
    this.incidents = List.copyOf(incidents);
    this.customers = (int) Math.max(100, Math.min(2_000_000, perMinute * 60 * 24 * 3));
    if (churners < 0) {
      throw new IllegalArgumentException("the number of churners must not be negative");
    }
    this.churnerCount = churners;
    this.latentMonthlyRate = latentMonthlyRate;
    if (churners > 0 && !Double.isNaN(latentMonthlyRate)) {
      throw new IllegalArgumentException("planted churners and latent churn are two different modes");
    }
  }

  /**
   * The same stream with {@code count} churners planted ({@link ChurnerPlanner}): their interactions
   * are added, everything else stays as it was.
   */
  public InteractionGenerator withChurners(int count) {
    return new InteractionGenerator(start, length, perMinute, seed, incidents, count, latentMonthlyRate);
  }

  /**
   * The same stream's customers with churn drawn from a latent propensity ({@link LatentChurn}) at
   * {@code monthlyRate} (such as 0.03: 3% of customers a month): ordinary bad experiences raise a
   * customer's hazard, churners leave after their ordinary contacts, half of them without a word;
   * no journey is planted. A share of e-mails and social posts goes unanswered, and a customer makes
   * no contact after cancelling, so the stream differs from the planted mode's.
   */
  public InteractionGenerator withLatentChurn(double monthlyRate) {
    return new InteractionGenerator(start, length, perMinute, seed, incidents, 0, monthlyRate);
  }

  /** Whether churn follows a latent propensity ({@link #withLatentChurn}) rather than planted journeys. */
  public boolean latentChurn() {
    return !Double.isNaN(latentMonthlyRate);
  }

  /** How many customers the stream draws its contacts from. */
  public int customers() {
    return customers;
  }

  /**
   * The same stream without daily and weekly seasonality: {@code perMinute} on average in every
   * minute. A measurement made live, at whatever hour it runs, then sees the same traffic.
   */
  public InteractionGenerator withFlatTraffic() {
    InteractionGenerator copy = withChurners(churnerCount);
    copy.flat = true;
    return copy;
  }

  /**
   * The customers of the stream, other than the planted churners, who wrote an explicit request to
   * cancel (the generator's negative texts about cancellation all are), with the time of their first;
   * known once the stream has been generated. They leave without a planted journey: a churn report
   * does not count them as false flags.
   */
  public List<PlantedChurner> cancellationRequests() {
    return cancellationRequests.entrySet().stream()
        .map(e -> new PlantedChurner(e.getKey(), e.getValue(), e.getValue(), null, "cancellation", "request"))
        .toList();
  }

  /**
   * The churners planted, with their cancellation times; in the latent mode, the customers who
   * cancelled within the stream (journey start = when they decided; strength = {@code experience} or
   * {@code baseline}, see {@link LatentChurn}), known once the stream has been generated (a stream
   * not generated yet is generated and discarded first).
   */
  public List<PlantedChurner> churners() {
    if (latentChurn()) {
      if (latent == null) {
        generate(interaction -> { });
      }
      return latent.churners(end().toEpochMilli());
    }
    return plan().churners();
  }

  private ChurnerPlanner plan() {
    if (churnPlan == null) {
      churnPlan = new ChurnerPlanner(start, end(), churnerCount, customers, seed);
    }
    return churnPlan;
  }

  /**
   * Writes the CRM export of every customer of this stream ({@link earshot.jobs.identity.CrmExport}):
   * customer id and the e-mail address, phone and social handle the CRM holds for each (not all of
   * them have all three). Returns how many rows.
   */
  public long writeCrmExport(java.nio.file.Path file) throws java.io.IOException {
    List<Integer> churnerNumbers = new ArrayList<>();
    for (int i = 0; i < churnerCount; i++) {
      churnerNumbers.add(customers + i);
    }
    return CustomerIdentities.writeCrmExport(file, customers, churnerNumbers);
  }

  public Instant start() {
    return start;
  }

  public Instant end() {
    return start.plus(length);
  }

  /** Expected share of traffic an incident's dimensions cover. */
  public static double coverage(Incident incident) {
    return incident.coverage(MIX);
  }

  /**
   * Calls {@code out} for every interaction when the wall clock reaches its time (those in the past
   * at once), for live traffic. Stops early, between interactions, once {@code keepGoing} says no or
   * the thread is interrupted.
   *
   * @return whether every interaction was handed over
   */
  public boolean generatePaced(Consumer<Interaction> out, java.util.function.BooleanSupplier keepGoing) {
    try {
      generate(interaction -> {
        long due = interaction.getOccurredAt().toEpochMilli();
        try {
          // Short sleeps, so a stop is noticed within half a second even in a quiet minute.
          while (System.currentTimeMillis() < due) {
            if (!keepGoing.getAsBoolean()) {
              throw new StopPacing();
            }
            Thread.sleep(Math.min(500, Math.max(1, due - System.currentTimeMillis())));
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new StopPacing();
        }
        if (!keepGoing.getAsBoolean()) {
          throw new StopPacing();
        }
        out.accept(interaction);
      });
      return true;
    } catch (StopPacing stop) {
      return false;
    }
  }

  /** Ends a paced generation early. */
  private static final class StopPacing extends RuntimeException {
    private static final long serialVersionUID = 1L;
  }

  /** Calls {@code out} for every interaction, in time order. */
  public void generate(Consumer<Interaction> out) {
    SplittableRandom random = new SplittableRandom(seed);
    // Which identifiers a channel knew is drawn apart, so that the rest of the stream does not change with it.
    SplittableRandom ids = new SplittableRandom(seed * 31 + 7);
    cancellationRequests.clear();
    latent = latentChurn() ? new LatentChurn(customers, latentMonthlyRate, seed) : null;
    latentRandom = new SplittableRandom(seed * 131 + 29);
    List<Interaction> planted = plan().interactions();
    int nextPlanted = 0;
    long sequence = 0;
    long minutes = length.toMinutes();
    List<Interaction> minute = new ArrayList<>();
    for (long m = 0; m < minutes; m++) {
      long minuteStart = start.toEpochMilli() + m * 60_000;
      ZonedDateTime time = Instant.ofEpochMilli(minuteStart).atZone(ZoneOffset.UTC);
      double expected = flat ? perMinute : perMinute * HOURLY[time.getHour()] * WEEKLY[time.getDayOfWeek().getValue() - 1];
      int count = poisson(expected, random);
      minute.clear();
      if (latent != null && minuteStart % 3_600_000L == 0) {
        latent.step(minuteStart);
      }
      if (latent != null) {
        for (int customer : latent.contactsToCancel(minuteStart, minuteStart + 60_000)) {
          minute.add(cancellation(customer, latent.cancelAt(customer), ids));
        }
      }
      for (int i = 0; i < count; i++) {
        Map<String, String> dims = drawDimensions(random);
        long at = minuteStart + random.nextLong(60_000);
        if (droppedByIncident(dims, at, random)) {
          continue;
        }
        minute.add(interaction("gen-" + seed + "-" + (sequence++), at, dims, random, ids));
      }
      for (Incident incident : incidents) {
        if (incident.type().equals("VOLUME_SURGE") && incident.activeAt(minuteStart)) {
          int extra = poisson(expected * coverage(incident) * incident.intensity(), random);
          for (int i = 0; i < extra; i++) {
            Map<String, String> dims = drawDimensions(random);
            dims.putAll(lowerKeys(incident.dimensions()));
            long at = minuteStart + random.nextLong(60_000);
            minute.add(interaction("gen-" + seed + "-" + (sequence++), at, dims, random, ids));
          }
        }
      }
      while (nextPlanted < planted.size() && planted.get(nextPlanted).getOccurredAt().toEpochMilli() < minuteStart + 60_000) {
        minute.add(planted.get(nextPlanted++));
      }
      minute.sort(java.util.Comparator.comparing(Interaction::getOccurredAt).thenComparing(Interaction::getInteractionId));
      minute.forEach(out);
    }
  }

  private boolean droppedByIncident(Map<String, String> dims, long at, SplittableRandom random) {
    for (Incident incident : incidents) {
      if (incident.type().equals("VOLUME_DROP") && incident.activeAt(at) && incident.matches(dims)
          && random.nextDouble() < Math.min(1.0, incident.intensity())) {
        return true;
      }
    }
    return false;
  }

  private Interaction interaction(String id, long at, Map<String, String> dims, SplittableRandom random,
      SplittableRandom ids) {
    Channel channel = Channel.valueOf(dims.get("channel"));
    String touchpoint = dims.get("touchpoint");
    int customer = skewedCustomer(random);
    // A customer who has cancelled makes no contact: another one does.
    for (int tries = 0; latent != null && latent.gone(customer, at) && tries < 20; tries++) {
      customer = skewedCustomer(random);
    }
    Interaction.Builder b = Interaction.newBuilder()
        .setInteractionId(id)
        .setChannel(channel)
        .setOccurredAt(Instant.ofEpochMilli(at))
        .setCustomerId(CustomerIdentities.customerId(customer))
        .setTouchpoint(touchpoint)
        .setProduct(dims.get("product"))
        .setRegion(dims.get("region"))
        .setSegment(dims.get("segment"))
        .setTeam(team(channel))
        .setAgentId(channel == Channel.SOCIAL || channel == Channel.SURVEY ? null : "agent-" + random.nextInt(60))
        .setConversationId("conv-" + id)
        .setDirection(random.nextDouble() < 0.9 ? Direction.INBOUND : Direction.OUTBOUND)
        .setConsent(random.nextDouble() < 0.96)
        .setResolved(random.nextDouble() < 0.72)
        .setAttributes(Map.of("valueTier", Phrasebook.pick(List.of("gold", "silver", "silver", "bronze", "bronze"), random)));
    identify(customer, channel, ids, b);

    // Tone: a promoter writes well of us, a detractor badly; without an answer, a fixed mix.
    Integer nps = random.nextDouble() < npsRate(channel) ? baselineNps(random) : null;
    String tone = nps == null ? toneWithoutAnswer(random) : nps >= 9 ? "positive" : nps >= 7 ? "neutral" : "negative";
    Integer wait = baselineWait(channel, random);
    int transfers = baselineTransfers(random);
    String text = null;
    String topic = null;

    for (Incident incident : incidents) {
      if (!incident.activeAt(at) || !incident.matches(dims)) {
        continue;
      }
      boolean hit = random.nextDouble() < Math.min(1.0, incident.intensity());
      switch (incident.type()) {
        case "DETRACTOR_SPIKE", "NPS_DROP" -> {
          if (hit) {
            if (nps == null && random.nextDouble() < 0.5) {
              nps = random.nextInt(5);
            } else if (nps != null) {
              nps = random.nextInt(5);
            }
            tone = "negative";
          }
        }
        case "NEGATIVE_SENTIMENT_SHIFT" -> {
          if (hit) {
            tone = "negative";
          }
        }
        case "EMERGING_TOPIC" -> {
          if (hit) {
            topic = incident.topic() == null ? "login loop error" : incident.topic();
          }
        }
        case "SERVICE_LEVEL" -> {
          if (wait != null) {
            wait = (int) (wait * (1 + 3 * incident.intensity()));
          }
          if (hit) {
            transfers++;
          }
        }
        default -> { }
      }
    }

    if (topic != null) {
      text = Phrasebook.aboutTopic(topic, random);
    } else if (random.nextDouble() < textRate(channel)) {
      if (random.nextDouble() < 0.02) {
        text = Phrasebook.foreign(random);
      } else {
        if (tone.equals("negative") && "cancellation".equals(touchpoint)) {
          // Every negative text about cancellation asks to cancel: this customer leaves too.
          cancellationRequests.putIfAbsent(CustomerIdentities.customerId(customer), Instant.ofEpochMilli(at));
        }
        text = switch (tone) {
          case "negative" -> Phrasebook.negative(touchpoint, random);
          case "positive" -> Phrasebook.positive(touchpoint, random);
          default -> Phrasebook.neutral(touchpoint, random);
        };
      }
    }
    boolean unanswered = false;
    if (latent != null && b.getDirection() == Direction.INBOUND && (channel == Channel.EMAIL || channel == Channel.SOCIAL)
        && latentRandom.nextDouble() < UNANSWERED_SHARE) {
      wait = null;
      b.setResolved(false);
    }
    if (latent != null && b.getDirection() == Direction.INBOUND && wait == null && Boolean.FALSE.equals(b.getResolved())
        && (channel == Channel.EMAIL || channel == Channel.SOCIAL || channel == Channel.SMS || channel == Channel.APP)) {
      unanswered = true;
    }
    // The customer's experience, whatever the language they wrote in.
    boolean negativeText = text != null && topic == null && tone.equals("negative");
    b.setText(text).setLanguage(text == null ? null : "en").setNps(nps)
        .setCsat(random.nextDouble() < 0.22 ? csatFromTone(tone, random) : null)
        .setCes(random.nextDouble() < 0.12 ? cesFromTone(tone, random) : null)
        .setWaitSeconds(wait)
        .setHandleSeconds(channel == Channel.SURVEY ? null : 60 + random.nextInt(900))
        .setTransfers(channel == Channel.CALL || channel == Channel.CHAT ? transfers : null);
    Interaction built = b.build();
    if (latent != null) {
      latent.observe(customer, built, negativeText, unanswered);
    }
    return built;
  }

  /** Share of inbound e-mails and social posts nobody answers, in the latent mode. */
  static final double UNANSWERED_SHARE = 0.08;

  /** A leaver's contact to cancel (latent mode): a call, chat or e-mail about cancelling. */
  private Interaction cancellation(int customer, long at, SplittableRandom ids) {
    Channel channel = Phrasebook.pick(List.of(Channel.CALL, Channel.CHAT, Channel.EMAIL), latentRandom);
    Interaction.Builder b = Interaction.newBuilder()
        .setInteractionId("gen-" + seed + "-cancel-" + customer)
        .setChannel(channel)
        .setOccurredAt(Instant.ofEpochMilli(at))
        .setCustomerId(CustomerIdentities.customerId(customer))
        .setTouchpoint("cancellation")
        .setProduct(weighted(MIX.get("product"), latentRandom))
        .setRegion(weighted(MIX.get("region"), latentRandom))
        .setSegment(weighted(MIX.get("segment"), latentRandom))
        .setTeam(team(channel))
        .setAgentId(channel == Channel.EMAIL ? null : "agent-" + latentRandom.nextInt(60))
        .setConversationId("conv-gen-" + seed + "-cancel-" + customer)
        .setDirection(Direction.INBOUND)
        .setConsent(true)
        .setResolved(true)
        .setText(Phrasebook.churn("cancel", latentRandom))
        .setLanguage("en")
        .setWaitSeconds(baselineWait(channel, latentRandom))
        .setTransfers(channel == Channel.CALL || channel == Channel.CHAT ? 0 : null)
        .setAttributes(Map.of("valueTier", Phrasebook.pick(List.of("gold", "silver", "silver", "bronze", "bronze"),
            latentRandom)));
    identify(customer, channel, ids, b);
    return b.build();
  }

  /**
   * What the channel knew of the customer: an e-mail carries the sender's address (and the customer
   * id only when the customer wrote from a logged-in form), a social post the handle, an SMS and most
   * calls the phone number; store, after-sales and survey contacts the customer id.
   */
  private static void identify(int customer, Channel channel, SplittableRandom ids, Interaction.Builder b) {
    boolean knowsId = true;
    switch (channel) {
      case EMAIL -> {
        b.setEmail(CustomerIdentities.email(customer));
        knowsId = ids.nextDouble() < 0.6;
      }
      case SOCIAL -> {
        b.setSocialHandle(CustomerIdentities.handle(customer));
        knowsId = ids.nextDouble() < 0.2;
      }
      case SMS -> {
        b.setPhone(CustomerIdentities.phone(customer));
        knowsId = ids.nextDouble() < 0.5;
      }
      case CALL -> {
        if (ids.nextDouble() < 0.8) {
          b.setPhone(CustomerIdentities.phone(customer));
        }
      }
      case CHAT, APP -> {
        if (ids.nextDouble() < 0.3) {
          b.setEmail(CustomerIdentities.email(customer));
        }
      }
      default -> { }
    }
    if (!knowsId) {
      b.setCustomerId(null);
    }
  }

  private int skewedCustomer(SplittableRandom random) {
    // Squaring a uniform draw makes low ids (frequent contacters) much more common.
    double u = random.nextDouble();
    return (int) (u * u * customers);
  }

  /** Share of a slice's contacts with a survey answer: its channel's, or the channel mix's average. */
  static double answerRate(Map<String, String> slice) {
    for (Map.Entry<String, String> entry : slice.entrySet()) {
      if (entry.getKey().equalsIgnoreCase("channel")) {
        return npsRate(Channel.valueOf(entry.getValue().toUpperCase(java.util.Locale.ROOT)));
      }
    }
    Map<String, Double> mix = MIX.get("channel");
    double total = mix.values().stream().mapToDouble(Double::doubleValue).sum();
    return mix.entrySet().stream().mapToDouble(e -> e.getValue() * npsRate(Channel.valueOf(e.getKey()))).sum() / total;
  }

  private static double npsRate(Channel channel) {
    return switch (channel) {
      case SURVEY -> 0.95;
      case CALL, CHAT -> 0.40;
      case STORE, AFTER_SALES -> 0.30;
      default -> 0.20;
    };
  }

  private static double textRate(Channel channel) {
    return switch (channel) {
      case EMAIL, CHAT, SMS, SOCIAL, APP -> 0.97;
      case SURVEY, CALL, AFTER_SALES -> 0.6;
      default -> 0.25;
    };
  }

  /** About 52% promoters, 30% passives, 18% detractors: an NPS near +34. */
  private static int baselineNps(SplittableRandom random) {
    double u = random.nextDouble();
    if (u < 0.18) {
      return random.nextInt(7);
    }
    if (u < 0.48) {
      return 7 + random.nextInt(2);
    }
    return 9 + random.nextInt(2);
  }

  private static String toneWithoutAnswer(SplittableRandom random) {
    double u = random.nextDouble();
    return u < 0.22 ? "negative" : u < 0.70 ? "neutral" : "positive";
  }

  private static Integer baselineWait(Channel channel, SplittableRandom random) {
    double median = switch (channel) {
      case CALL -> 90;
      case CHAT -> 40;
      case EMAIL -> 3 * 3600;
      case SOCIAL -> 1800;
      case SMS -> 600;
      default -> -1;
    };
    if (median < 0) {
      return null;
    }
    // Log-normal around the median.
    return (int) Math.max(1, median * Math.exp(0.6 * gaussian(random)));
  }

  private static int baselineTransfers(SplittableRandom random) {
    double u = random.nextDouble();
    return u < 0.85 ? 0 : u < 0.96 ? 1 : u < 0.99 ? 2 : 3;
  }

  private static int csatFromTone(String tone, SplittableRandom random) {
    return switch (tone) {
      case "negative" -> 1 + random.nextInt(3);
      case "positive" -> 4 + random.nextInt(2);
      default -> 3 + random.nextInt(3);
    };
  }

  private static int cesFromTone(String tone, SplittableRandom random) {
    return switch (tone) {
      case "negative" -> 5 + random.nextInt(3);
      case "positive" -> 1 + random.nextInt(2);
      default -> 2 + random.nextInt(4);
    };
  }

  private static String team(Channel channel) {
    return switch (channel) {
      case CALL -> "care-voice";
      case EMAIL, CHAT, SMS, APP -> "care-digital";
      case SOCIAL -> "social-care";
      case STORE -> "stores";
      case AFTER_SALES -> "after-sales";
      default -> "cx-insights";
    };
  }

  private static Map<String, String> drawDimensions(SplittableRandom random) {
    Map<String, String> dims = new LinkedHashMap<>();
    for (String dimension : List.of("channel", "touchpoint", "product", "region", "segment")) {
      dims.put(dimension, weighted(MIX.get(dimension), random));
    }
    return dims;
  }

  private static Map<String, String> lowerKeys(Map<String, String> dims) {
    Map<String, String> out = new LinkedHashMap<>();
    dims.forEach((k, v) -> out.put(k, k.equals("channel") ? v.toUpperCase(java.util.Locale.ROOT) : v));
    return out;
  }

  private static String weighted(Map<String, Double> weights, SplittableRandom random) {
    double total = weights.values().stream().mapToDouble(Double::doubleValue).sum();
    double u = random.nextDouble() * total;
    String last = null;
    for (Map.Entry<String, Double> entry : weights.entrySet()) {
      u -= entry.getValue();
      last = entry.getKey();
      if (u < 0) {
        return last;
      }
    }
    return last;
  }

  static int poisson(double mean, SplittableRandom random) {
    if (mean <= 0) {
      return 0;
    }
    if (mean > 50) {
      return (int) Math.max(0, Math.round(mean + Math.sqrt(mean) * gaussian(random)));
    }
    double limit = Math.exp(-mean);
    double product = random.nextDouble();
    int count = 0;
    while (product > limit) {
      product *= random.nextDouble();
      count++;
    }
    return count;
  }

  private static double gaussian(SplittableRandom random) {
    double u1 = Math.max(1e-12, random.nextDouble());
    double u2 = random.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  private static double[] normalise(double[] profile) {
    double mean = java.util.Arrays.stream(profile).average().orElse(1);
    return java.util.Arrays.stream(profile).map(v -> v / mean).toArray();
  }

  private static Map<String, Double> ordered(Object... pairs) {
    Map<String, Double> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put((String) pairs[i], ((Number) pairs[i + 1]).doubleValue());
    }
    return java.util.Collections.unmodifiableMap(map);
  }

  /** Writes the stream as JSON lines ({@link earshot.schemas.JsonCodec}); returns how many. */
  public long writeJsonLines(java.nio.file.Path out) throws java.io.IOException {
    if (out.getParent() != null) {
      java.nio.file.Files.createDirectories(out.getParent());
    }
    long[] count = {0};
    try (java.io.BufferedWriter writer = java.nio.file.Files.newBufferedWriter(out, java.nio.charset.StandardCharsets.UTF_8)) {
      generate(interaction -> {
        try {
          writer.write(earshot.schemas.JsonCodec.toJson(interaction));
          writer.write('\n');
          count[0]++;
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
    }
    return count[0];
  }

  /**
   * How many interactions of a seasonal stream at {@code perMinute} on average fall in an incident's
   * slice while it lasts, before the incident changes them: what a detector has to judge it on.
   */
  public static double expectedInteractions(Incident incident, double perMinute) {
    double total = 0;
    for (long m = incident.start().toEpochMilli(); m < incident.end().toEpochMilli(); m += 60_000) {
      ZonedDateTime time = Instant.ofEpochMilli(m).atZone(ZoneOffset.UTC);
      total += perMinute * HOURLY[time.getHour()] * WEEKLY[time.getDayOfWeek().getValue() - 1];
    }
    return total * coverage(incident);
  }

  /** Day-of-week factor, for tests of the seasonality. */
  static double weekly(DayOfWeek day) {
    return WEEKLY[day.getValue() - 1];
  }

  static double hourly(int hour) {
    return HOURLY[hour];
  }
}
