package earshot.lab.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import earshot.schemas.Interaction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InteractionGeneratorTest {

  private static final Instant MONDAY = Instant.parse("2026-11-02T00:00:00Z");

  private static List<Interaction> generate(Duration length, double rate, long seed, List<Incident> incidents) {
    List<Interaction> all = new ArrayList<>();
    new InteractionGenerator(MONDAY, length, rate, seed, incidents).generate(all::add);
    return all;
  }

  @Test
  void theSameSeedGivesTheSameStreamAndAnotherSeedAnotherOne() {
    List<Interaction> first = generate(Duration.ofHours(6), 20, 5, List.of());
    assertThat(generate(Duration.ofHours(6), 20, 5, List.of())).isEqualTo(first);
    assertThat(generate(Duration.ofHours(6), 20, 6, List.of())).isNotEqualTo(first);
    assertThat(first).isSortedAccordingTo(java.util.Comparator.comparing(Interaction::getOccurredAt));
  }

  @Test
  void volumeFollowsTheDayAndTheWeek() {
    List<Interaction> week = generate(Duration.ofDays(7), 10, 3, List.of());
    long nights = week.stream().filter(i -> i.getOccurredAt().atZone(ZoneOffset.UTC).getHour() == 3).count();
    long noons = week.stream().filter(i -> i.getOccurredAt().atZone(ZoneOffset.UTC).getHour() == 10).count();
    assertThat(noons).isGreaterThan(8 * nights);
    long mondays = week.stream().filter(i -> i.getOccurredAt().atZone(ZoneOffset.UTC).getDayOfWeek() == DayOfWeek.MONDAY).count();
    long sundays = week.stream().filter(i -> i.getOccurredAt().atZone(ZoneOffset.UTC).getDayOfWeek() == DayOfWeek.SUNDAY).count();
    assertThat((double) mondays / sundays).isBetween(1.4, 1.9);
    // The mean over the week is the rate asked for.
    assertThat(week.size() / (7 * 24 * 60.0)).isBetween(9.5, 10.5);
  }

  @Test
  void pacedGenerationHandsOverThePastAtOnceAndStopsWhenAsked() {
    InteractionGenerator past = new InteractionGenerator(MONDAY, Duration.ofMinutes(30), 10, 3, List.of());
    List<Interaction> all = new ArrayList<>();
    past.generate(all::add);
    List<Interaction> paced = new ArrayList<>();
    assertThat(past.generatePaced(paced::add, () -> true)).isTrue();
    assertThat(paced).isEqualTo(all);

    List<Interaction> stopped = new ArrayList<>();
    assertThat(past.generatePaced(stopped::add, () -> stopped.size() < 5)).isFalse();
    assertThat(stopped).hasSize(5);

    // A stream an hour ahead: nothing is due yet, and a stop is noticed while waiting.
    InteractionGenerator future = new InteractionGenerator(Instant.now().plus(Duration.ofHours(1)),
        Duration.ofMinutes(5), 10, 3, List.of());
    long deadline = System.currentTimeMillis() + 300;
    List<Interaction> early = new ArrayList<>();
    assertThat(future.generatePaced(early::add, () -> System.currentTimeMillis() < deadline)).isFalse();
    assertThat(early).isEmpty();
  }

  @Test
  void flatTrafficHasTheSameRateAtNightAsAtNoon() {
    List<Interaction> day = new ArrayList<>();
    new InteractionGenerator(MONDAY, Duration.ofDays(1), 10, 3, List.of()).withFlatTraffic().generate(day::add);
    long night = day.stream().filter(i -> i.getOccurredAt().atZone(ZoneOffset.UTC).getHour() == 3).count();
    long noon = day.stream().filter(i -> i.getOccurredAt().atZone(ZoneOffset.UTC).getHour() == 10).count();
    // 600 expected in each hour: Poisson spread is about 25.
    assertThat(night).isBetween(500L, 700L);
    assertThat(noon).isBetween(500L, 700L);
    assertThat(day.size() / (24 * 60.0)).isBetween(9.5, 10.5);
  }

  @Test
  void aDetractorSpikeTurnsTheMatchingAnswers() {
    Instant start = MONDAY.plus(Duration.ofHours(8));
    Incident spike = new Incident("DETRACTOR_SPIKE", Map.of("touchpoint", "delivery"), start, start.plus(Duration.ofHours(4)), 0.8, null);
    List<Interaction> all = generate(Duration.ofHours(16), 30, 9, List.of(spike));
    double during = detractorShare(all, i -> i.getTouchpoint().equals("delivery") && !i.getOccurredAt().isBefore(start)
        && i.getOccurredAt().isBefore(spike.end()));
    double outside = detractorShare(all, i -> i.getTouchpoint().equals("delivery") && i.getOccurredAt().isBefore(start));
    double elsewhere = detractorShare(all, i -> !i.getTouchpoint().equals("delivery") && !i.getOccurredAt().isBefore(start)
        && i.getOccurredAt().isBefore(spike.end()));
    assertThat(during).isGreaterThan(0.6);
    assertThat(outside).isBetween(0.1, 0.3);
    assertThat(elsewhere).isBetween(0.1, 0.3);
  }

  @Test
  void aVolumeSurgeAddsTrafficOnlyWhereAndWhenPlanted() {
    Instant start = MONDAY.plus(Duration.ofHours(10));
    Incident surge = new Incident("VOLUME_SURGE", Map.of("region", "east"), start, start.plus(Duration.ofHours(2)), 1.0, null);
    List<Interaction> with = generate(Duration.ofHours(14), 30, 4, List.of(surge));
    List<Interaction> without = generate(Duration.ofHours(14), 30, 4, List.of());
    java.util.function.Predicate<Interaction> eastDuring = i -> i.getRegion().equals("east")
        && !i.getOccurredAt().isBefore(start) && i.getOccurredAt().isBefore(surge.end());
    java.util.function.Predicate<Interaction> westDuring = i -> i.getRegion().equals("west")
        && !i.getOccurredAt().isBefore(start) && i.getOccurredAt().isBefore(surge.end());
    assertThat((double) with.stream().filter(eastDuring).count() / without.stream().filter(eastDuring).count())
        .isBetween(1.7, 2.3);
    assertThat((double) with.stream().filter(westDuring).count() / without.stream().filter(westDuring).count())
        .isBetween(0.85, 1.15);
  }

  @Test
  void incidentPlansReadOffsetsAndNameTheirMistakes(@TempDir Path dir) throws Exception {
    Path plan = dir.resolve("plan.json");
    Files.writeString(plan, "{\"incidents\":[{\"type\":\"nps_drop\",\"dimensions\":{\"channel\":\"CHAT\"},"
        + "\"start\":\"PT30H\",\"end\":\"2026-11-03T12:00:00Z\",\"intensity\":0.4}]}");
    List<Incident> incidents = IncidentFiles.read(plan, MONDAY);
    assertThat(incidents).singleElement().satisfies(i -> {
      assertThat(i.type()).isEqualTo("NPS_DROP");
      assertThat(i.start()).isEqualTo(MONDAY.plus(Duration.ofHours(30)));
    });
    Path truth = dir.resolve("truth.json");
    IncidentFiles.writeTruth(truth, incidents);
    assertThat(IncidentFiles.readTruth(truth)).isEqualTo(incidents);

    Files.writeString(plan, "{\"incidents\":[{\"type\":\"METEOR\",\"start\":\"PT1H\",\"end\":\"PT2H\"}]}");
    assertThatThrownBy(() -> IncidentFiles.read(plan, MONDAY)).hasMessageContaining("incidents[0]")
        .hasMessageContaining("unknown incident type 'METEOR'");
    Files.writeString(plan, "{\"incidents\":[{\"type\":\"NPS_DROP\",\"start\":\"soon\",\"end\":\"PT2H\"}]}");
    assertThatThrownBy(() -> IncidentFiles.read(plan, MONDAY)).hasMessageContaining("'soon' is neither");
  }

  private static double detractorShare(List<Interaction> all, java.util.function.Predicate<Interaction> which) {
    List<Integer> answers = all.stream().filter(which).map(Interaction::getNps).filter(java.util.Objects::nonNull).toList();
    return answers.stream().filter(n -> n <= 6).count() / (double) answers.size();
  }
}
