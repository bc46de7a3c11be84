package earshot.jobs.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import earshot.schemas.Channel;
import earshot.schemas.Interaction;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class PartialWindowsTest {

  private static final SeriesCatalog CATALOG =
      SeriesCatalog.of(List.of("channel", "touchpoint", "product", "region", "segment"), List.of("touchpoint*region"));
  private static final List<Duration> WINDOWS = List.of(Duration.ofMinutes(5), Duration.ofHours(1));
  private static final long MINUTE = 60_000;
  private static final String[] PHRASES = {"double charged", "login loop", "refund", "delivery late", "great agent"};
  private static final String[] INTENTS = {"CANCEL", "COMPLAIN", "REFUND"};

  /** A fold with room for every slice of {@link #CATALOG}'s values here, and theme samples for one-dimension series. */
  private static final WindowFold FOLD = new WindowFold(400, 2_000, true, 1);

  private record Timed(Observation observation, long at) {}

  /**
   * A few hours of interactions in every series they count in, arriving up to {@code disorderMillis} out of
   * order, with NPS answers, texts and their sentiment, themes, transfers and waits.
   */
  private static List<Timed> stream(long seed, int count, long disorderMillis) {
    Random random = new Random(seed);
    List<Timed> timed = new ArrayList<>();
    long at = 0;
    for (int i = 0; i < count; i++) {
      at += random.nextInt(20_000);
      Interaction interaction = Interaction.newBuilder().setInteractionId("i" + i)
          .setChannel(Channel.values()[random.nextInt(3)]).setOccurredAt(Instant.ofEpochMilli(at))
          .setTouchpoint("t" + random.nextInt(4)).setProduct("p" + random.nextInt(3))
          .setRegion(random.nextInt(5) == 0 ? null : "r" + random.nextInt(3)).setSegment("s" + random.nextInt(2))
          .build();
      Observation base = new Observation();
      base.interactionId = interaction.getInteractionId();
      base.occurredAt = at;
      base.nps = random.nextInt(3) == 0 ? random.nextInt(11) : null;
      base.analysed = random.nextBoolean();
      if (base.analysed) {
        base.sentimentScore = random.nextDouble() * 2 - 1;
        base.negative = base.sentimentScore < -0.3;
        base.text = "text " + i;
        base.keyPhrases = new ArrayList<>(List.of(PHRASES[random.nextInt(PHRASES.length)]));
        if (random.nextInt(4) == 0) {
          base.intents = new ArrayList<>(List.of(INTENTS[random.nextInt(INTENTS.length)]));
        }
      }
      base.transfers = random.nextBoolean() ? random.nextInt(3) : null;
      base.waitSeconds = random.nextBoolean() ? random.nextInt(600) : null;
      base.sliceKeys = CATALOG.sliceKeysFor(interaction);
      long arrives = at + (long) (random.nextDouble() * disorderMillis);
      for (String key : CATALOG.keysFor(interaction)) {
        timed.add(new Timed(base.inSeries(key, CATALOG.sliceMaskOf(key)), arrives));
      }
    }
    // In arrival order; the event time of each stays its own.
    timed.sort(java.util.Comparator.comparingLong(Timed::at));
    return timed;
  }

  private static String windowOf(String series, long at, Duration window) {
    long length = window.toMillis();
    return series + "@" + window + "@" + (at - Math.floorMod(at, length));
  }

  /** Every window's totals from the observations one by one. */
  private static Map<String, CxMetrics> oneByOne(List<Timed> stream) {
    Map<String, CxMetrics> windows = new TreeMap<>();
    for (Timed t : stream) {
      for (Duration window : WINDOWS) {
        FOLD.add(t.observation(), windows.computeIfAbsent(windowOf(t.observation().seriesKey,
            t.observation().occurredAt, window), k -> new CxMetrics()));
      }
    }
    return windows;
  }

  /**
   * Every window's totals from parts: a watermark that trails the latest arrival by {@code lagMillis}, each
   * part added to the windows its timestamp falls in. Also checks that no part reaches a window that the
   * watermark had closed before it came, unless it holds a single late observation.
   */
  private static Map<String, CxMetrics> throughParts(List<Timed> stream, int maxObservations, long lagMillis) {
    PartialWindows parts = new PartialWindows(WINDOWS, maxObservations, FOLD);
    Map<String, CxMetrics> windows = new TreeMap<>();
    long[] watermark = {Long.MIN_VALUE};
    java.util.function.Consumer<PartialWindow> handOver = part -> {
      long at = parts.timestampOf(part);
      if (at <= watermark[0]) {
        assertThat(part.totals.interactions).as("a part for a closed span holds one late observation").isEqualTo(1);
      }
      for (Duration window : WINDOWS) {
        CxMetrics totals = windows.computeIfAbsent(windowOf(part.seriesKey, at, window), k -> new CxMetrics());
        FOLD.addPart(part.seriesKey, part.totals, totals);
      }
    };
    for (Timed t : stream) {
      parts.add(t.observation(), t.observation().occurredAt, watermark[0], handOver);
      long next = t.at() - lagMillis;
      if (next > watermark[0]) {
        // Handed over before the watermark moves on, as the operator does.
        parts.advance(next, handOver);
        watermark[0] = next;
      }
    }
    parts.handOverAll(handOver);
    assertThat(parts.held()).isZero();
    return windows;
  }

  private static void assertSameTotals(Map<String, CxMetrics> expected, Map<String, CxMetrics> actual) {
    assertThat(actual.keySet()).isEqualTo(expected.keySet());
    expected.forEach((window, want) -> {
      CxMetrics got = actual.get(window);
      assertThat(totals(got)).as(window).containsExactly(totals(want));
      assertThat(got.sentimentSum).as(window).isCloseTo(want.sentimentSum, within(1e-9));
      assertThat(got.intents).as(window).isEqualTo(want.intents);
      assertThat(got.keyPhrases).as(window).isEqualTo(want.keyPhrases);
      assertThat(got.examples).extracting(o -> o.interactionId).as(window)
          .isEqualTo(want.examples.stream().map(o -> o.interactionId).toList());
      assertThat(counts(got.breakdown.total)).as(window).containsExactly(counts(want.breakdown.total), within(1e-6));
      assertThat(got.breakdown.dropped).isZero();
      // Whole numbers, summed exactly in doubles whatever the order.
      assertThat(slices(got.breakdown)).as(window).isEqualTo(slices(want.breakdown));
      for (String term : want.breakdown.mentions.keySet()) {
        assertThat(sorted(got.breakdown.mentionSlices(term))).as(window + " mentions of " + term)
            .isEqualTo(sorted(want.breakdown.mentionSlices(term)));
      }
      assertThat(got.breakdown.mentions.keySet()).isEqualTo(want.breakdown.mentions.keySet());
    });
  }

  private static long[] totals(CxMetrics m) {
    return new long[] {m.interactions, m.surveyAnswers, m.promoters, m.passives, m.detractors, m.csatAnswers,
        m.csatSatisfied, m.cesAnswers, m.cesSum, m.sentimentCount, m.negativeCount, m.transferKnown,
        m.transferredInteractions, m.waitCount, m.waitSum};
  }

  private static Map<String, List<Double>> slices(Breakdown breakdown) {
    Map<String, List<Double>> slices = new TreeMap<>();
    breakdown.slices.forEach((key, c) -> slices.put(key, java.util.Arrays.stream(counts(c)).boxed().toList()));
    return slices;
  }

  private static double[] counts(SliceCounts c) {
    return new double[] {c.interactions, c.npsAnswers, c.promoters, c.detractors, c.texts, c.negatives,
        c.transferKnown, c.transferred, c.waitKnown, c.waitSeconds, c.waitSquares};
  }

  private static List<String> sorted(List<List<String>> slices) {
    return slices.stream().map(s -> String.join(",", new java.util.TreeSet<>(s))).sorted().toList();
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 7, 500, 100_000})
  void windowsCountedFromPartsEqualWindowsCountedOneByOne(int maxObservations) {
    List<Timed> stream = stream(11, 2_000, 40_000);
    Map<String, CxMetrics> expected = oneByOne(stream);
    assertThat(expected).hasSizeGreaterThan(100);
    // The watermark trails the arrivals by less than the disorder: some observations come after their span closed.
    assertSameTotals(expected, throughParts(stream, maxObservations, 20_000));
    assertSameTotals(expected, throughParts(stream, maxObservations, 60_000));
  }

  @Test
  void fewerPartsThanObservationsReachTheWindows() {
    List<Timed> stream = stream(5, 2_000, 10_000);
    PartialWindows parts = new PartialWindows(WINDOWS, 100_000, FOLD);
    int[] handedOver = {0};
    long watermark = Long.MIN_VALUE;
    for (Timed t : stream) {
      parts.add(t.observation(), t.observation().occurredAt, watermark, part -> handedOver[0]++);
      watermark = Math.max(watermark, t.at() - 30_000);
      parts.advance(watermark, part -> handedOver[0]++);
    }
    parts.handOverAll(part -> handedOver[0]++);
    // About 8 series per interaction, 15 interactions per 5-minute span: far fewer parts than observations.
    assertThat(handedOver[0]).isLessThan(stream.size() / 5);
  }

  @Test
  void aSpanIsHandedOverOnlyWhenTheWatermarkCoversItsLastMillisecond() {
    PartialWindows parts = new PartialWindows(WINDOWS, 100, FOLD);
    List<PartialWindow> out = new ArrayList<>();
    parts.add(observation("global", "a"), 5 * MINUTE + 10, 0, out::add);
    parts.add(observation("global", "b"), 9 * MINUTE, 0, out::add);
    parts.add(observation("global", "c"), 10 * MINUTE, 0, out::add);
    assertThat(parts.held()).isEqualTo(3);
    parts.advance(10 * MINUTE - 2, out::add);
    assertThat(out).isEmpty();
    parts.advance(10 * MINUTE - 1, out::add);
    assertThat(out).singleElement().satisfies(part -> {
      assertThat(part.start).isEqualTo(5 * MINUTE);
      assertThat(part.totals.interactions).isEqualTo(2);
      assertThat(parts.timestampOf(part)).isEqualTo(10 * MINUTE - 1);
    });
    assertThat(parts.held()).isEqualTo(1);
    // Late: its span closed already; it goes on alone, at once.
    parts.add(observation("global", "d"), 7 * MINUTE, 10 * MINUTE - 1, out::add);
    assertThat(out).hasSize(2);
    assertThat(out.get(1).totals.interactions).isEqualTo(1);
    assertThat(parts.held()).isEqualTo(1);
  }

  @Test
  void reachingTheLimitHandsEverythingOver() {
    PartialWindows parts = new PartialWindows(WINDOWS, 3, FOLD);
    List<PartialWindow> out = new ArrayList<>();
    parts.add(observation("global", "a"), MINUTE, 0, out::add);
    parts.add(observation("channel=CALL", "a"), MINUTE, 0, out::add);
    assertThat(out).isEmpty();
    parts.add(observation("global", "b"), 6 * MINUTE, 0, out::add);
    assertThat(out).extracting(p -> p.seriesKey + "@" + p.start + "x" + p.totals.interactions)
        .containsExactly("global@0x1", "channel=CALL@0x1", "global@" + 5 * MINUTE + "x1");
    assertThat(parts.held()).isZero();
  }

  @Test
  void theSpanDividesEveryWindowLength() {
    assertThat(new PartialWindows(List.of(Duration.ofMinutes(10), Duration.ofMinutes(15)), 1, FOLD).spanMillis())
        .isEqualTo(5 * MINUTE);
    assertThat(new PartialWindows(List.of(Duration.ofHours(1)), 1, FOLD).spanMillis()).isEqualTo(60 * MINUTE);
    assertThatThrownBy(() -> new PartialWindows(List.of(), 1, FOLD)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aWindowKeepsItsOwnCapWhenItsPartsCountedMore() {
    // Parts counted with room for 2,000 slices of the global series; a window that keeps 40 and does not sketch.
    WindowFold narrow = new WindowFold(40, 40, false, -1);
    Map<String, Long> slices = new HashMap<>();
    CxMetrics window = new CxMetrics();
    for (Timed t : stream(3, 500, 0)) {
      if (t.observation().seriesKey.equals(SeriesCatalog.GLOBAL)) {
        PartialWindow part = new PartialWindow(SeriesCatalog.GLOBAL, 0);
        FOLD.add(t.observation(), part.totals);
        part.totals.breakdown.slices.forEach((k, v) -> slices.merge(k, 1L, Long::sum));
        narrow.addPart(SeriesCatalog.GLOBAL, part.totals, window);
      }
    }
    assertThat(slices).hasSizeGreaterThan(40);
    assertThat(window.breakdown.slices).hasSize(40);
    assertThat(window.breakdown.dropped).isPositive();
    assertThat(window.breakdown.sketched()).isFalse();
  }

  @Test
  void whenNotAllOfAPartsSlicesFitTheBusiestEnterFirst() {
    Breakdown part = new Breakdown();
    for (int i = 0; i < 30; i++) {
      SliceCounts counts = new SliceCounts();
      counts.interactions = i % 10 == 0 ? 50 + i : 1;
      part.slices.put("touchpoint=t" + i, counts);
    }
    Breakdown window = new Breakdown();
    SliceCounts kept = new SliceCounts();
    kept.interactions = 1;
    window.slices.put("touchpoint=t5", kept);
    window.addPart(part, 4, false);
    // t5 was there already; of the rest, the three busiest.
    assertThat(window.slices.keySet()).containsExactlyInAnyOrder("touchpoint=t5", "touchpoint=t0", "touchpoint=t10",
        "touchpoint=t20");
    assertThat(window.slices.get("touchpoint=t5").interactions).isEqualTo(2);
    assertThat(window.dropped).isEqualTo(26);
  }

  private static Observation observation(String series, String id) {
    Observation o = new Observation();
    o.seriesKey = series;
    o.interactionId = id;
    o.nps = 3;
    return o;
  }
}
